"""The legend: what each visible layer's symbols mean, in drawing order (top first)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from ..render.legend_symbols import draw_legend_symbol
from .i18n import Retranslating

ICON = QSize(22, 16)


def symbol_icon(desc: dict) -> QIcon:
    pixmap = QPixmap(ICON)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    draw_legend_symbol(painter, QRectF(0, 0, ICON.width(), ICON.height()), desc)
    painter.end()
    return QIcon(pixmap)


class LegendPanel(Retranslating, QTreeWidget):
    """Rebuilt whenever a layer's visibility, style or data changes, or the language switches."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setIconSize(ICON)
        self.setRootIsDecorated(False)
        self.canvas = None
        self.language = "zh"

    def set_canvas(self, canvas) -> None:
        if canvas is not self.canvas:
            canvas.rendered.connect(self._after_render)
        self.canvas = canvas
        if canvas.project is not None:
            for layer in canvas.project.layers.values():
                for signal in (layer.events.visible, layer.events.style, layer.events.data, layer.events.name):
                    signal.connect(lambda _v: self.refresh())
        self.refresh()

    def _lod_state(self) -> tuple:
        return tuple((n, getattr(p, "last_lod", None)) for n, p in self.canvas.layer_painters.items())

    def _after_render(self, _seconds=None) -> None:
        """A render may have switched a layer between symbols and its density image (zooming out
        to the city, or in): the legend follows what the map shows."""
        if self.canvas is not None and self._lod_state() != getattr(self, "_shown_lod", None):
            self.refresh()

    def refresh(self) -> None:
        self.clear()
        if self.canvas is not None:
            self._shown_lod = self._lod_state()
        if self.canvas is None or self.canvas.project is None:
            return
        for name in reversed(self.canvas.order):
            painter = self.canvas.layer_painters[name]
            if not painter.layer.visible:
                continue
            entries = painter.legend(self.language)
            if len(entries) == 1:
                item = QTreeWidgetItem([painter.layer.name])
                item.setIcon(0, symbol_icon(entries[0][1]))
                self.addTopLevelItem(item)
                continue
            head = QTreeWidgetItem([painter.layer.name])
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.addTopLevelItem(head)
            for text, desc in entries:
                child = QTreeWidgetItem([text])
                child.setIcon(0, symbol_icon(desc))
                head.addChild(child)
            head.setExpanded(True)

    def set_language(self, language: str) -> None:
        self.language = language
        self.refresh()

    def retranslate(self) -> None:
        self.refresh()
