"""The form of one case-file entry: dispatch (department, level, deadline — suggested from the
routing rules), a department reporting in, escalation with its reason, a coordination meeting, the
agreement's terms, a follow-up visit, settling. It only collects; the caller checks and applies
(a check that fails keeps the form open with the message, so nothing typed is lost)."""
from __future__ import annotations

from typing import Callable

import pandas as pd
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit)

from layers.codes import CASE_EVENT, INCIDENT_LEVEL, label
from layers.validate import LOCAL_TZ

#: The fields each kind of entry asks for, in order (its time is always asked).
FIELDS = {"dispatch": ("department", "level", "due_at", "reason"), "report_in": ("department", "parties", "outcome"),
          "escalate": ("level", "department", "reason"), "meeting": ("department", "parties", "outcome"),
          "agreement": ("parties", "terms"), "follow_up": ("department", "parties", "outcome"),
          "settle": ("level", "outcome")}
_FORMAT = "yyyy-MM-dd HH:mm"


def to_qdatetime(stamp: pd.Timestamp) -> QDateTime:
    return QDateTime.fromString(pd.Timestamp(stamp).tz_convert(LOCAL_TZ).strftime("%Y-%m-%d %H:%M"), _FORMAT)


def from_qdatetime(value: QDateTime) -> pd.Timestamp:
    return pd.Timestamp(value.toString(_FORMAT)).tz_localize(LOCAL_TZ)


class CaseEntryDialog(QDialog):
    """Asks for one entry of ``kind`` for a case; ``values()`` gives the fields, ``at`` the time."""

    def __init__(self, kind: str, case: dict, at: pd.Timestamp, departments: list[str], language: str = "zh",
                 suggestion=None, check: Callable[[pd.Timestamp, dict], str | None] | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.kind, self.language, self.check = kind, language, check
        self.setWindowTitle(f"{label(CASE_EVENT, kind, language)} · {case.get('incident_id', '')}")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.at = QDateTimeEdit(to_qdatetime(at))
        self.at.setDisplayFormat(_FORMAT)
        self.at.setCalendarPopup(True)
        form.addRow(self.tr("Time"), self.at)
        self.widgets: dict[str, object] = {}
        current_level = case.get("level") if isinstance(case.get("level"), str) else None
        for name in FIELDS[kind]:
            if name == "department":
                box = QComboBox()
                box.setEditable(True)
                box.addItems(departments)
                start = suggestion.department if suggestion is not None and kind == "dispatch" else case.get("department")
                box.setCurrentText(start if isinstance(start, str) else "")
                widget, title = box, self.tr("Department")
            elif name == "level":
                box = QComboBox()
                levels = list(INCIDENT_LEVEL)
                if kind == "escalate" and current_level in levels:
                    levels = levels[levels.index(current_level) + 1:]
                for code in levels:
                    box.addItem(label(INCIDENT_LEVEL, code, language), code)
                start = suggestion.level if suggestion is not None and kind == "dispatch" else current_level
                if kind != "escalate" and start in levels:
                    box.setCurrentIndex(levels.index(start))
                widget, title = box, self.tr("Level")
            elif name == "due_at":
                due = suggestion.due_at if suggestion is not None else at + pd.Timedelta(hours=72)
                widget = QDateTimeEdit(to_qdatetime(due))
                widget.setDisplayFormat(_FORMAT)
                widget.setCalendarPopup(True)
                title = self.tr("Deadline")
            elif name == "terms":
                widget, title = QPlainTextEdit(), self.tr("Terms of the agreement")
                widget.setPlaceholderText(self.tr("One term per line"))
            else:
                widget = QLineEdit()
                title = {"parties": self.tr("Departments and parties present"), "reason": self.tr("Reason"),
                         "outcome": self.tr("Outcome")}[name]
                if name == "parties":
                    widget.setPlaceholderText(self.tr("Organisations and roles — no names or phone numbers"))
            self.widgets[name] = widget
            form.addRow(title, widget)
        if kind == "dispatch":
            self.rule_note = QLabel(self._rule_text(suggestion))
            self.rule_note.setWordWrap(True)
            form.addRow("", self.rule_note)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c62828")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _rule_text(self, suggestion) -> str:
        if suggestion is None:
            return self.tr("No routing rule fits this case: choose the department and deadline.")
        return (self.tr("Suggested by routing rule %1: %2, %3, within %4 hours")
                .replace("%1", str(suggestion.rule_row)).replace("%2", suggestion.department)
                .replace("%3", label(INCIDENT_LEVEL, suggestion.level, self.language))
                .replace("%4", f"{suggestion.hours:g}"))

    def values(self) -> dict:
        out = {}
        for name, widget in self.widgets.items():
            if isinstance(widget, QComboBox):
                out[name] = widget.currentData() if name == "level" else widget.currentText().strip()
            elif isinstance(widget, QDateTimeEdit):
                out[name] = from_qdatetime(widget.dateTime())
            elif isinstance(widget, QPlainTextEdit):
                out[name] = "；".join(line.strip() for line in widget.toPlainText().splitlines() if line.strip())
            else:
                out[name] = widget.text().strip()
        return out

    def when(self) -> pd.Timestamp:
        return from_qdatetime(self.at.dateTime())

    def accept(self) -> None:
        problem = self.check(self.when(), self.values()) if self.check is not None else None
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            self.adjustSize()                     # the whole message shows, the form grows
            return
        super().accept()
