"""Patrol routes: visit every building of a cell once — nearest neighbour, then 2-opt — on
distances along the road network when the project has one, straight lines otherwise."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra


@dataclass
class Route:
    order: np.ndarray          # building positions (into the input array) in visiting order
    length_m: float
    path: object               # shapely LineString of the walk (along roads where used)
    along_roads: bool


class RoadNetwork:
    """A graph of the road centre lines (noded at every crossing), for walking distances."""

    def __init__(self, lines: np.ndarray) -> None:
        noded = shapely.get_parts(shapely.union_all(shapely.get_parts(np.asarray(lines))))
        coords, index = shapely.get_coordinates(noded, return_index=True)
        keys = np.round(coords, 3)
        uniq, node_of = np.unique(keys, axis=0, return_inverse=True)
        node_of = node_of.ravel()
        same = index[1:] == index[:-1]
        a, b = node_of[:-1][same], node_of[1:][same]
        w = np.hypot(*(uniq[a] - uniq[b]).T)
        n = len(uniq)
        self.nodes = uniq
        self.graph = coo_matrix((np.r_[w, w], (np.r_[a, b], np.r_[b, a])), shape=(n, n)).tocsr()
        self.tree = shapely.STRtree(shapely.points(uniq))

    def distances(self, points: np.ndarray):
        """(matrix of walking distances between ``points``, nearest node of each, predecessors)."""
        near = np.asarray(self.tree.nearest(shapely.points(points)))
        access = np.hypot(*(points - self.nodes[near]).T)
        dist, pred = dijkstra(self.graph, directed=False, indices=np.unique(near), return_predecessors=True)
        row_of = {node: k for k, node in enumerate(np.unique(near))}
        rows = np.array([row_of[v] for v in near])
        network = dist[rows][:, near]
        matrix = access[:, None] + network + access[None, :]
        np.fill_diagonal(matrix, 0.0)
        # Unreachable pairs (disconnected roads) fall back to a generous straight line.
        straight = np.hypot(points[:, None, 0] - points[None, :, 0], points[:, None, 1] - points[None, :, 1])
        matrix = np.where(np.isfinite(matrix), matrix, straight * 1.5)
        return matrix, near, (pred, row_of)

    def path(self, a: int, b: int, pred_info) -> list[tuple[float, float]]:
        pred, row_of = pred_info
        row = pred[row_of[a]]
        nodes = [b]
        while nodes[-1] != a and row[nodes[-1]] >= 0:
            nodes.append(row[nodes[-1]])
        if nodes[-1] != a:
            return [tuple(self.nodes[a]), tuple(self.nodes[b])]
        return [tuple(self.nodes[k]) for k in reversed(nodes)]


def tour_length(matrix: np.ndarray, order: np.ndarray) -> float:
    """Length of the open path visiting ``order`` (no return to the start)."""
    return float(matrix[order[:-1], order[1:]].sum()) if len(order) > 1 else 0.0


def nearest_neighbour(matrix: np.ndarray, start: int) -> np.ndarray:
    n = len(matrix)
    order = [start]
    free = np.ones(n, dtype=bool)
    free[start] = False
    for _ in range(n - 1):
        d = np.where(free, matrix[order[-1]], np.inf)
        nxt = int(np.argmin(d))
        order.append(nxt)
        free[nxt] = False
    return np.array(order)


def two_opt(matrix: np.ndarray, order: np.ndarray, max_rounds: int = 50) -> np.ndarray:
    """Improve an open path by reversing segments while that shortens it (the start stays first).

    Never returns a longer path than it was given.
    """
    best = order.copy()
    n = len(best)
    for _ in range(max_rounds):
        improved = False
        for i in range(1, n - 1):
            a, b = best[i - 1], best[i]
            # Reversing best[i..j]: edges (a,b) and (c,d) become (a,c) and (b,d); d may be the end.
            js = np.arange(i + 1, n)
            c = best[js]
            d = np.where(js + 1 < n, best[np.minimum(js + 1, n - 1)], -1)
            old = matrix[a, b] + np.where(d >= 0, matrix[c, np.maximum(d, 0)], 0.0)
            new = matrix[a, c] + np.where(d >= 0, matrix[b, np.maximum(d, 0)], 0.0)
            gain = old - new
            k = int(np.argmax(gain))
            if gain[k] > 1e-9:
                j = js[k]
                best[i:j + 1] = best[i:j + 1][::-1]
                improved = True
        if not improved:
            break
    return best


def patrol_route(buildings: np.ndarray, start_point=None, roads: RoadNetwork | None = None) -> Route:
    """A route through ``buildings`` (metric geometries), starting at the one nearest
    ``start_point`` (default: the south-west corner of their extent).

    Raises ValueError when there is no building.
    """
    if len(buildings) == 0:
        raise ValueError("a route needs at least one building")
    points = shapely.get_coordinates(shapely.point_on_surface(np.asarray(buildings)))
    if start_point is None:
        start_point = points.min(axis=0)
    start = int(np.argmin(np.hypot(*(points - np.asarray(start_point)).T)))
    pred_info = near = None
    if roads is not None:
        matrix, near, pred_info = roads.distances(points)
    else:
        matrix = np.hypot(points[:, None, 0] - points[None, :, 0], points[:, None, 1] - points[None, :, 1])
    order = two_opt(matrix, nearest_neighbour(matrix, start))
    coords: list[tuple[float, float]] = [tuple(points[order[0]])]
    for a, b in zip(order[:-1], order[1:]):
        if roads is not None:
            coords += roads.path(int(near[a]), int(near[b]), pred_info)
        coords.append(tuple(points[b]))
    if len(coords) == 1:
        coords.append(coords[0])
    return Route(order=order, length_m=tour_length(matrix, order), path=shapely.LineString(coords),
                 along_roads=roads is not None)
