"""Rendering the map into a QImage off the GUI thread (QImage painting is thread-safe in Qt)."""
from __future__ import annotations

import time

from PySide6.QtCore import QObject, QRectF, QRunnable, Signal
from PySide6.QtGui import QColor, QImage, QPainter

from ..io.native import keep_proj_context
from ..render import palette
from ..render.context import RenderContext
from ..render.map_renderer import fit_transform, render_layers


class JobSignals(QObject):
    finished = Signal(int, QImage, QRectF, float)   # job id, image, world rect, seconds
    failed = Signal(int, str)                       # job id, reason


def render_image(painters, world: QRectF, width: int, height: int, dpr: float = 1.0, language: str = "zh",
                 background=palette.BACKGROUND) -> tuple[QImage, QRectF]:
    """Render ``painters`` (bottom first) showing ``world`` into a new image of width×height pixels.

    Returns the image and the world rectangle it shows (``world`` widened to the image's aspect).
    """
    pixel_w, pixel_h = max(1, int(round(width * dpr))), max(1, int(round(height * dpr)))
    image = QImage(pixel_w, pixel_h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(*background))
    transform, visible = fit_transform(world, QRectF(0, 0, pixel_w, pixel_h))
    ctx = RenderContext(transform=transform, world_rect=visible, language=language, symbol_scale=dpr)
    painter = QPainter(image)
    try:
        render_layers(painter, painters, ctx)
    finally:
        painter.end()
    image.setDevicePixelRatio(dpr)
    return image, visible


class RenderJob(QRunnable):
    """One render of the whole map; the canvas drops results of jobs it no longer wants.

    ``painters`` must be frozen twins (``LayerPainter.frozen``) or other immutable painters: this
    runs in a pool thread and may not touch the live project."""

    def __init__(self, job_id: int, painters, world: QRectF, width: int, height: int, dpr: float,
                 language: str) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.signals = JobSignals()
        self._args = (job_id, list(painters), QRectF(world), width, height, dpr, language)

    def run(self) -> None:
        job_id, painters, world, width, height, dpr, language = self._args
        start = time.perf_counter()
        try:
            keep_proj_context()
            image, visible = render_image(painters, world, width, height, dpr, language)
        except Exception as exc:            # a bug in a painter: report it, keep the map alive
            import logging
            logging.getLogger(__name__).exception("render job %d failed", job_id)
            self.signals.failed.emit(job_id, f"{type(exc).__name__}: {exc}")
            return
        self.signals.finished.emit(job_id, image, visible, time.perf_counter() - start)
