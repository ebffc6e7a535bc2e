"""Counts per grid cell, computed from the data (not from a cell's own, possibly stale, columns)."""
from __future__ import annotations

import numpy as np
import shapely

from .spatial_index import layer_tree


def cell_of_points(project, points: np.ndarray) -> np.ndarray:
    """Row of the grid cell containing each point (metric CRS geometries), -1 where none does.
    Polygons count by a representative point. See ``cell_of_xy``."""
    if len(points) == 0 or "grid_cells" not in project:
        return np.full(len(points), -1, dtype=np.int64)
    xy = shapely.get_coordinates(points)
    if len(xy) != len(points):   # not all simple points: use their representative points
        xy = shapely.get_coordinates(shapely.point_on_surface(points))
    return cell_of_xy(project, xy[:, 0], xy[:, 1])


#: Buckets a quarter of a typical cell wide: a point's bucket then meets ~1-2 cells' boxes
#: (measured on the city: 0.35 s with cell-wide buckets, 0.18 s with these).
BUCKET_FRACTION = 0.25
#: The bucket grid of ``cell_of_xy`` has at most this many buckets a side.
_MAX_BUCKETS_SIDE = 2048


def cell_of_xy(project, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Row of the project's grid cell containing each metric (x, y), -1 where none does."""
    if "grid_cells" not in project:
        return np.full(len(x), -1, dtype=np.int64)
    return cells_of_xy(layer_tree(project, "grid_cells")[1], x, y)


def cells_of_xy(shared: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Row of the cell (of metric geometries ``shared``) containing each metric (x, y), -1 where
    none does; no Point objects.

    Candidates come from a uniform grid of buckets a quarter of a cell wide (each cell listed in the
    buckets its bounding box touches, each point in one bucket: numpy sorting and searching),
    then an exact ``contains_xy`` on prepared cells, split over two threads (GEOS drops the GIL).
    A point on a border shared by two cells, or in an overlap (bad data), goes to the first cell
    in table order.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    result = np.full(len(x), -1, dtype=np.int64)
    if len(x) == 0 or len(shared) == 0:
        return result
    present = ~(shapely.is_missing(shared) | shapely.is_empty(shared))
    if not present.any():
        return result
    # Private copies to prepare (~4 ms for 5,000 cells): a prepared polygon builds its point
    # locator on first use, and two threads doing that to one polygon corrupt the heap; the
    # shared cell objects may be in use by a render or a coverage thread at this moment.
    geoms = shapely.transform(shared, lambda coords: coords)
    shapely.prepare(geoms)
    bounds = shapely.bounds(geoms)
    rows = np.flatnonzero(present)
    b = bounds[rows]
    ox, oy = b[:, 0].min(), b[:, 1].min()
    span = max(b[:, 2].max() - ox, b[:, 3].max() - oy, 1e-9)
    size = max(BUCKET_FRACTION * float(np.median(np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]))),
               span / _MAX_BUCKETS_SIDE, 1e-9)
    ncols = int(np.floor((b[:, 2].max() - ox) / size)) + 1
    gx0, gx1 = np.floor((b[:, 0] - ox) / size).astype(np.int64), np.floor((b[:, 2] - ox) / size).astype(np.int64)
    gy0, gy1 = np.floor((b[:, 1] - oy) / size).astype(np.int64), np.floor((b[:, 3] - oy) / size).astype(np.int64)
    # (bucket, cell) for every bucket a cell's box touches
    nx, ny = gx1 - gx0 + 1, gy1 - gy0 + 1
    per_cell = nx * ny
    cell_of_entry = np.repeat(rows, per_cell)
    k = np.arange(per_cell.sum()) - np.repeat(np.cumsum(per_cell) - per_cell, per_cell)
    ex = np.repeat(gx0, per_cell) + k % np.repeat(nx, per_cell)
    ey = np.repeat(gy0, per_cell) + k // np.repeat(nx, per_cell)
    keys = ey * ncols + ex
    order = np.argsort(keys, kind="stable")
    keys, cell_of_entry = keys[order], cell_of_entry[order]
    nrows = int(gy1.max()) + 1
    first = np.searchsorted(keys, np.arange(nrows * ncols + 1))       # bucket -> its first entry
    # each point's bucket, then its candidate cells
    px, py = np.floor((x - ox) / size), np.floor((y - oy) / size)
    ok = np.isfinite(px) & np.isfinite(py) & (px >= 0) & (py >= 0) & (px < ncols) & (py < nrows)
    pkey = np.where(ok, np.nan_to_num(py) * ncols + np.nan_to_num(px), 0).astype(np.int64)
    start, stop = first[pkey], first[pkey + 1]
    count = np.where(ok, stop - start, 0)
    point_idx = np.repeat(np.arange(len(x)), count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    cand = cell_of_entry[np.repeat(start, count) + offset]

    inside = np.zeros(len(cand), dtype=bool)

    def test(pairs: np.ndarray) -> None:
        inside[pairs] = shapely.contains_xy(geoms[cand[pairs]], x[point_idx[pairs]], y[point_idx[pairs]])

    if len(cand) > 400_000:
        # Two threads (GEOS drops the GIL), each with its own cells (even and odd rows): a prepared
        # polygon builds its point locator on first use, and two threads doing that to one polygon
        # at once corrupt the heap (seen here as "double free or corruption").
        even = (cand % 2) == 0
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(test, [np.flatnonzero(even), np.flatnonzero(~even)]))
    else:
        test(np.arange(len(cand)))
    result[:] = np.iinfo(np.int64).max
    np.minimum.at(result, point_idx[inside], cand[inside])
    result[result == np.iinfo(np.int64).max] = -1
    return result


def households_by_cell(project, primary: np.ndarray | None = None) -> np.ndarray:
    """Households per grid cell (see ``cell_households``)."""
    return cell_households(project, primary)[0]


#: Where a cell's households figure comes from.
SOURCE_BUILDINGS, SOURCE_CELL, SOURCE_ESTIMATED, SOURCE_NONE = "buildings", "cell", "estimated", "none"


def cell_households(project, primary: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(households per grid cell, where each figure comes from).

    Surveyed households of the buildings whose main part lies in the cell come first ("buildings");
    a cell whose buildings have none uses its own ``households`` value ("cell" — another system's
    figure, e.g. a shapefile of cells with 户数); failing that, the buildings' estimates ("estimated":
    OpenStreetMap footprints); else 0 ("none"). ``primary`` (a building's cell row, from
    assignment.assign_buildings) is computed if not given."""
    n = len(project["grid_cells"]) if "grid_cells" in project else 0
    surveyed = np.zeros(n, dtype=np.int64)
    estimated = np.zeros(n, dtype=np.int64)
    if n and "buildings" in project:
        if primary is None:
            from .assignment import project_assignment
            primary = project_assignment(project).primary
        b = project["buildings"].data
        households = b["households"].fillna(0).to_numpy(dtype=np.int64)
        guessed = (b["households_source"].astype(str).to_numpy() == "estimated") if "households_source" in b \
            else np.zeros(len(b), dtype=bool)
        inside = primary >= 0
        np.add.at(surveyed, primary[inside & ~guessed], households[inside & ~guessed])
        np.add.at(estimated, primary[inside & guessed], households[inside & guessed])
    own = project["grid_cells"].data["households"] if n else None
    own_values = own.fillna(-1).to_numpy(dtype=np.int64) if own is not None else np.zeros(0, dtype=np.int64)
    values = np.where(surveyed > 0, surveyed, np.where(own_values >= 0, own_values, estimated))
    source = np.where(surveyed > 0, SOURCE_BUILDINGS,
                      np.where(own_values >= 0, SOURCE_CELL, np.where(estimated > 0, SOURCE_ESTIMATED, SOURCE_NONE)))
    return values.astype(np.int64), source.astype(object)
