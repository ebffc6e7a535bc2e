"""Legend symbols: one small drawing per legend entry kind (used by the legend panel and prints)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen

from .qt_helpers import marker_path, qcolor


def draw_legend_symbol(painter: QPainter, rect: QRectF, desc: dict, scale: float = 1.0) -> None:
    """Draw the symbol described by ``desc`` (from a painter's ``legend()``) inside ``rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    kind = desc.get("kind")
    c = rect.center()
    colour = desc.get("colour", (0, 0, 0, 255))
    if kind == "polygon":
        painter.setBrush(QBrush(qcolor(desc["fill"])))
        painter.setPen(QPen(qcolor(desc.get("outline", (60, 60, 60, 255))), 1.0 * scale))
        painter.drawRect(rect.adjusted(2 * scale, 3 * scale, -2 * scale, -3 * scale))
    elif kind == "hatch":
        painter.setBrush(QBrush(qcolor(colour), Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(qcolor(colour), 1.6 * scale))
        painter.drawRect(rect.adjusted(2 * scale, 3 * scale, -2 * scale, -3 * scale))
    elif kind == "outline":
        pen = QPen(qcolor(colour), desc.get("width", 1.5) * scale)
        if desc.get("dash"):
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(3 * scale, 4 * scale, -3 * scale, -4 * scale))
    elif kind == "line":
        painter.setPen(QPen(qcolor(colour), desc.get("width", 2) * scale))
        painter.drawLine(QPointF(rect.left() + 2 * scale, c.y()), QPointF(rect.right() - 2 * scale, c.y()))
    elif kind == "marker":
        painter.setPen(QPen(qcolor((40, 40, 40, 255)), 1.0 * scale))
        painter.setBrush(QBrush(qcolor(colour)))
        painter.drawPath(marker_path(desc.get("marker", "circle"), 10 * scale).translated(c))
    elif kind == "ring":
        painter.setPen(QPen(qcolor(colour), 2.4 * scale))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(c, 6.5 * scale, 6.5 * scale)
    elif kind == "halo":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(qcolor(colour, 0.45)))
        painter.drawEllipse(c, 7.5 * scale, 7.5 * scale)
        painter.setBrush(QBrush(qcolor((120, 120, 120, 255))))
        painter.drawEllipse(c, 3.8 * scale, 3.8 * scale)
    else:  # dot
        size = desc.get("size", 8) * scale
        painter.setPen(QPen(qcolor((30, 30, 30, 255)), 0.8 * scale) if size >= 7 else Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(qcolor(colour)))
        painter.drawEllipse(c, size / 2, size / 2)
    painter.restore()
