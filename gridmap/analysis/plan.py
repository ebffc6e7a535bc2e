"""Drafting the grid cells of a street (``gridmap plan``): blocks of the road network inside each
community, split where they hold too many households and merged where too few; cells tile each
community, never cross its border, never split a building, and are numbered by DB11/T 2157-2023.
No Qt.

1. Units: each community (less the cells kept) is cut by every road into blocks (polygonize).
2. A unit with more than MAX households is cut in two across its long axis, at the gap between
   buildings that best balances the households, again until every part holds at most MAX.
3. A unit with fewer than MIN households joins the neighbour (same community) that keeps the sum
   lowest within MAX, the longest shared border breaking ties; units with no households join the
   neighbour they share most border with. A community with fewer than MIN households is one cell.
4. A building a cut went through is given whole to the cell holding its centre.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from .fixes import db11_order

MAJOR_ROADS = ("motorway", "trunk", "primary", "secondary", "tertiary")
INTERIOR_M = 15.0           # a road farther than this from every cell border runs through a cell


@dataclass
class PlanResult:
    cells: list                      # metric polygons
    households: np.ndarray
    community: list[str]
    codes: list[str]
    names: list[str]
    building_cell: np.ndarray        # per building: index into cells (-1: none)
    seconds: float = 0.0
    summary: dict = field(default_factory=dict)
    pieces: list = field(default_factory=list)   # per cell: its blocks [(metric polygon, building indices)]


def polsby_popper(geoms) -> np.ndarray:
    """4πA/P² per polygon: 1 for a circle, small for a ragged or long thin shape."""
    geoms = np.asarray(geoms, dtype=object)
    perimeter = shapely.length(geoms)
    return np.divide(4 * np.pi * shapely.area(geoms), perimeter ** 2, out=np.zeros(len(geoms)), where=perimeter > 0)


def plan_community(area, roads: np.ndarray, buildings: np.ndarray, households: np.ndarray,
                   low: int, high: int, major=None) -> list[tuple[object, np.ndarray]]:
    """(polygon, building indices) per cell for one community's ``area`` (metric); ``major``: the
    zone along the main roads (a merge across them is the last resort)."""
    centres = shapely.point_on_surface(buildings) if len(buildings) else np.empty(0, dtype=object)
    total = float(households.sum())
    if total < low or area.area <= 0:
        return [(area, np.arange(len(buildings)), [(area, np.arange(len(buildings)))])]
    units = _blocks(area, roads)
    members = _members(units, centres)
    pieces = [[(u, m)] for u, m in zip(units, members)]
    for _round in range(3):                 # a merge that had to overfill a unit is split again
        units, members, pieces = _split_all(units, members, buildings, centres, households, high, low, pieces)
        units, members, pieces = _merge_all(units, members, households, low, high, major, pieces)
        if all(households[m].sum() <= high for m in members):
            break
    return [(u, m, p) for u, m, p in zip(units, members, pieces)]



def _blocks(area, roads: np.ndarray) -> list:
    lines = [area.boundary]
    if len(roads):
        near = roads[shapely.intersects(roads, area)]
        if len(near):
            lines.append(shapely.intersection(shapely.union_all(near), area))
    noded = shapely.union_all(np.asarray(lines, dtype=object))
    pieces = [p for p in shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
              if p.area > 1.0 and area.contains(p.representative_point())]
    covered = shapely.union_all(np.asarray(pieces, dtype=object)) if pieces else shapely.Polygon()
    rest = shapely.difference(area, covered)          # what the roads' lines did not close off
    pieces += [p for p in shapely.get_parts(rest) if p.geom_type == "Polygon" and p.area > 1.0]
    return pieces or [area]


def _members(units: list, centres: np.ndarray) -> list[np.ndarray]:
    if not len(centres):
        return [np.empty(0, dtype=int) for _ in units]
    tree = shapely.STRtree(np.asarray(units, dtype=object))
    pts, unit = tree.query(centres, predicate="within")
    owner = np.full(len(centres), -1)
    owner[pts] = unit
    lost = np.flatnonzero(owner < 0)
    if len(lost):                                     # a centre on a road line: the nearest unit
        owner[lost] = tree.nearest(centres[lost])
    return [np.flatnonzero(owner == k) for k in range(len(units))]


def _split_all(units, members, buildings, centres, households, high, low, pieces):
    """Units over ``high`` cut in two until none is (``pieces``: the blocks each unit is made of;
    a cut unit is made of its two halves)."""
    out_u, out_m, out_p = [], [], []
    todo = list(zip(units, members, pieces))
    while todo:
        unit, idx, parts_of = todo.pop()
        h = households[idx].sum()
        parts = None if h <= high or len(idx) < 2 else _bisect(unit, idx, buildings, centres, households, high, low)
        if parts is None:
            out_u.append(unit)
            out_m.append(idx)
            out_p.append(parts_of)
            continue
        todo += [(g, m, [(g, m)]) for g, m in parts]
    return out_u, out_m, out_p


def _bisect(unit, idx, buildings, centres, households, high, low=0):
    """Cut ``unit`` across its long axis at the gap between buildings that best splits the households
    into ceil(k/2) and floor(k/2) shares (k cells needed); None if no cut gives two pieces."""
    rect = unit.minimum_rotated_rectangle
    xy = np.asarray(rect.exterior.coords)[:4]
    edges = np.diff(np.vstack([xy, xy[:1]]), axis=0)
    axis = edges[int(np.argmax(np.hypot(*edges.T)))]
    axis = axis / np.hypot(*axis)
    normal = np.array([-axis[1], axis[0]])
    c = np.asarray(shapely.get_coordinates(centres[idx]))
    t = c @ axis
    order = np.argsort(t)
    h = households[idx][order]
    k = int(np.ceil(h.sum() / high))
    k_left, k_right = int(np.ceil(k / 2)), k // 2
    share = k_left / k
    cum = np.cumsum(h)
    # building extents along the axis: a cut between two extents crosses no building
    xy, which = shapely.get_coordinates(buildings[idx][order], return_index=True)
    along = xy @ axis
    lo = np.full(len(order), np.inf)
    hi = np.full(len(order), -np.inf)
    np.minimum.at(lo, which, along)
    np.maximum.at(hi, which, along)
    before_hi = np.maximum.accumulate(hi)[:-1]              # the last extent of the first j+1 buildings
    after_lo = np.minimum.accumulate(lo[::-1])[::-1][1:]    # the first extent of the rest
    left = cum[:-1]
    right = cum[-1] - left
    # first: both sides can make whole cells in range; then: no building crossed; then: balance
    feasible = ((k_left * low <= left) & (left <= k_left * high) & (k_right * low <= right)
                & (right <= max(k_right, 1) * high))
    crosses = before_hi > after_lo
    score = np.where(feasible, 0, 10) + crosses + np.abs(left / cum[-1] - share)
    if not len(score):
        return None
    j = int(np.argmin(score))
    ts = t[order]
    best = (before_hi[j] + after_lo[j]) / 2 if not crosses[j] else (ts[j] + ts[j + 1]) / 2
    if best is None:
        return None
    centre = np.asarray(unit.centroid.coords[0])
    origin = centre + axis * (best - centre @ axis)
    span = np.hypot(*(np.asarray(unit.bounds[2:]) - unit.bounds[:2])) * 2
    line = shapely.LineString([origin - normal * span, origin + normal * span])
    from shapely.ops import split
    pieces = [p for p in shapely.get_parts(split(unit, line)) if p.geom_type == "Polygon" and p.area > 1.0]
    if len(pieces) < 2:
        return None
    left = shapely.union_all([p for p in pieces if (np.asarray(p.centroid.coords[0]) @ axis) < best])
    right = shapely.union_all([p for p in pieces if (np.asarray(p.centroid.coords[0]) @ axis) >= best])
    if left.is_empty or right.is_empty:
        return None
    side = (c @ axis) < best
    return [(left, idx[side]), (right, idx[~side])]


def _merge_all(units, members, households, low, high, major, pieces):
    units, members, pieces = list(units), list(members), list(pieces)
    sums = [float(households[m].sum()) for m in members]
    for _ in range(4 * len(units) + 10):
        small = [k for k in range(len(units)) if sums[k] < low]
        if not small or len(units) == 1:
            break
        # populated units first (they decide the cells); empty blocks then join the cell they round off best
        k = min(small, key=lambda i: (sums[i] == 0, sums[i]))
        border = shapely.length(shapely.intersection(shapely.boundary(np.asarray(units, dtype=object)),
                                                     units[k].boundary))
        border[k] = 0
        neighbours = np.flatnonzero(border > 0.5)
        if not len(neighbours):
            break
        along = {int(n): _along_major(units[n], units[k], major) for n in neighbours}
        if sums[k] == 0:
            compact = {int(n): polsby_popper([shapely.union(units[n], units[k])])[0] for n in neighbours}
            j = int(min(neighbours, key=lambda n: (along[int(n)], -compact[int(n)])))
        else:
            fits = [n for n in neighbours if sums[n] + sums[k] <= high]
            pool = fits or list(neighbours)
            j = int(min(pool, key=lambda n: (along[int(n)], sums[n] + sums[k], -border[n])))
        merged = shapely.union(units[j], units[k])
        if merged.geom_type != "Polygon":
            merged = shapely.union_all([units[j], units[k]]).buffer(0.01).buffer(-0.01)
        units[j], members[j], sums[j] = merged, np.concatenate([members[j], members[k]]), sums[j] + sums[k]
        pieces[j] = pieces[j] + pieces[k]
        del units[k], members[k], sums[k], pieces[k]
    return units, members, pieces


def _along_major(a, b, major) -> bool:
    """Whether most of the border of ``a`` and ``b`` runs along a main road."""
    if major is None:
        return False
    shared = shapely.intersection(a.boundary, b.boundary)
    return shared.length > 0 and shapely.intersection(shared, major).length > 0.5 * shared.length


def _give_buildings_whole(cells: list, members: list, buildings: np.ndarray) -> list:
    """A building a border runs through goes whole to its cell: footprints move between cells."""
    owner = np.full(len(buildings), -1)
    for k, m in enumerate(members):
        owner[m] = k
    cells = list(cells)
    tree = shapely.STRtree(np.asarray(cells, dtype=object))
    b_idx, c_idx = tree.query(buildings, predicate="intersects")
    for b, c in zip(b_idx, c_idx):
        if owner[b] < 0 or owner[b] == c:
            continue
        overlap = shapely.intersection(cells[c], buildings[b]).area
        if overlap > 0.01:
            cells[c] = shapely.difference(cells[c], buildings[b])
            cells[owner[b]] = shapely.union(cells[owner[b]], buildings[b])
    return [_one(g) for g in cells]


def _one(geom):
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0]
    if len(parts) == 1:
        return parts[0]
    merged = shapely.union_all(parts).buffer(0.01).buffer(-0.01)
    return merged if merged.geom_type == "Polygon" else max(parts, key=lambda p: p.area)


def plan_grid(project, low: int = 200, high: int = 500, communities: list[str] | None = None,
              keep=None) -> PlanResult:
    """Draft cells for the project's communities (or ``communities``), outside ``keep`` (metric
    polygons of cells to keep)."""
    start = time.perf_counter()
    comm = project.to_metric("communities") if "communities" in project and len(project["communities"]) else None
    if comm is None:                  # no communities: the street is one, coded street code + 001
        area = shapely.union_all(np.asarray(project.to_metric("boundary").geometry.values))
        street = project["boundary"].data
        code = str(street["code"].iloc[0] or "") if "code" in street and len(street) else ""
        areas = [(f"{code}001" if len(code) == 9 and code.isdigit() else code, "", area)]
    else:
        areas = [(str(code), str(name or ""), geom) for code, name, geom in
                 zip(comm["community_code"], comm["name"], comm.geometry.values)]
    if communities:
        areas = [a for a in areas if a[0] in communities]
    if keep is not None and not keep.is_empty:
        areas = [(c, n, shapely.difference(g, keep)) for c, n, g in areas]
    roads = np.asarray(project.to_metric("roads").geometry.values) if "roads" in project else np.empty(0, object)
    if "buildings" in project and len(project["buildings"]):
        buildings = np.asarray(project.to_metric("buildings").geometry.values)
        households = pd.to_numeric(project["buildings"].data["households"], errors="coerce").fillna(0).to_numpy()
    else:
        buildings, households = np.empty(0, dtype=object), np.zeros(0)
    centres = shapely.point_on_surface(buildings) if len(buildings) else np.empty(0, dtype=object)
    major = None
    if len(roads) and "highway" in project["roads"].data:
        main = roads[project["roads"].data["highway"].isin(MAJOR_ROADS).to_numpy()]
        major = shapely.union_all(main).buffer(INTERIOR_M) if len(main) else None
    cells, members, community, names, codes, pieces = [], [], [], [], [], []
    for code, name, area in areas:
        if area.is_empty:
            continue
        inside = np.flatnonzero(shapely.within(centres, area)) if len(centres) else np.empty(0, dtype=int)
        found = plan_community(area, roads, buildings[inside], households[inside], low, high, major)
        geoms = [g for g, _m, _p in found]
        order = db11_order(np.asarray(geoms, dtype=object))
        for seq, k in enumerate(order, start=1):
            cells.append(geoms[k])
            members.append(inside[found[k][1]])
            pieces.append([(g, inside[m]) for g, m in found[k][2]])
            community.append(code)
            codes.append(f"{code}{seq:03d}")
            names.append(f"{name}第{seq}网格" if name else f"第{seq}网格")
    cells = _give_buildings_whole(cells, members, buildings) if len(buildings) else cells
    cell_of = np.full(len(buildings), -1)
    for k, m in enumerate(members):
        cell_of[m] = k
    sums = np.array([households[m].sum() for m in members]) if members else np.zeros(0)
    result = PlanResult(cells, sums, community, codes, names, cell_of, time.perf_counter() - start)
    result.pieces = pieces
    result.summary = plan_summary(project, result, low, high)
    return result


def plan_summary(project, result: PlanResult, low: int, high: int) -> dict:
    """Cells, households min/median/max and share in range, mean Polsby-Popper, share of main roads
    running through cell interiors, buildings split by a cell border."""
    cells = np.asarray(result.cells, dtype=object)
    out = {"cells": len(cells), "seconds": round(result.seconds, 2)}
    if not len(cells):
        return out
    h = result.households
    out.update(households_min=int(h.min()), households_median=float(np.median(h)), households_max=int(h.max()),
               in_range=float(np.mean((h >= low) & (h <= high))), polsby_popper=float(polsby_popper(cells).mean()))
    out["main_roads_interior"] = main_roads_interior(project, cells)
    if "buildings" in project and len(project["buildings"]):
        from .assignment import assign_buildings
        b = np.asarray(project.to_metric("buildings").geometry.values)
        a = assign_buildings(cells, b)
        out["split_buildings"] = int(((a.second >= 0) & (a.second_share > 0.01)).sum())
    return out


def layout_summary(project, low: int = 200, high: int = 500) -> dict:
    """The figures of ``plan_summary`` for the cells the project has (to compare a draft with)."""
    from .assignment import assign_buildings
    from .stats import cell_households
    if "grid_cells" not in project or not len(project["grid_cells"]):
        return {"cells": 0}
    cells = np.asarray(project.to_metric("grid_cells").geometry.values)
    h, _source = cell_households(project)
    out = {"cells": len(cells), "households_min": int(h.min()), "households_median": float(np.median(h)),
           "households_max": int(h.max()), "in_range": float(np.mean((h >= low) & (h <= high))),
           "polsby_popper": float(polsby_popper(cells).mean()), "main_roads_interior": main_roads_interior(project, cells)}
    if "buildings" in project and len(project["buildings"]):
        a = assign_buildings(cells, np.asarray(project.to_metric("buildings").geometry.values))
        out["split_buildings"] = int(((a.second >= 0) & (a.second_share > 0.01)).sum())
    return out


def main_roads_interior(project, cells: np.ndarray) -> float:
    """Share of the main roads' length (inside the cells) farther than 15 m from every cell border."""
    if "roads" not in project or "highway" not in project["roads"].data:
        return 0.0
    roads = project.to_metric("roads")
    major = np.asarray(roads.geometry.values)[roads["highway"].isin(MAJOR_ROADS).to_numpy()]
    if not len(major):
        return 0.0
    covered = shapely.union_all(cells)
    inside = shapely.intersection(shapely.union_all(major), covered)
    borders = shapely.union_all(shapely.boundary(cells)).buffer(INTERIOR_M)
    total = inside.length
    return float(shapely.difference(inside, borders).length / total) if total > 0 else 0.0


def plan_frames(project, result: PlanResult, keep_rows=None) -> dict[str, pd.DataFrame]:
    """The draft as project frames: grid_cells (the kept rows, then the drafted cells; workers
    empty) and buildings with their new grid_code."""
    import geopandas as gpd
    from .topology import to_storage
    old = project["grid_cells"].data if "grid_cells" in project else None
    crs = project.storage_crs
    drafted = gpd.GeoDataFrame({
        "grid_code": result.codes, "name": result.names, "community_code": result.community,
        "worker": [None] * len(result.codes), "worker_phone": [None] * len(result.codes),
        "households": pd.array([int(h) for h in result.households], dtype="Int64")},
        geometry=list(to_storage(project, result.cells)), crs=crs)
    if old is not None and keep_rows is not None and len(keep_rows):
        kept = old.iloc[sorted(int(r) for r in keep_rows)]
        drafted = gpd.GeoDataFrame(pd.concat([kept, drafted], ignore_index=True), geometry=old.geometry.name, crs=crs)
    elif old is not None and old.geometry.name != drafted.geometry.name:
        drafted = drafted.rename_geometry(old.geometry.name)
    frames = {"grid_cells": drafted}
    if "buildings" in project and len(project["buildings"]):
        b = project["buildings"].data.copy()
        codes = np.asarray(result.codes, dtype=object)
        known = result.building_cell >= 0
        values = b["grid_code"].astype(object).to_numpy(copy=True)
        values[known] = codes[result.building_cell[known]]
        b["grid_code"] = values
        frames["buildings"] = b
    return frames


def cells_to_keep(project, low: int, high: int) -> np.ndarray:
    """Rows of the project's cells that hold ``low``–``high`` households (``--keep-existing``)."""
    from .stats import cell_households
    values, _source = cell_households(project)
    return np.flatnonzero((values >= low) & (values <= high))


def move_block(project, result: PlanResult, x: float, y: float, low: int = 200, high: int = 500) -> int | None:
    """Move the block of the draft at (x, y) (metric) to the neighbouring draft cell it shares most
    border with (a second click moves it back); cells, households and the buildings' cells follow.
    Returns the receiving cell, or None when the block is its cell's only one, the point is in no
    block, or the cell left behind would fall apart (nothing changes then)."""
    here = shapely.Point(x, y)
    c = next((k for k, cell in enumerate(result.cells) if cell.covers(here)), None)
    if c is None or len(result.pieces[c]) < 2:
        return None
    p = next((i for i, (g, _m) in enumerate(result.pieces[c]) if g.covers(here)), None)
    if p is None:
        return None
    block, members = result.pieces[c][p]
    border = {}
    for k, parts in enumerate(result.pieces):
        if k == c or result.community[k] != result.community[c]:
            continue
        shared = sum(shapely.intersection(block.boundary, g.boundary).length for g, _m in parts)
        if shared > 0.5:
            border[k] = shared
    if not border:
        return None
    target = max(border, key=border.get)
    rest = result.pieces[c][:p] + result.pieces[c][p + 1:]
    left = _one(shapely.union_all([g for g, _m in rest]))
    if left.geom_type != "Polygon" or abs(left.area - sum(g.area for g, _m in rest)) > 1.0:
        return None
    result.pieces[c] = rest
    result.pieces[target] = result.pieces[target] + [(block, members)]
    buildings = np.asarray(project.to_metric("buildings").geometry.values) if "buildings" in project \
        else np.empty(0, dtype=object)
    households = pd.to_numeric(project["buildings"].data["households"], errors="coerce").fillna(0).to_numpy() \
        if "buildings" in project else np.zeros(0)
    cells = [_one(shapely.union_all([g for g, _m in parts])) for parts in result.pieces]
    members_all = [np.concatenate([m for _g, m in parts]).astype(int) for parts in result.pieces]
    result.cells = _give_buildings_whole(cells, members_all, buildings) if len(buildings) else cells
    result.households = np.array([households[m].sum() for m in members_all])
    result.building_cell = np.full(len(buildings), -1)
    for k, m in enumerate(members_all):
        result.building_cell[m] = k
    result.summary = plan_summary(project, result, low, high)
    return target
