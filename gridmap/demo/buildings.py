"""Demo building footprints: compounds of slab blocks, high-rise towers, the hospital, a school."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from shapely.geometry import Polygon

from .layout import QUAD_H, QUAD_W, Layout
from .names import EW_ROADS, NS_ROADS, ROAD_RANK, compound_names

# Quads with a special role in the story (lattice column, row).
COMPOUND_307 = (4, 1)         # the compound at 公滨路307-1号
HOSPITAL = (5, 1)             # 哈尔滨市第二医院 (市二院), next door, in another cell
SCHOOL = (1, 4)
STREET_OFFICE = (6, 6)
LAND_SCHOOL_BUILDING = (2, 5)  # 原土地干校家属楼 stands here
OUTSIDE_QUAD = (10, 5)         # a new tower just outside the boundary: in no cell
HOSPITAL_NAME = "哈尔滨市第二医院"
LAND_SCHOOL_NAME = "原土地干校家属楼"
# House numbers on 公滨路 are offset so that the compound of the story is number 307.
_NUMBER_OFFSET = {"公滨路": 172}


@dataclass
class Building:
    quad: tuple[int, int]
    polygon: Polygon
    use: str
    name: str
    compound: str
    capacity: float = 0.0          # relative size, used to share a cell's households
    units: int = 2                 # households per floor
    households: int = 0
    floors: int = 1
    address: str = ""
    grid_code: str | None = None
    tower: bool = False
    fixed: dict = field(default_factory=dict)


def _rect(layout: Layout, q, u0, u1, v0, v1) -> Polygon:
    i, j = q
    return Polygon([layout.quad_point(i, j, u0, v0), layout.quad_point(i, j, u1, v0),
                    layout.quad_point(i, j, u1, v1), layout.quad_point(i, j, u0, v1)])


def _slab(layout, q, uc, vc, length, depth) -> Polygon:
    du, dv = length / QUAD_W / 2, depth / QUAD_H / 2
    return _rect(layout, q, uc - du, uc + du, vc - dv, vc + dv)


def _address_road(q: tuple[int, int]) -> tuple[str, float, int]:
    """The most important road on the quad's edges: (name, distance along it, side 1=odd/2=even)."""
    i, j = q
    edges = [(EW_ROADS[j], (i + 0.5) * QUAD_W, 1), (EW_ROADS[j + 1], (i + 0.5) * QUAD_W, 2),
             (NS_ROADS[i], (j + 0.5) * QUAD_H, 1), (NS_ROADS[i + 1], (j + 0.5) * QUAD_H, 2)]
    (name, _cls), dist, side = min(edges, key=lambda e: ROAD_RANK[e[0][1]])
    return name, dist, side


def compound_number(q: tuple[int, int]) -> tuple[str, int]:
    """(road, house number) of the compound in quad ``q``: odd on one side, even on the other."""
    road, dist, side = _address_road(q)
    number = _NUMBER_OFFSET.get(road, 0) + 2 * int(dist / 10) + side
    return road, number


def _residential(layout, q, rng, tower: bool) -> list[tuple[Polygon, str, float, int]]:
    """Footprints of a residential quad: (polygon, use, capacity, households per floor)."""
    out = []
    if tower:
        for uc in (0.3, 0.7):
            for vc in (0.3, 0.7):
                side = float(rng.uniform(22, 27))
                out.append((_slab(layout, q, uc, vc, side, side), "residential", 4.0, 4))
        return out
    rows, cols = ((3, 2), (3, 2), (2, 3))[int(rng.integers(0, 3))]
    vcs = np.linspace(0.22, 0.78, rows)
    ucs = np.linspace(0.29, 0.71, cols) if cols == 2 else np.array([0.2, 0.5, 0.8])
    length = 46.0 if cols == 2 else 34.0
    for vc in vcs:
        for uc in ucs:
            ln = length * float(rng.uniform(0.85, 1.0))
            out.append((_slab(layout, q, float(uc), float(vc), ln, float(rng.uniform(11, 13))),
                        "residential", ln / 46.0, 2 * max(2, round(ln / 16))))
    return out


def build_buildings(layout: Layout, rng: np.random.Generator, cell_of_quad: dict) -> list[Building]:
    """Every building of the demo, with address, use, floors and households.

    ``cell_of_quad`` maps a quad to its cell index (single-quad cells hold towers).
    """
    cell_size: dict[int, int] = {}
    for q, c in cell_of_quad.items():
        cell_size[c] = cell_size.get(c, 0) + 1
    quads = sorted(layout.community_of, key=lambda q: (-q[1], q[0]))
    names = iter(compound_names(rng, len(quads) + 1))
    buildings: list[Building] = []
    for q in quads:
        buildings.extend(_quad_buildings(layout, q, rng, next(names),
                                         tower=cell_size[cell_of_quad[q]] == 1))
    outside = _quad_buildings(layout, OUTSIDE_QUAD, rng, "香坊新苑", tower=True)[:1]
    buildings.extend(outside)
    _number_addresses(buildings)
    return buildings


def _quad_buildings(layout, q, rng, compound_name, tower) -> list[Building]:
    road, number = compound_number(q)
    if q == HOSPITAL:
        parts = [(_rect(layout, q, 0.12, 0.55, 0.55, 0.86), "门诊楼"),
                 (_rect(layout, q, 0.62, 0.86, 0.18, 0.82), "住院部"),
                 (_rect(layout, q, 0.12, 0.50, 0.16, 0.44), "医技楼")]
        return [Building(q, p, "hospital", f"{HOSPITAL_NAME}{label}", HOSPITAL_NAME, floors=f)
                for (p, label), f in zip(parts, (5, 16, 7))]
    if q == SCHOOL:
        return [Building(q, _rect(layout, q, 0.15, 0.80, 0.60, 0.80), "school", "红旗小学教学楼", "红旗小学", floors=4),
                Building(q, _rect(layout, q, 0.15, 0.40, 0.18, 0.45), "school", "红旗小学体育馆", "红旗小学", floors=2)]
    compound = f"{road}{number}号院" if q == COMPOUND_307 else compound_name
    out: list[Building] = []
    footprints = _residential(layout, q, rng, tower)
    if q == STREET_OFFICE:
        out.append(Building(q, _slab(layout, q, 0.29, 0.22, 40, 16), "office", "红旗街道办事处", "红旗街道办事处", floors=5))
        footprints = [f for k, f in enumerate(footprints) if k != 0]
    if q[0] in (5, 6) and not tower and q not in (HOSPITAL, STREET_OFFICE):
        # Shops line 红旗大街 (between columns 5 and 6).
        u0, u1 = (0.86, 0.95) if q[0] == 5 else (0.05, 0.14)
        out.append(Building(q, _rect(layout, q, u0, u1, 0.15, 0.85), "commercial", "红旗大街商业楼", compound, floors=2))
    for k, (poly, use, capacity, units) in enumerate(footprints, start=1):
        name = f"{k}号楼"
        if q == LAND_SCHOOL_BUILDING and k == 1:
            name = LAND_SCHOOL_NAME
        out.append(Building(q, poly, use, name, LAND_SCHOOL_NAME if name == LAND_SCHOOL_NAME else compound,
                            capacity=capacity, units=units, tower=tower))
    return out


def _number_addresses(buildings: list[Building]) -> None:
    """Address every building: "road number-k号", k counting the compound's buildings."""
    counters: dict[tuple[str, int], int] = {}
    for b in buildings:
        road, number = compound_number(b.quad)
        if b.compound == HOSPITAL_NAME or b.use == "school" or b.use == "office":
            key = (road, number)
            counters[key] = counters.get(key, 0) + 1
            b.address = f"{road}{number}号" if counters[key] == 1 else f"{road}{number}-{counters[key]}号"
            continue
        key = (road, number)
        counters[key] = counters.get(key, 0) + 1
        b.address = f"{road}{number}-{counters[key]}号"


def share_households(buildings: list[Building], cell_targets: dict[str, int]) -> None:
    """Give each cell's residential buildings households summing to the cell's target.

    Floors follow from households: households per floor is fixed by the building type.
    """
    by_cell: dict[str, list[Building]] = {}
    for b in buildings:
        if b.use == "residential":
            by_cell.setdefault(b.grid_code, []).append(b)
    for code, members in by_cell.items():
        target = cell_targets.get(code, 0) if code is not None else 88 * len(members)
        weights = np.array([b.capacity for b in members], dtype=float)
        raw = target * weights / weights.sum()
        counts = np.floor(raw).astype(int)
        # Hand out the remainder to the largest fractional parts (deterministic).
        for k in np.argsort(-(raw - counts), kind="stable")[: target - counts.sum()]:
            counts[k] += 1
        for b, hh in zip(members, counts):
            b.households = int(hh)
            b.floors = max(2, math.ceil(hh / b.units))
