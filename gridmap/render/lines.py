"""Painters of line layers (roads) and of any layer outside the contract."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPainter, QPen

from . import palette
from .base import LayerPainter
from .polygons import _cosmetic_pen
from .qt_helpers import lines_path, points_polygon, polygons_path, qcolor


class RoadsPainter(LayerPainter):
    """Roads as white lines with a grey casing, wider for more important classes."""

    def _build(self):
        metric = self.metric()
        self._geoms = np.asarray(metric.geometry.values)
        self._classes = metric["highway"].fillna("residential").to_numpy() if "highway" in metric else \
            np.full(len(metric), "residential", dtype=object)
        return self._groups(np.arange(len(metric)))

    def _groups(self, rows: np.ndarray):
        geoms, classes = self._geoms[rows], self._classes[rows]
        groups = []
        for cls in sorted(palette.ROAD_WIDTH, key=lambda c: -list(palette.ROAD_WIDTH).index(c)):
            mask = classes == cls
            if mask.any():
                groups.append((palette.ROAD_WIDTH[cls], lines_path(geoms[mask])))
        other = ~np.isin(classes, list(palette.ROAD_WIDTH))
        if other.any():
            groups.insert(0, (2.0, lines_path(geoms[other])))
        return groups

    def _draw(self, painter, ctx, groups):
        # Wide light lines on a light ground: aliasing is invisible, and AA would cost 15x.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, ctx.options.get("vector_text", False))
        painter.setTransform(ctx.transform)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        zoom = min(1.0, max(0.45, ctx.px_per_metre / 1.2))
        rows = self.visible_rows(ctx)
        if rows is not None:
            groups = self._groups(rows)
        if ctx.px_per_metre < 0.3 and not ctx.options.get("vector_text"):
            # Zoomed out to a district or a city: one thin line per road, no casing.
            for width, path in groups:
                painter.setPen(self._pen(palette.ROAD_CASING, max(1.0, width / 3.0) * ctx.symbol_scale))
                painter.drawPath(path)
            return
        for width, path in groups:
            painter.setPen(self._pen(palette.ROAD_CASING, (width + 2) * zoom * ctx.symbol_scale))
            painter.drawPath(path)
        for width, path in groups:
            painter.setPen(self._pen(palette.ROAD_COLOUR, width * zoom * ctx.symbol_scale))
            painter.drawPath(path)

    @staticmethod
    def _pen(rgba, width):
        pen = _cosmetic_pen(rgba, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen

    def legend(self, language):
        return [("道路" if language == "zh" else "Roads", {"kind": "line", "colour": palette.ROAD_CASING, "width": 4})]


class GenericPainter(LayerPainter):
    """Any other layer: grey lines, outlined polygons, dots."""

    def _build(self):
        geoms = self.metric().geometry.values
        kinds = shapely.get_type_id(geoms)
        polys = geoms[np.isin(kinds, (3, 6))]
        lines = geoms[np.isin(kinds, (1, 5))]
        pts = shapely.get_coordinates(geoms[np.isin(kinds, (0, 4))])
        return polygons_path(polys), lines_path(lines), pts

    def _draw(self, painter, ctx, cache):
        polys, lines, pts = cache
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(ctx.transform)
        painter.setPen(_cosmetic_pen(palette.OTHER_LINE, 1.2 * ctx.symbol_scale))
        painter.setBrush(QBrush(qcolor(palette.OTHER_LINE, 0.15)))
        painter.drawPath(polys)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(lines)
        if len(pts):
            painter.resetTransform()
            dx, dy = ctx.to_device(pts[:, 0], pts[:, 1])
            pen = QPen(qcolor(palette.OTHER_LINE), 5 * ctx.symbol_scale)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPoints(points_polygon(dx, dy))

    def legend(self, language):
        return [(self.layer.name, {"kind": "line", "colour": palette.OTHER_LINE, "width": 1.2})]
