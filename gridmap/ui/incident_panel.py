"""The incidents panel: the time window and category/kind/status/source filters that drive the
map, the charts and the statistics together; the incident view; hot-spot and heatmap settings."""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFormLayout, QGridLayout, QGroupBox,
                               QLabel, QSpinBox, QVBoxLayout, QWidget)

from layers.codes import INCIDENT_CATEGORY, INCIDENT_KIND, INCIDENT_SOURCE, INCIDENT_STATUS, label

from ..analysis.derived import derived, forget
from ..analysis.incident_cube import IncidentCube
from ..analysis.incident_filter import FilterIndex, IncidentFilter
from ..analysis.timeref import reference_time
from .i18n import Retranslating

PRESET_KEYS = ["all", "last_7", "last_30", "last_90", "this_quarter", "this_year", "custom"]


class IncidentPanel(Retranslating, QWidget):
    """Edits an IncidentFilter and applies it to the incidents layer (``filter_mask``)."""

    filterChanged = Signal(object)      # the boolean mask (or None)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.language = "zh"
        self._index: FilterIndex | None = None
        self.filter = IncidentFilter()
        self.preset = QComboBox()
        self.date_from = QDateEdit(calendarPopup=True)
        self.date_to = QDateEdit(calendarPopup=True)
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.count_label = QLabel()
        self.groups: dict[str, tuple[QGroupBox, dict[str, QCheckBox]]] = {}
        form = QFormLayout()
        self.preset_label, self.from_label, self.to_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.preset_label, self.preset)
        form.addRow(self.from_label, self.date_from)
        form.addRow(self.to_label, self.date_to)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        for column, codes, cols in (("category", INCIDENT_CATEGORY, 2), ("kind", INCIDENT_KIND, 2),
                                    ("status", INCIDENT_STATUS, 3), ("source", INCIDENT_SOURCE, 2)):
            box = QGroupBox()
            grid = QGridLayout(box)
            grid.setContentsMargins(4, 2, 4, 2)
            checks = {}
            for k, code in enumerate(codes):
                check = QCheckBox()
                check.setChecked(True)
                check.toggled.connect(self._on_changed)
                grid.addWidget(check, k // cols, k % cols)
                checks[code] = check
            self.groups[column] = (box, checks)
            layout.addWidget(box)
        # Views and analysis settings.
        self.view = QComboBox()
        self.cells_view = QComboBox()
        self.bandwidth = QSpinBox(minimum=10, maximum=2000, singleStep=10, value=60, suffix=" m")
        self.lock_scale = QCheckBox()
        self.hot_value = QComboBox()
        self.hot_weights = QComboBox()
        self.hot_fdr = QCheckBox()
        self.hot_fdr.setChecked(True)
        settings = QFormLayout()
        self.view_label, self.cells_label, self.bw_label = QLabel(), QLabel(), QLabel()
        self.value_label, self.weights_label = QLabel(), QLabel()
        settings.addRow(self.view_label, self.view)
        settings.addRow(self.bw_label, self.bandwidth)
        settings.addRow("", self.lock_scale)
        settings.addRow(self.cells_label, self.cells_view)
        settings.addRow(self.value_label, self.hot_value)
        settings.addRow(self.weights_label, self.hot_weights)
        settings.addRow("", self.hot_fdr)
        from .emerging_view import EmergingControls
        self.emerging = EmergingControls()
        self.emerging.setVisible(False)
        settings.addRow(self.emerging)
        layout.addLayout(settings)
        layout.addWidget(self.count_label)
        layout.addStretch(1)
        self.preset.currentIndexChanged.connect(self._on_preset)
        self.date_from.dateChanged.connect(self._on_custom_dates)
        self.date_to.dateChanged.connect(self._on_custom_dates)
        self.view.currentIndexChanged.connect(self._on_view)
        self.cells_view.currentIndexChanged.connect(self._on_cells_view)
        self.bandwidth.valueChanged.connect(lambda v: self._set_option("incidents", "heat_bandwidth", float(v)))
        self.lock_scale.toggled.connect(self._on_lock)
        self.hot_value.currentIndexChanged.connect(
            lambda _i: self._set_option("grid_cells", "hotspot_value", self.hot_value.currentData()))
        self.hot_weights.currentIndexChanged.connect(
            lambda _i: self._set_option("grid_cells", "hotspot_weights", self.hot_weights.currentData()))
        self.hot_fdr.toggled.connect(lambda v: self._set_option("grid_cells", "hotspot_fdr", bool(v)))
        self._mute = False
        self.retranslate()

    # -- project ---------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        has = project is not None and "incidents" in project
        self.setEnabled(has)
        # Usually ready: the loader derives both in its thread while the project opens.
        self._index = derived(project["incidents"].data, FilterIndex) if has else None
        self.cube = derived(project["incidents"].data, IncidentCube) if has else None
        self._as_of = reference_time(project) if has else None
        if has:
            project["incidents"].events.data.connect(self._on_data)
            self._set_dates(self._as_of - pd.Timedelta(days=30), self._as_of)
        self.emerging.set_project(project)
        if project is not None and "grid_cells" in project:
            project["grid_cells"].events.style.connect(self._sync_emerging)
        self._sync_emerging()
        self.apply()

    def _on_data(self, _frame=None) -> None:
        frame = self.project["incidents"].data
        forget(frame)                  # the frame may have been changed in place
        self._index = derived(frame, FilterIndex)
        self.cube = derived(frame, IncidentCube)
        self._as_of = reference_time(self.project)
        self.apply()

    def as_of(self) -> pd.Timestamp:
        """The reference time of the filter, computed when the incidents change (not per filter)."""
        if getattr(self, "_as_of", None) is None:
            self._as_of = reference_time(self.project)
        return self._as_of

    # -- filter ----------------------------------------------------------------------------
    def current_filter(self) -> IncidentFilter:
        flt = IncidentFilter(preset=self.preset.currentData() or "all")
        if flt.preset == "custom":
            tz = self.as_of().tz
            flt.start = pd.Timestamp(self.date_from.date().toString("yyyy-MM-dd"), tz=tz)
            flt.end = pd.Timestamp(self.date_to.date().toString("yyyy-MM-dd"), tz=tz) + pd.Timedelta(days=1, seconds=-1)
        for column, attr in (("category", "categories"), ("kind", "kinds"), ("status", "statuses"),
                             ("source", "sources")):
            checks = self.groups[column][1]
            chosen = {code for code, check in checks.items() if check.isChecked()}
            setattr(flt, attr, set() if len(chosen) == len(checks) else chosen)
        return flt

    def apply(self) -> None:
        """Recompute the mask and hand it to the incidents layer (all views follow its event)."""
        if self.project is None or "incidents" not in self.project or self._index is None:
            return
        self.filter = self.current_filter()
        try:
            mask = self._index.mask(self.filter, self.as_of())
        except ValueError as exc:
            self.count_label.setText(str(exc))
            return
        layer = self.project["incidents"]
        layer.filter_mask = None if mask.all() else mask
        start, end = self.filter.window(self.as_of())
        if start is not None and self.filter.preset != "custom":
            self._mute = True
            self._set_dates(start, end)
            self._mute = False
        self.count_label.setText(self.tr("%1 of %2 incidents shown").replace("%1", f"{int(mask.sum()):,}")
                                 .replace("%2", f"{len(mask):,}"))
        self.filterChanged.emit(layer.filter_mask)
        self.emerging.refresh()

    def set_preset(self, key: str) -> None:
        self.preset.setCurrentIndex(PRESET_KEYS.index(key))

    def set_categories(self, codes) -> None:
        """Tick only ``codes`` (all if empty) and apply once."""
        self._mute = True
        for code, check in self.groups["category"][1].items():
            check.setChecked(not codes or code in codes)
        self._mute = False
        self.apply()

    def _set_dates(self, start, end) -> None:
        self.date_from.setDate(QDate(start.year, start.month, start.day))
        self.date_to.setDate(QDate(end.year, end.month, end.day))

    def _on_preset(self, _i) -> None:
        custom = self.preset.currentData() == "custom"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        self._on_changed()

    def _on_custom_dates(self, _d) -> None:
        if not self._mute and self.preset.currentData() == "custom":
            self._on_changed()

    def _on_changed(self, *_args) -> None:
        if not self._mute:
            self.apply()

    # -- views -----------------------------------------------------------------------------
    def _set_option(self, layer: str, key: str, value) -> None:
        if self.project is not None and layer in self.project:
            self.project[layer].set_option(key, value)

    def _on_view(self, _i) -> None:
        if self.project is not None and "incidents" in self.project and self.view.currentData():
            self.project["incidents"].style = self.view.currentData()

    def _on_cells_view(self, _i) -> None:
        if self.project is not None and "grid_cells" in self.project and self.cells_view.currentData():
            self.project["grid_cells"].style = self.cells_view.currentData()

    def _sync_emerging(self, _style=None) -> None:
        """The time controls show while the cells are coloured by emerging hot spots."""
        shown = self.project is not None and "grid_cells" in self.project and \
            self.project["grid_cells"].style == "emerging"
        was = self.emerging.isVisibleTo(self)
        self.emerging.setVisible(shown)
        if shown and not was:
            self.emerging.refresh()

    def _on_lock(self, locked: bool) -> None:
        if self.project is None or "incidents" not in self.project:
            return
        vmax = None
        if locked:
            from ..analysis.density import incident_heat
            layer = self.project["incidents"]
            vmax = incident_heat(self.project, layer.filter_mask, float(layer.option("heat_bandwidth", 60.0)))[1]
        self.project["incidents"].set_option("heat_vmax", vmax)

    # -- language --------------------------------------------------------------------------
    def retranslate(self) -> None:
        zh = self.language == "zh"
        presets = [self.tr("All time"), self.tr("Last 7 days"), self.tr("Last 30 days"), self.tr("Last 90 days"),
                   self.tr("This quarter"), self.tr("This year"), self.tr("Custom range")]
        self._refill(self.preset, list(zip(presets, PRESET_KEYS)))
        self.preset_label.setText(self.tr("Time"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("To"))
        titles = {"category": self.tr("Category"), "kind": self.tr("Kind"), "status": self.tr("Status"),
                  "source": self.tr("Source")}
        codes = {"category": INCIDENT_CATEGORY, "kind": INCIDENT_KIND, "status": INCIDENT_STATUS,
                 "source": INCIDENT_SOURCE}
        for column, (box, checks) in self.groups.items():
            box.setTitle(titles[column])
            for code, check in checks.items():
                check.setText(label(codes[column], code, "zh" if zh else "en"))
        self._refill(self.view, [(self.tr("Points by category"), "default"), (self.tr("Points by status"), "status"),
                                 (self.tr("Open cases by level, past deadline ringed"), "level"),
                                 (self.tr("Clusters when zoomed out"), "clusters"), (self.tr("Heatmap"), "heatmap")])
        self._refill(self.cells_view, [(self.tr("Plain"), "default"), (self.tr("Incidents per cell"), "incident_count"),
                                       (self.tr("Incidents per 100 households"), "incident_rate"),
                                       (self.tr("Hot spots (Gi*)"), "hotspot"),
                                       (self.tr("Emerging hot spots (over time)"), "emerging")])
        self._refill(self.hot_value, [(self.tr("Count"), "count"), (self.tr("Rate per 100 households"), "rate")])
        self._refill(self.hot_weights, [(self.tr("Neighbouring cells"), "contiguity"),
                                        (self.tr("Distance band"), "distance")])
        self.view_label.setText(self.tr("Incidents as"))
        self.cells_label.setText(self.tr("Cells coloured by"))
        self.bw_label.setText(self.tr("Heatmap radius"))
        self.lock_scale.setText(self.tr("Fix the heatmap colour scale"))
        self.value_label.setText(self.tr("Hot-spot value"))
        self.weights_label.setText(self.tr("Neighbours"))
        self.hot_fdr.setText(self.tr("False-discovery-rate correction"))

    @staticmethod
    def _refill(box: QComboBox, items) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        for text, data in items:
            box.addItem(text, data)
        index = box.findData(current)
        box.setCurrentIndex(index if index >= 0 else 0)
        box.blockSignals(False)

    def set_language(self, language: str) -> None:
        self.language = language
        self.retranslate()

