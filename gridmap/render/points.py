"""Painters of point layers: facilities (symbol per kind, shared marked), incidents, patrols."""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen

from layers.codes import FACILITY_KIND, INCIDENT_CATEGORY, label

from ..analysis.facilities import shared_facilities
from ..analysis.incidents import CLOSED, OPEN, OVERDUE, incident_state
from ..analysis.timeref import reference_time
from . import palette
from .heat import LUT
from .base import LayerPainter, selected_mask
from .context import RenderContext
from .qt_helpers import marker_path, points_polygon, qcolor


def _xy(metric):
    geoms = metric.geometry.values
    return shapely.get_x(geoms), shapely.get_y(geoms)


def draw_dots(painter: QPainter, x: np.ndarray, y: np.ndarray, rgba, size: float, alpha: float | None = None) -> None:
    """Round dots of ``size`` device units at device coordinates, in one drawPoints call."""
    if len(x) == 0:
        return
    pen = QPen(qcolor(rgba, alpha), size)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawPoints(points_polygon(x, y))


class FacilitiesPainter(LayerPainter):
    """Facilities by kind with distinct symbols; shared facilities get an orange ring."""

    def _build(self):
        x, y = self.project.metric_xy(self.layer.kind)
        shared = np.zeros(len(x), dtype=bool)
        if "facility_links" in self.project and "buildings" in self.project:
            shared = shared_facilities(self.layer.data, self.project["facility_links"].data,
                                       self.project["buildings"].data)
        return dict(x=x, y=y, kind=self.layer.data["kind"].fillna("other").to_numpy(), shared=shared)

    def _draw(self, painter, ctx, c):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.resetTransform()
        vis = ctx.visible_mask(c["x"], c["y"], margin_m=50)
        dx, dy = ctx.to_device(c["x"], c["y"])
        size = 11.0 * ctx.symbol_scale
        selected = selected_mask(self.layer)
        outline = QPen(qcolor((40, 40, 40, 255)), 1.0 * ctx.symbol_scale)
        for k in np.flatnonzero(vis):
            marker, colour = palette.FACILITY_SYMBOL.get(c["kind"][k], palette.FACILITY_SYMBOL["other"])
            centre = QPointF(dx[k], dy[k])
            if c["shared"][k] or selected[k]:
                ring = QPen(qcolor(palette.SELECTION if selected[k] else palette.SHARED_RING), 2.6 * ctx.symbol_scale)
                painter.setPen(ring)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(centre, size * 0.95, size * 0.95)
            path = marker_path(marker, size).translated(centre)
            painter.setPen(outline)
            painter.setBrush(QBrush(qcolor(colour)))
            painter.drawPath(path)

    def legend(self, language):
        present = set(self.layer.data["kind"].dropna().unique())
        entries = [(label(FACILITY_KIND, kind, language), {"kind": "marker", "marker": m, "colour": col})
                   for kind, (m, col) in palette.FACILITY_SYMBOL.items() if kind in present]
        if self.cache()["shared"].any():
            entries.append(("共用设施" if language == "zh" else "Shared facility",
                            {"kind": "ring", "colour": palette.SHARED_RING}))
        return entries


def draw_density(painter: QPainter, ctx: RenderContext, x: np.ndarray, y: np.ndarray, rgba=None) -> None:
    """Points counted per device pixel (np.bincount) and drawn as one image: the level of detail for
    views with too many points to draw one by one. Colour follows log(count) on a fixed scale."""
    from PySide6.QtGui import QImage
    device = painter.device()
    w, h = device.width(), device.height()
    dx, dy = ctx.to_device(x, y)
    px, py = dx.astype(np.int64), dy.astype(np.int64)
    inside = (px >= 0) & (px < w) & (py >= 0) & (py < h)
    counts = np.bincount(py[inside] * w + px[inside], minlength=w * h)
    # Colour only the occupied pixels (a city's points cover a fraction of the frame).
    occupied = np.flatnonzero(counts)
    colours = np.zeros((h * w, 4), dtype=np.uint8)
    if rgba is None:
        level = np.clip(np.log1p(counts[occupied]) / np.log1p(40.0), 0, 1)
        shade = LUT[(level * 255).astype(np.uint8)]
        shade[:, 3] = np.maximum(shade[:, 3], 140)
        colours[occupied] = shade
    else:
        colours[occupied] = rgba
    colours = colours.reshape(h, w, 4)
    image = QImage(np.ascontiguousarray(colours).data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
    painter.drawImage(0, 0, image)


class IncidentsPainter(LayerPainter):
    """Incidents: points by category (open larger, overdue with a red halo, closed faint), by status,
    as clusters when zoomed out, or as a kernel-density heatmap with a fixed colour scale."""

    CLUSTER_BELOW_PX_PER_M = 0.9
    CLUSTER_CELL_PX = 56.0
    #: More points than this in view (on screen) are drawn as a density raster: at city zoom a
    #: million dots are a texture anyway, and counting them per pixel takes milliseconds.
    LOD_POINTS = 60_000
    HANDBACK = ("_cache", "_heat")
    REPORTS = ("last_lod",)

    def __init__(self, project, layer) -> None:
        super().__init__(project, layer)
        self._heat = None
        layer.events.filter.connect(self._on_filter)

    def _on_filter(self, _mask=None) -> None:
        self._heat = None
        self._version += 1

    def _on_data_changed(self, _value=None) -> None:
        super()._on_data_changed(_value)
        self._heat = None

    def detach(self) -> None:
        super().detach()
        self.layer.events.filter.disconnect(self._on_filter)

    def _build(self):
        x, y = self.project.metric_xy(self.layer.kind)
        return dict(x=x, y=y)

    def _attributes(self, c):
        """(state, category) per incident, made when points are first drawn one by one (a city
        view draws a density raster and needs neither)."""
        if "state" not in c:
            data = self.layer.data
            c["category"] = data["category"].fillna("other").to_numpy()
            c["state"] = incident_state(data, reference_time(self.project))
        return c["state"], c["category"]

    def shown(self) -> np.ndarray:
        mask = self.layer.filter_mask
        return np.ones(len(self.layer), dtype=bool) if mask is None else mask

    def heat(self):
        """(density grid, colour-scale max) of the shown incidents; cached until filter/options change.
        A fixed scale (option ``heat_vmax``) keeps colours comparable across time windows."""
        bandwidth = float(self.layer.option("heat_bandwidth", 60.0))
        if self._heat is None or self._heat[0] != bandwidth:
            from ..analysis.density import incident_heat
            grid, vmax = incident_heat(self.project, self.layer.filter_mask, bandwidth)
            self._heat = (bandwidth, grid, vmax, {})
        locked = self.layer.option("heat_vmax")
        return self._heat[1], float(locked) if locked else self._heat[2]

    def _draw(self, painter, ctx, c):
        style = self.layer.style
        if style == "heatmap":
            self._draw_heat(painter, ctx)
            return
        keep = self.shown() & ctx.visible_mask(c["x"], c["y"], margin_m=30)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.resetTransform()
        if int(keep.sum()) > self.LOD_POINTS and not ctx.options.get("vector_text"):
            draw_density(painter, ctx, c["x"][keep], c["y"][keep])
            self.last_lod = True
            return
        self.last_lod = False
        dx, dy = ctx.to_device(c["x"], c["y"])
        if style == "clusters" and ctx.px_per_metre < self.CLUSTER_BELOW_PX_PER_M:
            self._draw_clusters(painter, ctx, dx[keep], dy[keep])
            return
        s = ctx.symbol_scale
        state, cat = self._attributes(c)
        if style == "status":
            self._draw_by_status(painter, ctx, keep, dx, dy, state)
            return
        if style == "level":
            self._draw_by_level(painter, ctx, keep, dx, dy, state, c)
            return
        # Closed incidents: many small faint dots, not antialiased (a 4-pixel dot looks the same).
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, ctx.options.get("vector_text", False))
        for category, colour in palette.INCIDENT_COLOUR.items():
            m = keep & (cat == category) & (state == CLOSED)
            draw_dots(painter, dx[m], dy[m], colour, 4.0 * s, alpha=0.55)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        m = keep & (state == OVERDUE)
        draw_dots(painter, dx[m], dy[m], palette.OVERDUE_HALO, 15.0 * s, alpha=0.45)
        for category, colour in palette.INCIDENT_COLOUR.items():
            m = keep & (cat == category) & (state != CLOSED)
            draw_dots(painter, dx[m], dy[m], (30, 30, 30, 255), 9.5 * s)
            draw_dots(painter, dx[m], dy[m], colour, 7.5 * s)
        sel = keep & selected_mask(self.layer)
        if sel.any():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(qcolor(palette.SELECTION), 2.5 * s))
            for px, py in zip(dx[sel], dy[sel]):
                painter.drawEllipse(QPointF(px, py), 8 * s, 8 * s)

    def _draw_heat(self, painter, ctx) -> None:
        from PySide6.QtCore import QRectF
        from .heat import heat_image
        grid, vmax = self.heat()
        cache = self._heat[3]
        if cache.get("vmax") != vmax:
            cache["image"], cache["vmax"] = heat_image(grid.values, vmax), vmax
        x0, y0, x1, y1 = grid.extent
        painter.setTransform(ctx.transform)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(QRectF(x0, y0, x1 - x0, y1 - y0), cache["image"])

    def _draw_clusters(self, painter, ctx, dx, dy) -> None:
        """Counts in screen cells of CLUSTER_CELL_PX, drawn at the members' mean position."""
        if len(dx) == 0:
            return
        size = self.CLUSTER_CELL_PX * ctx.symbol_scale
        keys = (np.floor(dx / size).astype(np.int64) << 32) + np.floor(dy / size).astype(np.int64)
        uniq, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        mx = np.bincount(inverse, weights=dx) / counts
        my = np.bincount(inverse, weights=dy) / counts
        from .labels import draw_halo_text
        painter.setPen(QPen(qcolor((255, 255, 255, 230)), 1.5 * ctx.symbol_scale))
        painter.setBrush(qcolor(palette.CLUSTER_FILL))
        radii = (9 + 4 * np.log10(counts)) * ctx.symbol_scale
        for x, y, r in zip(mx, my, radii):
            painter.drawEllipse(QPointF(x, y), r, r)
        for x, y, n in zip(mx, my, counts):
            draw_halo_text(painter, QPointF(x, y), [str(int(n))], 7.5 * ctx.symbol_scale, (255, 255, 255, 255),
                           bold_first=True, halo=palette.CLUSTER_FILL, vector=ctx.options.get("vector_text", False))

    def _draw_by_status(self, painter, ctx, keep, dx, dy, state) -> None:
        s = ctx.symbol_scale
        m = keep & (state == CLOSED)
        draw_dots(painter, dx[m], dy[m], palette.STATUS_COLOUR["closed"], 4.0 * s, alpha=0.6)
        for key, value in (("open", OPEN), ("overdue", OVERDUE)):
            m = keep & (state == value)
            draw_dots(painter, dx[m], dy[m], (30, 30, 30, 255), 9.5 * s)
            draw_dots(painter, dx[m], dy[m], palette.STATUS_COLOUR[key], 7.5 * s)

    def _levels(self, c):
        """(level code or "" per case, past its due_at while open) — the centre's view."""
        if "level" not in c:
            data = self.layer.data
            level = data["level"] if "level" in data else pd.Series([None] * len(data))
            c["level"] = level.astype(object).where(level.notna(), "").to_numpy()
            due = data["due_at"] if "due_at" in data else None
            as_of = reference_time(self.project)
            c["past_due"] = np.zeros(len(data), bool) if due is None else (due.notna() & (due < as_of)).to_numpy()
        return c["level"], c["past_due"]

    def _draw_by_level(self, painter, ctx, keep, dx, dy, state, c) -> None:
        """Open cases coloured by the level handling them, those past their deadline ringed red;
        settled ones small and grey."""
        s = ctx.symbol_scale
        level, past_due = self._levels(c)
        is_open = state != CLOSED
        m = keep & ~is_open
        draw_dots(painter, dx[m], dy[m], palette.STATUS_COLOUR["closed"], 4.0 * s, alpha=0.5)
        m = keep & is_open & past_due
        draw_dots(painter, dx[m], dy[m], palette.OVERDUE_HALO, 17.0 * s, alpha=0.6)
        for code, colour in palette.LEVEL_COLOUR.items():
            m = keep & is_open & (level == code)
            draw_dots(painter, dx[m], dy[m], (30, 30, 30, 255), 10.5 * s)
            draw_dots(painter, dx[m], dy[m], colour, 8.5 * s)

    def legend(self, language):
        zh = language == "zh"
        style = self.layer.style
        if style == "level":
            from layers.codes import INCIDENT_LEVEL
            entries = [((("未办结·" if zh else "open, ") + label(INCIDENT_LEVEL, code, language)) if code else
                        ("未办结·未派遣" if zh else "open, not dispatched"),
                        {"kind": "dot", "colour": colour, "size": 9}) for code, colour in palette.LEVEL_COLOUR.items()]
            entries.append(("超过办理时限" if zh else "past its deadline", {"kind": "halo", "colour": palette.OVERDUE_HALO}))
            entries.append(("已办结" if zh else "Settled", {"kind": "dot", "colour": palette.STATUS_COLOUR["closed"],
                                                          "size": 4}))
            return entries
        if style == "status":
            names = {"open": "未办结" if zh else "Open", "overdue": "超期未办结" if zh else "Overdue",
                     "closed": "已办结" if zh else "Closed"}
            return [(names[k], {"kind": "dot", "colour": c, "size": 8 if k != "closed" else 5})
                    for k, c in palette.STATUS_COLOUR.items()]
        if style == "heatmap":
            _grid, vmax = self.heat()
            entries = []
            for fraction in (0.25, 0.5, 1.0):
                colour = tuple(int(v) for v in LUT[int(fraction * 255)])
                entries.append((f"{fraction * vmax:,.0f} /km²", {"kind": "polygon", "fill": colour,
                                                                 "outline": (200, 200, 200, 255)}))
            locked = "（固定色标）" if zh else " (scale fixed)"
            entries[-1] = (entries[-1][0] + (locked if self.layer.option("heat_vmax") else ""), entries[-1][1])
            return entries
        if style == "clusters":
            return [("事件聚合（数字为件数）" if zh else "clustered incidents (count)",
                     {"kind": "dot", "colour": palette.CLUSTER_FILL, "size": 12})]
        if getattr(self, "last_lod", False):
            return [("事件密度（点太多，按像素计数）" if zh else "incident density (too many points to draw)",
                     {"kind": "polygon", "fill": tuple(int(v) for v in LUT[200]), "outline": (200, 200, 200, 255)})]
        present = set(self.layer.data["category"].dropna().unique())
        entries = [(label(INCIDENT_CATEGORY, cat, language), {"kind": "dot", "colour": col})
                   for cat, col in palette.INCIDENT_COLOUR.items() if cat in present]
        entries.append(("未办结" if zh else "Open", {"kind": "dot", "colour": (120, 120, 120, 255), "size": 8}))
        entries.append(("超期未办结" if zh else "Overdue", {"kind": "halo", "colour": palette.OVERDUE_HALO}))
        entries.append(("已办结" if zh else "Closed", {"kind": "dot", "colour": (120, 120, 120, 140), "size": 4}))
        return entries


class PatrolsPainter(LayerPainter):
    """Patrol records as small green dots."""

    def _build(self):
        x, y = self.project.metric_xy(self.layer.kind)
        return dict(x=x, y=y)

    def _draw(self, painter, ctx, c):
        painter.resetTransform()
        keep = ctx.visible_mask(c["x"], c["y"])
        if int(keep.sum()) > IncidentsPainter.LOD_POINTS and not ctx.options.get("vector_text"):
            # A city's half million visits: one pixel each in the patrol colour, drawn as one image.
            draw_density(painter, ctx, c["x"][keep], c["y"][keep], rgba=palette.PATROL_COLOUR)
            return
        dx, dy = ctx.to_device(c["x"][keep], c["y"][keep])
        draw_dots(painter, dx, dy, palette.PATROL_COLOUR, 3.0 * ctx.symbol_scale)

    def legend(self, language):
        return [(self.layer.name, {"kind": "dot", "colour": palette.PATROL_COLOUR, "size": 4})]

