"""Activity checks over a time window: patrols, incidents outside cells, overdue, silent cells."""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from layers.fast import isin as fast_isin

from ..incidents import OVERDUE, incident_state
from ..spatial_index import cell_of_features
from .batch import FindingBatch
from .model import CoverageOptions, Finding


def patrol_findings(project, as_of: pd.Timestamp, opts: CoverageOptions) -> tuple[list[Finding], np.ndarray]:
    """building_not_visited and cell_not_patrolled; also the days since each cell's last patrol."""
    out: list[Finding] = []
    cells = project["grid_cells"].data if "grid_cells" in project else None
    n_cells = 0 if cells is None else len(cells)
    last_days = np.full(n_cells, np.nan)
    start = as_of - pd.Timedelta(days=opts.window_days)
    if "patrols" in project:
        patrols = project["patrols"].data
        times = patrols["visited_at"]
        in_window = ((times >= start) & (times <= as_of)).to_numpy()
        visited = set(patrols["building_id"][in_window].dropna().astype(str))
        if n_cells:
            where = cell_of_features(project, "patrols")
            age = (as_of - times).dt.total_seconds().to_numpy() / 86400.0
            frame = pd.DataFrame({"cell": where, "age": age})
            frame = frame[(frame["cell"] >= 0) & (frame["age"] >= 0)]
            newest = frame.groupby("cell")["age"].min()
            last_days[newest.index.to_numpy()] = newest.to_numpy()
    else:
        visited = set()
    if "buildings" in project and "patrols" in project:
        # (Without any patrol records there is nothing to check visits against.)
        ids_series = project["buildings"].data["building_id"].astype(str)
        ids = ids_series.to_numpy()
        geoms = np.asarray(project.to_metric("buildings").geometry.values)
        detail = {"window_days": opts.window_days}          # shared, never modified
        rows = np.flatnonzero(~fast_isin(ids_series, visited))
        out.append(FindingBatch("building_not_visited", "buildings", rows, ids[rows], geoms[rows], detail))
    if n_cells and "patrols" in project:
        geoms = np.asarray(project.to_metric("grid_cells").geometry.values)
        codes = cells["grid_code"].astype(str).to_numpy()
        for row in np.flatnonzero(~(last_days <= opts.window_days)):
            detail = {"window_days": opts.window_days}
            if not np.isnan(last_days[row]):
                detail["days_since_last_patrol"] = round(float(last_days[row]), 1)
            out.append(Finding("cell_not_patrolled", "grid_cells", [int(row)], [codes[row]], geometry=geoms[row],
                               detail=detail))
    return out, last_days


def incident_findings(project, as_of: pd.Timestamp, households: np.ndarray,
                      opts: CoverageOptions) -> list[Finding]:
    """incident_outside, incident_overdue and silent_cell."""
    if "incidents" not in project:
        return []
    out: list[Finding] = []
    incidents = project["incidents"].data
    x, y = project.metric_xy("incidents")       # metric points only for the incidents reported

    def point(row: int):
        return shapely.Point(x[row], y[row]) if np.isfinite(x[row]) and np.isfinite(y[row]) else None
    id_column = incidents["incident_id"]

    def ident(row: int) -> str:                 # only the few reported ids become Python strings
        return str(id_column.iloc[row])
    where = cell_of_features(project, "incidents")
    if "grid_cells" in project:
        for row in np.flatnonzero(where < 0):
            out.append(Finding("incident_outside", "incidents", [int(row)], [ident(row)], geometry=point(row)))
    state = incident_state(incidents, as_of, opts.overdue_days)
    ages = (as_of - incidents["reported_at"]).dt.total_seconds().to_numpy() / 86400.0
    statuses = incidents["status"].to_numpy()
    for row in np.flatnonzero(state == OVERDUE):
        out.append(Finding("incident_overdue", "incidents", [int(row)], [ident(row)], geometry=point(row),
                           detail={"open_days": round(float(ages[row]), 1), "status": statuses[row]}))
    if "grid_cells" in project and len(households):
        start = as_of - pd.Timedelta(days=opts.window_days)
        times = incidents["reported_at"]
        recent = ((times >= start) & (times <= as_of)).to_numpy() & (where >= 0)
        counts = np.bincount(where[recent], minlength=len(households))
        threshold = np.quantile(households, 0.75)
        geoms = np.asarray(project.to_metric("grid_cells").geometry.values)
        codes = project["grid_cells"].data["grid_code"].astype(str).to_numpy()
        for row in np.flatnonzero((households >= threshold) & (households > 0) & (counts == 0)):
            out.append(Finding("silent_cell", "grid_cells", [int(row)], [codes[row]], geometry=geoms[row],
                               detail={"households": int(households[row]), "window_days": opts.window_days}))
    return out
