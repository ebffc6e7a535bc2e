"""STRtree per layer and the grid cell of every feature, in the metric CRS: remembered for the
very frames (and x/y arrays) they come from (see derived.py), so they are rebuilt only when the
data changes, and a value computed by the loader's thread is found by the project it fills."""
from __future__ import annotations

import numpy as np
import shapely

from .derived import derived, geometry_frame, remembered


def layer_tree(project, name: str) -> tuple[shapely.STRtree, np.ndarray]:
    """(STRtree, geometries) of layer ``name`` in ``project.metric_crs``."""
    return derived(geometry_frame(project.to_metric(name)), _tree)


def _tree(frame) -> tuple[shapely.STRtree, np.ndarray]:
    geoms = np.asarray(frame.geometry.values)
    return shapely.STRtree(geoms), geoms


def point_cells(cells, name: str, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Row of the cell (of metric frame ``cells``) holding each metric (x, y) of point layer
    ``name``, -1 for none; remembered for these very cells and ``x``."""
    from .stats import cells_of_xy
    cells = geometry_frame(cells)
    return derived(cells, lambda f: cells_of_xy(derived(f, _tree)[1], x, y), key=("point_cells", name), also=(x,))


def point_cells_ready(cells, name: str, x: np.ndarray) -> bool:
    """Whether ``point_cells`` for these objects is already remembered."""
    return remembered(geometry_frame(cells), ("point_cells", name), (x,)) is not None


def cell_of_features(project, name: str) -> np.ndarray:
    """Row of the grid cell holding each feature of layer ``name`` (-1: none), kept until the
    features or the cells change — so recounting per cell after a filter is a bincount.

    Point layers are placed from their metric x/y (no metric Point objects); the project hands
    back the very same x/y arrays after an edit that moved no point, so the cells are kept too."""
    from .stats import cell_of_points
    layer = project[name]
    if "grid_cells" not in project:
        return np.full(len(layer), -1, dtype=np.int64)
    cells = geometry_frame(project.to_metric("grid_cells"))
    if layer.is_point_layer:
        return point_cells(cells, name, *project.metric_xy(name))
    frame = geometry_frame(project.to_metric(name))
    return derived(cells, lambda _f: cell_of_points(project, np.asarray(frame.geometry.values)),
                   key=("feature_cells", name), also=(frame,))
