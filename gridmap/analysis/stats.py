"""Counts per grid cell, computed from the data (not from a cell's own, possibly stale, columns)."""
from __future__ import annotations

import numpy as np
import shapely

from .spatial_index import layer_tree


def cell_of_points(project, points: np.ndarray) -> np.ndarray:
    """Row of the grid cell containing each point (metric CRS), -1 where none does.

    Where cells overlap (bad data) the first cell in table order wins. Bounding-box candidates
    from the STRtree, then an exact ``contains_xy`` on prepared cells: for a million points about
    three times faster than a ``within`` query, and split over two threads (GEOS drops the GIL).
    """
    result = np.full(len(points), -1, dtype=np.int64)
    if "grid_cells" not in project or len(points) == 0:
        return result
    tree, geoms = layer_tree(project, "grid_cells")
    shapely.prepare(geoms)
    xy = shapely.get_coordinates(points)
    if len(xy) != len(points):   # not all simple points: use their representative points
        xy = shapely.get_coordinates(shapely.point_on_surface(points))

    def chunk(idx: np.ndarray):
        pi, ci = tree.query(points[idx])
        inside = shapely.contains_xy(geoms[ci], xy[idx][pi, 0], xy[idx][pi, 1])
        return idx[pi[inside]], ci[inside]

    chunks = np.array_split(np.arange(len(points)), 2 if len(points) > 200_000 else 1)
    if len(chunks) > 1:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(len(chunks)) as pool:
            parts = list(pool.map(chunk, chunks))
    else:
        parts = [chunk(chunks[0])]
    point_idx = np.concatenate([p for p, _c in parts])
    cell_idx = np.concatenate([c for _p, c in parts])
    result[:] = np.iinfo(np.int64).max
    np.minimum.at(result, point_idx, cell_idx)
    result[result == np.iinfo(np.int64).max] = -1
    return result


def households_by_cell(project, primary: np.ndarray | None = None) -> np.ndarray:
    """Households per grid cell, summed over the buildings whose main part lies in the cell.

    ``primary`` (a building's cell row, from assignment.assign_buildings) is computed if not given.
    """
    n = len(project["grid_cells"]) if "grid_cells" in project else 0
    totals = np.zeros(n, dtype=np.int64)
    if n == 0 or "buildings" not in project:
        return totals
    if primary is None:
        from .assignment import project_assignment
        primary = project_assignment(project).primary
    households = project["buildings"].data["households"].fillna(0).to_numpy(dtype=np.int64)
    inside = primary >= 0
    np.add.at(totals, primary[inside], households[inside])
    return totals
