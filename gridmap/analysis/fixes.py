"""Fixes for coverage findings. Each returns new frames (layer name -> frame in the storage CRS);
the caller applies them, so the UI can undo them as one step. No Qt."""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from layers.messages import add_messages, msg

from .assignment import assign_buildings

add_messages({
    "fix_no_cells": {"zh": "项目中没有网格，无法为楼栋指定网格", "en": "the project has no grid cells to assign buildings to"},
    "fix_merge_two": {"zh": "请至少选择两个网格再合并", "en": "select at least two cells to merge"},
    "fix_merge_community": {"zh": "不同社区的网格不能合并", "en": "cells of different communities cannot be merged"},
    "fix_merge_touch": {"zh": "这些网格不相邻，合并后不会是一个多边形", "en": "the cells do not touch: merging them would not give one polygon"},
    "fix_no_community_cells": {"zh": "社区 {code} 没有网格", "en": "community {code} has no grid cells"},
})


def _to_storage(project, geoms: np.ndarray) -> np.ndarray:
    import geopandas as gpd
    return np.asarray(gpd.GeoSeries(geoms, crs=project.metric_crs).to_crs(project.storage_crs).values)


def _polygon_of(geom):
    """The polygonal part of ``geom``; the largest piece when a single Polygon is required."""
    parts = shapely.get_parts(np.asarray([geom]))
    parts = parts[shapely.get_type_id(parts) == 3]
    if len(parts) == 0:
        return None
    return parts[int(np.argmax(shapely.area(parts)))]


def assign_to_cells(project, building_rows) -> dict[str, pd.DataFrame]:
    """Give buildings the grid code of the cell they lie in; a building in no cell joins the nearest
    cell, whose polygon grows to cover it without taking area from any other cell.

    Raises ValueError when the project has no cells.
    """
    if "grid_cells" not in project or len(project["grid_cells"]) == 0:
        raise ValueError(msg("fix_no_cells"))
    rows = np.asarray(sorted(set(int(r) for r in building_rows)), dtype=int)
    cells_m = np.asarray(project.to_metric("grid_cells").geometry.values).copy()
    b_m = np.asarray(project.to_metric("buildings").geometry.values)
    assigned = assign_buildings(cells_m, b_m[rows])
    buildings = project["buildings"].data.copy()
    cells = project["grid_cells"].data.copy()
    codes = cells["grid_code"].to_numpy()
    tree = shapely.STRtree(cells_m)
    grown = set()
    for k, row in enumerate(rows):
        cell = assigned.primary[k]
        if cell < 0:
            cell = int(tree.nearest(b_m[row]))
            others = shapely.union_all(np.delete(cells_m, cell))
            near_cell, _near_b = shapely.shortest_line(cells_m[cell], b_m[row]).coords
            bridge = shapely.convex_hull(shapely.union(b_m[row].buffer(0.5), shapely.Point(near_cell).buffer(0.5)))
            extended = shapely.difference(shapely.union(cells_m[cell], shapely.union(b_m[row], bridge)), others)
            cells_m[cell] = _polygon_of(extended) or cells_m[cell]
            grown.add(cell)
        buildings.loc[buildings.index[row], "grid_code"] = codes[cell]
    out = {"buildings": buildings}
    if grown:
        grown_rows = sorted(grown)
        cells.loc[cells.index[grown_rows], "geometry"] = _to_storage(project, cells_m[grown_rows])
        out["grid_cells"] = cells
    return out


def make_valid(project, layer: str, rows) -> dict[str, pd.DataFrame]:
    """Repair invalid polygons (GEOS make_valid); a cell keeps its largest polygon piece."""
    frame = project[layer].data.copy()
    rows = list(rows)
    geoms = np.asarray(frame.geometry.values)[rows]
    repaired = []
    for geom in shapely.make_valid(geoms):
        piece = _polygon_of(geom) if layer in ("grid_cells", "buildings") else geom
        repaired.append(piece if piece is not None else geom)
    frame.loc[frame.index[rows], "geometry"] = np.asarray(repaired, dtype=object)
    return {layer: frame}


def db11_order(geoms: np.ndarray) -> np.ndarray:
    """Positions of ``geoms`` (metric) in DB11 order: rows of cells north→south by their northern
    edge (level within half the median cell height), west→east within a row."""
    if len(geoms) == 0:
        return np.empty(0, dtype=int)
    bounds = shapely.bounds(geoms)
    tops, lefts = bounds[:, 3], bounds[:, 0]
    tolerance = float(np.median(bounds[:, 3] - bounds[:, 1])) / 2.0
    order_by_top = np.argsort(-tops, kind="stable")
    rows: list[list[int]] = []
    for idx in order_by_top:
        if rows and tops[rows[-1][0]] - tops[idx] <= tolerance:
            rows[-1].append(int(idx))
        else:
            rows.append([int(idx)])
    return np.array([i for row in rows for i in sorted(row, key=lambda k: lefts[k])], dtype=int)


def _recode(project, mapping: dict[str, str], out: dict[str, pd.DataFrame]) -> None:
    """Carry a grid-code change into every layer that refers to cells by code."""
    for name in ("buildings", "patrols", "incidents"):
        if name in project and "grid_code" in project[name].data:
            frame = out.get(name, project[name].data).copy()
            frame["grid_code"] = frame["grid_code"].map(lambda c: mapping.get(c, c) if isinstance(c, str) else c)
            out[name] = frame


def renumber_community(project, community_code: str) -> dict[str, pd.DataFrame]:
    """Renumber the cells of one community 001, 002 … by the DB11 rule, updating every reference.

    Raises ValueError when the community has no cells.
    """
    cells = project["grid_cells"].data.copy()
    members = np.flatnonzero((cells["community_code"] == community_code).to_numpy())
    if len(members) == 0:
        raise ValueError(msg("fix_no_community_cells", code=community_code))
    geoms = np.asarray(project.to_metric("grid_cells").geometry.values)[members]
    ordered = members[db11_order(geoms)]
    old = cells["grid_code"].to_numpy()
    new_codes = {int(row): f"{community_code}{seq:03d}" for seq, row in enumerate(ordered, start=1)}
    mapping = {old[row]: code for row, code in new_codes.items() if isinstance(old[row], str)}
    for row, code in new_codes.items():
        cells.loc[cells.index[row], "grid_code"] = code
    out = {"grid_cells": cells}
    _recode(project, mapping, out)
    return out


def split_cell(project, row: int, line) -> dict[str, pd.DataFrame]:
    """Split cell ``row`` along ``line`` (metric; a polyline may bend): see topology.split_cell.

    Raises ValueError (TopologyError) when the line does not cut the cell in two."""
    from .topology import split_cell as split
    return split(project, row, line)


def merge_cells(project, rows) -> dict[str, pd.DataFrame]:
    """Merge cells into the first of ``rows``: one polygon, its code and worker; references follow.

    Raises ValueError for fewer than two cells, cells of different communities, or cells that do
    not touch (the result would not be one polygon).
    """
    rows = [int(r) for r in rows]
    if len(rows) < 2:
        raise ValueError(msg("fix_merge_two"))
    cells = project["grid_cells"].data.copy()
    if cells["community_code"].iloc[rows].nunique() != 1:
        raise ValueError(msg("fix_merge_community"))
    geoms = np.asarray(project.to_metric("grid_cells").geometry.values)[rows]
    merged = shapely.union_all(geoms)
    if merged.geom_type != "Polygon":
        merged = shapely.union_all(shapely.buffer(geoms, 0.01)).buffer(-0.01)
        if merged.geom_type != "Polygon":
            raise ValueError(msg("fix_merge_touch"))
    keep, drop = rows[0], rows[1:]
    mapping = {cells["grid_code"].iloc[r]: cells["grid_code"].iloc[keep] for r in drop}
    cells.loc[cells.index[keep], "geometry"] = _to_storage(project, np.asarray([merged], dtype=object))[0]
    if "households" in cells:
        cells.loc[cells.index[keep], "households"] = cells["households"].iloc[rows].sum(min_count=1)
    cells = cells.drop(index=cells.index[drop]).reset_index(drop=True)
    out = {"grid_cells": cells}
    _recode(project, mapping, out)
    from .follow_edits import follow_edits
    return follow_edits(project, out)
