"""STRtree per layer in the metric CRS, rebuilt only when the layer's data changes."""
from __future__ import annotations

import weakref

import numpy as np
import shapely

_TREES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def layer_tree(project, name: str) -> tuple[shapely.STRtree, np.ndarray]:
    """(STRtree, geometries) of layer ``name`` in ``project.metric_crs``.

    Cached per metric frame: a data change gives a new frame, hence a new tree.
    """
    frame = project.to_metric(name)
    per_project = _TREES.setdefault(project, {})
    cached = per_project.get(name)
    if cached is not None and cached[0] is frame:
        return cached[1], cached[2]
    geoms = np.asarray(frame.geometry.values)
    tree = shapely.STRtree(geoms)
    per_project[name] = (frame, tree, geoms)
    return tree, geoms


_CELL_OF: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def cell_of_features(project, name: str) -> np.ndarray:
    """Row of the grid cell holding each feature of point layer ``name`` (-1: none), cached until
    the points or the cells change — so recounting per cell after a filter is a bincount."""
    from .stats import cell_of_points, cell_of_xy
    layer = project[name]
    cells = project.to_metric("grid_cells") if "grid_cells" in project else None
    points_only = layer.kind in ("incidents", "patrols", "facilities")
    # Point layers are placed from their metric x/y (no metric Point objects); the project hands
    # back the very same x/y arrays after an edit that moved no point, so the cells are kept too.
    key = project.metric_xy(name)[0] if points_only else project.to_metric(name)
    per_project = _CELL_OF.setdefault(project, {})
    cached = per_project.get(name)
    if cached is not None and cached[0] is key and cached[1] is cells:
        return cached[2]
    if cells is None:
        result = np.full(len(layer), -1, dtype=np.int64)
    elif points_only:
        result = cell_of_xy(project, *project.metric_xy(name))
    else:
        result = cell_of_points(project, np.asarray(key.geometry.values))
    per_project[name] = (key, cells, result)
    return result


def adopt_cells(project, name: str, x, cells, result) -> bool:
    """Take the cell of every point of layer ``name`` computed elsewhere (the loader) from metric
    x ``x`` against the cells' metric frame ``cells``, if the project still has exactly those."""
    if name not in project or "grid_cells" not in project:
        return False
    if project.metric_xy(name)[0] is not x or project.to_metric("grid_cells") is not cells:
        return False
    _CELL_OF.setdefault(project, {})[name] = (x, cells, result)
    return True
