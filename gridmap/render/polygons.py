"""Painters of polygon layers: boundary, communities, grid cells, buildings."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen

from layers.codes import BUILDING_USE, label

from ..analysis.stats import households_by_cell
from .cell_incidents import INCIDENT_STYLES, cell_fill_groups, cell_values, fill_kind
from . import palette
from .base import LayerPainter, selected_mask
from .context import RenderContext
from .labels import LabelPlacer, draw_halo_text, text_size
from .qt_helpers import device_polylines, fill_paths, lines_path, polygons_path, qcolor


def _cosmetic_pen(rgba, width: float, style=Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(qcolor(rgba), width)
    pen.setCosmetic(True)
    pen.setStyle(style)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def draw_selection(painter: QPainter, ctx: RenderContext, geoms: np.ndarray, layer) -> None:
    if len(layer.selection) == 0:
        return
    path = polygons_path(geoms[selected_mask(layer)])
    painter.setTransform(ctx.transform)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(_cosmetic_pen(palette.SELECTION, 3.0 * ctx.symbol_scale))
    painter.drawPath(path)


class BoundaryPainter(LayerPainter):
    """The street's boundary: a bold outline, no fill."""

    def _build(self):
        return polygons_path(self.metric().geometry.values)

    def _draw(self, painter, ctx, path):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(ctx.transform)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_cosmetic_pen(palette.BOUNDARY_OUTLINE, 3.2 * ctx.symbol_scale))
        if ctx.options.get("cull"):
            # A city boundary has many vertices: a printed page needs only the stretch it shows.
            r = ctx.world_rect
            rings = shapely.get_rings(shapely.get_parts(np.asarray(self.metric().geometry.values)))
            path = lines_path(shapely.clip_by_rect(rings, r.left(), r.top(), r.right(), r.bottom()))
        painter.drawPath(path)

    def legend(self, language):
        return [(self.layer.name, {"kind": "outline", "colour": palette.BOUNDARY_OUTLINE, "width": 3})]


class CommunitiesPainter(LayerPainter):
    """Communities: a dashed outline; their names when zoomed out too far for cell labels."""

    def _build(self):
        metric = self.metric()
        points = shapely.point_on_surface(metric.geometry.values)
        return polygons_path(metric.geometry.values), shapely.get_x(points), shapely.get_y(points)

    def _draw(self, painter, ctx, cache):
        path, x, y = cache
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, ctx.options.get("vector_text", False))
        painter.setTransform(ctx.transform)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_cosmetic_pen(palette.COMMUNITY_OUTLINE, 1.6 * ctx.symbol_scale, Qt.PenStyle.DashLine))
        painter.drawPath(path)

    def _draw_labels(self, painter, ctx, cache):
        _path, x, y = cache
        if ctx.px_per_metre < ctx.options.get("cell_label_min_px_per_m", 0.45):
            dx, dy = ctx.to_device(x, y)
            names = self.layer.data["name"].fillna("").tolist()
            placer = ctx.options.get("label_placer") or LabelPlacer()
            for px, py, name in zip(dx, dy, names):
                draw_halo_text(painter, QPointF(px, py), [name], 11 * ctx.symbol_scale,
                               palette.COMMUNITY_LABEL, placer, vector=ctx.options.get("vector_text", False))

    def legend(self, language):
        return [(self.layer.name, {"kind": "outline", "colour": palette.COMMUNITY_OUTLINE, "width": 1.6,
                                   "dash": True})]


class GridCellsPainter(LayerPainter):
    """Grid cells: light fill, blue outline, labels (name, code, worker) that hide when too small.
    Other styles colour them by community, households, or the incidents shown (count, rate, Gi*)."""

    def __init__(self, project, layer) -> None:
        super().__init__(project, layer)
        self._incidents = project["incidents"] if "incidents" in project else None
        if self._incidents is not None:
            self._incidents.events.filter.connect(self._on_incidents_changed)
            self._incidents.events.data.connect(self._on_incidents_changed)

    def _on_incidents_changed(self, _value=None) -> None:
        if self.layer.style in INCIDENT_STYLES:
            self._on_data_changed()

    def detach(self) -> None:
        super().detach()
        if self._incidents is not None:
            self._incidents.events.filter.disconnect(self._on_incidents_changed)
            self._incidents.events.data.disconnect(self._on_incidents_changed)

    def _build(self):
        metric = self.metric()
        geoms = metric.geometry.values
        points = shapely.point_on_surface(geoms)
        b = shapely.bounds(geoms)
        fills, groups = self._fills(geoms)
        return dict(fills=fills, incident_groups=groups, geoms=geoms, x=shapely.get_x(points), y=shapely.get_y(points),
                    w=b[:, 2] - b[:, 0], h=b[:, 3] - b[:, 1], labels=_CellLabels(self.layer.data),
                    rings=shapely.get_rings(shapely.get_parts(geoms)))

    def _fills(self, geoms) -> tuple[list[tuple[tuple, object]], list]:
        """(fill colour, path) groups for the layer's style, and the legend groups of an incident style."""
        style = self.layer.style
        if style == "community":
            codes = self.layer.data["community_code"].fillna("").to_numpy()
            groups = []
            for k, code in enumerate(sorted(set(codes))):
                colour = palette.COMMUNITY_FILLS[k % len(palette.COMMUNITY_FILLS)]
                groups.append((colour, polygons_path(geoms[codes == code])))
            return groups, []
        if style in INCIDENT_STYLES:
            values = cell_values(self.project, self.layer, style)
            groups = cell_fill_groups(values, fill_kind(self.layer))
            return [(colour, polygons_path(geoms[mask])) for colour, mask, _zh, _en in groups
                    if mask.any()], groups
        if style == "households":
            classes = np.asarray(palette.classify(households_by_cell(self.project), palette.CELL_HOUSEHOLD_CLASSES))
            return [(palette.CELL_HOUSEHOLD_CLASSES[k][1], polygons_path(geoms[classes == k]))
                    for k in range(len(palette.CELL_HOUSEHOLD_CLASSES)) if (classes == k).any()], []
        return [(palette.GRID_FILL, polygons_path(geoms))], []

    def _draw(self, painter, ctx, cache):
        # Fill without antialiasing (invisible under the outline), outlines as AA polylines in
        # device units: a quarter of the time of stroking the whole path with AA.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setTransform(ctx.transform)
        fill_paths(painter, cache["fills"])
        if len(cache["rings"]) > 1500:
            # Thousands of cells: one aliased outline path (per-ring AA polylines cost ~20 µs each).
            painter.setPen(_cosmetic_pen(palette.GRID_OUTLINE, 1.0 * ctx.symbol_scale))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for _colour, path in cache["fills"]:
                painter.drawPath(path)
            draw_selection(painter, ctx, cache["geoms"], self.layer)
            return
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(qcolor(palette.GRID_OUTLINE), 1.6 * ctx.symbol_scale)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for line in device_polylines(cache["rings"], ctx.transform):
            painter.drawPolyline(line)
        painter.setTransform(ctx.transform)
        draw_selection(painter, ctx, cache["geoms"], self.layer)

    def _draw_labels(self, painter, ctx, cache):
        if ctx.px_per_metre < ctx.options.get("cell_label_min_px_per_m", 0.45):
            return
        x, y = cache["x"], cache["y"]
        visible = np.flatnonzero(ctx.visible_mask(x, y))
        dx, dy = ctx.to_device(x[visible], y[visible])
        scale = ctx.px_per_metre
        placer = ctx.options.get("label_placer") or LabelPlacer()
        size = 8.5 * ctx.symbol_scale
        vector = ctx.options.get("vector_text", False)
        for k, px, py in zip(visible, dx, dy):
            width_px, height_px = cache["w"][k] * scale, cache["h"][k] * scale
            # The fullest label that fits the cell on screen; none when even the shortest does not.
            for lines in cache["labels"][k]:
                tw, th = text_size(lines, size)
                if tw <= width_px * 1.1 and th + 4 <= height_px * 0.8:
                    draw_halo_text(painter, QPointF(px, py), lines, size, palette.GRID_LABEL, placer, vector=vector)
                    break

    def legend(self, language):
        style = self.layer.style
        if style == "community" and "communities" in self.project:
            names = dict(zip(self.project["communities"].data["community_code"], self.project["communities"].data["name"]))
            codes = sorted(set(self.layer.data["community_code"].fillna("")))
            return [(names.get(code, code), {"kind": "polygon", "outline": palette.GRID_OUTLINE,
                                             "fill": palette.COMMUNITY_FILLS[k % len(palette.COMMUNITY_FILLS)]})
                    for k, code in enumerate(codes)]
        if style == "households":
            return [(zh if language == "zh" else en, {"kind": "polygon", "fill": colour, "outline": palette.GRID_OUTLINE})
                    for _bound, colour, zh, en in palette.CELL_HOUSEHOLD_CLASSES]
        if style in INCIDENT_STYLES:
            return [(zh if language == "zh" else en, {"kind": "polygon", "fill": colour, "outline": palette.GRID_OUTLINE})
                    for colour, mask, zh, en in self.cache()["incident_groups"]
                    if mask.any() or fill_kind(self.layer) == "hotspot"]
        return [(self.layer.name, {"kind": "polygon", "fill": palette.GRID_FILL, "outline": palette.GRID_OUTLINE})]


class BuildingsPainter(LayerPainter):
    """Buildings filled by use; outlines only when zoomed in enough to see them."""

    def _build(self):
        # Lazy: at city zoom only the centres are drawn, so paths of every footprint are built
        # only when a view first needs them.
        return {}

    def _whole(self, cache):
        if "groups" not in cache:
            cache["geoms"] = np.asarray(self.metric().geometry.values)
            cache["groups"] = self._groups(np.arange(len(cache["geoms"])))
        return cache

    def _columns(self):
        """Geometries and the class of every building as arrays, made once per data/style change:
        a view or an atlas page then takes its rows with numpy, not with a DataFrame take."""
        cache = self.cache()
        if "classes" not in cache:
            data = self.layer.data
            if self.layer.style == "households":
                classes = np.asarray(palette.classify(data["households"].fillna(0).to_numpy(dtype=float),
                                                      palette.BUILDING_HOUSEHOLD_CLASSES))
                colours = [colour for _b, colour, _zh, _en in palette.BUILDING_HOUSEHOLD_CLASSES]
            else:
                uses = data["use"].fillna("other").to_numpy()
                classes = np.full(len(uses), -1, dtype=np.int64)
                for k, use in enumerate(BUILDING_USE):
                    classes[uses == use] = k
                colours = [palette.BUILDING_FILL[use] for use in BUILDING_USE]
            cache["all_geoms"] = np.asarray(self.metric().geometry.values)
            cache["classes"], cache["colours"] = classes, colours
        return cache["all_geoms"], cache["classes"], cache["colours"]

    def _groups(self, rows: np.ndarray):
        """(fill colour, path) per class, for the buildings at ``rows``."""
        geoms, classes, colours = self._columns()
        geoms, classes = geoms[rows], classes[rows]
        return [(colour, polygons_path(geoms[classes == k])) for k, colour in enumerate(colours)
                if (classes == k).any()]

    #: Buildings seen this small (metres per pixel) and this many are drawn as one-pixel marks.
    LOD_PX_PER_M = 0.25
    LOD_BUILDINGS = 30_000

    def _draw(self, painter, ctx, cache):
        if (ctx.px_per_metre < self.LOD_PX_PER_M and len(self.layer) > self.LOD_BUILDINGS
                and not ctx.options.get("vector_text")):
            from .points import draw_density
            x, y = self.project.metric_xy(self.layer.kind)
            painter.resetTransform()
            draw_density(painter, ctx, x, y, rgba=palette.BUILDING_FILL["residential"])
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, ctx.px_per_metre > 1.0)
        painter.setTransform(ctx.transform)
        outline = ctx.px_per_metre > 1.2
        rows = self.visible_rows(ctx)
        for colour, path in (self._whole(cache)["groups"] if rows is None else self._groups(rows)):
            painter.setBrush(QBrush(qcolor(colour)))
            painter.setPen(_cosmetic_pen(palette.BUILDING_OUTLINE, 0.8 * ctx.symbol_scale) if outline
                           else Qt.PenStyle.NoPen)
            painter.drawPath(path)
        if len(self.layer.selection):
            draw_selection(painter, ctx, np.asarray(self.metric().geometry.values), self.layer)

    def legend(self, language):
        if self.layer.style == "households":
            return [(zh if language == "zh" else en, {"kind": "polygon", "fill": colour,
                                                      "outline": palette.BUILDING_OUTLINE})
                    for _bound, colour, zh, en in palette.BUILDING_HOUSEHOLD_CLASSES]
        present = set(self.layer.data["use"].dropna().unique())
        return [(label(BUILDING_USE, use, language), {"kind": "polygon", "fill": palette.BUILDING_FILL[use],
                                                      "outline": palette.BUILDING_OUTLINE})
                for use in BUILDING_USE if use in present]


def _clean(value) -> str | None:
    if value is None:
        return None
    text = str(value)
    return None if text in ("", "nan", "None", "<NA>") else text


def _label_options(name, code, worker) -> list[tuple[str, ...]]:
    """A cell's possible labels from fullest to shortest: name+code+worker … sequence number."""
    name, code, worker = _clean(name), _clean(code), _clean(worker)
    full = tuple(v for v in (name, code, worker) if v)
    short = tuple(v for v in (name or code, worker) if v)
    seq = (f"第{int(code[-3:])}网格",) if code and code[-3:].isdigit() else ()
    choices = [full, short, (name or code,) if (name or code) else (), seq]
    seen, ordered = set(), []
    for c in choices:
        if c and c not in seen:
            seen.add(c)
            ordered.append(c)
    return ordered


class _CellLabels:
    """Label options per cell row, made when a cell is first labelled (at city zoom none is)."""

    def __init__(self, data) -> None:
        self._names = data["name"].to_numpy() if "name" in data else np.full(len(data), None, dtype=object)
        self._codes = data["grid_code"].to_numpy()
        self._workers = data["worker"].to_numpy()
        self._made: dict[int, list[tuple[str, ...]]] = {}

    def __getitem__(self, row: int) -> list[tuple[str, ...]]:
        if row not in self._made:
            self._made[row] = _label_options(self._names[row], self._codes[row], self._workers[row])
        return self._made[row]

    def __len__(self) -> int:
        return len(self._codes)
