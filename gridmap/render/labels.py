"""Map labels in device space: halo text, placed greedily without collisions.

On screen a label is rendered once into a small QImage and then blitted (fast, and QImage may
be painted off the GUI thread); on a printed page (``vector=True``) it is drawn as text paths.
"""
from __future__ import annotations

import threading
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from .qt_helpers import map_font, qcolor


class LabelPlacer:
    """Remembers placed label boxes; a new label that would overlap one is skipped."""

    def __init__(self, cell: float = 64.0) -> None:
        self._cell = cell
        self._grid: dict[tuple[int, int], list[QRectF]] = {}

    def try_place(self, box: QRectF) -> bool:
        keys = [(i, j) for i in range(int(box.left() // self._cell), int(box.right() // self._cell) + 1)
                for j in range(int(box.top() // self._cell), int(box.bottom() // self._cell) + 1)]
        for key in keys:
            for other in self._grid.get(key, ()):
                if other.intersects(box):
                    return False
        for key in keys:
            self._grid.setdefault(key, []).append(box)
        return True


@lru_cache(maxsize=4096)
def text_size(lines: tuple[str, ...], point_size: float, bold_first: bool = True) -> tuple[float, float]:
    """Width and height of a block of centred lines, in device units."""
    _fonts, metrics = _fonts_and_metrics(len(lines), point_size, bold_first)
    width = max(m.horizontalAdvance(t) for m, t in zip(metrics, lines))
    return width, sum(m.height() for m in metrics[: len(lines)])


@lru_cache(maxsize=64)
def _fonts_and_metrics(n: int, point_size: float, bold_first: bool):
    fonts = [map_font(point_size * (1.08 if (k == 0 and bold_first) else 1.0), bold=(k == 0 and bold_first))
             for k in range(n)]
    return fonts, [QFontMetricsF(f) for f in fonts]


def _text_path(lines, point_size, bold_first, left, top) -> QPainterPath:
    fonts, metrics = _fonts_and_metrics(len(lines), point_size, bold_first)
    width, _h = text_size(lines, point_size, bold_first)
    path = QPainterPath()
    y = top
    for font, m, text in zip(fonts, metrics, lines):
        path.addText(QPointF(left + (width - m.horizontalAdvance(text)) / 2, y + m.ascent()), font, text)
        y += m.height()
    return path


def _paint_halo(painter: QPainter, path: QPainterPath, point_size: float, colour, halo) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(qcolor(halo), max(2.0, point_size * 0.35))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.strokePath(path, pen)
    painter.fillPath(path, QColor(*colour))


def _draw_text_halo(painter, lines, point_size, bold_first, left, top, colour, halo, ds=1.0) -> None:
    """Text on a light rounded box: on paper as legible as a halo, and two drawing operations
    instead of nine (the halo drawn as offset copies made long atlases slow)."""
    fonts, metrics = _fonts_and_metrics(len(lines), point_size, bold_first)
    width, height = text_size(lines, point_size, bold_first)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(*halo))
    _halo_box(painter, left, top, width, height, point_size, ds)
    painter.setPen(QColor(*colour))
    y = top
    for font, m, text in zip(fonts, metrics, lines):
        x = left + (width - m.horizontalAdvance(text)) * ds / 2
        painter.setFont(font)
        painter.drawText(QPointF(x, y + m.ascent() * ds), text)
        y += m.height() * ds


def _halo_box(painter, left, top, width, height, point_size, ds) -> None:
    """The light rounded box behind a printed label (text of ``width`` × ``height`` at 96 dpi)."""
    pad = max(0.6, point_size * 0.12) * ds
    painter.drawRoundedRect(QRectF(left - pad, top - pad * 0.5, width * ds + 2 * pad, height * ds + pad), pad, pad)


def draw_text_boxes(painter, placed, point_size: float, colour, halo, ds: float = 1.0) -> None:
    """Single lines of text at ``placed`` (left, top, text in device units), each on a light
    rounded box as ``_draw_text_halo`` draws one: all the boxes first, then all the texts, so a
    printed page's labels cost two graphics states rather than two each (a patrol page has ~50)."""
    if not placed:
        return
    fonts, metrics = _fonts_and_metrics(1, point_size, False)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(*halo))
    for left, top, text in placed:
        _halo_box(painter, left, top, *text_size((text,), point_size, False), point_size, ds)
    painter.setPen(QColor(*colour))
    painter.setFont(fonts[0])
    ascent = metrics[0].ascent() * ds
    for left, top, text in placed:
        painter.drawText(QPointF(left, top + ascent), text)
    painter.restore()


_IMAGE_CACHE: dict[tuple, QImage] = {}
_IMAGE_LOCK = threading.Lock()
_PAD = 3.0


def _label_image(lines, point_size, colour, halo, bold_first) -> QImage:
    key = (lines, round(point_size, 2), colour, halo, bold_first)
    with _IMAGE_LOCK:
        image = _IMAGE_CACHE.get(key)
    if image is not None:
        return image
    width, height = text_size(lines, point_size, bold_first)
    image = QImage(int(width + 2 * _PAD + 1), int(height + 2 * _PAD + 1), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    p = QPainter(image)
    _paint_halo(p, _text_path(lines, point_size, bold_first, _PAD, _PAD), point_size, colour, halo)
    p.end()
    with _IMAGE_LOCK:
        if len(_IMAGE_CACHE) > 5000:
            _IMAGE_CACHE.clear()
        _IMAGE_CACHE[key] = image
    return image


def draw_halo_text(painter: QPainter, centre: QPointF, lines, point_size: float, colour,
                   placer: LabelPlacer | None = None, bold_first: bool = True, halo=(255, 255, 255, 230),
                   vector: bool = False) -> bool:
    """Draw centred lines of text with a light halo; returns False (and draws nothing) on collision."""
    lines = tuple(lines)
    device_scale = 1.0
    if vector:
        # Callers scale sizes by the surface's device units per screen pixel (symbol_scale); a
        # font's points are already physical on a PDF, so undo that, and measure in device units.
        device_scale = max(painter.device().logicalDpiY() / 96.0, 1e-6)
        point_size = point_size / device_scale
    width, height = text_size(lines, point_size, bold_first)
    width, height = width * device_scale, height * device_scale
    box = QRectF(centre.x() - width / 2 - 2, centre.y() - height / 2 - 1, width + 4, height + 2)
    if placer is not None and not placer.try_place(box):
        return False
    colour = tuple(colour)
    if vector:
        # On a PDF, text stays text (the font is embedded once): the halo is the same text drawn
        # in the halo colour around it, not glyph outlines, which would cost kilobytes per label.
        painter.save()
        _draw_text_halo(painter, lines, point_size, bold_first, centre.x() - width / 2, centre.y() - height / 2,
                        colour, halo, device_scale)
        painter.restore()
    else:
        image = _label_image(lines, point_size, colour, tuple(halo), bold_first)
        painter.drawImage(QPointF(round(centre.x() - width / 2 - _PAD), round(centre.y() - height / 2 - _PAD)), image)
    return True
