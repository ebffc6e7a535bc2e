"""The identify panel: the attributes of the features under a click; pick one where they overlap."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHeaderView, QLabel, QListWidget, QListWidgetItem,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from .formatting import MASK, display_value
from .i18n import Retranslating

HIT_ROLE = Qt.ItemDataRole.UserRole


class IdentifyPanel(Retranslating, QWidget):
    """Lists identified features; shows the chosen one's attributes, sensitive ones masked."""

    featureChosen = Signal(str, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.language = "zh"
        self.hits: list[tuple[str, int]] = []
        self.title = QLabel()
        self.features = QListWidget()
        self.features.setMaximumHeight(130)
        self.features.currentItemChanged.connect(self._on_current)
        self.reveal = QCheckBox()
        self.reveal.toggled.connect(lambda _c: self._show_current())
        self.table = QTableWidget(0, 2)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for w in (self.title, self.features, self.reveal):
            layout.addWidget(w)
        layout.addWidget(self.table, 1)
        from .emerging_view import EmergingChart
        self.chart = EmergingChart()
        self.chart.setVisible(False)
        layout.addWidget(self.chart, 1)
        self.retranslate()

    def set_results(self, project, hits: list[tuple[str, int]]) -> None:
        """Show ``hits`` (layer name, row), the first one chosen."""
        self.project = project
        self.hits = list(hits)
        self.features.blockSignals(True)
        self.features.clear()
        for name, row in self.hits:
            item = QListWidgetItem(self._describe(name, row))
            item.setData(HIT_ROLE, (name, row))
            self.features.addItem(item)
        self.features.blockSignals(False)
        self.features.setVisible(len(self.hits) > 1)
        self._update_title()
        if self.hits:
            self.features.setCurrentRow(0)
            self._on_current(self.features.currentItem(), None)
        else:
            self.table.setRowCount(0)

    def _describe(self, name: str, row: int) -> str:
        layer = self.project[name]
        data = layer.data
        parts = [layer.name]
        for column in (layer.spec.id_column, "name", "address"):
            if column and column in data.columns:
                text = display_value(data[column].iloc[row])
                if text and text not in parts:
                    parts.append(text)
        return " · ".join(parts)

    def _on_current(self, item, _previous) -> None:
        if item is None:
            return
        name, row = item.data(HIT_ROLE)
        self._show(name, row)
        self.featureChosen.emit(name, row)

    def _show_current(self) -> None:
        item = self.features.currentItem()
        if item is not None:
            name, row = item.data(HIT_ROLE)
            self._show(name, row)

    def _show(self, name: str, row: int) -> None:
        layer = self.project[name]
        data = layer.data
        columns = layer.columns
        sensitive = set(layer.sensitive_columns)
        extra = self._emerging_rows(name, row) + self._case_rows(name, row)
        self.table.setRowCount(len(columns) + len(extra))
        for r, column in enumerate(columns):
            value = MASK if column in sensitive and not self.reveal.isChecked() else display_value(data[column].iloc[row])
            self.table.setItem(r, 0, QTableWidgetItem(column))
            self.table.setItem(r, 1, QTableWidgetItem(value))
        for r, (title, value) in enumerate(extra, start=len(columns)):
            self.table.setItem(r, 0, QTableWidgetItem(title))
            self.table.setItem(r, 1, QTableWidgetItem(value))

    def _emerging_rows(self, name: str, row: int) -> list[tuple[str, str]]:
        """A grid cell on a map coloured by emerging hot spots: its category and trend as two more
        rows, and its z-scores over time in the chart below."""
        from layers.codes import label
        from ..analysis.emerging import CATEGORY_LABELS
        from ..render.cell_incidents import emerging_of
        layer = self.project[name]
        result = None
        if name == "grid_cells" and layer.style == "emerging" and "incidents" in self.project:
            result = emerging_of(self.project, layer)
        self.chart.setVisible(result is not None)
        if result is None:
            return []
        code = display_value(layer.data["grid_code"].iloc[row]) if "grid_code" in layer.data else str(row)
        self.chart.language = self.language
        self.chart.show_cell(result, row, code)
        return [(self.tr("Emerging hot spot"), label(CATEGORY_LABELS, str(result.category[row]), self.language)),
                (self.tr("Trend (Mann-Kendall)"), f"τ = {result.trend_tau[row]:+.2f}, p = {result.trend_p[row]:.3f}")]

    def _case_rows(self, name: str, row: int) -> list[tuple[str, str]]:
        """An incident's case file, one row per entry (columns marked sensitive masked)."""
        if name != "incidents" or "case_events" not in self.project:
            return []
        from layers.codes import CASE_EVENT, INCIDENT_LEVEL, label
        from ..analysis.case_file import entries_of
        events = self.project["case_events"]
        masked = set() if self.reveal.isChecked() else set(events.sensitive_columns)
        out = []
        for entry in entries_of(events.data, str(self.project[name].data["incident_id"].iloc[row])).itertuples():
            parts = [label(CASE_EVENT, entry.kind, self.language)]
            for column in ("department", "level", "parties", "reason", "outcome", "terms"):
                value = getattr(entry, column, None)
                if value is None or value != value or value == "":
                    continue
                parts.append(MASK if column in masked else
                             label(INCIDENT_LEVEL, value, self.language) if column == "level" else str(value))
            out.append((self.tr("Case file %1").replace("%1", display_value(entry.at)), " · ".join(parts)))
        return out

    def shown_values(self) -> dict[str, str]:
        """Attribute -> displayed text of the feature shown (what the user sees)."""
        return {self.table.item(r, 0).text(): self.table.item(r, 1).text() for r in range(self.table.rowCount())}

    def _update_title(self) -> None:
        if not self.hits:
            self.title.setText(self.tr("Click a feature on the map with the identify tool"))
        else:
            self.title.setText(self.tr("%n feature(s) found", "", len(self.hits)))

    def retranslate(self) -> None:
        self.reveal.setText(self.tr("Show sensitive values"))
        self.table.setHorizontalHeaderLabels([self.tr("Attribute"), self.tr("Value")])
        self._update_title()
