"""The layer panel: visibility, drawing order by drag, opacity, style, zoom to layer."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QMenu, QPushButton, QSlider, QVBoxLayout, QWidget)

from ..render.styles import STYLES
from .i18n import Retranslating

NAME_ROLE = Qt.ItemDataRole.UserRole


class LayerPanel(Retranslating, QWidget):
    """Lists the canvas layers, top of the list drawn on top. Mirrors the models both ways."""

    zoomToLayer = Signal(str)
    orderChanged = Signal(list)          # layer names, bottom first
    currentLayerChanged = Signal(str)
    renameRequested = Signal(str)        # layer name
    removeRequested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_context_menu)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.valueChanged.connect(self._on_opacity_slider)
        self.style_box = QComboBox()
        self.style_box.currentIndexChanged.connect(self._on_style_box)
        self.zoom_button = QPushButton()
        self.zoom_button.clicked.connect(lambda: self.current_name() and self.zoomToLayer.emit(self.current_name()))
        form = QFormLayout()
        self.opacity_label, self.style_label = QLabel(), QLabel()
        form.addRow(self.opacity_label, self.opacity)
        form.addRow(self.style_label, self.style_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.zoom_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self._mirroring = False
        self.retranslate()

    # -- model -> view ---------------------------------------------------------------------
    def set_layers(self, project, order_bottom_first: list[str]) -> None:
        """Show the layers of ``project`` that the canvas draws, in its order."""
        self.project = project
        self._mirroring = True
        self.list.clear()
        for name in reversed(order_bottom_first):
            layer = project[name]
            item = QListWidgetItem(layer.name)
            item.setData(NAME_ROLE, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
            item.setCheckState(Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
            self.list.addItem(item)
            layer.events.visible.connect(lambda v, n=name: self._mirror_visible(n, v))
            layer.events.opacity.connect(lambda v, n=name: self._mirror_opacity(n, v))
            layer.events.name.connect(lambda v, n=name: self._mirror_name(n, v))
        self._mirroring = False
        if self.list.count():
            self.list.setCurrentRow(0)

    def item(self, name: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            if self.list.item(row).data(NAME_ROLE) == name:
                return self.list.item(row)
        return None

    def _mirror_visible(self, name: str, visible: bool) -> None:
        item = self.item(name)
        if item is not None:
            self._mirroring = True
            item.setCheckState(Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked)
            self._mirroring = False

    def _mirror_opacity(self, name: str, value: float) -> None:
        if name == self.current_name():
            self.opacity.blockSignals(True)
            self.opacity.setValue(int(round(value * 100)))
            self.opacity.blockSignals(False)

    def _mirror_name(self, name: str, text: str) -> None:
        item = self.item(name)
        if item is not None:
            self._mirroring = True
            item.setText(text)
            self._mirroring = False

    # -- view -> model ---------------------------------------------------------------------
    def current_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(NAME_ROLE) if item else None

    def order_bottom_first(self) -> list[str]:
        return [self.list.item(r).data(NAME_ROLE) for r in reversed(range(self.list.count()))]

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._mirroring or self.project is None:
            return
        name = item.data(NAME_ROLE)
        if name in self.project:
            # The model tells every view, this panel included (its mirror is guarded).
            self.project[name].visible = item.checkState() == Qt.CheckState.Checked

    def _on_rows_moved(self, *_args) -> None:
        self.orderChanged.emit(self.order_bottom_first())

    def _on_current_changed(self, current, _previous) -> None:
        name = current.data(NAME_ROLE) if current else None
        enabled = name is not None and self.project is not None and name in self.project
        self.opacity.setEnabled(enabled)
        self.style_box.setEnabled(enabled)
        self.zoom_button.setEnabled(enabled)
        if not enabled:
            return
        layer = self.project[name]
        self.opacity.blockSignals(True)
        self.opacity.setValue(int(round(layer.opacity * 100)))
        self.opacity.blockSignals(False)
        self._fill_styles(name, layer.style)
        self.currentLayerChanged.emit(name)

    def _fill_styles(self, name: str, current: str) -> None:
        self.style_box.blockSignals(True)
        self.style_box.clear()
        for key in STYLES.get(name, ["default"]):
            self.style_box.addItem(self._style_label(key), key)
        index = self.style_box.findData(current)
        self.style_box.setCurrentIndex(max(0, index))
        self.style_box.blockSignals(False)

    def _style_label(self, key: str) -> str:
        names = {"default": self.tr("Standard"), "community": self.tr("Colour by community"),
                 "households": self.tr("Colour by households"), "status": self.tr("Colour by status")}
        return names.get(key, key)

    def _on_opacity_slider(self, value: int) -> None:
        name = self.current_name()
        if name and self.project is not None:
            self.project[name].opacity = value / 100.0

    def _on_style_box(self, _index: int) -> None:
        name = self.current_name()
        key = self.style_box.currentData()
        if name and key and self.project is not None and self.project[name].style != key:
            self.project[name].style = key

    def _on_context_menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        name = item.data(NAME_ROLE)
        menu.addAction(self.tr("Zoom to layer"), lambda: self.zoomToLayer.emit(name))
        menu.addAction(self.tr("Rename…"), lambda: self.renameRequested.emit(name))
        menu.addAction(self.tr("Remove layer"), lambda: self.removeRequested.emit(name))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    # -- language --------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.opacity_label.setText(self.tr("Opacity"))
        self.style_label.setText(self.tr("Style"))
        self.zoom_button.setText(self.tr("Zoom to layer"))
        self.list.setToolTip(self.tr("Tick to show a layer; drag to change the drawing order"))
        name = self.current_name()
        if name and self.project is not None:
            self._fill_styles(name, self.project[name].style)
