"""The main window: canvas in the centre, panels around it, menus and toolbar.

It wires widgets to models and to each other; the work itself lives in the panels, the canvas,
gridmap.analysis and gridmap.io.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMenu, QMessageBox, QToolBar

from layers.errors import DataError

from ..canvas.map_canvas import MapCanvas
from ..project import Project
from .actions import create_actions, retranslate_actions
from PySide6.QtGui import QKeySequence, QUndoStack

from .attribute_table import AttributeTable
from .saving import SaveController
from .coverage_controller import CoverageController
from .charts import IncidentCharts
from .coverage_panel import CoveragePanel
from .facility_controller import FacilityController
from .facility_panel import FacilityPanel
from .incident_controller import IncidentController
from .incident_panel import IncidentPanel
from .i18n import Retranslating, install_language
from .identify_panel import IdentifyPanel
from .layer_panel import LayerPanel
from .legend import LegendPanel
from .map_tools import IDENTIFY, PAN, SELECT, MapTools
from .search_box import SearchBox
from .settings import add_recent_file, recent_files, settings
from .status import MapStatus

DEMO_PATH = Path(__file__).resolve().parents[2] / "data" / "hongqi_demo.gpkg"


class MainWindow(Retranslating, QMainWindow):
    """GridMap's main window."""

    projectChanged = Signal(object)
    projectLoaded = Signal(object)      # a background open has finished

    def __init__(self, language: str = "zh") -> None:
        super().__init__()
        self.setObjectName("GridMapMainWindow")
        self.setAcceptDrops(True)
        self.language = language
        self.project: Project | None = None
        self.canvas = MapCanvas(self)
        self.canvas.language = language
        self.setCentralWidget(self.canvas)
        self.actions = create_actions(self)
        self.layer_panel = LayerPanel()
        self.layer_dock = self._dock("layers", self.layer_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.legend = LegendPanel()
        self.legend.language = language
        self.legend_dock = self._dock("legend", self.legend, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.identify_panel = IdentifyPanel()
        self.identify_panel.language = language
        self.identify_dock = self._dock("identify", self.identify_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.table = AttributeTable()
        self.table_dock = self._dock("table", self.table, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.table.escaped.connect(self._focus_map)
        self.table_dock.hide()
        self.identify_dock.hide()
        self.coverage_panel = CoveragePanel()
        self.coverage_panel.language = language
        self.coverage_dock = self._dock("coverage", self.coverage_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.identify_dock, self.coverage_dock)
        self.coverage_dock.hide()
        self.incident_panel = IncidentPanel()
        self.incident_panel.language = language
        self.incident_dock = self._dock("incidents", self.incident_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.coverage_dock, self.incident_dock)
        self.incident_dock.hide()
        self.facility_panel = FacilityPanel()
        self.facility_panel.language = language
        self.facility_dock = self._dock("facility", self.facility_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.incident_dock, self.facility_dock)
        self.facility_dock.hide()
        self.charts = IncidentCharts()
        self.charts.language = language
        self.charts_dock = self._dock("charts", self.charts, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.table_dock, self.charts_dock)
        self.charts_dock.hide()
        self.undo_stack = QUndoStack(self)
        self.search_box = SearchBox()
        self.tools = MapTools(self.canvas, self)
        self.status = MapStatus(self.statusBar())
        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.redo_action = self.undo_stack.createRedoAction(self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.saving = SaveController(self)
        self._build_menus()
        from .cases_panel import install as install_cases
        self.cases_panel = install_cases(self)
        from .data_menu import DataMenu
        self.data_menu = DataMenu(self)
        from .db_menu import DbMenu
        self.db_menu = DbMenu(self)
        self.coverage = CoverageController(self)
        from .edit_menu import install
        self.edit_tools = install(self)
        self.incidents = IncidentController(self)
        self.facilities = FacilityController(self)
        from .case_controller import install as install_case_work
        self.cases = install_case_work(self)
        self.facilities.error.connect(self._error)
        self.facilities.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.incidents.error.connect(self._error)
        self.incidents.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.coverage.error.connect(self._error)
        self.coverage.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.undo_stack.undoTextChanged.connect(lambda _t: self._update_undo_texts())
        self.undo_stack.redoTextChanged.connect(lambda _t: self._update_undo_texts())
        self._connect()
        self.retranslate()
        self.actions["lang_zh" if language == "zh" else "lang_en"].setChecked(True)
        self.resize(1400, 900)
        self._restore_state()

    # -- construction ------------------------------------------------------------------------
    def _dock(self, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        a = self.actions
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self)
        for name in ("open",):
            self.file_menu.addAction(a[name])
        self.file_menu.addMenu(self.recent_menu)
        for name in ("add_layer", None, "save", "save_as", None, "print_atlas", "export_web", "screenshot", None, "quit"):
            self.file_menu.addSeparator() if name is None else self.file_menu.addAction(a[name])
        self.edit_menu = bar.addMenu("")
        for item in (self.undo_action, self.redo_action, None, a["split_cell"], a["merge_cells"]):
            self.edit_menu.addSeparator() if item is None else self.edit_menu.addAction(item)
        self.view_menu = bar.addMenu("")
        for name in ("zoom_full", "zoom_layer", "zoom_selection", "zoom_in", "zoom_out", None, "pan",
                     "identify", "select", "clear_selection", None, "attribute_table", "search"):
            self.view_menu.addSeparator() if name is None else self.view_menu.addAction(a[name])
        self.view_menu.addSeparator()
        for dock in (self.layer_dock, self.legend_dock, self.identify_dock, self.table_dock, self.coverage_dock,
                     self.incident_dock, self.charts_dock, self.facility_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        self.analysis_menu = bar.addMenu("")
        self.analysis_menu.addAction(a["check_coverage"])
        self.incident_menu = bar.addMenu("")
        for name in ("import_incidents", "export_open311", None, "add_incident", "edit_incident"):
            self.incident_menu.addSeparator() if name is None else self.incident_menu.addAction(a[name])
        self.incident_menu.addSeparator()
        self.incident_menu.addAction(self.incident_dock.toggleViewAction())
        self.incident_menu.addAction(self.charts_dock.toggleViewAction())
        self.language_menu = bar.addMenu("")
        self.language_menu.addAction(a["lang_zh"])
        self.language_menu.addAction(a["lang_en"])
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(a["open_demo"])
        self.help_menu.addAction(a["about"])
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main_toolbar")
        for name in ("open", "save", None, "zoom_full", "zoom_layer", "zoom_selection", None, "pan", "identify",
                     "select"):
            self.toolbar.addSeparator() if name is None else self.toolbar.addAction(a[name])
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.search_box)
        self.addToolBar(self.toolbar)
        self._fill_recent_menu()

    def _connect(self) -> None:
        a = self.actions
        a["open"].triggered.connect(self.choose_project)
        a["add_layer"].triggered.connect(self.choose_layer_file)
        a["print_atlas"].triggered.connect(self.print_atlas)
        a["export_web"].triggered.connect(lambda: self.export_web_map())
        a["pan"].triggered.connect(lambda: self.tools.set_tool(PAN))
        a["identify"].triggered.connect(self._identify_tool)
        a["select"].triggered.connect(lambda: self.tools.set_tool(SELECT))
        a["attribute_table"].triggered.connect(self.show_attribute_table)
        a["search"].triggered.connect(lambda: (self.search_box.setFocus(), self.search_box.selectAll()))
        self.tools.identified.connect(self._on_identified)
        a["check_coverage"].triggered.connect(self.check_coverage)
        a["split_cell"].triggered.connect(lambda: self.coverage.split_selected())
        a["import_incidents"].triggered.connect(lambda: self.incidents.import_file())
        a["export_open311"].triggered.connect(lambda: self.incidents.export_open311())
        a["add_incident"].triggered.connect(lambda: self.incidents.start_adding())
        a["edit_incident"].triggered.connect(lambda: self.incidents.edit_selected())
        a["merge_cells"].triggered.connect(lambda: self.coverage.merge_selected())
        self.identify_panel.featureChosen.connect(lambda name, row: self.canvas.flash(name, [row]))
        self.table.zoomToRows.connect(self.zoom_to_rows)
        self.search_box.matchChosen.connect(self.go_to_feature)
        # A match chosen, the keyboard goes back to the map: Ctrl+E then edits the case found
        # (in a text field Ctrl+E is end-of-line), Escape leaves the box too.
        self.search_box.matchChosen.connect(lambda _name, _row: self._focus_map())
        self.search_box.escaped.connect(self._focus_map)
        self.layer_panel.currentLayerChanged.connect(self.table.show_layer)
        a["save"].triggered.connect(self.save_project)
        a["save_as"].triggered.connect(self.save_project_as)
        a["screenshot"].triggered.connect(self.save_map_image)
        a["quit"].triggered.connect(self.close)
        a["zoom_full"].triggered.connect(self.canvas.zoom_full)
        a["zoom_layer"].triggered.connect(lambda: self.canvas.zoom_to_layer(self.layer_panel.current_name() or ""))
        a["zoom_selection"].triggered.connect(self.zoom_to_selection)
        a["zoom_in"].triggered.connect(lambda: self.canvas.view.scaleBy((0.5, 0.5)))
        a["zoom_out"].triggered.connect(lambda: self.canvas.view.scaleBy((2, 2)))
        a["clear_selection"].triggered.connect(self.clear_selection)
        a["lang_zh"].triggered.connect(lambda: self.set_language("zh"))
        a["lang_en"].triggered.connect(lambda: self.set_language("en"))
        a["open_demo"].triggered.connect(self.open_demo)
        a["about"].triggered.connect(self.about)
        self.layer_panel.zoomToLayer.connect(self.canvas.zoom_to_layer)
        self.layer_panel.renameRequested.connect(self.rename_layer)
        self.layer_panel.removeRequested.connect(self.remove_layer)
        self.layer_panel.orderChanged.connect(self.canvas.set_order)
        self.canvas.cursorMoved.connect(self.status.show_position)
        self.canvas.viewChanged.connect(lambda: self.status.show_scale(self.canvas.scale_denominator()))

    # -- project -----------------------------------------------------------------------------
    #: Files larger than this open in the background, layer by layer.
    BACKGROUND_OPEN_BYTES = 30_000_000

    def open_project(self, path: str | os.PathLike, background: bool | None = None) -> bool:
        """Open ``path``; on failure show the message and keep the current project.

        A big file (or ``background=True``) opens in a background thread: the map appears as
        cells and buildings arrive, incidents follow; a progress bar shows in the status bar.
        Unsaved edits of the current project are saved or discarded first (the user says which);
        edits a crash left in the recovery journal are offered back.
        """
        if not self.saving.maybe_keep():
            return False
        from ..server.url import is_database
        if is_database(path):
            return self._open_in_background(str(path))      # layer by layer, as from a big file
        try:
            size = Path(path).stat().st_size
        except OSError:
            size = 0
        if background or (background is None and size > self.BACKGROUND_OPEN_BYTES):
            return self._open_in_background(path)
        try:
            project = Project.open(path, strict=False)
        except DataError as exc:
            self._error(self.tr("Cannot open project"), str(exc))
            return False
        self.set_project(project)
        add_recent_file(str(path))
        self._fill_recent_menu()
        if project.problems:
            self._error(self.tr("Some layers were not loaded"), "\n\n".join(project.problems))
        self.saving.offer_recovery()
        return True

    def _open_in_background(self, path) -> bool:
        from .loader import open_in_background
        return open_in_background(self, path)

    def set_project(self, project: Project | None) -> None:
        if self.project is not None and self.project is not project:
            self.project.events.layers.disconnect(self._on_layers_changed)
        self.project = project
        self.undo_stack.clear()
        self.canvas.set_project(project)
        if project is not None:
            project.events.layers.connect(self._on_layers_changed)
        self.saving.watch(project)
        self._setup_panels(project)
        self._update_title()

    def _setup_panels(self, project: Project | None) -> None:
        """Point every panel at ``project`` (again after a background open has brought all layers)."""
        if project is not None:
            self.coverage.watch(project)
        self.coverage_panel.set_project(project)
        self.incidents.set_project(project)
        self.facilities.set_project(project)
        if project is not None:
            self.status.set_crs(project.metric_crs)
            self.layer_panel.set_layers(project, self.canvas.order)
        self.legend.set_canvas(self.canvas)
        self.table.set_project(project)
        from .edit_menu import sync
        sync(self)
        self.search_box.set_project(project)
        self.identify_panel.set_results(project, [])
        self._update_title()
        self.projectChanged.emit(project)

    def _on_layers_changed(self, _names=None) -> None:
        """A layer was added, replaced or removed: panels follow, the view stays where it is."""
        self.canvas.sync_layers()
        self.layer_panel.set_layers(self.project, self.canvas.order)
        self.legend.set_canvas(self.canvas)
        self.table.set_project(self.project)

    def rename_layer(self, name: str, new: str | None = None) -> bool:
        from .layer_commands import rename_layer
        return rename_layer(self, name, new)

    def remove_layer(self, name: str, confirm: bool = True) -> bool:
        from .layer_commands import remove_layer
        return remove_layer(self, name, confirm)

    def print_atlas(self) -> None:
        if self.project is None or "grid_cells" not in self.project:
            return
        from .atlas_dialog import AtlasDialog
        AtlasDialog(self.project, self.language, self).exec()

    def export_web_map(self, path: str | None = None, open_browser: bool = True):
        """Export the offline web map with the current incident filter, time window and visible
        layers; then open it in the system browser. Returns the WebResult (None if cancelled)."""
        if self.project is None:
            return None
        from ..export.web import ALL_LAYERS, WebOptions, export_web
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export web map"), "gridmap.html", "HTML (*.html)")
            if not path:
                return None
        layers = {n for n in ALL_LAYERS if n in self.project and self.project[n].visible}
        options = WebOptions(layers=layers, language=self.language)
        if "incidents" in self.project:
            incidents = self.project["incidents"]
            if incidents.visible:
                layers |= {"heatmap"} if incidents.style == "heatmap" else {"incidents", "heatmap"}
            if "grid_cells" in self.project and self.project["grid_cells"].visible:
                layers |= {"hotspots", "rates"}
            options.mask = incidents.filter_mask
            start, end = self.incident_panel.filter.window(self.incident_panel.as_of())
            options.date_from = start.strftime("%Y-%m-%d") if start is not None else None
            options.date_to = end.strftime("%Y-%m-%d") if end is not None else None
        try:
            result = export_web(self.project, path, options)
        except (ValueError, OSError) as exc:
            self._error(self.tr("Web map"), str(exc))
            return None
        self.statusBar().showMessage(self.tr("Web map written: %1").replace("%1", str(path)), 8000)
        if open_browser:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return result

    def check_coverage(self) -> None:
        self.coverage_dock.show()
        self.coverage_dock.raise_()
        self.coverage_panel.run()

    def choose_project(self) -> None:
        start = str(self.project.path.parent) if self.project and self.project.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), start,
                                              self.tr("GeoPackage (*.gpkg);;All files (*)"))
        if path:
            self.open_project(path)

    def open_demo(self) -> None:
        if DEMO_PATH.exists():
            self.open_project(DEMO_PATH)
            return
        if not self.saving.maybe_keep():
            return
        from ..demo import build_demo
        self.set_project(build_demo())

    def save_project(self) -> bool:
        """Save to the project's file (only the changes, one transaction); errors are shown."""
        return self.saving.save()

    def save_project_as(self) -> bool:
        ok = self.saving.save_as()
        if ok:
            add_recent_file(str(self.project.path))
            self._fill_recent_menu()
        return ok

    def save_map_image(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save map image"), "map.png", "PNG (*.png)")
        if path:
            self.canvas.render_now()
            self.grab().save(path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in recent_files():
            self.recent_menu.addAction(path, lambda p=path: self.open_project(p))
        self.recent_menu.setEnabled(bool(recent_files()))

    def choose_layer_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Add layer"), "",
            self.tr("Vector files (*.gpkg *.geojson *.json *.shp *.fgb);;All files (*)"))
        if not path:
            return
        from ..io.vector import guess_kind, read_vector
        from .add_layer import LayerKindDialog
        try:
            frame = read_vector(path)
        except DataError as exc:
            self._error(self.tr("Cannot add layer"), str(exc))
            return
        dialog = LayerKindDialog(Path(path).name, guess_kind(path, None, frame), self.language, self)
        if dialog.exec():
            self.add_layer_file(path, dialog.kind)

    def add_layer_file(self, path: str, kind: str | None) -> bool:
        """Load ``path`` as contract layer ``kind`` (None: other) into the project; errors are shown."""
        from ..io.vector import load_layer
        if self.project is None:
            self.set_project(Project())
        try:
            layer = load_layer(path, kind)
            replace = layer.kind in self.project
            from .message_box import ask_yes_no
            if replace and not ask_yes_no(self, self.tr("Replace layer"),
                                          self.tr("The project already has this layer. Replace it?")):
                return False
            self.project.add_layer(layer, replace=replace)
        except (DataError, ValueError) as exc:
            self._error(self.tr("Cannot add layer"), str(exc))
            return False
        return True

    # -- identify, search, table ---------------------------------------------------------------
    def _identify_tool(self) -> None:
        self.tools.set_tool(IDENTIFY)
        self.identify_dock.show()

    def _on_identified(self, hits) -> None:
        self.identify_dock.show()
        self.identify_panel.set_results(self.project, hits)

    def go_to_feature(self, name: str, row: int) -> None:
        """Zoom to one feature and flash it (search results, coverage findings); a case found is
        selected (its form and case file then open on it)."""
        if name == "incidents" and self.project is not None and name in self.project:
            self.project[name].selection = [row]
        self.canvas.zoom_to_features(name, [row])
        self.canvas.flash(name, [row])

    def zoom_to_rows(self, name: str, rows: list) -> None:
        self.canvas.zoom_to_features(name, rows)
        self.canvas.flash(name, rows)

    def _focus_map(self) -> None:
        """Escape in a panel: back to the map (the window of a floating panel too)."""
        self.activateWindow()
        self.canvas.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_attribute_table(self) -> None:
        self.table_dock.show()
        name = self.layer_panel.current_name()
        if name:
            self.table.show_layer(name)

    # -- selection ---------------------------------------------------------------------------
    def clear_selection(self) -> None:
        if self.project:
            for layer in self.project.layers.values():
                layer.selection = []

    def zoom_to_selection(self) -> None:
        if not self.project:
            return
        from PySide6.QtCore import QRectF
        rect = QRectF()
        for name, layer in self.project.layers.items():
            if layer.is_spatial and len(layer.selection):
                import shapely
                x0, y0, x1, y1 = shapely.total_bounds(self.project.to_metric(name).geometry.values[layer.selection])
                r = QRectF(x0, y0, x1 - x0, y1 - y0)
                rect = r if rect.isNull() else rect.united(r)
        if not rect.isNull():
            self.canvas.zoom_to_rect(rect, margin=0.25)

    # -- language ----------------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        self.language = language
        self.canvas.language = language
        self.legend.language = language
        self.coverage_panel.set_language(language)
        self.incident_panel.set_language(language)
        self.charts.set_language(language)
        self.facility_panel.set_language(language)
        self.identify_panel.language = self.cases_panel.language = language
        install_language(language)
        self.actions["lang_zh" if language == "zh" else "lang_en"].setChecked(True)
        if self.project is not None:
            self._on_layers_changed()       # layer names follow the language (unless renamed)
        self.canvas.request_render()

    def retranslate(self) -> None:
        retranslate_actions(self.actions)
        if hasattr(self, "data_menu"):
            self.data_menu.retranslate()
            self.db_menu.retranslate()
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("Open &recent"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))
        if hasattr(self, "edit_tools"):
            self.edit_tools.toolbar.setWindowTitle(self.tr("Editing toolbar"))
        self.layer_dock.setWindowTitle(self.tr("Layers"))
        self.legend_dock.setWindowTitle(self.tr("Legend"))
        self.coverage_dock.setWindowTitle(self.tr("Coverage"))
        self.incident_dock.setWindowTitle(self.tr("Incidents"))
        self.charts_dock.setWindowTitle(self.tr("Charts"))
        self.facility_dock.setWindowTitle(self.tr("Facility"))
        self.incident_menu.setTitle(self.tr("&Incidents"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.analysis_menu.setTitle(self.tr("&Analysis"))
        self._update_undo_texts()
        self.identify_dock.setWindowTitle(self.tr("Identify"))
        self.table_dock.setWindowTitle(self.tr("Attribute table"))
        self._update_title()

    def _update_undo_texts(self) -> None:
        try:
            undo, redo = self.undo_stack.undoText(), self.undo_stack.redoText()
        except RuntimeError:   # the stack is being destroyed with the window
            return
        self.undo_action.setText(self.tr("&Undo") + (f" {undo}" if undo else ""))
        self.redo_action.setText(self.tr("&Redo") + (f" {redo}" if redo else ""))

    def _update_title(self) -> None:
        title = self.tr("GridMap")
        if self.project is not None:
            name = self.project.meta.get("title") or (self.project.path.name if self.project.path else "")
            if self.project.database is not None:
                name = f"{name} — {self.project.database.label}"
            title = f"{name}[*] — {title}"
        self.setWindowTitle(title)

    # -- drag and drop, state ----------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if any(u.toLocalFile().lower().endswith(".gpkg") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            if url.toLocalFile().lower().endswith(".gpkg"):
                self.open_project(url.toLocalFile())
                event.acceptProposedAction()
                return

    def _restore_state(self) -> None:
        s = settings()
        geometry, state = s.value("window/geometry"), s.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event) -> None:
        if not self.saving.maybe_keep():
            event.ignore()                  # cancelled, or the save failed: the edits stay
            return
        if getattr(self, "_loader", None) is not None:
            self._loader.cancel()           # a project still opening stops reading first
        self.db_menu.stop()
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        super().closeEvent(event)

    def about(self) -> None:
        from .. import __version__
        QMessageBox.about(self, self.tr("About GridMap"),
                          self.tr("GridMap %1 — a desktop GIS for grid-based community governance.")
                          .replace("%1", __version__))

    def _error(self, title: str, text: str) -> None:
        from .message_box import message_box
        box = message_box(self, QMessageBox.Icon.Warning, title, text)
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen" and os.environ.get("GRIDMAP_NO_SETTINGS"):
            self.last_error = (title, text)  # tests read it; no modal dialog without a screen
            return
        box.exec()
