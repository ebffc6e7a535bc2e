"""Painters of point layers: facilities (symbol per kind, shared marked), incidents, patrols."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen

from layers.codes import FACILITY_KIND, INCIDENT_CATEGORY, label

from ..analysis.facilities import shared_facilities
from ..analysis.incidents import CLOSED, OPEN, OVERDUE, incident_state
from ..analysis.timeref import reference_time
from . import palette
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
        x, y = _xy(self.metric())
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


class IncidentsPainter(LayerPainter):
    """Incidents by category colour; open ones larger, overdue ones with a red halo, closed ones faint."""

    def _build(self):
        x, y = _xy(self.metric())
        data = self.layer.data
        as_of = reference_time(self.project)
        return dict(x=x, y=y, category=data["category"].fillna("other").to_numpy(),
                    state=incident_state(data, as_of), visible=np.ones(len(x), dtype=bool))

    def set_filter(self, mask: np.ndarray | None) -> None:
        """Show only incidents where ``mask`` is true (None: all). Used by the time and category filters."""
        cache = self.cache()
        cache["visible"] = np.ones(len(cache["x"]), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
        self._version += 1

    def _draw(self, painter, ctx, c):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.resetTransform()
        keep = c["visible"] & ctx.visible_mask(c["x"], c["y"], margin_m=30)
        dx, dy = ctx.to_device(c["x"], c["y"])
        s = ctx.symbol_scale
        state, cat = c["state"], c["category"]
        if self.layer.style == "status":
            self._draw_by_status(painter, ctx, keep, dx, dy, state)
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

    def _draw_by_status(self, painter, ctx, keep, dx, dy, state) -> None:
        s = ctx.symbol_scale
        m = keep & (state == CLOSED)
        draw_dots(painter, dx[m], dy[m], palette.STATUS_COLOUR["closed"], 4.0 * s, alpha=0.6)
        for key, value in (("open", OPEN), ("overdue", OVERDUE)):
            m = keep & (state == value)
            draw_dots(painter, dx[m], dy[m], (30, 30, 30, 255), 9.5 * s)
            draw_dots(painter, dx[m], dy[m], palette.STATUS_COLOUR[key], 7.5 * s)

    def legend(self, language):
        zh = language == "zh"
        if self.layer.style == "status":
            names = {"open": "未办结" if zh else "Open", "overdue": "超期未办结" if zh else "Overdue",
                     "closed": "已办结" if zh else "Closed"}
            return [(names[k], {"kind": "dot", "colour": c, "size": 8 if k != "closed" else 5})
                    for k, c in palette.STATUS_COLOUR.items()]
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
        x, y = _xy(self.metric())
        return dict(x=x, y=y)

    def _draw(self, painter, ctx, c):
        painter.resetTransform()
        keep = ctx.visible_mask(c["x"], c["y"])
        dx, dy = ctx.to_device(c["x"][keep], c["y"][keep])
        draw_dots(painter, dx, dy, palette.PATROL_COLOUR, 3.0 * ctx.symbol_scale)

    def legend(self, language):
        return [(self.layer.name, {"kind": "dot", "colour": palette.PATROL_COLOUR, "size": 4})]

