"""Incident statistics by quarter, year and month; quarter-on-quarter and year-on-year change.

Definitions (issue 5): complaints = source ``hotline_12345``; disputes = kind ``dispute``;
resolved = status ``resolved`` or ``closed``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd



def _change(new: float, old: float) -> float | None:
    return None if not old else round((new - old) / old, 4)


def incident_statistics(incidents: pd.DataFrame, start=None, end=None, cube=None) -> dict:
    """Statistics of ``incidents`` reported in [start, end] (both optional, inclusive).

    Returns ``quarters`` ("2025Q1" → complaints, disputes, disputes_resolved, incidents,
    resolution_rate, median_days_to_resolve, by_category), ``years`` ("2024" → complaints,
    disputes, incidents), ``months`` ("2025-01" → complaints, disputes, incidents), ``yoy``
    (same period a year before) and ``qoq`` (previous quarter) as relative changes. Pass a
    prepared ``IncidentCube`` of the same frame to skip preparing it again.
    """
    from .incident_cube import IncidentCube
    cube = cube or IncidentCube(incidents)
    mask = np.ones(len(incidents), dtype=bool)
    times = incidents["reported_at"]
    if start is not None:
        mask &= (times >= _stamp(start, times)).to_numpy()
    if end is not None:
        mask &= (times <= _stamp(end, times, end_of_day=True)).to_numpy()
    q = cube.by_period(mask, "quarter")
    q_days = cube.median_days(mask, cube.quarter)
    quarters = {}
    for key, row in q.iterrows():
        qmask = mask & (cube.quarter == key)
        days = q_days.get(key, np.nan)
        quarters[cube.quarter_label(int(key))] = {
            "incidents": int(row["incidents"]), "complaints": int(row["complaints"]),
            "disputes": int(row["disputes"]), "disputes_resolved": int(row["disputes_resolved"]),
            "resolution_rate": round(float(row["resolved"] / row["incidents"]), 4) if row["incidents"] else None,
            "median_days_to_resolve": None if pd.isna(days) else round(float(days), 2),
            "by_category": cube.categories_of(qmask),
        }
    quarters_per_year = pd.Series(list(quarters)).str[:4].value_counts().to_dict() if quarters else {}
    years = {str(1970 + int(key)): {"incidents": int(r["incidents"]), "complaints": int(r["complaints"]),
                                     "disputes": int(r["disputes"]),
                                     "quarters": int(quarters_per_year.get(str(1970 + int(key)), 0))}
             for key, r in cube.by_period(mask, "year").iterrows()}
    months = {cube.month_label(int(key)): {"incidents": int(r["incidents"]), "complaints": int(r["complaints"]),
                                           "disputes": int(r["disputes"])}
              for key, r in cube.by_period(mask, "month").iterrows()}
    yoy, qoq = {}, {}
    for key, row in quarters.items():
        year, quarter = int(key[:4]), int(key[-1])
        before = quarters.get(f"{year - 1}Q{quarter}")
        if before:
            yoy[key] = {"complaints": _change(row["complaints"], before["complaints"]),
                        "disputes": _change(row["disputes"], before["disputes"])}
        prev = quarters.get(f"{year}Q{quarter - 1}" if quarter > 1 else f"{year - 1}Q4")
        if prev:
            qoq[key] = {"complaints": _change(row["complaints"], prev["complaints"]),
                        "disputes": _change(row["disputes"], prev["disputes"])}
    for key, row in years.items():
        before = years.get(str(int(key) - 1))
        # A year is compared only with a whole year behind it and only when whole itself.
        if before and row["quarters"] == 4 and before["quarters"] == 4:
            yoy[key] = {"complaints": _change(row["complaints"], before["complaints"]),
                        "disputes": _change(row["disputes"], before["disputes"])}
    return {"quarters": quarters, "years": years, "months": months, "yoy": yoy, "qoq": qoq}


def _stamp(value, times: pd.Series, end_of_day: bool = False) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    if end_of_day and stamp == stamp.normalize() and len(str(value)) <= 10:
        stamp = stamp + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    tz = getattr(times.dt, "tz", None)
    if stamp.tzinfo is None and tz is not None:
        stamp = stamp.tz_localize(tz)
    return stamp
