"""Incident statistics by quarter, year and month; quarter-on-quarter and year-on-year change.

Definitions (issue 5): complaints = source ``hotline_12345``; disputes = kind ``dispute``;
resolved = status ``resolved`` or ``closed``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from layers.codes import CLOSED_STATUSES


def _period_table(frame: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    complaints = (frame["source"] == "hotline_12345").to_numpy()
    disputes = (frame["kind"] == "dispute").to_numpy()
    resolved = frame["status"].isin(CLOSED_STATUSES).to_numpy()
    days = (frame["resolved_at"] - frame["reported_at"]).dt.total_seconds().to_numpy() / 86400.0
    table = pd.DataFrame({"key": key.to_numpy(), "incidents": 1, "complaints": complaints.astype(int),
                          "disputes": disputes.astype(int), "disputes_resolved": (disputes & resolved).astype(int),
                          "resolved": resolved.astype(int), "days": np.where(resolved, days, np.nan)})
    grouped = table.groupby("key")
    out = grouped[["incidents", "complaints", "disputes", "disputes_resolved", "resolved"]].sum()
    out["median_days_to_resolve"] = grouped["days"].median()
    return out


def _change(new: float, old: float) -> float | None:
    return None if not old else round((new - old) / old, 4)


def incident_statistics(incidents: pd.DataFrame, start=None, end=None) -> dict:
    """Statistics of ``incidents`` reported in [start, end] (both optional, inclusive).

    Returns ``quarters`` ("2025Q1" → complaints, disputes, disputes_resolved, incidents,
    resolution_rate, median_days_to_resolve, by_category), ``years`` ("2024" → complaints,
    disputes, incidents), ``months`` ("2025-01" → complaints, disputes, incidents), ``yoy``
    (same period a year before) and ``qoq`` (previous quarter) as relative changes.
    """
    frame = incidents
    times = frame["reported_at"]
    if start is not None:
        frame = frame[times >= _stamp(start, times)]
    if end is not None:
        frame = frame[frame["reported_at"] <= _stamp(end, times, end_of_day=True)]
    times = frame["reported_at"]
    quarter_key = times.dt.year.astype(str) + "Q" + times.dt.quarter.astype(str)
    year_key = times.dt.year.astype(str)
    month_key = times.dt.strftime("%Y-%m")
    q = _period_table(frame, quarter_key)
    y = _period_table(frame, year_key)
    m = _period_table(frame, month_key)
    by_cat = pd.crosstab(quarter_key.to_numpy(), frame["category"].to_numpy())
    quarters = {}
    for key, row in q.iterrows():
        cats = by_cat.loc[key] if key in by_cat.index else pd.Series(dtype=int)
        quarters[key] = {
            "incidents": int(row["incidents"]), "complaints": int(row["complaints"]),
            "disputes": int(row["disputes"]), "disputes_resolved": int(row["disputes_resolved"]),
            "resolution_rate": round(float(row["resolved"] / row["incidents"]), 4) if row["incidents"] else None,
            "median_days_to_resolve": None if pd.isna(row["median_days_to_resolve"])
            else round(float(row["median_days_to_resolve"]), 2),
            "by_category": {str(c): int(v) for c, v in cats.items() if v},
        }
    quarters_per_year = pd.Series(list(quarters)).str[:4].value_counts().to_dict() if quarters else {}
    years = {key: {"incidents": int(r["incidents"]), "complaints": int(r["complaints"]),
                   "disputes": int(r["disputes"]), "quarters": int(quarters_per_year.get(key, 0))}
             for key, r in y.iterrows()}
    months = {key: {"incidents": int(r["incidents"]), "complaints": int(r["complaints"]),
                    "disputes": int(r["disputes"])} for key, r in m.iterrows()}
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
