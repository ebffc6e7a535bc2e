"""Which grid cell each building belongs to, by area: the cell holding most of its footprint."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely


@dataclass
class BuildingCells:
    """Per building: its main cell (-1: none), the share of its area there, and the second cell's share."""

    primary: np.ndarray        # row of the cell with the largest share, -1 if none
    primary_share: np.ndarray  # 0..1
    second: np.ndarray         # row of the second cell, -1 if none
    second_share: np.ndarray   # 0..1


def assign_buildings(cells: np.ndarray, buildings: np.ndarray, tolerance: float = 0.01) -> BuildingCells:
    """Assign ``buildings`` to ``cells`` (both arrays of geometries in a metric CRS).

    Buildings covered by one cell (nearly all) are settled by an STRtree ``covered_by`` query
    without computing any intersection; only the rest get intersection areas. An overlap thinner
    than ``tolerance`` metres (floating-point noise along shared borders) does not count.
    """
    n = len(buildings)
    out = BuildingCells(np.full(n, -1, np.int64), np.zeros(n), np.full(n, -1, np.int64), np.zeros(n))
    if n == 0 or len(cells) == 0:
        return out
    tree = shapely.STRtree(cells)
    valid = shapely.is_valid(buildings)
    b_idx, c_idx = _query_parallel(tree, buildings, "covered_by")
    covered = np.zeros(n, dtype=bool)
    first = np.unique(b_idx, return_index=True)[1]
    out.primary[b_idx[first]] = c_idx[first]
    out.primary_share[b_idx[first]] = 1.0
    covered[b_idx[first]] = True
    rest = np.flatnonzero(~covered)
    if len(rest) == 0:
        return out
    rb, rc = tree.query(buildings[rest], predicate="intersects")
    if len(rb) == 0:
        return out
    geoms_b = buildings[rest][rb]
    geoms_b = np.where(valid[rest][rb], geoms_b, shapely.make_valid(geoms_b))
    cells_c = cells[rc]
    cells_c = np.where(shapely.is_valid(cells_c), cells_c, shapely.make_valid(cells_c))
    inter = shapely.area(shapely.intersection(geoms_b, cells_c))
    area = shapely.area(geoms_b)
    share = np.divide(inter, area, out=np.zeros_like(inter), where=area > 0)
    # Noise: shares whose area is below a tolerance-wide strip along the building are dropped.
    noise = inter < tolerance * np.sqrt(np.maximum(area, 1e-12))
    share[noise] = 0.0
    order = np.lexsort((rc, -share, rb))   # equal shares: the first cell in table order wins
    rb, rc, share = rb[order], rc[order], share[order]
    starts = np.flatnonzero(np.r_[True, rb[1:] != rb[:-1]])
    ends = np.r_[starts[1:], len(rb)]
    b = rest[rb[starts]]
    ok = share[starts] > 0
    out.primary[b[ok]], out.primary_share[b[ok]] = rc[starts][ok], share[starts][ok]
    has_second = ends - starts > 1
    second = starts[has_second] + 1
    ok2 = share[second] > 0
    out.second[b[has_second][ok2]] = rc[second][ok2]
    out.second_share[b[has_second][ok2]] = share[second][ok2]
    return out


def project_assignment(project, tolerance: float = 0.01) -> BuildingCells:
    """``assign_buildings`` for the project's cells and buildings, remembered for the very same
    metric frames (an edit of either makes new frames, and the assignment is computed again)."""
    from .derived import derived, geometry_frame
    b_frame = geometry_frame(project.to_metric("buildings"))        # a public copy: its original's
    c_frame = geometry_frame(project.to_metric("grid_cells")) if "grid_cells" in project else None
    cells = np.asarray(c_frame.geometry.values) if c_frame is not None else np.empty(0, object)
    return derived(b_frame, lambda f: assign_buildings(cells, np.asarray(f.geometry.values), tolerance),
                   key=("assigned", tolerance, c_frame is None), also=() if c_frame is None else (c_frame,))


def _query_parallel(tree, geoms: np.ndarray, predicate: str):
    """``tree.query(geoms, predicate)`` split over two threads for big inputs (GEOS drops the GIL)."""
    if len(geoms) < 100_000:
        return tree.query(geoms, predicate=predicate)
    from concurrent.futures import ThreadPoolExecutor
    halves = np.array_split(np.arange(len(geoms)), 2)
    with ThreadPoolExecutor(2) as pool:
        parts = list(pool.map(lambda idx: tree.query(geoms[idx], predicate=predicate), halves))
    return (np.concatenate([idx[p[0]] for idx, p in zip(halves, parts)]),
            np.concatenate([p[1] for p in parts]))
