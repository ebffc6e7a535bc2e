"""Editing grid cells as a coverage: a vertex shared by neighbouring cells, the communities and the
boundary moves in all of them; a border is reshaped, a cell split along a polyline, a new cell drawn
or a cell deleted with the area going to the cells around it. No Qt.

Every function takes the user's input in the metric CRS (the canvas's) and returns new frames
(layer name -> frame in the storage CRS) for the caller to apply as one undoable step. The work is
done on the stored coordinates, so vertices an edit does not touch keep their exact values (a
neighbour that is not edited still shares them bit for bit). Before returning, the result is
checked: no area the edited cells covered is left uncovered, no new overlap, nothing outside the
street; otherwise TopologyError says which cells and nothing changes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from layers.messages import add_messages, msg

from ..io.crs import transformer
from .coverage.spatial import valid_for_overlay

SHARED_M = 0.05          # vertices (or a vertex and an edge) closer than this are one point
AREA_M2 = 0.05           # gaps and overlaps smaller than this are floating-point noise
TOPO_LAYERS = ("grid_cells", "communities", "boundary")

add_messages({
    "topo_no_vertex": {"zh": "这里没有可编辑的节点（网格、社区或街道边界）", "en": "no vertex of a cell, community or the boundary here"},
    "topo_no_edge": {"zh": "这里没有网格、社区或街道边界的边", "en": "no edge of a cell, community or the boundary here"},
    "topo_invalid": {"zh": "编辑后{what}会自相交或退化，已取消", "en": "the edit would make {what} cross itself or collapse; nothing changed"},
    "topo_gap": {"zh": "编辑会在{cells}处留下约 {area} 平方米空白，已取消", "en": "the edit would leave a gap of about {area} m² at {cells}; nothing changed"},
    "topo_overlap": {"zh": "编辑会使网格 {a} 与 {b} 重叠约 {area} 平方米，已取消", "en": "the edit would make cells {a} and {b} overlap by about {area} m²; nothing changed"},
    "topo_outside": {"zh": "编辑会使网格 {cell} 超出街道边界约 {area} 平方米，已取消", "en": "the edit would take cell {cell} about {area} m² outside the street boundary; nothing changed"},
    "topo_ring_small": {"zh": "删除后{what}剩不到三个节点", "en": "{what} would keep fewer than three vertices"},
    "topo_no_cell_start": {"zh": "线的起点须在要扩大的网格内", "en": "start the line inside the cell that is to grow"},
    "topo_reshape_nothing": {"zh": "线没有从其他网格切下任何部分（须越过边界再回到起点网格）",
                             "en": "the line cuts nothing off another cell (cross the border and come back into the starting cell)"},
    "topo_not_one": {"zh": "结果不是一个多边形：{what}", "en": "the result is not one polygon: {what}"},
    "topo_split_once": {"zh": "切分线须从网格一侧穿到另一侧，恰好切成两块（现在 {n} 块）",
                        "en": "the line must cross the cell from one side to the other, cutting it in two (now {n} pieces)"},
    "topo_draw_outside": {"zh": "新网格不在街道边界内", "en": "the new cell lies outside the street boundary"},
    "topo_no_neighbour": {"zh": "网格 {cell} 没有相邻网格可以接收其范围", "en": "cell {cell} has no neighbour to take its area"},
    "topo_no_cells": {"zh": "项目中没有网格", "en": "the project has no grid cells"},
})


class TopologyError(ValueError):
    """An edit that would break the coverage (or has nothing to act on); the project is unchanged."""


# -- coordinates -------------------------------------------------------------------------------------
def to_storage(project, geoms) -> np.ndarray:
    """Geometries in the metric CRS -> the storage CRS."""
    t = transformer(project.metric_crs, project.storage_crs)
    return shapely.transform(np.asarray(geoms, dtype=object), lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def to_metric(project, geoms) -> np.ndarray:
    t = transformer(project.storage_crs, project.metric_crs)
    return shapely.transform(np.asarray(geoms, dtype=object), lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def _layers(project) -> list[str]:
    return [n for n in TOPO_LAYERS if n in project and len(project[n])]


def _ring_pairs(geom_s, geom_m, fn):
    """``geom_s`` rebuilt with each ring's coordinates passed through ``fn(ring_s, ring_m)`` (the same
    ring in the storage and metric CRS); None when ``fn`` changed nothing."""
    multi = geom_s.geom_type == "MultiPolygon"
    parts_s = list(geom_s.geoms) if multi else [geom_s]
    parts_m = list(geom_m.geoms) if multi else [geom_m]
    changed, out = False, []
    for ps, pm in zip(parts_s, parts_m):
        rings_s = [np.asarray(ps.exterior.coords)] + [np.asarray(r.coords) for r in ps.interiors]
        rings_m = [np.asarray(pm.exterior.coords)] + [np.asarray(r.coords) for r in pm.interiors]
        new = []
        for rs, rm in zip(rings_s, rings_m):
            done = fn(rs, rm)
            changed |= done is not None
            new.append(rs if done is None else done)
        out.append((new[0], new[1:]))
    if not changed:
        return None
    polys = [shapely.Polygon(shell, holes) for shell, holes in out]
    return shapely.MultiPolygon(polys) if multi else polys[0]


def _segment_distance(p: np.ndarray, ring: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distance of point ``p`` to each segment of ``ring``, the nearest point's parameter 0..1)."""
    a, b = ring[:-1, :2], ring[1:, :2]
    d = b - a
    length2 = (d ** 2).sum(axis=1)
    t = np.clip(np.divide(((p[:2] - a) * d).sum(axis=1), length2, out=np.zeros(len(a)), where=length2 > 0), 0, 1)
    nearest = a + d * t[:, None]
    return np.hypot(*(nearest - p[:2]).T), t


def _vertex_at(project, at, tolerance: float) -> np.ndarray | None:
    """The metric position of the vertex of a topology layer nearest ``at`` within ``tolerance``."""
    best, best_d = None, tolerance
    for name in _layers(project):
        xy = shapely.get_coordinates(np.asarray(project.to_metric(name).geometry.values))
        if not len(xy):
            continue
        d = np.hypot(xy[:, 0] - at[0], xy[:, 1] - at[1])
        k = int(np.argmin(d))
        if d[k] <= best_d:
            best, best_d = xy[k], d[k]
    return best


def _edge_at(project, at, tolerance: float) -> np.ndarray | None:
    """The point on the nearest edge of a topology layer within ``tolerance`` of ``at`` (metric)."""
    point = shapely.Point(at)
    best, best_d = None, tolerance
    for name in _layers(project):
        geoms = np.asarray(project.to_metric(name).geometry.values)
        d = shapely.distance(shapely.boundary(geoms), point)
        k = int(np.argmin(d))
        if d[k] <= best_d:
            nearest = shapely.shortest_line(shapely.boundary(geoms[k]), point).coords[0]
            best, best_d = np.asarray(nearest), d[k]
    return best


def _edit_vertices(project, v_m: np.ndarray, fn) -> dict[str, dict[int, object]]:
    """Apply ``fn(ring_s, ring_m, hits, inserted)`` to every ring of the topology layers with a vertex at
    ``v_m`` (``hits``: its indices) — or, inserting one first, an edge through it (T-junctions)."""
    changes: dict[str, dict[int, object]] = {}
    v_s = None
    for name in _layers(project):
        storage = np.asarray(project[name].data.geometry.values)
        metric = np.asarray(project.to_metric(name).geometry.values)
        near = np.flatnonzero(shapely.distance(metric, shapely.Point(v_m)) <= SHARED_M)
        for row in near:
            def ring_fn(rs, rm):
                nonlocal v_s
                hits = np.flatnonzero(np.hypot(rm[:, 0] - v_m[0], rm[:, 1] - v_m[1]) <= SHARED_M)
                inserted = not len(hits)
                if inserted:
                    dist, _t = _segment_distance(v_m, rm)
                    j = int(np.argmin(dist))
                    if dist[j] > SHARED_M:
                        return None
                    if v_s is None:
                        v_s = to_storage(project, [shapely.Point(v_m)])[0].coords[0]
                    rs = np.insert(rs, j + 1, np.asarray(v_s)[:rs.shape[1]] if rs.shape[1] == 2 else [*v_s, 0], axis=0)
                    rm = np.insert(rm, j + 1, [*v_m[:2], *([0] * (rm.shape[1] - 2))], axis=0)
                    hits = np.array([j + 1])
                return fn(rs, rm, hits, inserted)
            new = _ring_pairs(storage[row], metric[row], ring_fn)
            if new is not None:
                changes.setdefault(name, {})[int(row)] = new
    return changes


def move_vertex(project, at, to, tolerance: float) -> dict[str, pd.DataFrame]:
    """Move the vertex nearest ``at`` (within ``tolerance`` metres) to ``to``, in every cell,
    community and boundary that has it (or an edge through it)."""
    v = _vertex_at(project, at, tolerance)
    if v is None:
        raise TopologyError(msg("topo_no_vertex"))
    target = to_storage(project, [shapely.Point(to[0], to[1])])[0].coords[0]

    def move(rs, rm, hits, _inserted):
        rs = rs.copy()
        rs[hits, 0], rs[hits, 1] = target[0], target[1]
        return rs
    return _finish(project, _edit_vertices(project, v, move))


def insert_vertex(project, at, tolerance: float) -> dict[str, pd.DataFrame]:
    """Add a vertex on the edge nearest ``at`` in every feature that has that edge (the shape does
    not change; the vertex is then shared, ready to move)."""
    p = _edge_at(project, at, tolerance)
    if p is None:
        raise TopologyError(msg("topo_no_edge"))

    # a ring that has a vertex there already is left as it is
    return _finish(project, _edit_vertices(project, p, lambda rs, rm, hits, inserted: rs if inserted else None))


def delete_vertex(project, at, tolerance: float) -> dict[str, pd.DataFrame]:
    """Remove the vertex nearest ``at`` from every feature that has it."""
    v = _vertex_at(project, at, tolerance)
    if v is None:
        raise TopologyError(msg("topo_no_vertex"))

    def drop(rs, rm, hits, _inserted):
        keep = np.ones(len(rs), dtype=bool)
        keep[hits] = False
        out = rs[keep]
        if keep[0] != keep[-1] or not keep[0]:       # the ring's start went: close it again
            out = np.vstack([out[:-1] if not keep[-1] and keep[0] else out, out[:1]])
            if not np.array_equal(out[0], out[-1]):
                out = np.vstack([out, out[:1]])
        if len(out) < 4:
            raise TopologyError(msg("topo_ring_small", what=_what(project, None)))
        return out
    return _finish(project, _edit_vertices(project, v, drop))


def vertex_near(project, at, tolerance: float):
    """The metric position of the topology vertex nearest ``at`` within ``tolerance`` (None if none)."""
    return _vertex_at(project, at, tolerance)


def drag_preview(project, v_m, to) -> dict[int, object]:
    """Cells (row -> metric polygon) as they would be with the vertex at ``v_m`` dragged to ``to``:
    cheap, for drawing while the mouse moves (no T-junctions, no checks)."""
    if "grid_cells" not in project:
        return {}
    metric = np.asarray(project.to_metric("grid_cells").geometry.values)
    out = {}
    for row in np.flatnonzero(shapely.distance(metric, shapely.Point(v_m)) <= SHARED_M):
        def fn(xy, v=np.asarray(v_m[:2])):
            hit = np.hypot(xy[:, 0] - v[0], xy[:, 1] - v[1]) <= SHARED_M
            xy = xy.copy()
            xy[hit] = to[:2]
            return xy
        out[int(row)] = shapely.transform(metric[row], fn)
    return out


def households_in(project, polygons: dict[int, object]) -> dict[int, int]:
    """Households of the buildings whose centre lies in each polygon (row -> metric polygon)."""
    if "buildings" not in project or not len(project["buildings"]):
        return {row: 0 for row in polygons}
    x, y = project.metric_xy("buildings")
    households = pd.to_numeric(project["buildings"].data["households"], errors="coerce").fillna(0).to_numpy()
    out = {}
    for row, geom in polygons.items():
        box = shapely.bounds(geom)
        near = np.flatnonzero((x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3]))
        inside = near[shapely.contains_xy(geom, x[near], y[near])] if len(near) else near
        out[row] = int(households[inside].sum())
    return out


# -- areas ---------------------------------------------------------------------------------------------
def _line_storage(project, line_m):
    return to_storage(project, [line_m])[0]


def _pieces(geom, line) -> list:
    from shapely.ops import split
    return [p for p in shapely.get_parts(np.asarray([split(geom, line)])) if p.geom_type == "Polygon" and p.area > 0]


def reshape(project, line_m) -> dict[str, pd.DataFrame]:
    """Move a border by drawing a line: it starts inside the cell that grows, crosses into its
    neighbours and comes back; what the line cuts off a neighbour on the starting cell's side (the
    smaller piece) joins the starting cell."""
    cells = project["grid_cells"].data if "grid_cells" in project else None
    if cells is None or not len(cells):
        raise TopologyError(msg("topo_no_cells"))
    metric = np.asarray(project.to_metric("grid_cells").geometry.values)
    start = shapely.Point(line_m.coords[0])
    inside = np.flatnonzero(shapely.contains(metric, start))
    if not len(inside):
        raise TopologyError(msg("topo_no_cell_start"))
    s = int(inside[0])
    storage = np.asarray(cells.geometry.values)
    line = _line_storage(project, line_m)
    grown = storage[s]
    changes: dict[int, object] = {}
    for row in np.flatnonzero(shapely.intersects(metric, line_m)):
        if row == s:
            continue
        pieces = [q for piece in _pieces(storage[row], line) for q in _clean_parts(project, piece)]
        if len(pieces) < 2:
            continue
        pieces.sort(key=lambda p: -p.area)
        given = [p for p in pieces[1:] if shapely.length(shapely.intersection(p.boundary, storage[s].boundary)) > 0]
        if not given:
            continue
        rest = shapely.union_all([pieces[0], *[p for p in pieces[1:] if all(p is not g for g in given)]])
        changes[int(row)] = _one_polygon(project, rest, row)
        grown = shapely.union_all([grown, *given])
    if not changes:
        raise TopologyError(msg("topo_reshape_nothing"))
    changes[s] = _one_polygon(project, grown, s)
    return _finish(project, {"grid_cells": changes})


def split_cell(project, row: int, line_m) -> dict[str, pd.DataFrame]:
    """Split cell ``row`` along a polyline (metric) crossing it once. The larger part keeps the code
    and worker; the other becomes a new cell with the community's next free code and no worker."""
    cells = project["grid_cells"].data
    pieces = [q for piece in _pieces(np.asarray(cells.geometry.values)[row], _line_storage(project, line_m))
              for q in _clean_parts(project, piece)]
    if len(pieces) != 2:
        raise TopologyError(msg("topo_split_once", n=len(pieces)))
    pieces.sort(key=lambda p: -p.area)
    new = _new_cell_row(cells, row, cells["community_code"].iloc[row])
    new["name"] = f"{cells['name'].iloc[row] or new['grid_code']}（分）"
    return _finish(project, {"grid_cells": {int(row): pieces[0]}}, new_cells=[(new, pieces[1])])


def draw_cell(project, polygon_m, community_code: str | None = None) -> dict[str, pd.DataFrame]:
    """A new cell where ``polygon_m`` is, clipped to the boundary, taking its area from the cells it
    covers (a cell left in pieces keeps its largest; the others join the new cell)."""
    cells = project["grid_cells"].data if "grid_cells" in project else None
    if cells is None:
        raise TopologyError(msg("topo_no_cells"))
    shape = to_storage(project, [shapely.make_valid(polygon_m)])[0]
    if "boundary" in project and len(project["boundary"]):
        shape = shapely.intersection(shape, shapely.union_all(np.asarray(project["boundary"].data.geometry.values)))
    shape = _largest(shape)
    if shape is None:
        raise TopologyError(msg("topo_draw_outside"))
    storage = np.asarray(cells.geometry.values)
    changes: dict[int, object] = {}
    extra = []
    for row in np.flatnonzero(shapely.intersects(storage, shape)):
        parts = sorted(_clean_parts(project, shapely.difference(storage[row], shape)), key=lambda p: -p.area)
        changes[int(row)] = parts[0] if parts else None
        extra += parts[1:]
    new_geom = _one_polygon(project, shapely.union_all([shape, *extra]), None)
    if community_code is None:
        community_code = _community_at(project, new_geom, cells, list(changes))
    new = _new_cell_row(cells, None, community_code)
    return _finish(project, {"grid_cells": changes}, new_cells=[(new, new_geom)])


def delete_cell(project, row: int, to_row: int | None = None) -> dict[str, pd.DataFrame]:
    """Remove cell ``row``; its area joins ``to_row`` (default: the neighbour sharing the longest
    border), whose code then holds the buildings and incidents that were in it."""
    cells = project["grid_cells"].data
    storage = np.asarray(cells.geometry.values)
    metric = np.asarray(project.to_metric("grid_cells").geometry.values)
    if to_row is None:
        shared = shapely.length(shapely.intersection(shapely.boundary(metric), metric[row].boundary))
        shared[row] = 0
        if not len(shared) or shared.max() <= 0:
            raise TopologyError(msg("topo_no_neighbour", cell=cells["grid_code"].iloc[row]))
        to_row = int(np.argmax(shared))
    merged = _one_polygon(project, shapely.union_all([storage[to_row], storage[row]]), to_row)
    return _finish(project, {"grid_cells": {int(to_row): merged, int(row): None}})


# -- helpers ---------------------------------------------------------------------------------------------
def _largest(geom):
    parts = [p for p in shapely.get_parts(np.asarray([geom])) if p.geom_type == "Polygon" and p.area > 0]
    return max(parts, key=lambda p: p.area) if parts else None


def _one_polygon(project, geom, row):
    if geom.geom_type != "Polygon":
        # a sliver of noise between two pieces that share a border: close it, a hair's width
        fixed = _largest(shapely.buffer(shapely.buffer(geom, 1e-9), -1e-9))
        parts = [p for p in shapely.get_parts(np.asarray([geom])) if p.area > 0]
        if fixed is None or abs(fixed.area - sum(p.area for p in parts)) > 1e-6 * max(fixed.area, 1e-12):
            raise TopologyError(msg("topo_not_one", what=_what(project, row)))
        geom = fixed
    return geom


def _what(project, row) -> str:
    if row is None or "grid_cells" not in project:
        return "—"
    cells = project["grid_cells"].data
    return str(cells["grid_code"].iloc[row]) if row < len(cells) else "—"


def _next_code(codes, community_code: str) -> str:
    used = {int(c[-3:]) for c in codes if isinstance(c, str) and c.startswith(community_code) and c[-3:].isdigit()}
    seq = 1
    while seq in used:
        seq += 1
    return f"{community_code}{seq:03d}"


def _new_cell_row(cells: pd.DataFrame, like: int | None, community_code) -> dict:
    row = {c: None for c in cells.columns if c != cells.geometry.name}
    if like is not None:
        row.update({c: cells[c].iloc[like] for c in row})
    row.pop("fid", None)
    code = _next_code(cells["grid_code"].tolist(), str(community_code or ""))
    row.update({"grid_code": code, "community_code": community_code, "name": code,
                "worker": None, "worker_phone": None, "households": None})
    return row


def _community_at(project, geom, cells, rows) -> str | None:
    if "communities" in project and len(project["communities"]):
        comm = project["communities"].data
        share = shapely.area(shapely.intersection(np.asarray(comm.geometry.values), geom))
        if share.max() > 0:
            return comm["community_code"].iloc[int(np.argmax(share))]
    if rows:
        return cells["community_code"].iloc[rows[0]]
    return None


def _finish(project, changes: dict, new_cells: list | None = None) -> dict[str, pd.DataFrame]:
    """Check the edit keeps the coverage, then the new frames (with what follows an edit)."""
    new_cells = [(row, _metric_clean(project, g)) for row, g in (new_cells or [])]
    if "grid_cells" in changes:
        changes = {**changes, "grid_cells": {r: _metric_clean(project, g) for r, g in changes["grid_cells"].items()}}
    for name, rows in changes.items():
        for row, geom in rows.items():
            if geom is not None and not shapely.is_valid(geom):
                raise TopologyError(msg("topo_invalid", what=_label(project, name, row)))
    if "grid_cells" in project:
        try:
            _verify(project, changes.get("grid_cells", {}), [g for _r, g in new_cells], changes.get("boundary", {}))
        except shapely.errors.GEOSException as exc:        # a sliver GEOS cannot overlay: refuse the edit
            raise TopologyError(msg("topo_invalid", what="、".join(
                _label(project, n, r) for n, rows in changes.items() for r in list(rows)[:3]))) from exc
    frames: dict[str, pd.DataFrame] = {}
    for name, rows in changes.items():
        frame = project[name].data.copy()
        live = [r for r, g in rows.items() if g is not None]
        if live:
            frame.loc[frame.index[live], frame.geometry.name] = np.asarray([rows[r] for r in live], dtype=object)
        gone = [r for r, g in rows.items() if g is None]
        frames[name] = frame.drop(index=frame.index[gone]) if gone else frame
    if new_cells:
        import geopandas as gpd
        cells = frames.get("grid_cells", project["grid_cells"].data)
        added = gpd.GeoDataFrame([row for row, _g in new_cells], geometry=[g for _r, g in new_cells], crs=cells.crs)
        added = added.rename_geometry(cells.geometry.name) if added.geometry.name != cells.geometry.name else added
        frames["grid_cells"] = gpd.GeoDataFrame(pd.concat([cells, added], ignore_index=True),
                                                geometry=cells.geometry.name, crs=cells.crs)
    from .follow_edits import follow_edits
    return follow_edits(project, frames)


def _label(project, name: str, row: int) -> str:
    if name == "grid_cells":
        return _what(project, row)
    return {"boundary": "街道边界 / boundary", "communities": "社区 / community"}.get(name, name)


def _clean_parts(project, geom) -> list:
    """The polygons of ``geom`` (storage CRS) as they really are: a piece joined to another only by
    a hair's-width neck (a corner drawn onto an edge) is two pieces, found in the metric copy."""
    parts = [p for p in shapely.get_parts(np.asarray([geom])) if p.geom_type == "Polygon" and p.area > 0]
    out = []
    for part in parts:
        metric = to_metric(project, [part])[0]
        if shapely.is_valid(metric):
            out.append(part)
            continue
        pieces = [q for q in shapely.get_parts(np.asarray([shapely.make_valid(metric)]))
                  if q.geom_type == "Polygon" and q.area > AREA_M2]
        out += list(to_storage(project, pieces)) if pieces else [part]
    return out


def _metric_clean(project, geom):
    """``geom`` (storage CRS), or — when it is valid there but its metric copy pinches into a
    self-touching ring (a line drawn through a vertex, a hair's width off) — the metric copy
    repaired and brought back. The repair moves nothing by more than floating-point noise."""
    if geom is None:
        return None
    metric = to_metric(project, [geom])[0]
    if shapely.is_valid(metric):
        return geom
    fixed = _largest(shapely.make_valid(metric))
    if fixed is None or abs(fixed.area - metric.area) > AREA_M2:
        return geom                            # a real fault: the checks refuse it
    back = to_storage(project, [fixed])[0]
    return back if shapely.is_valid(back) and shapely.is_valid(to_metric(project, [back])[0]) else geom


def _verify(project, changed: dict[int, object], added: list, boundary_changes: dict) -> None:
    cells = project["grid_cells"].data
    old_m = valid_for_overlay(np.asarray(project.to_metric("grid_cells").geometry.values))   # a broken cell is the check's finding
    rows = sorted(changed)
    live_rows = [r for r in rows if changed[r] is not None]
    new_geoms = list(to_metric(project, [changed[r] for r in live_rows])) + list(to_metric(project, added)) \
        if (live_rows or added) else []
    if any(not shapely.is_valid(g) for g in new_geoms):
        raise TopologyError(msg("topo_invalid", what="、".join(_what(project, r) for r in live_rows[:3]) or "—"))
    after_all = old_m.copy()
    for r in rows:
        after_all[r] = None
    for r, g in zip(live_rows, new_geoms):
        after_all[r] = g
    after_all = np.concatenate([after_all, np.asarray(new_geoms[len(live_rows):], dtype=object)])
    codes = list(cells["grid_code"].astype(str)) + ["(新)"] * len(added)
    # 1. no new uncovered area and 2. no new area outside the street, around the edit
    edited = [i for i in range(len(after_all)) if after_all[i] is not None and (i in changed or i >= len(old_m))]
    pieces = [g for g in [*old_m[rows], *new_geoms] if g is not None]
    b_old = b_new = None
    if "boundary" in project and len(project["boundary"]):
        b_old = np.asarray(project.to_metric("boundary").geometry.values)
        b_new = b_old.copy()
        for r, g in boundary_changes.items():
            b_new[r] = to_metric(project, [g])[0]
            pieces += [b_old[r], b_new[r]]
    if pieces:
        local = shapely.box(*shapely.total_bounds(np.asarray(pieces, dtype=object))).buffer(1.0)
        near_old = old_m[shapely.intersects(old_m, local)]
        live_after = np.asarray([g for g in after_all if g is not None], dtype=object)
        near_new = live_after[shapely.intersects(live_after, local)] if len(live_after) else live_after
        cover_old = shapely.intersection(shapely.union_all(near_old), local)
        cover_new = shapely.intersection(shapely.union_all(near_new), local)
        if b_old is not None:
            street_old = shapely.intersection(shapely.union_all(b_old), local)
            street_new = shapely.intersection(shapely.union_all(b_new), local)
        else:                                  # no boundary: the cells' own outline is the street
            street_old, street_new = cover_old, shapely.union(cover_old, cover_new)
        gap = shapely.difference(street_new, cover_new).area - shapely.difference(street_old, cover_old).area
        if gap > AREA_M2:
            raise TopologyError(msg("topo_gap", area=f"{gap:,.1f}", cells="、".join(codes[r] for r in rows[:4]) or "—"))
        if b_old is not None:
            for i in edited:
                outside = shapely.difference(after_all[i], street_new).area
                was = shapely.difference(old_m[i], street_old).area if i < len(old_m) else 0.0
                if outside > was + AREA_M2:
                    raise TopologyError(msg("topo_outside", cell=codes[i], area=f"{outside:,.1f}"))
    # 3. no new overlap
    live = np.asarray([i for i in range(len(after_all)) if after_all[i] is not None])
    tree = shapely.STRtree(after_all[live])
    for i in edited:
        for j in live[tree.query(after_all[i], predicate="intersects")]:
            if j == i:
                continue
            area = shapely.intersection(after_all[i], after_all[j]).area
            if area <= AREA_M2:
                continue
            was = shapely.intersection(old_m[i], old_m[j]).area if i < len(old_m) and j < len(old_m) else 0.0
            if area > was + AREA_M2:
                raise TopologyError(msg("topo_overlap", a=codes[i], b=codes[j], area=f"{area:,.1f}"))
