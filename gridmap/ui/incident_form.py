"""The incident form: category, kind, source, description; the status workflow with timestamps."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QWidget)

from layers.codes import INCIDENT_CATEGORY, INCIDENT_KIND, INCIDENT_LEVEL, INCIDENT_SOURCE, INCIDENT_STATUS, label

from ..analysis.incident_edit import WORKFLOW


class IncidentForm(QDialog):
    """Collects an incident's fields (no computing here: the caller applies them)."""

    def __init__(self, values: dict, language: str = "zh", editing: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit incident") if editing else self.tr("New incident"))
        self.language = language
        self.requested_status: str | None = None
        self.category = self._combo(INCIDENT_CATEGORY, values.get("category") or "other")
        self.kind = self._combo(INCIDENT_KIND, values.get("kind") or "complaint")
        self.source = self._combo(INCIDENT_SOURCE, values.get("source") or "grid_patrol")
        self.address = QLineEdit(values.get("address") or "")
        self.description = QPlainTextEdit(values.get("description") or "")
        self.description.setPlaceholderText(self.tr("What happened — no names or phone numbers"))
        place = QLabel(f"{values.get('grid_code') or '—'}   {values.get('building_id') or ''}")
        form = QFormLayout(self)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Grid cell / building"), place)
        form.addRow(self.tr("Description"), self.description)
        if editing:
            status = values.get("status") or "received"
            row = QWidget()
            steps = QHBoxLayout(row)
            steps.setContentsMargins(0, 0, 0, 0)
            steps.addWidget(QLabel(label(INCIDENT_STATUS, status, language)))
            self.step_buttons = {}
            for step in WORKFLOW[WORKFLOW.index(status) + 1:]:
                button = QPushButton("→ " + label(INCIDENT_STATUS, step, language))
                button.clicked.connect(lambda _c=False, s=step: self._advance(s))
                steps.addWidget(button)
                self.step_buttons[step] = button
            form.addRow(self.tr("Status"), row)
            form.addRow(self.tr("Department / level / deadline"), QLabel(self._dispatch_text(values)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _dispatch_text(self, values: dict) -> str:
        from .formatting import display_value
        level = values.get("level")
        parts = [display_value(values.get("department")) or "—",
                 label(INCIDENT_LEVEL, level, self.language) if isinstance(level, str) and level else "—",
                 display_value(values.get("due_at")) or "—"]
        return " / ".join(parts)

    def _combo(self, codes, current) -> QComboBox:
        box = QComboBox()
        for code in codes:
            box.addItem(label(codes, code, self.language), code)
        box.setCurrentIndex(max(0, box.findData(current)))
        return box

    def _advance(self, status: str) -> None:
        self.requested_status = status
        self.accept()

    def values(self) -> dict:
        return {"category": self.category.currentData(), "kind": self.kind.currentData(),
                "source": self.source.currentData(), "address": self.address.text().strip() or None,
                "description": self.description.toPlainText().strip() or None}
