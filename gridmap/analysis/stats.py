"""Counts per grid cell, computed from the data (not from a cell's own, possibly stale, columns)."""
from __future__ import annotations

import numpy as np
import shapely

from .spatial_index import layer_tree


def cell_of_points(project, points: np.ndarray) -> np.ndarray:
    """Row of the grid cell containing each point (metric CRS), -1 where none does.

    Where cells overlap (bad data) the first cell in table order wins.
    """
    result = np.full(len(points), -1, dtype=np.int64)
    if "grid_cells" not in project or len(points) == 0:
        return result
    tree, _geoms = layer_tree(project, "grid_cells")
    point_idx, cell_idx = tree.query(points, predicate="within")
    order = np.lexsort((cell_idx, point_idx))
    point_idx, cell_idx = point_idx[order], cell_idx[order]
    first = np.ones(len(point_idx), dtype=bool)
    first[1:] = point_idx[1:] != point_idx[:-1]
    result[point_idx[first]] = cell_idx[first]
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
        from .assignment import assign_buildings
        primary = assign_buildings(np.asarray(project.to_metric("grid_cells").geometry.values),
                                   np.asarray(project.to_metric("buildings").geometry.values)).primary
    households = project["buildings"].data["households"].fillna(0).to_numpy(dtype=np.int64)
    inside = primary >= 0
    np.add.at(totals, primary[inside], households[inside])
    return totals
