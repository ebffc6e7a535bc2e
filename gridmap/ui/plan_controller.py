"""Analysis → Plan grid…: the draft of analysis.plan over the current cells (households as labels,
out-of-range cells red), then Accept (one undoable step) or Discard."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox

from layers import GridCellsLayer
from layers.overlay import OverlayLayer

from ..analysis.follow_edits import reassign_with
from ..analysis.plan import cells_to_keep, layout_summary, move_block, plan_frames, plan_grid
from .undo import apply_frames

DRAFT_LAYER = "grid_plan"



class PlanController:
    def __init__(self, window) -> None:
        self.window = window
        self.frames: dict | None = None
        self.result = None
        self.current = None
        a = window.actions
        a["plan_grid"].triggered.connect(lambda: self.plan())
        a["plan_move"].triggered.connect(lambda: window.tools.set_tool("plan_move"))
        a["accept_plan"].triggered.connect(self.accept)
        a["discard_plan"].triggered.connect(self.discard)
        for name in ("plan_grid", "plan_move", "accept_plan", "discard_plan"):
            window.analysis_menu.addAction(a[name])
        window.canvas.clicked.connect(self._on_click)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for name in ("accept_plan", "discard_plan", "plan_move"):
            self.window.actions[name].setEnabled(on)

    def _on_click(self, x: float, y: float, _event) -> None:
        if self.window.tools.tool == "plan_move" and self.result is not None:
            self.move_block(x, y)

    def move_block(self, x: float, y: float) -> bool:
        """Give the block under (x, y) to the neighbouring draft cell; the counts follow."""
        project = self.window.project
        target = move_block(project, self.result, x, y, self.low, self.high)
        if target is None:
            self.window.statusBar().showMessage(QCoreApplication.translate(
                "PlanController", "This block cannot move: it is its cell's only block, or the cell would fall apart."),
                8000)
            return False
        self._show()
        return True

    def _show(self) -> None:
        """The draft (``self.result``) as the overlay layer and the frames Accept will apply."""
        project, result, low, high = self.window.project, self.result, self.low, self.high
        self.frames = plan_frames(project, result, self.keep_rows)
        draft = self.frames["grid_cells"].iloc[len(self.frames["grid_cells"]) - len(result.cells):]
        overlay = draft[["grid_code", "households", draft.geometry.name]].copy()
        overlay["kind"] = "cell"
        overlay["households"] = overlay["households"].fillna(0).astype(int)
        overlay["in_range"] = (overlay["households"] >= low) & (overlay["households"] <= high)
        project.add_layer(OverlayLayer(overlay, layer_name=DRAFT_LAYER, label_zh="网格草案", label_en="Grid draft"),
                          replace=DRAFT_LAYER in project)
        text = QCoreApplication.translate("PlanController", "Draft: %1 cells, %2 in range, compactness %3, main roads "
                                                            "inside cells %4; Analysis → Accept grid draft")
        message = self._figures(text, result.summary)
        if self.current is not None and self.current.get("cells"):
            message += "  |  " + self._figures(QCoreApplication.translate(
                "PlanController", "now: %1 cells, %2 in range, compactness %3, main roads inside cells %4"), self.current)
        self.window.statusBar().showMessage(message, 30000)

    @staticmethod
    def _figures(text: str, s: dict) -> str:
        return (text.replace("%1", str(s["cells"])).replace("%2", f"{s.get('in_range', 0):.0%}")
                .replace("%3", f"{s.get('polsby_popper', 0):.2f}").replace("%4", f"{s.get('main_roads_interior', 0):.1%}"))

    def plan(self, low: int | None = None, high: int | None = None, keep_existing: bool | None = None) -> bool:
        project = self.window.project
        if project is None:
            return False
        if low is None:
            dialog = QDialog(self.window)
            dialog.setWindowTitle(QCoreApplication.translate("PlanController", "Plan grid"))
            form = QFormLayout(dialog)
            low_box, high_box = QSpinBox(dialog), QSpinBox(dialog)
            for box, value in ((low_box, 200), (high_box, 500)):
                box.setRange(1, 100000)
                box.setValue(value)
            keep_box = QCheckBox(QCoreApplication.translate("PlanController", "Keep the cells already in range"), dialog)
            keep_box.setChecked("grid_cells" in project and len(project["grid_cells"]) > 0)
            form.addRow(QCoreApplication.translate("PlanController", "Households at least"), low_box)
            form.addRow(QCoreApplication.translate("PlanController", "Households at most"), high_box)
            form.addRow(keep_box)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
            buttons.accepted.connect(dialog.accept)
            buttons.rejected.connect(dialog.reject)
            form.addRow(buttons)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            low, high, keep_existing = low_box.value(), high_box.value(), keep_box.isChecked()
        has_cells = "grid_cells" in project and len(project["grid_cells"]) > 0
        keep_rows = cells_to_keep(project, low, high) if keep_existing and has_cells else None
        keep = None
        if keep_rows is not None and len(keep_rows):
            keep = shapely.union_all(np.asarray(project.to_metric("grid_cells").geometry.values)[keep_rows])
        try:
            result = plan_grid(project, low, high, None, keep)
        except (ValueError, shapely.errors.GEOSException) as exc:
            self.window._error(QCoreApplication.translate("PlanController", "Plan grid"), str(exc))
            return False
        self.result, self.low, self.high, self.keep_rows = result, low, high, keep_rows
        self.current = layout_summary(project, low, high) if has_cells else None      # side by side with the draft
        self._show()
        self._enable(True)
        return True

    def accept(self) -> bool:
        project = self.window.project
        if project is None or self.frames is None:
            return False
        frames, _report = reassign_with(project, self.frames) if "grid_cells" in project else (self.frames, None)
        if "grid_cells" not in project:
            project.add_layer(GridCellsLayer(self.frames["grid_cells"].iloc[:0]))
        apply_frames(self.window.undo_stack, project, frames, QCoreApplication.translate("PlanController", "Accept grid draft"))
        self.discard()
        return True

    def discard(self) -> None:
        project = self.window.project
        if project is not None and DRAFT_LAYER in project:
            project.remove_layer(DRAFT_LAYER)
        self.frames = self.result = None
        self._enable(False)
        if self.window.tools.tool == "plan_move":
            self.window.actions["pan"].trigger()
