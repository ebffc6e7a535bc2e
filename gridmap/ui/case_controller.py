"""Case work in the window: the selected case's case file (dispatch with the department and deadline
suggested by the street's routing rules, reporting in, escalation, meetings, agreements, follow-up
visits, settling), the routing rules editor and dispatching every waiting case by the rules.
Every change is one undoable step over the incidents and the case file."""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from layers.codes import CASE_EVENT, label
from layers.errors import DataError

from ..analysis.case_file import add_entry, empty_case_file, suggest
from .undo import AddLayerWithFrames, SetMeta, apply_frames


class CaseController(QObject):
    error = Signal(str, str)
    message = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog = None
        window.projectChanged.connect(self._close_dialog)

    @property
    def project(self):
        return self.window.project

    def now(self) -> pd.Timestamp:
        return self.window.incidents.now()

    # -- what the case file needs ------------------------------------------------------------
    def events(self) -> pd.DataFrame:
        return self.project["case_events"].data if "case_events" in self.project else empty_case_file()

    def departments(self) -> list[str]:
        """Departments named anywhere: the rules first (in their order), then cases and entries."""
        names = [r.department for r in sorted(self.rules() or [], key=lambda r: r.row)]
        for frame, column in ((self.project["incidents"].data, "department"), (self.events(), "department")):
            if column in frame:
                names += [str(v) for v in frame[column].dropna().unique()]
        return list(dict.fromkeys(n for n in names if n.strip()))

    def rules(self):
        from ..io.dispatch_rules import project_rules
        try:
            return project_rules(self.project)
        except DataError as exc:
            self.error.emit(self.tr("Routing rules"), str(exc))
            return None

    def suggestion(self, row: int):
        """What the project's rules say for the case at ``row`` (None without rules or a fit)."""
        rules = self.rules()
        if not rules:
            return None
        from ..analysis.dispatch import community_of_incident
        incidents = self.project["incidents"].data
        community = community_of_incident(self.project, row)
        return suggest(rules, incidents["category"].iloc[row], community, incidents["reported_at"].iloc[row])

    def selected_row(self) -> int | None:
        layer = self.project["incidents"] if self.project is not None and "incidents" in self.project else None
        if layer is None or len(layer.selection) != 1:
            self.error.emit(self.tr("Case file"), self.tr("Select exactly one incident first."))
            return None
        return int(layer.selection[0])

    def row_of(self, incident_id: str) -> int | None:
        if self.project is None or "incidents" not in self.project:
            return None
        rows = (self.project["incidents"].data["incident_id"] == incident_id).to_numpy().nonzero()[0]
        return int(rows[0]) if len(rows) else None

    # -- changing it -------------------------------------------------------------------------
    def frames(self, row: int, kind: str, at: pd.Timestamp, fields: dict, incidents=None):
        """(incidents, case file) with the entry; raises ValueError naming what is wrong."""
        incidents = self.project["incidents"].data if incidents is None else incidents
        return add_entry(incidents, self.events(), row, kind, at, fields)

    def record(self, row: int, kind: str, at: pd.Timestamp, fields: dict, incidents=None) -> bool:
        """Add the entry as one undoable step; a problem is reported, nothing changes."""
        try:
            new_incidents, events = self.frames(row, kind, at, fields, incidents)
            self._apply(new_incidents, events, self.tr("Case file: %1").replace(
                "%1", label(CASE_EVENT, kind, self.window.language)))
        except (DataError, ValueError) as exc:
            self.error.emit(self.tr("Case file"), str(exc))
            return False
        return True

    def _apply(self, incidents, events, text: str) -> None:
        project, stack = self.project, self.window.undo_stack
        if "case_events" in project:
            apply_frames(stack, project, {"incidents": incidents, "case_events": events}, text)
        else:
            import json

            from layers import CaseEventsLayer
            marked = json.loads(project.meta.get("sensitive", "{}") or "{}").get("case_events", ())
            layer = CaseEventsLayer(events, sensitive=marked)      # columns the project marks stay masked
            stack.push(AddLayerWithFrames(project, layer, [(project["incidents"], incidents)], text))

    def ask(self, kind: str, row: int, incidents=None):
        """The entry form for ``kind``; (time, fields) when accepted, else None."""
        from .case_entry import CaseEntryDialog
        frame = self.project["incidents"].data if incidents is None else incidents
        case = frame.iloc[row].to_dict()

        def check(at, fields):
            try:
                self.frames(row, kind, at, fields, incidents)
            except (DataError, ValueError) as exc:
                return str(exc)
            return None
        dialog = CaseEntryDialog(kind, case, self.now(), self.departments(), self.window.language,
                                 suggestion=self.suggestion(row) if kind == "dispatch" else None, check=check,
                                 parent=self.dialog or self.window)
        self.last_entry_dialog = dialog
        if not dialog.exec():
            return None
        return dialog.when(), dialog.values()

    def add(self, kind: str, row: int | None = None) -> bool:
        """Ask for an entry of ``kind`` for the case at ``row`` (the selected one) and record it."""
        row = self.selected_row() if row is None else row
        if row is None:
            return False
        answer = self.ask(kind, row)
        return answer is not None and self.record(row, kind, *answer)

    # -- the case file window, the rules, dispatching all ------------------------------------
    def open_case_file(self, row: int | None = None):
        row = self.selected_row() if row is None else row
        if row is None:
            return None
        from .case_file_dialog import CaseFileDialog
        self._close_dialog()
        self.dialog = CaseFileDialog(self, str(self.project["incidents"].data["incident_id"].iloc[row]), self.window)
        self.dialog.show()
        return self.dialog

    def _close_dialog(self, *_args) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()

    def edit_rules(self) -> bool:
        from .rules_editor import RulesEditor
        if self.project is None:
            return False
        editor = RulesEditor(self.project, self.window.language, self.window)
        self.last_rules_editor = editor
        if not editor.exec():
            return False
        return self.set_rules(editor.result_text)

    def set_rules(self, text: str | None) -> bool:
        from ..io.dispatch_rules import META_KEY
        if text == self.project.meta.get(META_KEY):
            return False
        self.window.undo_stack.push(SetMeta(self.project, META_KEY, text, self.tr("Edit routing rules")))
        self.message.emit(self.tr("Routing rules kept in the project; saved with it"))
        return True

    def dispatch_by_rules(self, confirm: bool = True) -> int:
        """Give every case without a department the first rule that fits (one undoable step)."""
        from ..analysis.dispatch import apply_plan, plan_dispatch
        if self.project is None or "incidents" not in self.project:
            return 0
        rules = self.rules()
        if not rules:
            self.error.emit(self.tr("Dispatch by rules"),
                            self.tr("The project keeps no routing rules: edit them first (Incidents → Routing rules)."))
            return 0
        plan = plan_dispatch(self.project, rules)
        counts = "\n".join(f"{name}: {n}" for name, n in list(plan.counts().items())[:12])
        text = (self.tr("%1 cases get a department, %2 fit no rule.").replace("%1", str(len(plan.rows)))
                .replace("%2", str(len(plan.unmatched))) + "\n\n" + counts)
        from .message_box import ask_yes_no
        if confirm and not ask_yes_no(self.window, self.tr("Dispatch by rules"), text):
            return 0
        if len(plan.rows):
            frame = apply_plan(self.project["incidents"].data, plan)
            apply_frames(self.window.undo_stack, self.project, {"incidents": frame},
                         self.tr("Dispatch %1 cases by rules").replace("%1", str(len(plan.rows))))
        self.message.emit(self.tr("%1 cases dispatched by the rules, %2 fit no rule")
                          .replace("%1", str(len(plan.rows))).replace("%2", str(len(plan.unmatched))))
        return len(plan.rows)

    def case_sheet(self, incident_id: str, path: str | None = None) -> str | None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Case sheet PDF"), f"{incident_id}.pdf",
                                                  "PDF (*.pdf)")
        if not path:
            return None
        from ..export.case_sheet import write_case_sheet
        try:
            write_case_sheet(self.project, incident_id, path, self.window.language)
        except (DataError, OSError) as exc:
            self.error.emit(self.tr("Case sheet PDF"), str(exc))
            return None
        self.message.emit(self.tr("Case sheet written to %1").replace("%1", str(path)))
        return path


def install(window) -> CaseController:
    """Case work in the Incidents menu: case file, routing rules, dispatch by rules."""
    controller = CaseController(window)
    a = window.actions
    window.incident_menu.addSeparator()
    for name in ("case_file", "routing_rules", "dispatch_by_rules"):
        window.incident_menu.addAction(a[name])
    a["case_file"].triggered.connect(lambda: controller.open_case_file())
    a["routing_rules"].triggered.connect(controller.edit_rules)
    a["dispatch_by_rules"].triggered.connect(lambda: controller.dispatch_by_rules())
    controller.error.connect(window._error)
    controller.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    return controller
