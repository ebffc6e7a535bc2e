"""Incident state: open, overdue or closed, as of a reference time."""
from __future__ import annotations

import numpy as np
import pandas as pd

from layers.codes import OPEN_STATUSES

CLOSED, OPEN, OVERDUE = 0, 1, 2
DEFAULT_OVERDUE_DAYS = 7


def incident_state(incidents: pd.DataFrame, as_of: pd.Timestamp,
                   overdue_days: float = DEFAULT_OVERDUE_DAYS) -> np.ndarray:
    """Per incident: CLOSED (0), OPEN (1) or OVERDUE (2, open longer than ``overdue_days``).

    Raises KeyError if ``status`` or ``reported_at`` is missing, ValueError for a negative limit.
    """
    if overdue_days < 0:
        raise ValueError(f"overdue_days must be >= 0, got {overdue_days}")
    is_open = incidents["status"].isin(OPEN_STATUSES).to_numpy()
    age = (as_of - incidents["reported_at"]).dt.total_seconds().to_numpy() / 86400.0
    state = np.where(is_open, OPEN, CLOSED).astype(np.int8)
    state[is_open & (np.nan_to_num(age, nan=0.0) > overdue_days)] = OVERDUE
    return state
