"""LayerPainter: draws one layer on any QPainter; caches what it derives from the data."""
from __future__ import annotations

import copy

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from .context import RenderContext


class LayerPainter:
    """Base of the per-kind painters. Subclasses implement ``_build`` and ``_draw``.

    The painter listens to its model: a data or style change drops the cache, so the next
    paint rebuilds it. It keeps no reference from the model back to itself.
    """

    def __init__(self, project, layer) -> None:
        self.project = project
        self.layer = layer
        self._cache = None
        self._version = 0
        layer.events.data.connect(self._on_data_changed)
        layer.events.style.connect(self._on_data_changed)

    def _on_data_changed(self, _value=None) -> None:
        self._cache = None
        self._version += 1

    @property
    def version(self) -> int:
        """Increases whenever what this painter draws changes."""
        return self._version

    def detach(self) -> None:
        """Stop listening to the model (the layer was removed)."""
        self.layer.events.data.disconnect(self._on_data_changed)
        self.layer.events.style.disconnect(self._on_data_changed)

    #: Caches a render in another thread may build and the painter then keeps.
    HANDBACK = ("_cache",)
    #: What the last render did (such as drawing a density image instead of symbols): taken over
    #: from the twin of the render on screen.
    REPORTS: tuple[str, ...] = ()

    def frozen(self, snapshot) -> "LayerPainter":
        """GUI thread: a copy of this painter that reads ``snapshot`` (a ProjectSnapshot) instead of
        the live project, for a render in another thread. Caches it builds are handed back by
        ``adopt`` when the render is done, if the data has not changed since."""
        twin = copy.copy(self)
        twin.project = snapshot
        twin.layer = snapshot[self.layer.kind]
        return twin

    def adopt(self, twin: "LayerPainter") -> None:
        """GUI thread: keep what ``twin`` (from ``frozen``) built, if it still matches the data."""
        for name in self.REPORTS:
            if hasattr(twin, name):
                setattr(self, name, getattr(twin, name))
        if twin._version != self._version:
            return
        for name in self.HANDBACK:
            if getattr(self, name, None) is None and getattr(twin, name, None) is not None:
                setattr(self, name, getattr(twin, name))

    def metric(self):
        """The layer in the project's metric CRS."""
        return self.project.to_metric(self.layer.kind)

    def cache(self):
        if self._cache is None:
            self._cache = self._build()
        return self._cache

    def bounds(self) -> QRectF:
        """World (metric) bounding rectangle; empty for an empty layer."""
        if not self.layer.is_spatial or len(self.layer) == 0:
            return QRectF()
        cached = getattr(self, "_bounds", None)
        if cached is not None and cached[0] == self._version:
            return QRectF(cached[1])
        x, y = self.project.metric_xy(self.layer.kind)
        if self.layer.kind in ("incidents", "patrols", "facilities") or not len(x):
            x0, y0, x1, y1 = float(x.min()), float(y.min()), float(x.max()), float(y.max())
        else:
            x0, y0, x1, y1 = self.metric().total_bounds
        rect = QRectF(float(x0), float(y0), float(x1 - x0), float(y1 - y0))
        self._bounds = (self._version, rect)
        return QRectF(rect)

    def paint(self, painter: QPainter, ctx: RenderContext) -> None:
        """Draw the layer (if visible) with its opacity."""
        if not self.layer.visible or len(self.layer) == 0:
            return
        painter.save()
        painter.setOpacity(painter.opacity() * self.layer.opacity)
        try:
            self._draw(painter, ctx, self.cache())
        finally:
            painter.restore()

    def paint_labels(self, painter: QPainter, ctx: RenderContext) -> None:
        """Draw the layer's labels; called after every layer's geometry, so labels stay on top."""
        if not self.layer.visible or len(self.layer) == 0 or not ctx.labels:
            return
        painter.save()
        painter.setOpacity(painter.opacity() * self.layer.opacity)
        painter.resetTransform()
        try:
            self._draw_labels(painter, ctx, self.cache())
        finally:
            painter.restore()

    def _draw_labels(self, painter: QPainter, ctx: RenderContext, cache) -> None:
        """Subclasses with labels override this (device coordinates, untransformed painter)."""

    def legend(self, language: str) -> list[tuple[str, dict]]:
        """(label, symbol description) entries of what this layer shows, for legends."""
        return []

    #: Above this many features, a view showing a small part of the layer draws only that part.
    CULL_MIN_FEATURES = 5000

    def visible_rows(self, ctx: RenderContext) -> np.ndarray | None:
        """Rows intersecting the visible rectangle when drawing only those pays (a big layer seen in
        part, or a surface that asks for it, like a printed page); None: draw the whole cached layer."""
        n = len(self.layer)
        if not ctx.options.get("cull") and n < self.CULL_MIN_FEATURES:
            return None
        view = ctx.world_rect
        if not ctx.options.get("cull"):
            bounds = self.bounds()
            if view.width() * view.height() > 0.3 * bounds.width() * bounds.height():
                return None
        from ..analysis.identify import features_in_rect
        return features_in_rect(self.project, view.left(), view.top(), view.right(), view.bottom(), self.layer.kind)

    def _build(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _draw(self, painter: QPainter, ctx: RenderContext, cache) -> None:  # pragma: no cover
        raise NotImplementedError


def selected_mask(layer) -> np.ndarray:
    mask = np.zeros(len(layer), dtype=bool)
    mask[layer.selection] = True
    return mask
