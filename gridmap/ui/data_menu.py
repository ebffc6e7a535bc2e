"""File → New project…, File → Import OpenStreetMap…, Layer → Load data… and Layer → Export…:
the window's side of ``gridmap new / osm / load / export`` (the work is done by the same functions)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog,
                               QFormLayout, QLineEdit, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout)

from layers import LAYER_CLASSES
from layers.errors import DataError

from ..project_setup import import_osm, new_project
from ..io.export_layer import export_layer
from ..io.layer_fields import guess_layer_mapping
from ..io.load import prepare_load
from ..io.sources import NoCrsError, read_source
from .undo import SwapLayers

VECTOR_FILTER = "GIS (*.gpkg *.shp *.geojson *.json *.fgb *.kml *.kmz *.pbf *.osm *.csv *.txt *.xlsx);;All files (*)"


class DataMenu(QObject):
    """Adds the data actions to the window's menus; each ``*_to`` method does the work without a dialog."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.new_action = QAction(window, triggered=self.new_project)
        self.osm_action = QAction(window, triggered=self.import_osm)
        self.load_action = QAction(window, triggered=self.load_data)
        self.export_action = QAction(window, triggered=self.export)
        file_menu = window.file_menu
        first = file_menu.actions()[0]
        file_menu.insertAction(first, self.new_action)
        file_menu.insertAction(window.actions["add_layer"], self.osm_action)
        self.layer_menu = window.menuBar().addMenu("")
        window.menuBar().insertMenu(window.edit_menu.menuAction(), self.layer_menu)
        for action in (self.load_action, window.actions["add_layer"], self.export_action):
            self.layer_menu.addAction(action)
        self.retranslate()

    def retranslate(self) -> None:
        self.layer_menu.setTitle(self.tr("&Layer"))
        self.new_action.setText(self.tr("&New project…"))
        self.osm_action.setText(self.tr("Import &OpenStreetMap…"))
        self.load_action.setText(self.tr("&Load data…"))
        self.export_action.setText(self.tr("&Export layer…"))

    # -- new project ------------------------------------------------------------------------------
    def new_project(self) -> None:
        boundary, _ = QFileDialog.getOpenFileName(self.window, self.tr("Boundary of the street"), "", VECTOR_FILTER)
        if not boundary:
            return
        form = _Form(self.window, self.tr("New project"))
        name, code = form.line(self.tr("Name"), ""), form.line(self.tr("Code"), "")
        if not form.exec():
            return
        target, _ = QFileDialog.getSaveFileName(self.window, self.tr("New project"), "", "GeoPackage (*.gpkg)")
        if target:
            self.new_project_to(Path(target if target.endswith(".gpkg") else target + ".gpkg"), Path(boundary),
                                name.text().strip() or None, code.text().strip() or None)

    def new_project_to(self, target: Path, boundary: Path, name: str | None = None, code: str | None = None) -> bool:
        if not self.window.saving.maybe_keep():
            return False
        try:
            new_project(target, boundary, name, code)
        except (DataError, ValueError, OSError) as exc:
            self.window._error(self.tr("Cannot create the project"), str(exc))
            return False
        return self.window.open_project(target)

    # -- OpenStreetMap ---------------------------------------------------------------------------------
    def import_osm(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("OpenStreetMap file"), "",
                                              "OpenStreetMap (*.pbf *.osm);;All files (*)")
        if not path:
            return
        form = _Form(self.window, self.tr("Import OpenStreetMap"))
        area = form.number(self.tr("Living area per household (m²)"), 90.0, 20.0, 400.0)
        floors = form.number(self.tr("Floors where OSM gives none"), 6, 1, 60)
        if form.exec():
            self.import_osm_from(Path(path), area.value(), floors.value())

    def import_osm_from(self, path: Path, area_per_household: float = 90.0, default_floors: int = 6) -> bool:
        project = self.window.project
        if project is None:
            return False
        names = ("buildings", "roads", "facilities")
        before, meta = SwapLayers.state(project, names), dict(project.meta)
        try:
            import_osm(project, path, area_per_household, default_floors, replace=True)
        except (DataError, ValueError, OSError) as exc:
            self._put_back(before, meta)
            self.window._error(self.tr("Cannot import OpenStreetMap"), str(exc))
            return False
        self.window.undo_stack.push(SwapLayers(project, before, SwapLayers.state(project, names), meta,
                                               self.tr("Import OpenStreetMap")))
        self.window.canvas.zoom_full()
        return True

    def _put_back(self, before: dict, meta: dict) -> None:
        """An import that failed half-way leaves the project as it was."""
        project = self.window.project
        SwapLayers(project, before, SwapLayers.state(project, before), meta).undo()

    # -- load data -------------------------------------------------------------------------------------
    def load_data(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Load data"), "", VECTOR_FILTER)
        if not path:
            return
        crs = None
        while True:
            try:
                frame = read_source(path, crs=crs)
                break
            except NoCrsError as exc:
                # a file in metres without .prj: the user names its CRS (nothing is guessed)
                from PySide6.QtWidgets import QInputDialog
                crs, ok = QInputDialog.getText(self.window, self.tr("Coordinate system"),
                                               str(exc).split("；")[0].split("; name it")[0] + "\n\n"
                                               + self.tr("Its coordinate system, e.g. EPSG:4549 (CGCS2000 GK CM 120E) "
                                                         "or EPSG:4551 (CM 126E):"))
                if not ok or not crs.strip():
                    return
            except (DataError, ValueError, OSError) as exc:
                self.window._error(self.tr("Cannot read the file"), str(exc))
                return
        dialog = LoadDialog(self.window, Path(path), frame)
        if dialog.exec():
            if self.load_data_from(Path(path), dialog.layer(), dialog.mapping(), replace=True, crs=crs):
                from .settings import remember_mapping
                remember_mapping(dialog.layer(), dialog.headers, dialog.mapping())

    def load_data_from(self, path: Path, layer: str, mapping: dict | None = None, replace: bool = True,
                       crs: str | None = None) -> bool:
        project = self.window.project
        if project is None:
            return False
        try:
            result = prepare_load(project, layer, path, mapping=mapping, replace=replace, crs=crs)
        except (DataError, ValueError, OSError) as exc:
            self.window._error(self.tr("Cannot load the data"), str(exc))
            return False
        before, meta = SwapLayers.state(project, [layer]), dict(project.meta)
        project.add_layer(result.model, replace=layer in project)
        self.window.undo_stack.push(SwapLayers(project, before, SwapLayers.state(project, [layer]), meta,
                                               self.tr("Load %1").replace("%1", path.name)))
        return True

    # -- export ------------------------------------------------------------------------------------------
    def export(self) -> None:
        project = self.window.project
        if project is None:
            return
        form = _Form(self.window, self.tr("Export layer"))
        layer = form.choice(self.tr("Layer"), [(project[n].name, n) for n in project.layer_names()
                                               if not getattr(project[n], "transient", False)])
        encoding = form.choice(self.tr("Text encoding"), [("UTF-8", "utf-8"), ("GBK", "gbk")])
        sensitive = QCheckBox(self.tr("Include sensitive columns (phones, reporters)"))
        form.layout.addRow(sensitive)
        if not form.exec():
            return
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export layer"), f"{layer.currentData()}.shp",
                                              "Shapefile (*.shp);;GeoPackage (*.gpkg);;GeoJSON (*.geojson);;"
                                              "FlatGeobuf (*.fgb);;KML (*.kml);;CSV (*.csv);;Excel (*.xlsx)")
        if path:
            self.export_to(layer.currentData(), Path(path), encoding.currentData(), sensitive.isChecked())

    def export_to(self, layer: str, path: Path, encoding: str = "utf-8", include_sensitive: bool = False) -> bool:
        try:
            rows = export_layer(self.window.project[layer], path, encoding, include_sensitive)
        except (DataError, ValueError, OSError) as exc:
            self.window._error(self.tr("Export failed"), str(exc))
            return False
        self.window.statusBar().showMessage(self.tr("Exported %1 features to %2").replace("%1", str(rows))
                                            .replace("%2", str(path)), 5000)
        return True


class _Form(QDialog):
    """A small form with OK / Cancel."""

    def __init__(self, parent, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout = QFormLayout(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._buttons = buttons

    def exec(self) -> int:
        self.layout.addRow(self._buttons)
        return super().exec()

    def line(self, label: str, text: str) -> QLineEdit:
        widget = QLineEdit(text)
        self.layout.addRow(label, widget)
        return widget

    def number(self, label: str, value, low, high):
        """A spin box: whole numbers when ``value`` is an int."""
        widget = QSpinBox() if isinstance(value, int) else QDoubleSpinBox()
        widget.setRange(low, high)
        widget.setValue(value)
        self.layout.addRow(label, widget)
        return widget

    def choice(self, label: str, items: list[tuple[str, str]]) -> QComboBox:
        widget = QComboBox()
        for text, data in items:
            widget.addItem(text, data)
        self.layout.addRow(label, widget)
        return widget


class LoadDialog(QDialog):
    """Which layer the file fills, and which of its columns holds each contract field (guessed from
    Chinese headers and 10-character names; every guess can be changed), with the first rows shown."""

    def __init__(self, parent, path: Path, frame) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Load %1").replace("%1", path.name))
        self.resize(760, 600)
        self.frame = frame
        geometry = getattr(frame, "_geometry_column_name", None)
        self.headers = [str(c) for c in frame.columns if c != geometry]
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.layer_box = QComboBox()
        for kind in ("grid_cells", "buildings", "facilities", "communities", "boundary", "roads"):
            cls = LAYER_CLASSES.get(kind)
            self.layer_box.addItem(cls.spec.label_zh if cls else self.tr("Roads"), kind)
        form.addRow(self.tr("Layer"), self.layer_box)
        layout.addLayout(form)
        self.fields = QTableWidget(0, 2)
        self.fields.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Column of the file")])
        layout.addWidget(self.fields)
        self.preview = QTableWidget(min(len(frame), 5), len(self.headers))
        self.preview.setHorizontalHeaderLabels(self.headers)
        for r in range(min(len(frame), 5)):
            for c, header in enumerate(self.headers):
                self.preview.setItem(r, c, QTableWidgetItem(str(frame[header].iloc[r])))
        layout.addWidget(self.preview)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.layer_box.currentIndexChanged.connect(self._fill_fields)
        self._fill_fields()

    def layer(self) -> str:
        return self.layer_box.currentData()

    def _fill_fields(self) -> None:
        kind = self.layer()
        cls = LAYER_CLASSES.get(kind)
        columns = cls.spec.column_names if cls else []
        from .settings import remembered_mapping
        # what was chosen last time for a file with these very columns wins over the guess
        guess = guess_layer_mapping(kind, self.headers, remembered_mapping(kind, self.headers))
        self.fields.setRowCount(len(columns))
        self._boxes = {}
        for row, column in enumerate(columns):
            self.fields.setItem(row, 0, QTableWidgetItem(column))
            box = QComboBox()
            box.addItem("—", None)
            for header in self.headers:
                box.addItem(header, header)
            if column in guess:
                box.setCurrentIndex(box.findData(guess[column]))
            self.fields.setCellWidget(row, 1, box)
            self._boxes[column] = box

    def mapping(self) -> dict[str, str]:
        return {column: box.currentData() for column, box in self._boxes.items() if box.currentData()}
