"""What follows an edit of the cells: the buildings, incidents and patrols in the edited area get
the code of the cell they now lie in, and the edited cells their households. ``assign_all`` does
the same for the whole project (``gridmap assign``). No Qt.

Households of a cell: the sum over its buildings' surveyed households when the project has any;
otherwise (cells carrying another system's 户数) the old cells' figures shared out by area, so a
split cell's two halves add up to what the cell had.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from layers.row_ids import FID

from .assignment import assign_buildings

#: Project setting (gridmap_meta) that turns the follow-ups of an edit off: "off".
SETTING = "follow_edits"
POINT_LAYERS = ("incidents", "patrols")


@dataclass
class AssignReport:
    """What an assignment changed: (id, old code, new code) per building, counts per point layer,
    (grid_code, old, new) per cell whose households changed."""

    buildings: list[tuple] = field(default_factory=list)
    points: dict[str, int] = field(default_factory=dict)
    households: list[tuple] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.buildings or any(self.points.values()) or self.households)


def enabled(project) -> bool:
    return str(project.meta.get(SETTING, "on")).lower() != "off"


def follow_edits(project, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``frames`` (an edit's new layer frames) plus the layers that follow it, limited to the area
    whose cells changed; unchanged when the project setting is off or no cell changed."""
    if not enabled(project) or "grid_cells" not in frames or "grid_cells" not in project:
        return frames
    area = _changed_area(project, project["grid_cells"].data, frames["grid_cells"])
    if area is None:
        return frames
    out, _report = _reassign(project, frames, area)
    return out


def follow_moved(project, name: str, rows, delta) -> dict[str, pd.DataFrame]:
    """Layer ``name`` with ``rows`` moved by ``delta`` (metres, metric CRS); a moved building gets
    the cell it now lies in, the cells it left and joined their households (when the setting is on)."""
    from .topology import to_storage
    frame = project[name].data.copy()
    rows = [int(r) for r in rows]
    old_m = np.asarray(project.to_metric(name).geometry.values)[rows]
    new_m = shapely.transform(old_m, lambda xy: xy + np.asarray(delta, dtype=float)[:2])
    frame.loc[frame.index[rows], frame.geometry.name] = to_storage(project, new_m)
    return follow_features(project, {name: frame}, np.concatenate([old_m, new_m]))


def follow_features(project, frames: dict[str, pd.DataFrame], where_m) -> dict[str, pd.DataFrame]:
    """``frames`` (buildings drawn, moved or deleted) plus what follows in the cells at ``where_m``
    (metric geometries): the buildings' codes, the cells' households; unchanged when the setting is off."""
    if "buildings" not in frames or not enabled(project) or "grid_cells" not in project or not len(where_m):
        return frames
    cells_m = np.asarray(project.to_metric("grid_cells").geometry.values)
    touched = shapely.union_all(np.asarray(where_m, dtype=object))
    near = shapely.intersects(cells_m, touched)
    if not near.any():
        return frames
    out, _report = _reassign(project, frames, shapely.union_all(cells_m[near]))
    return out


def assign_all(project) -> tuple[dict[str, pd.DataFrame], AssignReport]:
    """Every building to the cell holding most of its footprint, every incident and patrol to the
    cell containing it, every cell's households from its buildings: (new frames, report)."""
    return _reassign(project, {}, None)


def reassign_with(project, frames: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], AssignReport]:
    """``assign_all`` with ``frames`` (new cells, say) in place of the project's layers."""
    return _reassign(project, frames, None)


def _metric(project, frame) -> np.ndarray:
    from .topology import to_metric
    return to_metric(project, np.asarray(frame.geometry.values))


def _changed_area(project, old: pd.DataFrame, new: pd.DataFrame):
    """Union (metric) of the cells that differ between ``old`` and ``new`` (matched by row id)."""
    old_g = dict(zip(old[FID].tolist(), old.geometry.values)) if FID in old else {}
    new_g = dict(zip(new[FID].tolist(), new.geometry.values)) if FID in new else {}
    differ = []
    for fid in set(old_g) | set(new_g):
        a, b = old_g.get(fid), new_g.get(fid)
        if a is None or b is None or (a is not b and not shapely.equals_exact(a, b, 0)):
            differ += [g for g in (a, b) if g is not None]
    # rows without an id yet (a cell just made): always new
    if FID in new:
        differ += list(new.geometry.values[new[FID].isna().to_numpy()])
    if not differ:
        return None
    from .topology import to_metric
    return shapely.union_all(to_metric(project, differ))


def _reassign(project, frames: dict, area) -> tuple[dict[str, pd.DataFrame], AssignReport]:
    out = dict(frames)
    report = AssignReport()
    cells = out.get("grid_cells", project["grid_cells"].data if "grid_cells" in project else None)
    if "grid_cells" not in project and cells is not None:
        return out, report                     # the street's first cells: plan_frames set the codes
    if cells is None or not len(cells):
        return out, report
    cells_m = _metric(project, cells) if "grid_cells" in frames \
        else np.asarray(project.to_metric("grid_cells").geometry.values)
    codes = cells["grid_code"].to_numpy(dtype=object)
    if area is not None:
        shapely.prepare(area)
    primary_all = None
    if "buildings" in project and len(project["buildings"]):
        b = out.get("buildings", project["buildings"].data)
        b_m = _metric(project, b) if "buildings" in frames else np.asarray(project.to_metric("buildings").geometry.values)
        # the buildings of every cell the households are recomputed for (see _households)
        reach = None if area is None else shapely.union_all([area, *cells_m[_changed_cells(area, cells_m)]])
        touched = np.arange(len(b)) if reach is None else np.flatnonzero(shapely.intersects(reach, b_m))
        primary_all = np.full(len(b), -1, dtype=np.int64)   # only the edited area's buildings are looked at
        primary_all[touched] = assign_buildings(cells_m, b_m[touched]).primary
        new_codes = np.where(primary_all[touched] >= 0, codes[np.maximum(primary_all[touched], 0)], None)
        old_codes = b["grid_code"].to_numpy(dtype=object)[touched]
        differ = np.asarray([not _same(o, n) for o, n in zip(old_codes, new_codes)], dtype=bool)
        if differ.any():
            b = b.copy()
            b.loc[b.index[touched[differ]], "grid_code"] = new_codes[differ]
            out["buildings"] = b
            ids = b["building_id"].to_numpy(dtype=object)[touched[differ]] if "building_id" in b else touched[differ]
            report.buildings = list(zip(ids, old_codes[differ], new_codes[differ]))
    _households(project, out, cells, cells_m, primary_all, area, report)
    tree = shapely.STRtree(cells_m)
    for name in POINT_LAYERS:
        if name not in project or not len(project[name]) or "grid_code" not in project[name].data:
            continue
        x, y = project.metric_xy(name)
        idx = np.arange(len(x)) if area is None else np.flatnonzero(shapely.contains_xy(area, x, y))
        if not len(idx):
            continue
        pts, hit = tree.query(shapely.points(x[idx], y[idx]), predicate="within")
        new_codes = np.full(len(idx), None, dtype=object)
        new_codes[pts] = codes[hit]
        frame = project[name].data
        old_codes = frame["grid_code"].to_numpy(dtype=object)[idx]
        differ = np.asarray([not _same(o, n) for o, n in zip(old_codes, new_codes)], dtype=bool)
        report.points[name] = int(differ.sum())
        if differ.any():
            frame = frame.copy()
            frame.loc[frame.index[idx[differ]], "grid_code"] = new_codes[differ]
            out[name] = frame
    return out, report


def _households(project, out, cells, cells_m, primary, area, report) -> None:
    """Households of the cells in ``area`` (all with None): from surveyed buildings, else by area."""
    if "households" not in cells:
        return
    changed = np.arange(len(cells)) if area is None else _changed_cells(area, cells_m)
    if not len(changed):
        return
    values = None
    if primary is not None:
        b = out.get("buildings", project["buildings"].data)
        households = pd.to_numeric(b["households"], errors="coerce").fillna(0).to_numpy()
        surveyed = np.ones(len(b), dtype=bool)
        if "households_source" in b:
            surveyed = b["households_source"].astype(str).to_numpy() != "estimated"
        if (households[surveyed] > 0).any():
            values = np.zeros(len(cells))
            inside = (primary >= 0) & surveyed
            np.add.at(values, primary[inside], households[inside])
            if area is None:                 # the whole project: a cell without surveyed buildings keeps its own figure
                changed = changed[values[changed] > 0]
    if values is None:
        if area is None:
            return                           # the cells' own figures are all there is
        old = project["grid_cells"].data
        old_m = np.asarray(project.to_metric("grid_cells").geometry.values)
        own = pd.to_numeric(old["households"], errors="coerce").to_numpy(dtype=float)
        values = np.full(len(cells), np.nan)
        for k in changed:
            near = np.flatnonzero(shapely.intersects(old_m, cells_m[k]) & np.isfinite(own))
            if len(near):
                share = shapely.area(shapely.intersection(old_m[near], cells_m[k])) / shapely.area(old_m[near])
                values[k] = float((own[near] * share).sum())
    current = pd.to_numeric(cells["households"], errors="coerce").to_numpy(dtype=float)
    new = current.copy()
    new[changed] = np.round(values[changed])
    differ = [k for k in changed if not (np.isnan(new[k]) and np.isnan(current[k])) and new[k] != current[k]]
    if not differ:
        return
    frame = out.get("grid_cells", cells).copy()
    column = pd.array(np.where(np.isnan(new), pd.NA, new).tolist(), dtype="Int64")
    frame["households"] = pd.Series(column, index=frame.index)
    out["grid_cells"] = frame
    report.households = [(frame["grid_code"].iloc[k], None if np.isnan(current[k]) else int(current[k]), int(new[k]))
                         for k in differ if not np.isnan(new[k])]


def _changed_cells(area, cells_m: np.ndarray) -> np.ndarray:
    """Cells that reach into the edited ``area`` by more than a sliver."""
    return np.flatnonzero(shapely.intersects(area, cells_m) & (shapely.area(shapely.intersection(area, cells_m)) > 0.01))


def _same(a, b) -> bool:
    missing_a = a is None or (isinstance(a, float) and np.isnan(a)) or a is pd.NA
    missing_b = b is None or (isinstance(b, float) and np.isnan(b)) or b is pd.NA
    if missing_a or missing_b:
        return missing_a and missing_b
    return str(a) == str(b)
