"""What an editing tool draws over the map while it works: the line or polygon being drawn, the
cells as a dragged vertex would leave them, and the snap marker (a square on a vertex, a cross on
an edge). World coordinates; pens are cosmetic (the same width at every zoom)."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from ..render.qt_helpers import polygons_path

SKETCH = QColor(230, 60, 20)
SNAP = QColor(255, 0, 200)


class SketchItem(pg.GraphicsObject):
    def __init__(self) -> None:
        super().__init__()
        self.setZValue(120)
        self.points: list[tuple[float, float]] = []
        self.cursor: tuple[float, float] | None = None
        self.closed = False
        self.snap: tuple[float, float, str] | None = None
        self.preview = QPainterPath()
        self.marks = np.empty((0, 2))

    # -- state ----------------------------------------------------------------------------------
    def set_sketch(self, points, cursor=None, closed: bool = False) -> None:
        self.prepareGeometryChange()
        self.points, self.cursor, self.closed = list(points), cursor, closed
        self.update()

    def set_snap(self, snap) -> None:
        self.prepareGeometryChange()
        self.snap = None if snap is None or snap.kind is None else (snap.x, snap.y, snap.kind)
        self.update()

    def set_preview(self, geoms) -> None:
        self.prepareGeometryChange()
        self.preview = polygons_path(np.asarray(list(geoms), dtype=object)) if geoms else QPainterPath()
        self.update()

    def set_marks(self, xy) -> None:
        self.prepareGeometryChange()
        self.marks = np.asarray(xy, dtype=float).reshape(-1, 2)
        self.update()

    def clear(self) -> None:
        self.set_sketch([])
        self.set_snap(None)
        self.set_preview([])
        self.set_marks([])

    # -- drawing --------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        rect = self.preview.boundingRect()
        xy = list(self.points) + ([self.cursor] if self.cursor else []) + ([self.snap[:2]] if self.snap else [])
        xy += [tuple(p) for p in self.marks]
        if xy:
            a = np.asarray(xy, dtype=float)
            (x0, y0), (x1, y1) = a.min(axis=0), a.max(axis=0)
            pad = max(x1 - x0, y1 - y0, 50.0)
            rect = rect.united(QRectF(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad))
        return rect

    def paint(self, p: QPainter, *_args) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if not self.preview.isEmpty():
            pen = QPen(SKETCH, 2, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            p.setPen(pen)
            p.setBrush(QColor(230, 60, 20, 40))
            p.drawPath(self.preview)
        pts = list(self.points) + ([self.cursor] if self.cursor else [])
        if len(pts) >= 2:
            path = QPainterPath(QPointF(*pts[0]))
            for x, y in pts[1:]:
                path.lineTo(QPointF(x, y))
            if self.closed and len(pts) >= 3:
                path.closeSubpath()
            pen = QPen(SKETCH, 2.5)
            pen.setCosmetic(True)
            p.setPen(pen)
            p.setBrush(QColor(230, 60, 20, 50) if self.closed else Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        t = p.transform()
        p.resetTransform()
        p.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(SKETCH, 1.5)
        p.setPen(pen)
        for x, y in list(self.points) + [tuple(m) for m in self.marks]:
            c = t.map(QPointF(x, y))
            p.drawRect(QRectF(c.x() - 3.5, c.y() - 3.5, 7, 7))
        if self.snap is not None:
            c = t.map(QPointF(self.snap[0], self.snap[1]))
            p.setPen(QPen(SNAP, 2.5))
            if self.snap[2] == "vertex":
                p.drawRect(QRectF(c.x() - 7, c.y() - 7, 14, 14))
            else:
                p.drawLine(QPointF(c.x() - 7, c.y() - 7), QPointF(c.x() + 7, c.y() + 7))
                p.drawLine(QPointF(c.x() - 7, c.y() + 7), QPointF(c.x() + 7, c.y() - 7))
