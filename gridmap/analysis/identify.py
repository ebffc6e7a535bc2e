"""Which features lie under a point of the map (the identify and select tools)."""
from __future__ import annotations

import numpy as np
import shapely

from .spatial_index import layer_tree


def features_at(project, x: float, y: float, tolerance: float, layer_names: list[str]) -> list[tuple[str, int]]:
    """(layer name, row) of every feature at (x, y) in the metric CRS, in ``layer_names`` order.

    Polygons count when they contain the point or lie within ``tolerance`` metres of it; points
    and lines when within ``tolerance``. Within a layer the nearest feature comes first.

    Raises ValueError for a negative tolerance.
    """
    if tolerance < 0:
        raise ValueError(f"tolerance must be >= 0, got {tolerance}")
    point = shapely.Point(x, y)
    found: list[tuple[str, int]] = []
    for name in layer_names:
        if name not in project or not project[name].is_spatial or len(project[name]) == 0:
            continue
        tree, geoms = layer_tree(project, name)
        rows = tree.query(point, predicate="dwithin", distance=tolerance)
        if len(rows) == 0:
            continue
        rows = np.asarray(rows)
        distance = shapely.distance(geoms[rows], point)
        # Containing polygons are distance 0; among those the smallest (most specific) first.
        area = shapely.area(geoms[rows])
        order = np.lexsort((area, distance))
        found += [(name, int(r)) for r in rows[order]]
    return found


def features_in_rect(project, x0: float, y0: float, x1: float, y1: float, name: str) -> np.ndarray:
    """Rows of layer ``name`` intersecting the rectangle (metric CRS)."""
    tree, _geoms = layer_tree(project, name)
    box = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return np.sort(np.asarray(tree.query(box, predicate="intersects"), dtype=np.int64))
