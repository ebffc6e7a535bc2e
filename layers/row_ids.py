"""Row ids: every frame of a layer carries a ``fid`` column, the row's identity in its GeoPackage.

A row read from a file has the file's feature id (positive). A row made in the app (an imported
incident, the new half of a split cell) gets a temporary negative id until it is first saved. Edits
copy frames with their ``fid`` column, so saving can tell inserted, changed and deleted rows apart
by id (the change set) instead of rewriting a whole layer."""
from __future__ import annotations

import itertools
import threading

import numpy as np
import pandas as pd

#: The column holding the row id (GeoPackage's own name for its feature-id column).
FID = "fid"

_NEXT = itertools.count(1)
_LOCK = threading.Lock()


def temporary_ids(n: int) -> np.ndarray:
    """``n`` new negative ids, unique in this process."""
    with _LOCK:
        start = next(_NEXT)
        for _ in range(n - 1):
            next(_NEXT)
    return -np.arange(start, start + n, dtype=np.int64)


def ensure_row_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """Give every row of ``frame`` (changed in place: pass a frame of your own) a unique id: a
    missing ``fid`` column, missing values and repeated ids (a copied row) get temporary ids; the
    first row with an id keeps it. Returns ``frame``."""
    n = len(frame)
    if FID not in frame.columns:
        frame[FID] = temporary_ids(n)
        return frame
    column = frame[FID]
    if column.dtype == np.int64 and n and (np.diff(column.to_numpy()) > 0).all():
        return frame                            # ids as read from a file: increasing, so unique
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values)
    ids = np.where(bad, 0, values).astype(np.int64)
    _, first = np.unique(ids[~bad], return_index=True)
    keep = np.zeros(n, dtype=bool)
    keep[np.flatnonzero(~bad)[first]] = True
    redo = ~keep
    if redo.any():
        ids[redo] = temporary_ids(int(redo.sum()))
    if redo.any() or frame[FID].dtype != np.int64:
        frame[FID] = ids
    return frame


def without_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without its row ids (for exports and for other programs)."""
    return frame.drop(columns=[FID], errors="ignore")
