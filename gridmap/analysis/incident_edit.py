"""Editing incidents as data: a new incident from a map click, the status workflow with timestamps.
Each function returns a new frame (the caller applies it, undoably)."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.codes import INCIDENT_STATUS
from layers.coded import settable

WORKFLOW = list(INCIDENT_STATUS)           # received → dispatched → in_progress → resolved → closed
#: Extra columns recording when each step of the workflow was reached (the contract allows more).
STEP_COLUMNS = {"dispatched": "dispatched_at", "in_progress": "in_progress_at", "closed": "closed_at"}


def place_of_click(project, x: float, y: float) -> dict:
    """Address, building_id and grid_code of what lies under a click (metric x, y)."""
    from .identify import features_at
    from .stats import cell_of_points
    out = {"address": None, "building_id": None, "grid_code": None}
    hits = features_at(project, x, y, 0.5, ["buildings"]) if "buildings" in project else []
    if hits:
        row = project["buildings"].data.iloc[hits[0][1]]
        out.update(address=row["address"], building_id=row["building_id"])
    if "grid_cells" in project:
        cell = cell_of_points(project, np.array([shapely.Point(x, y)]))[0]
        if cell >= 0:
            out["grid_code"] = project["grid_cells"].data["grid_code"].iloc[cell]
    return out


def next_incident_id(frame: pd.DataFrame, when: pd.Timestamp) -> str:
    prefix = f"I{when.strftime('%Y%m%d')}-"
    used = frame["incident_id"].astype(str)
    seqs = used[used.str.startswith(prefix)].str[len(prefix):]
    seq = pd.to_numeric(seqs, errors="coerce").max()
    return f"{prefix}{int(seq) + 1 if seq == seq else 1:04d}"


def add_incident(project, x: float, y: float, fields: dict, now: pd.Timestamp) -> gpd.GeoDataFrame:
    """The incidents frame with one new incident at metric (x, y), status ``received`` at ``now``.

    ``fields`` holds category, kind, source, description (and may override address etc.).
    """
    frame = project["incidents"].data
    point = gpd.GeoSeries([shapely.Point(x, y)], crs=project.metric_crs).to_crs(frame.crs).iloc[0]
    row = {c: None for c in frame.columns if c != frame.geometry.name}
    row.update(place_of_click(project, x, y))
    row.update({k: v for k, v in fields.items() if v not in (None, "")})
    row.update(incident_id=fields.get("incident_id") or next_incident_id(frame, now), reported_at=now,
               status="received", resolved_at=pd.NaT)
    new = gpd.GeoDataFrame(pd.DataFrame([row]), geometry=[point], crs=frame.crs)
    return gpd.GeoDataFrame(pd.concat([frame, new], ignore_index=True), geometry=frame.geometry.name, crs=frame.crs)


def update_incident(frame: pd.DataFrame, row: int, fields: dict) -> pd.DataFrame:
    """The frame with ``fields`` of one incident changed (not its status: use ``set_status``)."""
    out = frame.copy(deep=False)       # copy-on-write: only the columns set are copied
    for column, value in fields.items():
        if column in ("status", "incident_id"):
            raise ValueError(f"{column} is not edited here")
        if column not in out.columns:
            out[column] = None
        settable(out, column, value)
        out.loc[out.index[row], column] = value
    return out


def set_status(frame: pd.DataFrame, row: int, status: str, now: pd.Timestamp) -> pd.DataFrame:
    """Move one incident to ``status`` with a timestamp; only forward along the workflow.

    Reaching resolved sets resolved_at; the other steps fill dispatched_at, in_progress_at,
    closed_at. Raises ValueError for an unknown status or a step backwards.
    """
    if status not in WORKFLOW:
        raise ValueError(f"unknown status {status!r}")
    current = frame["status"].iloc[row]
    if WORKFLOW.index(status) <= WORKFLOW.index(current):
        raise ValueError(f"{current} → {status} goes backwards; the workflow is {' → '.join(WORKFLOW)}")
    out = frame.copy(deep=False)       # copy-on-write: only the columns set are copied
    index = out.index[row]
    settable(out, "status", status)
    out.loc[index, "status"] = status
    for step in WORKFLOW[WORKFLOW.index(current) + 1: WORKFLOW.index(status) + 1]:
        column = "resolved_at" if step == "resolved" else STEP_COLUMNS.get(step)
        if column is None:
            continue
        if column not in out.columns:
            out[column] = pd.Series(pd.NaT, index=out.index, dtype=frame["reported_at"].dtype)
        if pd.isna(out.loc[index, column]):
            out.loc[index, column] = now
    return out
