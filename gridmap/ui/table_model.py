"""A Qt table model over a layer's (Geo)DataFrame: sorting and filtering are numpy/pandas
operations on a row index, so a table of a million incidents stays responsive."""
from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from .formatting import MASK, display_column

#: Table rows formatted at a time, and how many such blocks are kept (last used first out).
BLOCK_ROWS = 512
MAX_BLOCKS = 256


class LayerTableModel(QAbstractTableModel):
    """Rows of a layer (without geometry). ``view_rows`` maps table rows to data rows."""

    def __init__(self, layer, parent=None) -> None:
        super().__init__(parent)
        self.layer = layer
        self.reveal_sensitive = False
        self.edit_handler = None      # callable(data_row, column, text) -> reason it was refused, or None
        self._filter = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._reset_data()
        layer.events.data.connect(self._on_data_changed)

    def detach(self) -> None:
        self.layer.events.data.disconnect(self._on_data_changed)

    # -- data ------------------------------------------------------------------------------
    def _reset_data(self) -> None:
        self.columns = self.layer.columns
        self._blocks: OrderedDict[tuple[str, int], np.ndarray] = OrderedDict()
        self._apply()

    def _labels(self, column: str) -> tuple:
        """(code list, language) of a code column, to show its labels; () for any other column."""
        from layers.messages import language
        from layers.schema import CODE
        spec = getattr(self.layer, "spec", None)
        try:
            found = spec.column(column) if spec is not None else None
        except KeyError:
            found = None
        return (found.codes, language()) if found is not None and found.type == CODE and found.codes else ()

    def _on_data_changed(self, _frame=None) -> None:
        self.beginResetModel()
        self._reset_data()
        self.endResetModel()

    def display_text(self, column: str, view_row: int) -> str:
        """The text shown in table row ``view_row`` of ``column``. Formatted a block of rows at a
        time and kept for the last few hundred blocks: a table of a million incidents holds the
        rows looked at, not 17 columns of a million strings (~550 MB)."""
        block = view_row // BLOCK_ROWS
        key = (column, block)
        texts = self._blocks.get(key)
        if texts is None:
            rows = self.view_rows[block * BLOCK_ROWS:(block + 1) * BLOCK_ROWS]
            texts = display_column(self.layer.data[column].iloc[rows], *self._labels(column))
            self._blocks[key] = texts
            while len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(key)
        return str(texts[view_row - block * BLOCK_ROWS])

    def _apply(self) -> None:
        """Recompute ``view_rows`` from the filter text and the sort column."""
        n = len(self.layer.data)
        rows = np.arange(n)
        if self._filter:
            hit = np.zeros(n, dtype=bool)
            needle = self._filter.lower()
            sensitive = set(self.layer.sensitive_columns)
            for column in self.columns:
                if column in sensitive and not self.reveal_sensitive:
                    continue
                # one column's strings at a time, not kept: the search needs every row once
                hit |= pd.Series(display_column(self.layer.data[column], *self._labels(column))).str.lower().str.contains(
                    needle, regex=False).to_numpy()
            rows = rows[hit]
        if self._sort is not None:
            column_index, order = self._sort
            values = self.layer.data[self.columns[column_index]].iloc[rows]
            if isinstance(values.dtype, pd.CategoricalDtype):
                # a code column in the contract's order (受理 → 派遣 → 处置中 → 办结 → 结案), missing last
                codes = values.cat.codes.to_numpy()
                values = pd.Series(np.where(codes < 0, np.nan, codes))
            keyed = pd.DataFrame({"v": values.to_numpy(), "r": rows})
            keyed = keyed.sort_values("v", ascending=order == Qt.SortOrder.AscendingOrder, kind="stable",
                                      na_position="last")
            rows = keyed["r"].to_numpy()
        self.view_rows = rows
        self._blocks = OrderedDict()        # blocks are of table rows: their order changed
        self._inverse = np.full(n, -1, dtype=np.int64)
        self._inverse[rows] = np.arange(len(rows))

    def set_filter(self, text: str) -> None:
        """Show only rows where some (non-sensitive) column contains ``text`` (case-insensitive)."""
        self.beginResetModel()
        self._filter = text.strip()
        self._apply()
        self.endResetModel()

    def set_reveal_sensitive(self, reveal: bool) -> None:
        self.beginResetModel()
        self.reveal_sensitive = bool(reveal)
        self._apply()
        self.endResetModel()

    def data_row(self, view_row: int) -> int:
        return int(self.view_rows[view_row])

    def view_row(self, data_row: int) -> int:
        """The table row showing ``data_row``, or -1 if it is filtered out."""
        return int(self._inverse[data_row]) if 0 <= data_row < len(self._inverse) else -1

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.view_rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
            if column in self.layer.sensitive_columns and not self.reveal_sensitive:
                return MASK
            return self.display_text(column, index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if pd.api.types.is_numeric_dtype(self.layer.data[column].dtype):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex):
        base = super().flags(index)
        if not index.isValid() or self.edit_handler is None:
            return base
        column = self.columns[index.column()]
        if column == "fid" or (column in self.layer.sensitive_columns and not self.reveal_sensitive):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        """Edit one value through ``edit_handler`` (checked by the contract, undoable)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.edit_handler is None:
            return False
        row = self.data_row(index.row())
        return self.edit_handler(row, self.columns[index.column()], "" if value is None else str(value)) is None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section] if 0 <= section < len(self.columns) else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            from layers.column_labels import column_label
            from layers.messages import language
            return column_label(self.columns[section], language()) if 0 <= section < len(self.columns) else None
        return str(self.view_rows[section] + 1) if 0 <= section < len(self.view_rows) else None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply()
        self.layoutChanged.emit()
