"""A point layer still being read: drawn from its metric x/y alone until its model arrives.

While a city's million incidents become a validated layer (about a second), the canvas already
shows them: at city zoom as the same density image the incidents painter draws there, closer in
as small neutral dots. The real painter replaces it as soon as the layer joins the project."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF

from .points import IncidentsPainter, draw_density, draw_dots

PREVIEW_DOT = (110, 110, 110, 200)


class PointsPreview:
    """Paints points given as metric x/y (the LayerPainter interface the renderer uses)."""

    def __init__(self, name: str, x: np.ndarray, y: np.ndarray) -> None:
        self.name = name
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        finite = np.isfinite(self.x) & np.isfinite(self.y)
        self._bounds = QRectF() if not finite.any() else QRectF(
            float(self.x[finite].min()), float(self.y[finite].min()),
            float(np.ptp(self.x[finite])), float(np.ptp(self.y[finite])))

    def bounds(self) -> QRectF:
        return QRectF(self._bounds)

    def paint(self, painter, ctx) -> None:
        keep = ctx.visible_mask(self.x, self.y)
        painter.save()
        painter.resetTransform()
        try:
            if int(keep.sum()) > IncidentsPainter.LOD_POINTS:
                draw_density(painter, ctx, self.x[keep], self.y[keep])
            else:
                dx, dy = ctx.to_device(self.x[keep], self.y[keep])
                draw_dots(painter, dx, dy, PREVIEW_DOT, 4.0 * ctx.symbol_scale)
        finally:
            painter.restore()

    def paint_labels(self, painter, ctx) -> None:
        return None


#: Footprints seen closer than the buildings painter's city zoom are drawn as their boxes, in this.
PREVIEW_BOX = (200, 200, 200, 255)


class FootprintsPreview(PointsPreview):
    """A city of footprints still being read, drawn from their R-tree boxes (metric): at city zoom
    as the buildings painter draws them there — one mark per centre in its colour — closer in as
    grey boxes. The buildings painter replaces it as soon as the layer arrives."""

    def __init__(self, name: str, minx, miny, maxx, maxy) -> None:
        self.boxes = [np.asarray(a, dtype=float) for a in (minx, miny, maxx, maxy)]
        super().__init__(name, (self.boxes[0] + self.boxes[2]) / 2.0, (self.boxes[1] + self.boxes[3]) / 2.0)

    def paint(self, painter, ctx) -> None:
        from PySide6.QtGui import QBrush, QColor
        from PySide6.QtCore import Qt
        from . import palette
        from .polygons import BuildingsPainter
        keep = ctx.visible_mask(self.x, self.y)
        painter.save()
        try:
            if ctx.px_per_metre < BuildingsPainter.LOD_PX_PER_M and int(keep.sum()) > BuildingsPainter.LOD_BUILDINGS:
                painter.resetTransform()
                draw_density(painter, ctx, self.x[keep], self.y[keep], rgba=palette.BUILDING_FILL["residential"])
            else:
                painter.setTransform(ctx.transform)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(QColor(*PREVIEW_BOX)))
                minx, miny, maxx, maxy = (a[keep] for a in self.boxes)
                painter.drawRects([QRectF(float(a), float(b), float(c - a), float(d - b))
                                   for a, b, c, d in zip(minx, miny, maxx, maxy)])
        finally:
            painter.restore()
