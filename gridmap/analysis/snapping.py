"""Snapping a point of the map to the vertices and edges of cells, the boundary, communities, roads
and buildings (metric CRS). A vertex within the tolerance wins over an edge. No Qt."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

SNAP_LAYERS = ("grid_cells", "boundary", "communities", "roads", "buildings")
VERTEX, EDGE = "vertex", "edge"


@dataclass(frozen=True)
class Snap:
    x: float
    y: float
    kind: str | None        # VERTEX, EDGE or None (no snap: the point itself)
    layer: str | None = None


def snap_point(project, x: float, y: float, tolerance: float, layers=SNAP_LAYERS) -> Snap:
    """The nearest vertex within ``tolerance`` metres of (x, y), else the nearest point on an edge,
    else (x, y) itself."""
    if project is None or tolerance <= 0:
        return Snap(x, y, None)
    here = shapely.Point(x, y)
    area = here.buffer(tolerance)
    best_vertex, best_edge = None, None
    for name in layers:
        if name not in project or not project[name].is_spatial or not len(project[name]) or not project[name].visible:
            continue
        geoms = np.asarray(project.to_metric(name).geometry.values)
        tree = _tree(project, name, geoms)
        near = tree.query(area, predicate="intersects")
        if not len(near):
            continue
        candidates = geoms[near]
        xy = shapely.get_coordinates(candidates)
        if len(xy):
            d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
            k = int(np.argmin(d))
            if d[k] <= tolerance and (best_vertex is None or d[k] < best_vertex[0]):
                best_vertex = (d[k], Snap(float(xy[k, 0]), float(xy[k, 1]), VERTEX, name))
        outlines = shapely.boundary(candidates)
        lines = np.where(shapely.get_type_id(candidates) == 0, None, outlines)
        lines = lines[lines != None]  # noqa: E711 - numpy elementwise
        if len(lines):
            d = shapely.distance(lines, here)
            k = int(np.argmin(d))
            if d[k] <= tolerance and (best_edge is None or d[k] < best_edge[0]):
                p = shapely.shortest_line(lines[k], here).coords[0]
                best_edge = (d[k], Snap(float(p[0]), float(p[1]), EDGE, name))
    if best_vertex is not None:
        return best_vertex[1]
    if best_edge is not None:
        return best_edge[1]
    return Snap(x, y, None)


def _tree(project, name: str, geoms: np.ndarray) -> shapely.STRtree:
    """An STRtree of the layer's metric geometries, kept until the layer's data changes."""
    from .derived import derived
    return derived(project.to_metric(name), lambda _f: shapely.STRtree(geoms), key=("snap_tree",))
