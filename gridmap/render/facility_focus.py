"""The selected facility's reach on the map: served buildings, lines to them, the outage area and
the incidents probably related to it."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from . import palette
from .base import LayerPainter
from .qt_helpers import lines_path, polygons_path, qcolor

HIGHLIGHT = (214, 40, 40, 255)


class FacilityFocusPainter(LayerPainter):
    def _build(self):
        metric = self.metric()
        kinds = metric["kind"].to_numpy()
        geoms = np.asarray(metric.geometry.values)
        return dict(area=polygons_path(geoms[kinds == "area"]), served=polygons_path(geoms[kinds == "served"]),
                    links=lines_path(geoms[kinds == "link"]),
                    related=shapely.get_coordinates(geoms[kinds == "related"]),
                    facility=shapely.get_coordinates(geoms[kinds == "facility"]))

    def _draw(self, painter, ctx, c):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(ctx.transform)
        pen = QPen(QColor(230, 120, 0), 2.0 * ctx.symbol_scale)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor(230, 120, 0, 70)))
        painter.drawPath(c["area"])
        pen = QPen(qcolor(HIGHLIGHT), 2.6 * ctx.symbol_scale)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QBrush(qcolor(HIGHLIGHT, 0.35)))
        painter.drawPath(c["served"])
        pen = QPen(qcolor(HIGHLIGHT), 1.6 * ctx.symbol_scale, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(c["links"])
        painter.resetTransform()
        if len(c["related"]):
            dx, dy = ctx.to_device(c["related"][:, 0], c["related"][:, 1])
            painter.setPen(QPen(qcolor(HIGHLIGHT), 2.4 * ctx.symbol_scale))
            for x, y in zip(dx, dy):
                painter.drawEllipse(QPointF(x, y), 10 * ctx.symbol_scale, 10 * ctx.symbol_scale)
        if len(c["facility"]):
            dx, dy = ctx.to_device(c["facility"][:, 0], c["facility"][:, 1])
            painter.setPen(QPen(qcolor(palette.SHARED_RING), 3.5 * ctx.symbol_scale))
            painter.drawEllipse(QPointF(dx[0], dy[0]), 16 * ctx.symbol_scale, 16 * ctx.symbol_scale)

    def legend(self, language):
        zh = language == "zh"
        return [("服务楼栋" if zh else "served building", {"kind": "polygon", "fill": (214, 40, 40, 90),
                                                        "outline": HIGHLIGHT}),
                ("停运影响范围" if zh else "outage area", {"kind": "polygon", "fill": (230, 120, 0, 70),
                                                         "outline": (230, 120, 0, 255)}),
                ("可能相关的事件" if zh else "probably related incident", {"kind": "ring", "colour": HIGHLIGHT})]
