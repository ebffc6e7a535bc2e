"""Wires the coverage panel to the map (overlay, zoom, flash) and to the data (fixes, split,
merge), every change undoable."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from layers.errors import DataError
from layers.overlay import OverlayLayer

from ..analysis import fixes
from ..analysis.coverage.overlay import overlay_frame
from .undo import apply_frames

OVERLAY = "coverage"


class CoverageController(QObject):
    error = Signal(str, str)
    message = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.panel = window.coverage_panel
        self.panel.reportReady.connect(self._on_report)
        self.panel.findingChosen.connect(self._on_finding)
        self.panel.fixRequested.connect(self._on_fix)
        self.panel.show_overlay.toggled.connect(self._on_overlay_toggled)

    @property
    def project(self):
        return self.window.project

    def watch(self, project) -> None:
        """Re-run the check after edits of the layers it reads."""
        if project is None:
            return
        for name in ("boundary", "grid_cells", "buildings", "patrols", "incidents", "facilities", "facility_links"):
            if name in project:
                project[name].events.data.connect(lambda _f: self.panel.data_changed())

    # -- report -> map ---------------------------------------------------------------------
    def _on_report(self, report) -> None:
        project = self.project
        frame = overlay_frame(project, report)
        layer = OverlayLayer(frame, layer_name=OVERLAY, label_zh="覆盖检查", label_en="Coverage")
        layer.visible = self.panel.show_overlay.isChecked()
        if OVERLAY in project:
            layer.visible = project[OVERLAY].visible and self.panel.show_overlay.isChecked()
        project.add_layer(layer, replace=OVERLAY in project)

    def _on_overlay_toggled(self, checked: bool) -> None:
        if self.project is not None and OVERLAY in self.project:
            self.project[OVERLAY].visible = checked

    def _on_finding(self, finding) -> None:
        if finding.geometry is None:
            return
        self.window.canvas.zoom_to_geometry([finding.geometry])
        self.window.canvas.flash_geometry([finding.geometry])
        if finding.layer in self.project and finding.rows:
            self.project[finding.layer].selection = finding.rows

    # -- fixes -------------------------------------------------------------------------------
    def _apply(self, frames: dict, text: str) -> None:
        apply_frames(self.window.undo_stack, self.project, frames, text)

    def _on_fix(self, action: str, finding) -> None:
        try:
            if action == "assign":
                self._apply(fixes.assign_to_cells(self.project, finding.rows), self.tr("Assign building to cell"))
            elif action == "make_valid":
                self._apply(fixes.make_valid(self.project, finding.layer, finding.rows), self.tr("Make valid"))
            elif action == "renumber":
                code = self.project["grid_cells"].data["community_code"].iloc[finding.rows[0]]
                self._apply(fixes.renumber_community(self.project, code), self.tr("Renumber grid codes"))
        except (ValueError, DataError) as exc:
            self.error.emit(self.tr("Cannot fix"), str(exc))

    def split_selected(self) -> None:
        """Arm the split tool: the polyline drawn next splits the selected cell (ui.edit_tools)."""
        self.window.edit_tools.start("split")

    def merge_selected(self) -> None:
        cells = self.project["grid_cells"] if self.project and "grid_cells" in self.project else None
        if cells is None:
            return
        try:
            frames = fixes.merge_cells(self.project, list(cells.selection))
        except ValueError as exc:
            self.error.emit(self.tr("Merge cells"), str(exc))
            return
        cells.selection = []
        self._apply(frames, self.tr("Merge cells"))
