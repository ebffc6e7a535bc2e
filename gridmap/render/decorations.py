"""Map furniture drawn in device space: scale bar and north arrow (screen and print alike)."""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from .qt_helpers import map_font, qcolor

_NICE = [1, 2, 5]


def nice_length(max_metres: float) -> float:
    """The largest 1/2/5 × 10^n metres not above ``max_metres``."""
    if max_metres <= 0:
        return 0.0
    exp = math.floor(math.log10(max_metres))
    best = 10 ** exp
    for n in _NICE:
        if n * 10 ** exp <= max_metres:
            best = n * 10 ** exp
    return float(best)


def format_distance(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


def draw_scale_bar(painter: QPainter, bottom_left: QPointF, px_per_metre: float, max_width: float = 160.0,
                   scale: float = 1.0) -> QRectF:
    """A two-segment scale bar whose length is a round distance; returns the rectangle it used."""
    if px_per_metre <= 0:
        return QRectF()
    metres = nice_length(max_width / px_per_metre)
    width = metres * px_per_metre
    height = 6.0 * scale
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    font = map_font(8.0 * scale)
    fm = QFontMetricsF(font)
    text = format_distance(metres)
    x, y = bottom_left.x(), bottom_left.y()
    back = QRectF(x - 6 * scale, y - height - fm.height() - 8 * scale, width + fm.horizontalAdvance("0 km") + 16 * scale,
                  height + fm.height() + 12 * scale)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(qcolor((255, 255, 255, 200))))
    painter.drawRoundedRect(back, 3 * scale, 3 * scale)
    pen = QPen(qcolor((30, 30, 30, 255)), 1.0 * scale)
    painter.setPen(pen)
    half = width / 2
    painter.setBrush(QBrush(qcolor((30, 30, 30, 255))))
    painter.drawRect(QRectF(x, y - height, half, height))
    painter.setBrush(QBrush(qcolor((255, 255, 255, 255))))
    painter.drawRect(QRectF(x + half, y - height, half, height))
    # The labels are drawn as outlines sized like everything else here (device units = ``scale`` ×
    # screen pixels): drawText would size the font in points again through the device's own
    # resolution, 12.5× too large on a 1,200-dpi printer.
    labels = QPainterPath()
    labels.addText(QPointF(x - fm.horizontalAdvance("0") / 2, y - height - 3 * scale), font, "0")
    labels.addText(QPointF(x + width - fm.horizontalAdvance(text) / 2, y - height - 3 * scale), font, text)
    painter.fillPath(labels, qcolor((30, 30, 30, 255)))
    painter.restore()
    return back


def draw_north_arrow(painter: QPainter, centre: QPointF, size: float = 34.0, rotation_deg: float = 0.0,
                     scale: float = 1.0) -> QRectF:
    """A north arrow with an "N"; ``rotation_deg`` turns it when the map's north is not up."""
    size *= scale
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(centre)
    painter.rotate(rotation_deg)
    h = size / 2
    left = QPolygonF([QPointF(0, -h), QPointF(-h * 0.42, h * 0.55), QPointF(0, h * 0.25)])
    right = QPolygonF([QPointF(0, -h), QPointF(h * 0.42, h * 0.55), QPointF(0, h * 0.25)])
    painter.setPen(QPen(qcolor((30, 30, 30, 255)), 1.0 * scale))
    painter.setBrush(QBrush(qcolor((30, 30, 30, 255))))
    painter.drawPolygon(left)
    painter.setBrush(QBrush(qcolor((255, 255, 255, 255))))
    painter.drawPolygon(right)
    font = map_font(9.0 * scale, bold=True)
    fm = QFontMetricsF(font)
    path = QPainterPath()
    path.addText(QPointF(-fm.horizontalAdvance("N") / 2, -h - 3 * scale), font, "N")
    painter.setPen(QPen(qcolor((255, 255, 255, 220)), 3 * scale))
    painter.drawPath(path)
    painter.fillPath(path, qcolor((30, 30, 30, 255)))
    painter.restore()
    return QRectF(centre.x() - h, centre.y() - h - fm.height(), size, size + fm.height())
