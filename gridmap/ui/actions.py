"""The main window's actions: text, shortcut and icon in one place, retranslated on switch."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget


@dataclass
class ActionSpec:
    name: str
    shortcut: str | QKeySequence.StandardKey | None = None
    icon: QStyle.StandardPixmap | None = None
    checkable: bool = False


SPECS = [
    ActionSpec("open", QKeySequence.StandardKey.Open, QStyle.StandardPixmap.SP_DialogOpenButton),
    ActionSpec("add_layer", "Ctrl+Shift+A", QStyle.StandardPixmap.SP_FileDialogNewFolder),
    ActionSpec("save", QKeySequence.StandardKey.Save, QStyle.StandardPixmap.SP_DialogSaveButton),
    ActionSpec("save_as", QKeySequence.StandardKey.SaveAs),
    ActionSpec("screenshot", "Ctrl+Shift+P"),
    ActionSpec("print_atlas", QKeySequence.StandardKey.Print),
    ActionSpec("export_web", "Ctrl+Shift+W"),
    ActionSpec("quit", QKeySequence.StandardKey.Quit),
    ActionSpec("zoom_full", "Ctrl+Shift+F", QStyle.StandardPixmap.SP_DesktopIcon),
    ActionSpec("zoom_layer", "Ctrl+Shift+L"),
    ActionSpec("zoom_selection", "Ctrl+J"),
    ActionSpec("zoom_in", QKeySequence.StandardKey.ZoomIn),
    ActionSpec("zoom_out", QKeySequence.StandardKey.ZoomOut),
    ActionSpec("pan", "P", None, True),
    ActionSpec("identify", "I", QStyle.StandardPixmap.SP_MessageBoxInformation, True),
    ActionSpec("select", "S", None, True),
    ActionSpec("clear_selection", "Ctrl+Shift+N"),
    ActionSpec("attribute_table", "F6"),
    ActionSpec("check_coverage", "F7"),
    ActionSpec("import_incidents", "Ctrl+I"),
    ActionSpec("export_open311", None),
    ActionSpec("add_incident", "A", None, True),
    ActionSpec("edit_incident", "Ctrl+E"),
    ActionSpec("case_file", "Ctrl+Shift+E"),
    ActionSpec("routing_rules", None),
    ActionSpec("dispatch_by_rules", None),
    # Ctrl+Shift+S is Save As (Qt's standard key): split is the knife, Ctrl+Shift+K.
    ActionSpec("split_cell", "Ctrl+Shift+K"),
    ActionSpec("merge_cells", "Ctrl+Shift+M"),
    ActionSpec("vertex_tool", "V", None, True),
    ActionSpec("reshape_tool", "R", None, True),
    ActionSpec("draw_cell", "N", None, True),
    ActionSpec("move_feature", "M", None, True),
    ActionSpec("draw_building", "B", None, True),
    ActionSpec("add_facility", "F", None, True),
    ActionSpec("delete_features", "Ctrl+Del"),
    ActionSpec("delete_cell", "Ctrl+Shift+Del"),
    ActionSpec("feature_form", "F2"),
    ActionSpec("snapping", None, None, True),
    ActionSpec("follow_edits", None, None, True),
    ActionSpec("update_table", None),
    ActionSpec("plan_grid", "Ctrl+Shift+G"),
    ActionSpec("plan_move", None, None, True),
    ActionSpec("accept_plan", None),
    ActionSpec("discard_plan", None),
    ActionSpec("search", QKeySequence.StandardKey.Find),
    ActionSpec("lang_zh", None, None, True),
    ActionSpec("lang_en", None, None, True),
    ActionSpec("open_demo", "Ctrl+Shift+D"),
    ActionSpec("about", None),
]


def create_actions(window: QWidget) -> dict[str, QAction]:
    """Create every action of the main window (texts are set by ``retranslate_actions``)."""
    actions: dict[str, QAction] = {}
    style = window.style()
    for spec in SPECS:
        action = QAction(window)
        action.setObjectName(f"action_{spec.name}")
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
            # Also while a floating panel (the attribute table) has the focus; a text field still
            # takes plain letters first (Qt asks it before firing a shortcut).
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        if spec.icon is not None:
            action.setIcon(style.standardIcon(spec.icon))
        action.setCheckable(spec.checkable)
        actions[spec.name] = action
    tools = QActionGroup(window)
    for name in ("pan", "identify", "select", "add_incident", "vertex_tool", "reshape_tool", "draw_cell", "move_feature",
                 "draw_building", "add_facility", "plan_move"):
        tools.addAction(actions[name])
    actions["pan"].setChecked(True)
    languages = QActionGroup(window)
    for name in ("lang_zh", "lang_en"):
        languages.addAction(actions[name])
    return actions


def retranslate_actions(actions: dict[str, QAction]) -> None:
    """Set every action's text and tip in the current language (translation context "Actions")."""
    texts = {
        "open": (QCoreApplication.translate("Actions", "&Open project…"),
                 QCoreApplication.translate("Actions", "Open a project GeoPackage")),
        "add_layer": (QCoreApplication.translate("Actions", "&Add layer…"),
                      QCoreApplication.translate("Actions", "Add a layer from a GeoPackage, GeoJSON or Shapefile")),
        "save": (QCoreApplication.translate("Actions", "&Save"),
                 QCoreApplication.translate("Actions", "Save the project")),
        "save_as": (QCoreApplication.translate("Actions", "Save &as…"),
                    QCoreApplication.translate("Actions", "Save the project to another file")),
        "screenshot": (QCoreApplication.translate("Actions", "Save map &image…"),
                       QCoreApplication.translate("Actions", "Save the map window as a PNG image")),
        "print_atlas": (QCoreApplication.translate("Actions", "&Print patrol maps…"),
                        QCoreApplication.translate("Actions", "One page per grid cell: map, route and checklist")),
        "export_web": (QCoreApplication.translate("Actions", "Export &web map…"),
                       QCoreApplication.translate("Actions", "One HTML file that works offline, with the current filters and layers")),
        "quit": (QCoreApplication.translate("Actions", "&Quit"),
                 QCoreApplication.translate("Actions", "Quit GridMap")),
        "zoom_full": (QCoreApplication.translate("Actions", "Zoom to &full extent"),
                      QCoreApplication.translate("Actions", "Show the whole project")),
        "zoom_layer": (QCoreApplication.translate("Actions", "Zoom to &layer"),
                       QCoreApplication.translate("Actions", "Show the current layer")),
        "zoom_selection": (QCoreApplication.translate("Actions", "Zoom to &selection"),
                           QCoreApplication.translate("Actions", "Show the selected features")),
        "zoom_in": (QCoreApplication.translate("Actions", "Zoom &in"),
                    QCoreApplication.translate("Actions", "Zoom in")),
        "zoom_out": (QCoreApplication.translate("Actions", "Zoom &out"),
                     QCoreApplication.translate("Actions", "Zoom out")),
        "pan": (QCoreApplication.translate("Actions", "&Pan"),
                QCoreApplication.translate("Actions", "Drag to move the map")),
        "identify": (QCoreApplication.translate("Actions", "&Identify"),
                     QCoreApplication.translate("Actions", "Click a feature to see its attributes")),
        "select": (QCoreApplication.translate("Actions", "Se&lect"),
                   QCoreApplication.translate("Actions", "Click features to select them (Ctrl adds)")),
        "clear_selection": (QCoreApplication.translate("Actions", "&Clear selection"),
                            QCoreApplication.translate("Actions", "Deselect everything")),
        "attribute_table": (QCoreApplication.translate("Actions", "Attribute &table"),
                            QCoreApplication.translate("Actions", "Show the table of the current layer")),
        "check_coverage": (QCoreApplication.translate("Actions", "Check &coverage"),
                           QCoreApplication.translate("Actions", "Find gaps, overlaps, unassigned buildings and unpatrolled cells")),
        "import_incidents": (QCoreApplication.translate("Actions", "&Import incidents…"),
                             QCoreApplication.translate("Actions", "Import 12345 exports (CSV, Excel), GeoJSON or Open311")),
        "export_open311": (QCoreApplication.translate("Actions", "Export as &Open311…"),
                           QCoreApplication.translate("Actions", "Export incidents as Open311 GeoReport v2 JSON")),
        "case_file": (QCoreApplication.translate("Actions", "&Case file…"),
                      QCoreApplication.translate("Actions", "The selected case's history: dispatch, reporting in, "
                                                            "escalation, meetings, agreement, follow-up")),
        "routing_rules": (QCoreApplication.translate("Actions", "&Routing rules…"),
                          QCoreApplication.translate("Actions", "Which department settles which cases, at which level, "
                                                                "within how many hours")),
        "dispatch_by_rules": (QCoreApplication.translate("Actions", "&Dispatch by rules…"),
                              QCoreApplication.translate("Actions", "Give every case without a department the first "
                                                                    "routing rule that fits")),
        "add_incident": (QCoreApplication.translate("Actions", "&Add incident"),
                         QCoreApplication.translate("Actions", "Click the map to log a new incident")),
        "edit_incident": (QCoreApplication.translate("Actions", "&Edit incident…"),
                          QCoreApplication.translate("Actions", "Edit the selected incident or move it on in the workflow")),
        "split_cell": (QCoreApplication.translate("Actions", "S&plit cell…"),
                       QCoreApplication.translate("Actions", "Split the selected grid cell along a line you draw")),
        "merge_cells": (QCoreApplication.translate("Actions", "&Merge cells"),
                        QCoreApplication.translate("Actions", "Merge the selected grid cells into one")),
        "vertex_tool": (QCoreApplication.translate("Actions", "&Vertex tool"),
                        QCoreApplication.translate("Actions", "Drag a vertex shared by cells and the boundary; "
                                                              "double-click an edge to add one")),
        "reshape_tool": (QCoreApplication.translate("Actions", "&Reshape border"),
                         QCoreApplication.translate("Actions", "Draw a line from a cell across its border to move it")),
        "draw_cell": (QCoreApplication.translate("Actions", "Draw &new cell"),
                      QCoreApplication.translate("Actions", "Draw a cell that takes its area from the cells it covers")),
        "move_feature": (QCoreApplication.translate("Actions", "M&ove building or facility"),
                         QCoreApplication.translate("Actions", "Drag a building or facility to another place")),
        "draw_building": (QCoreApplication.translate("Actions", "Draw &building"),
                          QCoreApplication.translate("Actions", "Click the corners of a new building")),
        "add_facility": (QCoreApplication.translate("Actions", "Add &facility"),
                         QCoreApplication.translate("Actions", "Click where a new facility (pump room, substation …) is")),
        "delete_features": (QCoreApplication.translate("Actions", "Delete selected buildings or facilities"),
                            QCoreApplication.translate("Actions", "Delete the selected buildings or facilities and "
                                                                  "their links")),
        "delete_cell": (QCoreApplication.translate("Actions", "&Delete cell"),
                        QCoreApplication.translate("Actions", "Delete the selected cell; its area joins a neighbour")),
        "feature_form": (QCoreApplication.translate("Actions", "Edit &attributes…"),
                         QCoreApplication.translate("Actions", "Edit the attributes of the selected features")),
        "snapping": (QCoreApplication.translate("Actions", "S&nap to vertices and edges"),
                     QCoreApplication.translate("Actions", "Snap to cells, boundary, roads and buildings while editing")),
        "follow_edits": (QCoreApplication.translate("Actions", "&Update buildings and incidents after edits"),
                         QCoreApplication.translate("Actions", "After a cell edit, give buildings, incidents and "
                                                               "patrols their new cell and cells their households")),
        "update_table": (QCoreApplication.translate("Actions", "&Update from table…"),
                         QCoreApplication.translate("Actions", "Update attributes from a CSV/XLSX list, e.g. the "
                                                               "workers by grid code")),
        "plan_grid": (QCoreApplication.translate("Actions", "&Plan grid…"),
                      QCoreApplication.translate("Actions", "Draft cells from the communities, roads and buildings")),
        "plan_move": (QCoreApplication.translate("Actions", "&Move a block in the draft"),
                      QCoreApplication.translate("Actions", "Click a block of the draft to give it to the neighbouring "
                                                            "cell (again: back)")),
        "accept_plan": (QCoreApplication.translate("Actions", "&Accept grid draft"),
                        QCoreApplication.translate("Actions", "Make the draft the project's cells (one undoable step)")),
        "discard_plan": (QCoreApplication.translate("Actions", "&Discard grid draft"),
                         QCoreApplication.translate("Actions", "Remove the draft from the map")),
        "search": (QCoreApplication.translate("Actions", "&Search…"),
                   QCoreApplication.translate("Actions", "Find a grid code, address, building or worker")),
        "lang_zh": ("中文", "中文界面"),
        "lang_en": ("English", "English interface"),
        "open_demo": (QCoreApplication.translate("Actions", "Open &demo project"),
                      QCoreApplication.translate("Actions", "Open the Hongqi Subdistrict demo project")),
        "about": (QCoreApplication.translate("Actions", "&About GridMap"),
                  QCoreApplication.translate("Actions", "About GridMap")),
    }
    for name, (text, tip) in texts.items():
        actions[name].setText(text)
        actions[name].setStatusTip(tip)
        actions[name].setToolTip(tip)
