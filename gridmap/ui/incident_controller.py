"""Wires the incident panel, charts, import, Open311 export and the incident form to the project;
every data change goes through the undo stack."""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from layers.errors import DataError
from layers.validate import LOCAL_TZ

from ..analysis.incident_edit import add_incident, set_status, update_incident
from .import_dialog import ImportDialog
from .incident_form import IncidentForm
from .undo import apply_frames


class IncidentController(QObject):
    error = Signal(str, str)
    message = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.panel = window.incident_panel
        self.charts = window.charts
        self.panel.filterChanged.connect(self.charts.refresh)
        window.tools.pointPicked.connect(self.add_at)

    @property
    def project(self):
        return self.window.project

    def set_project(self, project) -> None:
        # The charts learn the new project first: the panel's filter then refreshes them once.
        self.charts.project, self.charts.panel = project, self.panel
        self.panel.set_project(project)
        self.charts.refresh()

    def now(self) -> pd.Timestamp:
        return pd.Timestamp.now(tz=LOCAL_TZ).floor("min")

    # -- import / export -------------------------------------------------------------------
    def import_file(self) -> None:
        if self.project is None:
            return
        dialog = ImportDialog(self.project, self.window)
        if dialog.exec() and dialog.result is not None:
            self.apply_import(dialog.result)

    def apply_import(self, result) -> None:
        if "incidents" not in self.project:
            from layers import IncidentsLayer
            self.project.add_layer(IncidentsLayer(result.merged))
            return
        apply_frames(self.window.undo_stack, self.project, {"incidents": result.merged},
                     self.tr("Import %1 incidents").replace("%1", str(result.imported)))
        self.message.emit(self.tr("%1 incidents imported").replace("%1", str(result.imported)))

    def export_open311(self, path: str | None = None) -> None:
        if self.project is None or "incidents" not in self.project:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export Open311 JSON"), "requests.json",
                                                  "JSON (*.json)")
        if path:
            from ..io.open311 import write_open311
            count = write_open311(self.project["incidents"], path)
            self.message.emit(self.tr("%1 incidents exported").replace("%1", str(count)))

    # -- logging and tracking --------------------------------------------------------------
    def start_adding(self) -> None:
        self.window.tools.set_tool("add_incident")
        self.message.emit(self.tr("Click the map where the incident happened."))

    def add_at(self, x: float, y: float, values: dict | None = None) -> bool:
        """Add an incident at metric (x, y); without ``values`` the form asks for them."""
        from ..analysis.incident_edit import place_of_click
        if values is None:
            place = place_of_click(self.project, x, y)
            form = IncidentForm(place, self.window.language, editing=False, parent=self.window)
            if not form.exec():
                return False
            values = form.values()
        try:
            frame = add_incident(self.project, x, y, values, self.now())
            apply_frames(self.window.undo_stack, self.project, {"incidents": frame}, self.tr("Add incident"))
        except (DataError, ValueError) as exc:
            self.error.emit(self.tr("Cannot add incident"), str(exc))
            return False
        self.window.actions["pan"].trigger()
        return True

    def edit_selected(self) -> None:
        layer = self.project["incidents"] if self.project and "incidents" in self.project else None
        if layer is None or len(layer.selection) != 1:
            self.error.emit(self.tr("Edit incident"), self.tr("Select exactly one incident first."))
            return
        row = int(layer.selection[0])
        values = layer.data.iloc[row].to_dict()
        form = IncidentForm(values, self.window.language, editing=True, parent=self.window)
        if form.exec():
            self.edit(row, form.values(), form.requested_status)

    def edit(self, row: int, values: dict, status: str | None = None) -> bool:
        frame = self.project["incidents"].data
        try:
            changed = {k: v for k, v in values.items() if frame[k].iloc[row] != v}
            if changed:
                frame = update_incident(frame, row, changed)
            if status == "dispatched" and getattr(self.window, "cases", None) is not None:
                # Dispatching goes to a department with a deadline (suggested by the routing
                # rules) and is an entry of the case file: the form's edits and it are one step.
                answer = self.window.cases.ask("dispatch", row, incidents=frame)
                return answer is not None and self.window.cases.record(row, "dispatch", *answer, incidents=frame)
            if status:
                frame = set_status(frame, row, status, self.now())
            apply_frames(self.window.undo_stack, self.project, {"incidents": frame}, self.tr("Edit incident"))
        except (DataError, ValueError) as exc:
            self.error.emit(self.tr("Edit incident"), str(exc))
            return False
        return True
