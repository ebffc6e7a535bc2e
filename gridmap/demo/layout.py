"""The demo street's layout: a jittered street lattice, the boundary, communities and cells.

Everything is built in EPSG:4551 metres on a lattice of blocks ("quads") whose corners are
shared, so cells that are unions of quads tile the boundary with no gap and no overlap.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Polygon

from .names import COMMUNITIES, EW_ROADS, NS_ROADS, STREET_CODE

METRIC_EPSG = 4551
ORIGIN_LONLAT = (126.675, 45.726)
QUAD_W, QUAD_H = 150.0, 125.0
N_COLS, N_ROWS = 12, 14
JITTER = 16.0

# The street, quad by quad, north at the top (row 13) to south (row 1); letters are communities.
_MAP = [
    "......GGG...",   # row 13
    "......GGGG..",
    "......GGGG..",
    "......GGGG..",   # row 10
    "......FFFF..",
    "....FFFFFF..",   # row 8
    "...EEEEEFF..",
    ".AAAEEEEEE..",   # row 6
    "AAAADDDDDE..",
    "AAAADDDDDDD.",   # row 4
    "BBBBBCCCCC..",
    ".BBBBCCCC...",
    "...BBCCC....",   # row 1
    "............",   # row 0
]


@dataclass
class Layout:
    """Lattice nodes, quads and the groupings built on them (all in EPSG:4551 metres)."""

    nodes: np.ndarray                   # (N_COLS+1, N_ROWS+1, 2)
    community_of: dict[tuple[int, int], str]
    cell_quads: list[list[tuple[int, int]]]   # per cell, its quads
    cell_codes: list[str]
    cell_community: list[str]

    def quad(self, i: int, j: int) -> Polygon:
        n = self.nodes
        return Polygon([n[i, j], n[i + 1, j], n[i + 1, j + 1], n[i, j + 1]])

    def quad_point(self, i: int, j: int, u: float, v: float) -> tuple[float, float]:
        """Bilinear position (u, v in 0..1) inside quad (i, j): buildings follow the block's shape."""
        n = self.nodes
        p = ((1 - u) * (1 - v) * n[i, j] + u * (1 - v) * n[i + 1, j]
             + u * v * n[i + 1, j + 1] + (1 - u) * v * n[i, j + 1])
        return float(p[0]), float(p[1])

    def boundary(self) -> Polygon:
        return shapely.union_all([self.quad(i, j) for (i, j) in self.community_of])

    def community_polygon(self, letter: str) -> Polygon:
        return shapely.union_all([self.quad(i, j) for (i, j), c in self.community_of.items() if c == letter])

    def cell_polygon(self, index: int) -> Polygon:
        return shapely.union_all([self.quad(i, j) for (i, j) in self.cell_quads[index]])


def community_code(letter: str) -> str:
    return STREET_CODE + COMMUNITIES[letter][1]


def build_layout(rng: np.random.Generator) -> Layout:
    """Jitter the lattice, read the community map and group quads into numbered cells."""
    to_metric = Transformer.from_crs(4326, METRIC_EPSG, always_xy=True)
    ox, oy = to_metric.transform(*ORIGIN_LONLAT)
    ii, jj = np.meshgrid(np.arange(N_COLS + 1), np.arange(N_ROWS + 1), indexing="ij")
    nodes = np.stack([ox + ii * QUAD_W, oy + jj * QUAD_H], axis=-1).astype(float)
    nodes += rng.uniform(-JITTER, JITTER, size=nodes.shape)
    community_of: dict[tuple[int, int], str] = {}
    for row_from_top, line in enumerate(_MAP):
        j = N_ROWS - 1 - row_from_top
        for i, ch in enumerate(line):
            if ch != ".":
                community_of[(i, j)] = ch
    cells = _group_cells(community_of)
    layout = Layout(nodes=nodes, community_of=community_of, cell_quads=[], cell_codes=[], cell_community=[])
    _number_cells(layout, cells)
    return layout


def _group_cells(community_of: dict[tuple[int, int], str]) -> list[list[tuple[int, int]]]:
    """Pair quads of one community, east neighbour first, then south."""
    # Reading order: north to south, west to east.
    order = sorted(community_of, key=lambda q: (-q[1], q[0]))
    cell_of: dict[tuple[int, int], int] = {}
    cells: list[list[tuple[int, int]]] = []
    for q in order:
        if q in cell_of:
            continue
        i, j = q
        partner = None
        for cand in ((i + 1, j), (i, j - 1)):
            if community_of.get(cand) == community_of[q] and cand not in cell_of:
                partner = cand
                break
        members = [q] + ([partner] if partner else [])
        for m in members:
            cell_of[m] = len(cells)
        cells.append(members)
    # A quad left alone stays a cell of its own: a small, dense (high-rise) cell.
    return [c for c in cells if c]


def _number_cells(layout: Layout, cells: list[list[tuple[int, int]]]) -> None:
    """Codes per community, west→east then north→south: rows by a cell's northern edge."""
    by_community: dict[str, list[list[tuple[int, int]]]] = {}
    for members in cells:
        by_community.setdefault(layout.community_of[members[0]], []).append(members)
    for letter in sorted(by_community, key=lambda c: COMMUNITIES[c][1]):
        groups = sorted(by_community[letter], key=lambda g: (-max(j for _i, j in g), min(i for i, _j in g)))
        for seq, members in enumerate(groups, start=1):
            layout.cell_quads.append(sorted(members))
            layout.cell_codes.append(f"{community_code(letter)}{seq:03d}")
            layout.cell_community.append(letter)


def road_lines(layout: Layout) -> list[tuple[str, str, LineString]]:
    """(name, class, line) for every lattice line that borders the street, cut to where it does."""
    inside = set(layout.community_of)
    roads: list[tuple[str, str, LineString]] = []
    for j, (name, cls) in EW_ROADS.items():
        touched = [i for i in range(N_COLS) if (i, j) in inside or (i, j - 1) in inside]
        for run in _runs(touched):
            pts = [layout.nodes[i, j] for i in range(run[0], run[-1] + 2)]
            roads.append((name, cls, _extend(LineString(pts))))
    for i, (name, cls) in NS_ROADS.items():
        touched = [j for j in range(N_ROWS) if (i, j) in inside or (i - 1, j) in inside]
        for run in _runs(touched):
            pts = [layout.nodes[i, j] for j in range(run[0], run[-1] + 2)]
            roads.append((name, cls, _extend(LineString(pts))))
    return roads


def _runs(values: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for v in values:
        if runs and v == runs[-1][-1] + 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    return runs


def _extend(line: LineString, by: float = 40.0) -> LineString:
    """Lengthen a road a little past the last block, as streets run on past the boundary."""
    coords = np.asarray(line.coords)
    start_dir = coords[0] - coords[1]
    end_dir = coords[-1] - coords[-2]
    start = coords[0] + start_dir / np.linalg.norm(start_dir) * by
    end = coords[-1] + end_dir / np.linalg.norm(end_dir) * by
    return LineString(np.vstack([start, coords, end]))
