"""Dispatching cases to departments by the street's routing rules, and how each department and
each level settles them ("街镇吹哨、部门报到"; "小事不出社区、大事不出街道").

Definitions (stated in the README too): at the time ``as_of``, a case reported by then is
*resolved* when its status is 办结 or 结案 and its resolved_at (if any) is not after ``as_of``;
else it is *open*. *Overdue*: open with due_at before ``as_of``. *Late*: resolved after its due_at.
*median_hours*: the median of reported → resolved over the resolved cases with both times."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.codes import CLOSED_STATUSES, INCIDENT_LEVEL

from .spatial_index import cell_of_features

LEVELS = tuple(INCIDENT_LEVEL)


def community_of_incidents(project) -> np.ndarray:
    """The community code of each incident: its cell's (by grid_code, else by where it lies);
    None outside every cell."""
    incidents = project["incidents"].data
    out = np.full(len(incidents), None, dtype=object)
    if "grid_cells" not in project:
        return out
    cells = project["grid_cells"].data
    by_code = dict(zip(cells["grid_code"], cells["community_code"]))
    codes = incidents["grid_code"] if "grid_code" in incidents else pd.Series([None] * len(incidents))
    known = codes.map(by_code)
    out[:] = known.where(known.notna(), None).to_numpy(dtype=object)
    missing = np.flatnonzero(pd.isna(out))
    if len(missing):
        where = cell_of_features(project, "incidents")[missing]
        community = cells["community_code"].to_numpy(dtype=object)
        out[missing] = np.where(where >= 0, community[np.maximum(where, 0)], None)
    return out


def community_of_incident(project, row: int) -> str | None:
    """The community code of one incident (as ``community_of_incidents`` gives it, without
    placing every other incident: a form asks for one case of a million)."""
    incidents = project["incidents"].data
    if "grid_cells" not in project:
        return None
    cells = project["grid_cells"].data
    code = incidents["grid_code"].iloc[row] if "grid_code" in incidents else None
    if isinstance(code, str):
        found = cells.loc[(cells["grid_code"] == code).to_numpy(), "community_code"]
        if len(found) and isinstance(found.iloc[0], str):
            return found.iloc[0]
    import shapely
    point = project.to_metric("incidents").geometry.iloc[row]
    inside = shapely.contains_xy(np.asarray(project.to_metric("grid_cells").geometry.values), point.x, point.y)
    hits = np.flatnonzero(inside)
    return cells["community_code"].iloc[int(hits[0])] if len(hits) else None


@dataclass
class DispatchPlan:
    """What dispatching would do: for ``rows`` (positions in the incidents frame) the rule each
    got (its row in the rules table), department, level and due time; ``unmatched`` no rule fits."""

    rows: np.ndarray
    rule_rows: np.ndarray
    department: np.ndarray
    level: np.ndarray
    due_at: pd.Series
    unmatched: np.ndarray

    def counts(self) -> dict[str, int]:
        """Cases per department, most first."""
        values, counts = np.unique(self.department.astype(str), return_counts=True) if len(self.rows) else ([], [])
        return dict(sorted(zip(map(str, values), map(int, counts)), key=lambda kv: (-kv[1], kv[0])))


def plan_dispatch(project, rules, as_of: pd.Timestamp | None = None) -> DispatchPlan:
    """The first rule (in ``rules``' order: specific before general) for every incident reported by
    ``as_of`` that has no department yet."""
    incidents = project["incidents"].data
    department = incidents["department"] if "department" in incidents else pd.Series([None] * len(incidents))
    waiting = (department.isna() | (department.astype(str).str.strip() == "")).to_numpy().copy()
    if as_of is not None:
        waiting &= (incidents["reported_at"] <= as_of).to_numpy()
    category = incidents["category"].to_numpy(dtype=object)
    community = community_of_incidents(project)
    rule_of = np.full(len(incidents), -1, dtype=np.int64)
    left = waiting.copy()
    for k, rule in enumerate(rules):
        if not left.any():
            break
        fits = left.copy()
        if rule.category != "*":
            fits &= category == rule.category
        if rule.community_code != "*":
            fits &= community == rule.community_code
        rule_of[fits] = k
        left &= ~fits
    rows = np.flatnonzero(rule_of >= 0)
    chosen = [rules[k] for k in rule_of[rows]]
    hours = np.array([r.hours for r in chosen], dtype=float)
    due = incidents["reported_at"].iloc[rows] + pd.to_timedelta(hours, unit="h")
    return DispatchPlan(rows=rows, rule_rows=np.array([r.row for r in chosen], dtype=np.int64),
                        department=np.array([r.department for r in chosen], dtype=object),
                        level=np.array([r.level for r in chosen], dtype=object),
                        due_at=due.reset_index(drop=True), unmatched=np.flatnonzero(left))


def apply_plan(frame: pd.DataFrame, plan: DispatchPlan) -> pd.DataFrame:
    """A new incidents frame with the plan's departments, levels and due times (the old one untouched)."""
    out = frame.copy(deep=False)       # copy-on-write: only the columns set are copied
    for column in ("department", "level"):
        if column not in out:
            out[column] = None
        values = out[column].astype(object).to_numpy(copy=True)
        values[plan.rows] = getattr(plan, column)
        out[column] = values
    if "due_at" not in out:
        out["due_at"] = pd.Series(pd.NaT, index=out.index, dtype=frame["reported_at"].dtype)
    due = out["due_at"].copy()
    due.iloc[plan.rows] = plan.due_at.to_numpy()
    out["due_at"] = due
    return out


def _figures(reported, resolved_at, resolved, due, as_of) -> dict:
    open_ = ~resolved
    overdue = open_ & due.notna().to_numpy() & (due < as_of).to_numpy()
    late = resolved & due.notna().to_numpy() & resolved_at.notna().to_numpy() & (resolved_at > due).to_numpy()
    timed = resolved & resolved_at.notna().to_numpy()
    hours = ((resolved_at[timed] - reported[timed]).dt.total_seconds() / 3600.0).to_numpy()
    return {"open": int(open_.sum()), "overdue": int(overdue.sum()), "late": int(late.sum()),
            "resolved": int(resolved.sum()),
            "median_hours": None if len(hours) == 0 else round(float(np.median(hours)), 2)}


def department_stats(incidents: pd.DataFrame, as_of: pd.Timestamp) -> dict:
    """{"departments": {name: figures}, "levels": {level: figures + share}, "not_dispatched": figures}
    for the cases reported by ``as_of`` (figures: open, overdue, late, resolved, median_hours)."""
    frame = incidents[(incidents["reported_at"] <= as_of).to_numpy()]
    reported = frame["reported_at"]
    resolved_at = frame["resolved_at"] if "resolved_at" in frame else pd.Series(pd.NaT, index=frame.index)
    status_done = frame["status"].isin(CLOSED_STATUSES).to_numpy()
    resolved = status_done & (resolved_at.isna() | (resolved_at <= as_of)).to_numpy()
    due = frame["due_at"] if "due_at" in frame else pd.Series(pd.NaT, index=frame.index, dtype=reported.dtype)
    department = (frame["department"] if "department" in frame else pd.Series([None] * len(frame), index=frame.index))
    department = department.astype(object).where(department.notna(), "").astype(str).str.strip().to_numpy()
    level = (frame["level"] if "level" in frame else pd.Series([None] * len(frame), index=frame.index))
    level = level.astype(object).where(level.notna(), "").astype(str).to_numpy()

    def part(mask):
        return _figures(reported[mask], resolved_at[mask], resolved[mask], due[mask], as_of)
    out = {"as_of": as_of.isoformat(), "departments": {}, "levels": {}}
    for name in sorted(set(department) - {""}):
        out["departments"][name] = part(department == name)
    settled = int((resolved & (level != "")).sum())
    for name in LEVELS:
        mask = level == name
        figures = part(mask)
        figures["share_of_settled"] = None if settled == 0 else round(int((resolved & mask).sum()) / settled, 4)
        out["levels"][name] = figures
    out["not_dispatched"] = part(department == "")
    return out


def settled_shares(incidents: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                   kinds: tuple = ("dispute",)) -> dict[str, float | None]:
    """Of the cases of ``kinds`` resolved between ``start`` and ``end`` with a level, the share
    settled at each level (the centre's "小事不出社区、大事不出街道" figures)."""
    resolved_at = incidents["resolved_at"]
    level = incidents["level"] if "level" in incidents else pd.Series([None] * len(incidents))
    done = (incidents["status"].isin(CLOSED_STATUSES) & resolved_at.notna() & (resolved_at >= start)
            & (resolved_at <= end) & incidents["kind"].isin(kinds) & level.notna()).to_numpy()
    total = int(done.sum())
    return {name: None if total == 0 else round(int((done & (level == name).to_numpy()).sum()) / total, 4)
            for name in LEVELS}
