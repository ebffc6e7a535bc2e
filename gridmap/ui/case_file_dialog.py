"""The case file window of one case: what it is and where it stands (department, level, deadline,
overdue), its history — the workflow steps and every case-file entry in time order — and buttons to
add entries, undo, and print the case sheet for the meeting. Reporter and phone are never shown;
columns the project marks sensitive are masked as everywhere else."""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from layers.codes import (CASE_EVENT, INCIDENT_CATEGORY, INCIDENT_KIND, INCIDENT_LEVEL, INCIDENT_STATUS, OPEN_STATUSES,
                          label)

from ..analysis.case_file import history
from .formatting import MASK, display_value

_DETAILS = ("parties", "reason", "outcome", "terms")


class CaseFileDialog(QDialog):
    def __init__(self, controller, incident_id: str, parent=None) -> None:
        super().__init__(parent)
        self.controller, self.incident_id = controller, incident_id
        self.language = controller.window.language
        self.setWindowTitle(self.tr("Case file · %1").replace("%1", incident_id))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Entry"), self.tr("Department"),
                                              self.tr("Level"), self.tr("Details")])
        self.buttons = {}
        row = QHBoxLayout()
        verbs = {"dispatch": self.tr("Dispatch…"), "report_in": self.tr("Department reports in…"),
                 "escalate": self.tr("Escalate…"), "meeting": self.tr("Meeting…"), "agreement": self.tr("Agreement…"),
                 "follow_up": self.tr("Follow-up visit…"), "settle": self.tr("Settle…")}
        for kind in CASE_EVENT:
            button = QPushButton(verbs[kind])
            button.clicked.connect(lambda _c=False, k=kind: self.add(k))
            row.addWidget(button)
            self.buttons[kind] = button
        tail = QHBoxLayout()
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.clicked.connect(controller.window.undo_stack.undo)
        self.sheet_button = QPushButton(self.tr("Case sheet PDF…"))
        self.sheet_button.clicked.connect(lambda: controller.case_sheet(self.incident_id))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        tail.addWidget(self.undo_button)
        tail.addStretch(1)
        tail.addWidget(self.sheet_button)
        tail.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.state)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addLayout(tail)
        self.resize(980, 560)
        controller.window.undo_stack.indexChanged.connect(self.refresh)
        self.refresh()

    def closeEvent(self, event) -> None:
        if self.controller.dialog is self:
            self.controller.dialog = None
        self._listen(False)
        super().closeEvent(event)

    def _listen(self, on: bool) -> None:
        """Follow changes that do not pass the undo stack too (another desk's, pulled from the
        server): the incidents' and the case file's data."""
        project = self.controller.project
        for name in ("incidents", "case_events"):
            if project is not None and name in project:
                signal = project[name].events.data
                signal.connect(self._changed) if on else signal.disconnect(self._changed)

    def _changed(self, _frame=None) -> None:
        if self.isVisible():
            self.refresh()

    def add(self, kind: str) -> bool:
        row = self.controller.row_of(self.incident_id)
        return row is not None and self.controller.add(kind, row)

    def refresh(self, *_args) -> None:
        import shiboken6
        if not shiboken6.isValid(self.controller.window.undo_stack):
            return                                   # the window is going away
        project = self.controller.project
        self._listen(True)                  # (again: a case file may have joined the project)
        row = self.controller.row_of(self.incident_id)
        if row is None:
            self.summary.setText(self.tr("The case %1 is no longer in the project.").replace("%1", self.incident_id))
            self.table.setRowCount(0)
            return
        incidents = project["incidents"].data
        case = incidents.iloc[row]
        lang = self.language
        sensitive = set(project["incidents"].sensitive_columns)

        def value(column):
            if column not in incidents or column in sensitive:
                return "" if column not in incidents else MASK
            return display_value(case[column])
        self.summary.setText(" · ".join(part for part in (
            self.incident_id, label(INCIDENT_CATEGORY, case["category"], lang), label(INCIDENT_KIND, case["kind"], lang),
            value("address"), value("grid_code")) if part))
        level = case["level"] if "level" in incidents and isinstance(case["level"], str) else None
        due = case["due_at"] if "due_at" in incidents else pd.NaT
        status = label(INCIDENT_STATUS, case["status"], lang)
        parts = [self.tr("Status: %1").replace("%1", status),
                 self.tr("Department: %1").replace("%1", value("department") or "—"),
                 self.tr("Level: %1").replace("%1", label(INCIDENT_LEVEL, level, lang) if level else "—"),
                 self.tr("Deadline: %1").replace("%1", display_value(due) or "—")]
        overdue = case["status"] in OPEN_STATUSES and pd.notna(due) and due < self.controller.now()
        self.state.setText(("   ".join(parts)) + ("   " + self.tr("OVERDUE") if overdue else ""))
        self.state.setStyleSheet("color: #c62828; font-weight: bold" if overdue else "")
        events_layer = project["case_events"] if "case_events" in project else None
        masked = set(events_layer.sensitive_columns) if events_layer is not None else set()
        steps = history(incidents, events_layer.data if events_layer is not None else None, row)
        self.table.setRowCount(len(steps))
        for r, (at, kind, fields) in enumerate(steps):
            if kind.startswith("status:"):
                entry = "→ " + label(INCIDENT_STATUS, kind.split(":", 1)[1], lang)
            else:
                entry = label(CASE_EVENT, kind, lang)
            details = []
            for name in _DETAILS:
                text = display_value(fields.get(name))
                if text and name in masked:
                    text = MASK
                if text:
                    details.append(f"{self._field_title(name)}：{text}" if lang == "zh" else
                                   f"{self._field_title(name)}: {text}")
            department = display_value(fields.get("department"))
            cells = [display_value(at), entry, MASK if department and "department" in masked else department,
                     label(INCIDENT_LEVEL, fields["level"], lang) if isinstance(fields.get("level"), str) else "",
                     "；".join(details) if lang == "zh" else "; ".join(details)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if kind.startswith("status:"):
                    item.setForeground(QColor("#777777"))
                if kind == "agreement" and c == 4:
                    item.setForeground(QColor("#c62828"))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        closed = case["status"] not in OPEN_STATUSES
        for kind, button in self.buttons.items():
            button.setEnabled(kind == "follow_up" or not closed)
        self.undo_button.setEnabled(self.controller.window.undo_stack.canUndo())

    def _field_title(self, name: str) -> str:
        return {"parties": self.tr("Present"), "reason": self.tr("Reason"), "outcome": self.tr("Outcome"),
                "terms": self.tr("Terms")}[name]

    def shown_rows(self) -> list[list[str]]:
        """The history table as shown (tests and screenshots read it)."""
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]
