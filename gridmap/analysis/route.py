"""Patrol routes: visit every building of a cell once — nearest neighbour, then 2-opt — on
distances along the road network when the project has one, straight lines otherwise."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra


#: The road search stops at this many times the span of the buildings (at least the minimum):
#: a walk between two buildings of one cell that is longer is not a walk anyone would take.
WALK_LIMIT_FACTOR = 4.0
WALK_LIMIT_MIN_M = 1500.0


@dataclass
class Route:
    order: np.ndarray          # building positions (into the input array) in visiting order
    length_m: float
    path: object               # shapely LineString of the walk (along roads where used)
    along_roads: bool


class RoadNetwork:
    """A graph of the road centre lines (noded at every crossing), for walking distances.

    A building joins the network at the nearest point of the nearest road segment (not at the
    nearest crossing), so a route walks along the street in front of the buildings.
    """

    def __init__(self, lines: np.ndarray) -> None:
        noded = shapely.get_parts(shapely.union_all(shapely.get_parts(np.asarray(lines))))
        coords, index = shapely.get_coordinates(noded, return_index=True)
        keys = np.round(coords, 3)
        uniq, node_of = np.unique(keys, axis=0, return_inverse=True)
        node_of = node_of.ravel()
        same = index[1:] == index[:-1]
        a, b = node_of[:-1][same], node_of[1:][same]
        keep = a != b
        self.seg_a, self.seg_b = a[keep], b[keep]
        w = np.hypot(*(uniq[self.seg_a] - uniq[self.seg_b]).T)
        n = len(uniq)
        self.nodes = uniq
        self.graph = coo_matrix((np.r_[w, w], (np.r_[self.seg_a, self.seg_b], np.r_[self.seg_b, self.seg_a])),
                                shape=(n, n)).tocsr()
        self.segments = shapely.linestrings(np.stack([uniq[self.seg_a], uniq[self.seg_b]], axis=1))
        self.tree = shapely.STRtree(self.segments)

    def snap(self, points: np.ndarray):
        """(segment of each point, the point on it, distance along it from its first node)."""
        seg = np.asarray(self.tree.nearest(shapely.points(points)))
        along = shapely.line_locate_point(self.segments[seg], shapely.points(points))
        on = shapely.get_coordinates(shapely.line_interpolate_point(self.segments[seg], along))
        return seg, on, along

    def distances(self, points: np.ndarray):
        """Matrix of walking distances between ``points`` and what ``path`` needs to draw them."""
        seg, on, along = self.snap(points)
        access = np.hypot(*(points - on).T)
        length = shapely.length(self.segments[seg])
        ends = np.stack([self.seg_a[seg], self.seg_b[seg]], axis=1)            # (n, 2) node ids
        to_end = np.stack([along, length - along], axis=1)                      # (n, 2) metres
        sources = np.unique(ends)
        # Search only as far as a walk between these points can sensibly go (a city's road graph
        # is large; a cell's buildings are close): beyond, the straight-line fallback below applies.
        extent = points.max(axis=0) - points.min(axis=0) if len(points) else np.zeros(2)
        limit = max(WALK_LIMIT_MIN_M, WALK_LIMIT_FACTOR * float(np.hypot(*extent)) + float(access.max(initial=0.0)) * 2)
        dist, pred = dijkstra(self.graph, directed=False, indices=sources, return_predecessors=True, limit=limit)
        row_of = {node: k for k, node in enumerate(sources)}
        n = len(points)
        best = np.full((n, n), np.inf)
        choice = np.zeros((n, n, 2), dtype=np.int8)
        for ea in range(2):
            rows = np.array([row_of[v] for v in ends[:, ea]])
            for eb in range(2):
                d = to_end[:, ea][:, None] + dist[rows][:, ends[:, eb]] + to_end[:, eb][None, :]
                better = d < best
                best = np.where(better, d, best)
                choice[better] = (ea, eb)
        same_segment = seg[:, None] == seg[None, :]
        direct = np.abs(along[:, None] - along[None, :])
        use_direct = same_segment & (direct <= best)
        best = np.where(use_direct, direct, best)
        matrix = access[:, None] + best + access[None, :]
        np.fill_diagonal(matrix, 0.0)
        straight = np.hypot(points[:, None, 0] - points[None, :, 0], points[:, None, 1] - points[None, :, 1])
        matrix = np.where(np.isfinite(matrix), matrix, straight * 1.5)
        info = dict(on=on, ends=ends, choice=choice, direct=use_direct, pred=pred, row_of=row_of)
        return matrix, None, info

    def path(self, i: int, j: int, info) -> list[tuple[float, float]]:
        """The walk from point i to point j: onto the road, along it, off it."""
        on = info["on"]
        coords = [tuple(on[i])]
        if not info["direct"][i, j]:
            ea, eb = info["choice"][i, j]
            a, b = info["ends"][i, ea], info["ends"][j, eb]
            row = info["pred"][info["row_of"][a]]
            nodes = [b]
            while nodes[-1] != a and row[nodes[-1]] >= 0:
                nodes.append(row[nodes[-1]])
            coords += [tuple(self.nodes[k]) for k in reversed(nodes)]
        coords.append(tuple(on[j]))
        return coords


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


def two_opt(matrix: np.ndarray, order: np.ndarray, max_moves: int | None = None) -> np.ndarray:
    """Improve an open path by reversing segments while that shortens it (the start stays first).

    Each move takes the best reversal of all (i, j) at once, computed as one numpy array, so a
    40-building cell settles in well under a millisecond. Never returns a longer path.
    """
    best = np.asarray(order).copy()
    n = len(best)
    if n < 3:
        return best
    i_idx, j_idx = np.triu_indices(n, k=1)
    keep = i_idx >= 1                       # position 0 (the start) never moves
    i_idx, j_idx = i_idx[keep], j_idx[keep]
    has_d = j_idx + 1 < n
    for _ in range(max_moves if max_moves is not None else 4 * n * n):
        # Reversing best[i..j]: edges (a,b) and (c,d) become (a,c) and (b,d); no d at the end.
        a, b, c = best[i_idx - 1], best[i_idx], best[j_idx]
        d = best[np.minimum(j_idx + 1, n - 1)]
        old = matrix[a, b] + np.where(has_d, matrix[c, d], 0.0)
        new = matrix[a, c] + np.where(has_d, matrix[b, d], 0.0)
        gain = old - new
        k = int(np.argmax(gain))
        if gain[k] <= 1e-9:
            break
        i, j = i_idx[k], j_idx[k]
        best[i:j + 1] = best[i:j + 1][::-1]
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
    info = None
    if roads is not None:
        matrix, _unused, info = roads.distances(points)
    else:
        matrix = np.hypot(points[:, None, 0] - points[None, :, 0], points[:, None, 1] - points[None, :, 1])
    order = two_opt(matrix, nearest_neighbour(matrix, start))
    coords: list[tuple[float, float]] = [tuple(points[order[0]])]
    for a, b in zip(order[:-1], order[1:]):
        if roads is not None:
            coords += roads.path(int(a), int(b), info)
        coords.append(tuple(points[b]))
    if len(coords) == 1:
        coords.append(coords[0])
    return Route(order=order, length_m=tour_length(matrix, order), path=shapely.LineString(coords),
                 along_roads=roads is not None)
