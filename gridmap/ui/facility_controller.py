"""Selecting a facility shows its reach (panel and map); links, outage, case and briefing."""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from layers.overlay import OverlayLayer

from ..analysis.facility_report import (assign_case, facilities_of_building, facility_report, focus_frame,
                                        link_buildings, outage_report, unlink_buildings)
from .undo import apply_frames

FOCUS = "facility_focus"


class FacilityController(QObject):
    error = Signal(str, str)
    message = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.panel = window.facility_panel
        self.facility_id: str | None = None
        self.distance = 300.0
        self.panel.linkRequested.connect(self.link_selected)
        self.panel.unlinkRequested.connect(self.unlink_selected)
        self.panel.outageRequested.connect(self.mark_outage)
        self.panel.outageCleared.connect(self.clear_outage)
        self.panel.caseRequested.connect(self.link_case)
        self.panel.briefingRequested.connect(lambda: self.export_briefing())

    @property
    def project(self):
        return self.window.project

    def set_project(self, project) -> None:
        self.facility_id = None
        self.panel.show_report(None)
        if project is None or "facilities" not in project:
            return
        project["facilities"].events.selection.connect(self._on_facility_selection)
        if "buildings" in project:
            project["buildings"].events.selection.connect(self._on_building_selection)
        for name in ("facility_links", "buildings", "incidents", "facilities"):
            if name in project:
                project[name].events.data.connect(lambda _f: self.refresh())
        from ..analysis.timeref import reference_time
        self.panel.set_start(reference_time(project))

    def _on_facility_selection(self, rows) -> None:
        if len(rows) == 1:
            self.show(self.project["facilities"].data["facility_id"].iloc[int(rows[0])])

    def _on_building_selection(self, rows) -> None:
        if self.facility_id is None and len(rows) == 1:
            building = self.project["buildings"].data["building_id"].iloc[int(rows[0])]
            self.panel.show_report(None, facilities_of_building(self.project, building))

    def show(self, facility_id: str | None) -> None:
        """Show the reach of ``facility_id`` (None: nothing) in the panel and on the map."""
        self.facility_id = facility_id
        self.refresh()
        self.window.facility_dock.show()
        self.window.facility_dock.raise_()

    def outage_since(self) -> pd.Timestamp | None:
        """The outage start recorded on the facility (an extra column, so undo and saving keep it)."""
        facilities = self.project["facilities"].data
        if self.facility_id is None or "out_of_service_since" not in facilities.columns:
            return None
        value = facilities.loc[facilities["facility_id"] == self.facility_id, "out_of_service_since"]
        value = value.iloc[0] if len(value) else None
        return None if value is None or pd.isna(value) else pd.Timestamp(value)

    def report(self, project=None):
        """The report of the chosen facility, from ``project`` (default: the window's own)."""
        if self.facility_id is None:
            return None
        project = self.project if project is None else project
        since = self.outage_since()
        if since is not None:
            return outage_report(project, self.facility_id, since, self.distance)
        return facility_report(project, self.facility_id)

    def refresh(self) -> None:
        project = self.project
        if project is None:
            return
        if self.facility_id is None or "facilities" not in project or \
                self.facility_id not in set(project["facilities"].data["facility_id"]):
            self.facility_id = None
            self.panel.show_report(None)
            if FOCUS in project:
                project.remove_layer(FOCUS)
            return
        report = self.report()
        self.panel.show_report(report)
        layer = OverlayLayer(focus_frame(project, report), layer_name=FOCUS, label_zh="设施影响", label_en="Facility reach")
        project.add_layer(layer, replace=FOCUS in project)

    # -- edits -------------------------------------------------------------------------------
    def _selected_building_ids(self) -> list[str]:
        buildings = self.project["buildings"]
        return buildings.data["building_id"].iloc[list(buildings.selection)].astype(str).tolist()

    def link_selected(self, role: str) -> None:
        ids = self._selected_building_ids()
        if self.facility_id is None or not ids:
            self.error.emit(self.tr("Link buildings"), self.tr("Select a facility, then the buildings (Ctrl+click)."))
            return
        frame = link_buildings(self.project["facility_links"].data, self.facility_id, ids, role)
        apply_frames(self.window.undo_stack, self.project, {"facility_links": frame}, self.tr("Link buildings"))

    def unlink_selected(self) -> None:
        ids = self._selected_building_ids()
        if self.facility_id is None or not ids:
            return
        frame = unlink_buildings(self.project["facility_links"].data, self.facility_id, ids)
        apply_frames(self.window.undo_stack, self.project, {"facility_links": frame}, self.tr("Unlink buildings"))

    def mark_outage(self, start: pd.Timestamp, distance: float) -> None:
        if self.facility_id is None:
            return
        self.distance = distance
        facilities = self.project["facilities"].data.copy()
        if "out_of_service_since" not in facilities.columns:
            facilities["out_of_service_since"] = None
        facilities.loc[facilities["facility_id"] == self.facility_id, "out_of_service_since"] = start.isoformat()
        apply_frames(self.window.undo_stack, self.project, {"facilities": facilities}, self.tr("Mark out of service"))

    def clear_outage(self) -> None:
        if self.facility_id is None:
            return
        facilities = self.project["facilities"].data.copy()
        if "out_of_service_since" in facilities.columns:
            facilities.loc[facilities["facility_id"] == self.facility_id, "out_of_service_since"] = None
            apply_frames(self.window.undo_stack, self.project, {"facilities": facilities}, self.tr("Clear outage"))
        else:
            self.refresh()

    def link_case(self) -> None:
        report = self.report()
        if report is None or report.related_incidents is None or not len(report.related_incidents):
            return
        case = f"CASE-{self.facility_id}-{report.outage_since:%Y%m%d}"
        frame = assign_case(self.project["incidents"].data, report.related_incidents["incident_id"], case)
        apply_frames(self.window.undo_stack, self.project, {"incidents": frame}, self.tr("Link incidents to one case"))
        self.message.emit(self.tr("%1 incidents linked to %2").replace("%1", str(len(report.related_incidents)))
                          .replace("%2", case))

    def export_briefing(self, path: str | None = None) -> str | None:
        report = self.report()
        if report is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Briefing PDF"),
                                                  f"{self.facility_id}.pdf", "PDF (*.pdf)")
        if path:
            from ..export.briefing import write_briefing
            from ..render.snapshot import public_view
            public = public_view(self.project)          # a print: no column marked sensitive
            write_briefing(public, self.report(public), path, self.window.language)
        return path
