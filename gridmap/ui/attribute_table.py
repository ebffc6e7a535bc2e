"""The attribute table: one layer's rows, sortable and filterable, selection shared with the map."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from .table_model import LayerTableModel
from .i18n import Retranslating


class AttributeTable(Retranslating, QWidget):
    """Shows a layer's attributes. Selecting rows selects features, and the reverse."""

    zoomToRows = Signal(str, list)
    escaped = Signal()          # Escape with nothing left to clear: the window gives the map the focus

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.model: LayerTableModel | None = None
        self.edit_handler = None      # callable(layer, row, column, text) -> refusal or None (ui.feature_form)
        self._mirroring = False
        self.layer_box = QComboBox()
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.reveal = QCheckBox()
        self.zoom_button = QPushButton()
        self.count_label = QLabel()
        self.view = QTableView()
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(22)
        top = QHBoxLayout()
        for w in (self.layer_box, self.filter_edit, self.reveal, self.zoom_button, self.count_label):
            top.addWidget(w)
        top.setStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.layer_box.currentIndexChanged.connect(self._on_layer_chosen)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.reveal.toggled.connect(self._on_reveal)
        self.zoom_button.clicked.connect(self._zoom_to_selected)
        self.view.doubleClicked.connect(lambda _i: self._zoom_to_selected())
        # a click on a selected cell edits it (a double click zooms to the row; letters stay shortcuts)
        self.view.setEditTriggers(self.view.EditTrigger.SelectedClicked)
        for widget in (self.filter_edit, self.view, self.layer_box):
            widget.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched, event) -> bool:
        """Escape clears the filter text first, then hands the focus back to the map, so a floating
        table never keeps the keyboard from the window."""
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            if watched is self.filter_edit and self.filter_edit.text():
                self.filter_edit.clear()
            else:
                self.escaped.emit()
            return True
        return super().eventFilter(watched, event)

    # -- project and layer -----------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        if project is not None:
            for name, layer in project.layers.items():
                self.layer_box.addItem(layer.name, name)
        self.layer_box.blockSignals(False)
        self._on_layer_chosen(self.layer_box.currentIndex())

    def show_layer(self, name: str) -> None:
        index = self.layer_box.findData(name)
        if index >= 0:
            self.layer_box.setCurrentIndex(index)

    def current_layer_name(self) -> str | None:
        return self.layer_box.currentData()

    def _on_layer_chosen(self, _index: int) -> None:
        if self.model is not None:
            self.model.layer.events.selection.disconnect(self._on_model_selection)
            self.model.detach()
            old, self.model = self.model, None
            self.view.setModel(None)
            old.deleteLater()               # a child of this panel: it would stay, with its texts
        name = self.layer_box.currentData()
        if self.project is None or name is None:
            self.model = None
            self.view.setModel(None)
            return
        layer = self.project[name]
        self.model = LayerTableModel(layer, self)
        if self.edit_handler is not None:
            self.model.edit_handler = lambda row, column, text, n=name: self.edit_handler(n, row, column, text)
        self.model.set_filter(self.filter_edit.text())
        self.model.set_reveal_sensitive(self.reveal.isChecked())
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection)
        self.model.layoutChanged.connect(lambda *_: self._on_model_selection(layer.selection))
        self.model.modelReset.connect(lambda: self._on_model_selection(layer.selection))
        layer.events.selection.connect(self._on_model_selection)
        self._on_model_selection(layer.selection)
        self._update_count()

    # -- selection, both ways --------------------------------------------------------------
    def _on_view_selection(self, *_args) -> None:
        if self._mirroring or self.model is None:
            return
        rows = sorted({self.model.data_row(i.row()) for i in self.view.selectionModel().selectedRows()})
        self._mirroring = True
        try:
            self.model.layer.selection = rows
        finally:
            self._mirroring = False
        self._update_count()

    def _on_model_selection(self, rows) -> None:
        if self._mirroring or self.model is None:
            return
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        view_rows = sorted(r for r in (self.model.view_row(int(d)) for d in np.asarray(rows)) if r >= 0)
        for start, end in _ranges(view_rows):
            selection.select(self.model.index(start, 0), self.model.index(end, last))
        self._mirroring = True
        try:
            self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if view_rows:
                self.view.scrollTo(self.model.index(view_rows[0], 0))
        finally:
            self._mirroring = False
        self._update_count()

    def _zoom_to_selected(self) -> None:
        if self.model is not None and len(self.model.layer.selection):
            self.zoomToRows.emit(self.model.layer.kind, [int(r) for r in self.model.layer.selection])

    def _on_filter(self, text: str) -> None:
        if self.model is not None:
            self.model.set_filter(text)
            self._update_count()

    def _on_reveal(self, checked: bool) -> None:
        if self.model is not None:
            self.model.set_reveal_sensitive(checked)

    def _update_count(self) -> None:
        if self.model is None:
            self.count_label.setText("")
            return
        self.count_label.setText(self.tr("%1 of %2 rows, %3 selected")
                                 .replace("%1", str(self.model.rowCount()))
                                 .replace("%2", str(len(self.model.layer)))
                                 .replace("%3", str(len(self.model.layer.selection))))

    # -- language --------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(self.tr("Filter rows…"))
        self.reveal.setText(self.tr("Show sensitive columns"))
        self.reveal.setToolTip(self.tr("Phones and reporters are hidden unless you reveal them here"))
        self.zoom_button.setText(self.tr("Zoom to selected"))
        self._update_count()


def _ranges(sorted_rows: list[int]):
    """Consecutive runs of sorted integers as (start, end) pairs."""
    start = prev = None
    for r in sorted_rows:
        if start is None:
            start = prev = r
        elif r == prev + 1:
            prev = r
        else:
            yield start, prev
            start = prev = r
    if start is not None:
        yield start, prev
