"""Render a set of layers into a rectangle of any QPainter (image, PDF page, canvas snapshot)."""
from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QTransform

from .context import RenderContext
from .labels import LabelPlacer


def fit_transform(world: QRectF, device: QRectF) -> tuple[QTransform, QRectF]:
    """World→device transform showing all of ``world`` centred in ``device`` (north up, equal scale).

    Returns the transform and the world rectangle actually visible (wider or taller than asked).
    """
    if world.width() <= 0 or world.height() <= 0:
        world = QRectF(world.center().x() - 50, world.center().y() - 50, 100, 100)
    scale = min(device.width() / world.width(), device.height() / world.height())
    cx, cy = world.center().x(), world.center().y()
    t = QTransform()
    t.translate(device.center().x(), device.center().y())
    t.scale(scale, -scale)
    t.translate(-cx, -cy)
    visible_w, visible_h = device.width() / scale, device.height() / scale
    return t, QRectF(cx - visible_w / 2, cy - visible_h / 2, visible_w, visible_h)


def render_layers(painter: QPainter, painters, ctx: RenderContext, clip: QRectF | None = None) -> None:
    """Draw ``painters`` (bottom first) with one shared label placer, so labels never collide."""
    painter.save()
    if clip is not None:
        painter.setClipRect(clip)
    ctx.options.setdefault("label_placer", LabelPlacer())
    for layer_painter in painters:
        layer_painter.paint(painter, ctx)
    for layer_painter in painters:
        layer_painter.paint_labels(painter, ctx)
    painter.restore()
