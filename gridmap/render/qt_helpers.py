"""Bulk conversion of shapely/numpy geometry to Qt paths and polygons (no per-feature Python loop)."""
from __future__ import annotations

import functools

import numpy as np
import pyqtgraph.functions as fn
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPolygonF, QRawFont

CJK_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
                "PingFang SC", "SimHei"]


def qcolor(rgba, alpha: float | None = None) -> QColor:
    """QColor of an RGBA tuple; ``alpha`` (0-1) overrides its alpha."""
    r, g, b, a = rgba
    return QColor(r, g, b, int(round(alpha * 255)) if alpha is not None else a)


def fill_paths(painter: QPainter, fills) -> None:
    """Fill each ``(rgba, QPainterPath)`` of ``fills`` without an outline."""
    painter.setPen(Qt.PenStyle.NoPen)
    for colour, path in fills:
        painter.setBrush(QBrush(qcolor(colour)))
        painter.drawPath(path)


def map_font(point_size: float, bold: bool = False) -> QFont:
    """A font that has Chinese glyphs in their Simplified Chinese forms. Its ``locl`` feature is off:
    in Noto Sans CJK SC it swaps digits for copies that no code point reaches, and a PDF then loses
    every digit of "第 1 / 3 页" from its text (the Han forms are the SC family's own either way)."""
    font = QFont()
    font.setFamilies(CJK_FAMILIES)
    font.setPointSizeF(max(point_size, 1.0))
    font.setBold(bold)
    font.setFeature(QFont.Tag("locl"), 0)
    return font


@functools.lru_cache(maxsize=1)
def radical_twins() -> dict[str, str]:
    """Radical code points (U+2E80–U+2FDF) the print font draws with an ideograph's glyph -> that
    ideograph (⻚ -> 页, ⽹ -> 网): what a PDF's text map should say (export.pdf_text)."""
    radicals = "".join(chr(c) for c in range(0x2E80, 0x2FE0))
    ideographs = "".join(chr(c) for c in (*range(0x4E00, 0xA000), *range(0x3400, 0x4DC0)))
    twins: dict[str, str] = {}
    for bold in (False, True):
        raw = QRawFont.fromFont(map_font(10, bold))
        first: dict[int, str] = {}
        for ch, glyph in zip(ideographs, raw.glyphIndexesForString(ideographs)):
            if glyph:
                first.setdefault(glyph, ch)
        for ch, glyph in zip(radicals, raw.glyphIndexesForString(radicals)):
            if glyph in first:
                twins.setdefault(ch, first[glyph])
    return twins


def polygons_path(geoms: np.ndarray) -> QPainterPath:
    """One QPainterPath of every ring of ``geoms`` (Polygon/MultiPolygon), odd-even filled."""
    geoms = np.asarray(geoms)
    if len(geoms) == 0:
        return QPainterPath()
    rings = shapely.get_rings(shapely.get_parts(geoms))
    return lines_path(rings)


def lines_path(lines: np.ndarray) -> QPainterPath:
    """One QPainterPath of many LineStrings/LinearRings, each a separate sub-path."""
    lines = np.asarray(lines)
    if len(lines) == 0:
        return QPainterPath()
    lines = shapely.get_parts(lines)
    coords, index = shapely.get_coordinates(lines, return_index=True)
    if len(coords) == 0:
        return QPainterPath()
    connect = np.ones(len(coords), dtype=np.int32)
    connect[:-1] = index[1:] == index[:-1]
    connect[-1] = 0
    return fn.arrayToQPath(coords[:, 0].copy(), coords[:, 1].copy(), connect=connect, finiteCheck=False)


def points_polygon(x: np.ndarray, y: np.ndarray) -> QPolygonF:
    """A QPolygonF holding the points (for QPainter.drawPoints), filled straight from numpy."""
    poly = fn.create_qpolygonf(len(x))
    if len(x):
        buf = fn.ndarray_from_qpolygonf(poly)
        buf[:, 0] = x
        buf[:, 1] = y
    return poly


def marker_path(kind: str, size: float) -> QPainterPath:
    """A marker centred on (0, 0): square, triangle, triangle_down, diamond, star, cross or circle."""
    h = size / 2.0
    path = QPainterPath()
    if kind == "square":
        path.addRect(-h, -h, size, size)
    elif kind in ("triangle", "triangle_down"):
        s = -1 if kind == "triangle" else 1
        path.addPolygon(QPolygonF([QPointF(0, s * h * 1.15), QPointF(h * 1.1, -s * h * 0.8),
                                   QPointF(-h * 1.1, -s * h * 0.8), QPointF(0, s * h * 1.15)]))
    elif kind == "diamond":
        path.addPolygon(QPolygonF([QPointF(0, -h * 1.25), QPointF(h * 1.25, 0), QPointF(0, h * 1.25),
                                   QPointF(-h * 1.25, 0), QPointF(0, -h * 1.25)]))
    elif kind == "star":
        angles = np.linspace(-np.pi / 2, 3 * np.pi / 2, 11)[:-1]
        radii = np.where(np.arange(10) % 2 == 0, h * 1.35, h * 0.6)
        pts = [QPointF(float(r * np.cos(a)), float(r * np.sin(a))) for r, a in zip(radii, angles)]
        path.addPolygon(QPolygonF(pts + [pts[0]]))
    elif kind == "cross":
        t = h * 0.4
        path.addRect(-t, -h * 1.1, 2 * t, size * 1.1)
        path.addRect(-h * 1.1, -t, size * 1.1, 2 * t)
        path.setFillRule(path.fillRule().WindingFill)
    else:
        path.addEllipse(QPointF(0, 0), h, h)
    return path


def device_polylines(rings: np.ndarray, transform) -> list[QPolygonF]:
    """Rings/lines transformed to device units, one QPolygonF each (AA-stroked faster than a path)."""
    rings = np.asarray(rings)
    if len(rings) == 0:
        return []
    coords, index = shapely.get_coordinates(rings, return_index=True)
    x = transform.m11() * coords[:, 0] + transform.m21() * coords[:, 1] + transform.dx()
    y = transform.m12() * coords[:, 0] + transform.m22() * coords[:, 1] + transform.dy()
    splits = np.flatnonzero(np.diff(index)) + 1
    return [points_polygon(xs, ys) for xs, ys in zip(np.split(x, splits), np.split(y, splits))]
