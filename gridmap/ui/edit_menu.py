"""The Edit menu's grid tools and the editing toolbar, wired to ui.edit_tools, the attribute form
and Layer → Update from table…"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QToolBar

from layers.errors import DataError

from ..analysis.follow_edits import SETTING
from .edit_tools import ADD_FACILITY, DRAW_BUILDING, DRAW_CELL, MOVE, RESHAPE, VERTEX, EditTools
from .feature_form import edit_selected

TOOLS = {"vertex_tool": VERTEX, "reshape_tool": RESHAPE, "draw_cell": DRAW_CELL, "move_feature": MOVE,
         "draw_building": DRAW_BUILDING, "add_facility": ADD_FACILITY}



def install(window) -> EditTools:
    """Create the editing tools of ``window``: menu entries, toolbar, shortcuts (actions.py)."""
    a = window.actions
    tools = EditTools(window)
    tools.error.connect(window._error)
    tools.message.connect(lambda text: window.statusBar().showMessage(text, 15000))
    for name, mode in TOOLS.items():
        a[name].triggered.connect(lambda _c=False, m=mode: tools.start(m))
    a["delete_cell"].triggered.connect(tools.delete_cell)
    a["delete_features"].triggered.connect(tools.delete_features)
    a["feature_form"].triggered.connect(lambda: edit_selected(window))
    a["snapping"].setChecked(True)
    a["snapping"].toggled.connect(lambda on: setattr(tools, "snapping", on))
    a["follow_edits"].setChecked(True)
    a["follow_edits"].toggled.connect(lambda on: _set_follow(window, on))
    a["update_table"].triggered.connect(lambda: update_from_table(window))
    from .feature_form import edit_cell
    window.table.edit_handler = lambda name, row, column, text: edit_cell(window, name, row, column, text)
    window.table.set_project(window.project)
    menu = window.edit_menu
    menu.addSeparator()
    for name in ("feature_form", None, "vertex_tool", "reshape_tool", "draw_cell", "delete_cell", None,
                 "move_feature", "draw_building", "add_facility", "delete_features", None, "snapping", "follow_edits"):
        menu.addSeparator() if name is None else menu.addAction(a[name])
    window.data_menu.layer_menu.addAction(a["update_table"])
    bar = QToolBar(window)
    bar.setObjectName("edit_toolbar")
    for name in ("vertex_tool", "reshape_tool", "split_cell", "draw_cell", "merge_cells", "delete_cell",
                 "move_feature", "draw_building", "add_facility", "feature_form"):
        bar.addAction(a[name])
    window.addToolBar(bar)
    tools.toolbar = bar
    from .plan_controller import PlanController
    window.planner = PlanController(window)
    return tools


def _set_follow(window, on: bool) -> None:
    if window.project is not None:
        window.project.meta[SETTING] = "on" if on else "off"


def sync(window) -> None:
    """Show the project's follow-edits setting on its action (a project was opened)."""
    project = window.project
    on = project is None or str(project.meta.get(SETTING, "on")).lower() != "off"
    action = window.actions["follow_edits"]
    action.blockSignals(True)
    action.setChecked(on)
    action.blockSignals(False)


class _UpdateDialog(QDialog):
    def __init__(self, window, path: Path) -> None:
        super().__init__(window)
        self.setWindowTitle(QCoreApplication.translate("EditMenu", "Update %1 from a table").replace("%1", path.name))
        project = window.project
        form = QFormLayout(self)
        self.layer = QComboBox(self)
        for name in project.layer_names():
            if not getattr(project[name], "transient", False):
                self.layer.addItem(project[name].name, name)
        self.layer.setCurrentIndex(max(self.layer.findData("grid_cells"), 0))
        self.key = QComboBox(self)
        self.key.setEditable(True)
        from ..io.tabular import read_table
        headers, _info = read_table(path)
        self.key.addItems(list(headers.columns))
        guess = next((h for h in headers.columns if h in ("网格编码", "网格编号", "grid_code", "楼栋编号", "building_id")), None)
        if guess:
            self.key.setCurrentText(guess)
        form.addRow(QCoreApplication.translate("EditMenu", "Layer"), self.layer)
        form.addRow(QCoreApplication.translate("EditMenu", "Key column"), self.key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def update_from_table(window, path: str | None = None, layer: str | None = None, key: str | None = None) -> bool:
    """Layer → Update from table…: the same all-or-nothing update as ``gridmap update``, undoable."""
    project = window.project
    if project is None:
        return False
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, QCoreApplication.translate("EditMenu", "Update from table"), "", "Tables (*.csv *.txt *.xlsx)")
        if not path:
            return False
    path = Path(path)
    if layer is None or key is None:
        try:
            dialog = _UpdateDialog(window, path)
        except (DataError, ValueError, OSError) as exc:
            window._error(QCoreApplication.translate("EditMenu", "Update from table"), str(exc))
            return False
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        layer, key = dialog.layer.currentData(), dialog.key.currentText()
    from ..io.update import prepare_update
    try:
        result = prepare_update(project, layer, path, key)
    except (DataError, ValueError, OSError) as exc:
        window._error(QCoreApplication.translate("EditMenu", "Update from table"), str(exc))
        return False
    if result.problems:
        window._error(QCoreApplication.translate("EditMenu", "Update from table"), QCoreApplication.translate("EditMenu", "%1 problems; nothing was changed:").replace(
            "%1", str(len(result.problems))) + "\n" + "\n".join(result.problems[:30]))
        return False
    from .undo import apply_frames
    apply_frames(window.undo_stack, project, {layer: result.frame}, QCoreApplication.translate("EditMenu", "Update from table"))
    changes = ", ".join(f"{c} {n}" for c, n in result.changed.items()) or "—"
    window.statusBar().showMessage(QCoreApplication.translate("EditMenu", "Updated from %1: %2").replace("%1", path.name).replace("%2", changes), 10000)
    from .saving import headless
    if not headless():
        from .message_box import inform
        inform(window, QCoreApplication.translate("EditMenu", "Update from table"),
               QCoreApplication.translate("EditMenu", "Updated from %1: %2").replace("%1", path.name).replace("%2", changes))
    return True
