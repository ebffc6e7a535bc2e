"""The routing rules editor (派单规则): the street's table of which department settles which category
of case in which community, at which level, within how many hours. Rows are edited in place (the
category and level as choices), added, removed and moved (order matters among equally specific
rules); a CSV/XLSX table can be loaded and the table written to CSV. OK checks every row with the
same rules as ``gridmap dispatch`` and names each bad one; the rules are then kept in the project."""
from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from layers.codes import INCIDENT_CATEGORY, INCIDENT_LEVEL, label
from layers.errors import DataError

from ..io.dispatch_rules import ANY, COLUMNS, META_KEY, read_rules, rules_from_frame, rules_from_text, rules_to_text

_CATEGORY, _COMMUNITY, _DEPARTMENT, _LEVEL, _HOURS = range(5)


class RulesEditor(QDialog):
    def __init__(self, project, language: str = "zh", parent=None) -> None:
        super().__init__(parent)
        self.project, self.language = project, language
        self.result_text: str | None = None
        self.setWindowTitle(self.tr("Routing rules"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Category"), self.tr("Community code"), self.tr("Department"),
                                              self.tr("Level"), self.tr("Hours")])
        self.table.horizontalHeader().setSectionResizeMode(_DEPARTMENT, QHeaderView.ResizeMode.Stretch)
        note = QLabel(self.tr("A rule naming the community applies before one for any community (*), a rule naming "
                              "the category before one for any category; among equals, the first row."))
        note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c62828")
        self.problem.setWordWrap(True)
        buttons_row = QHBoxLayout()
        # Buttons call without arguments (clicked's "checked" would arrive as a path or a row).
        for text, slot in ((self.tr("Add row"), lambda: self.add_row()), (self.tr("Remove row"), self.remove_row),
                           (self.tr("Move up"), lambda: self.move(-1)), (self.tr("Move down"), lambda: self.move(1)),
                           (self.tr("Load table…"), lambda: self.load()),
                           (self.tr("Save as CSV…"), lambda: self.save_csv())):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, call=slot: call())
            buttons_row.addWidget(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons_row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(820, 480)
        text = project.meta.get(META_KEY)
        if text:
            try:
                self.set_rules(rules_from_text(text))
            except DataError as exc:
                self.problem.setText(str(exc))

    # -- rows ----------------------------------------------------------------------------------
    def _combo(self, codes, current: str, any_choice: bool) -> QComboBox:
        box = QComboBox()
        if any_choice:
            box.addItem(self.tr("* (any)"), ANY)
        for code in codes:
            box.addItem(label(codes, code, self.language), code)
        box.setCurrentIndex(max(0, box.findData(current)))
        return box

    def add_row(self, values: tuple | None = None) -> int:
        category, community, department, level, hours = values or (ANY, ANY, "", "community", 72)
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setCellWidget(r, _CATEGORY, self._combo(INCIDENT_CATEGORY, category, True))
        self.table.setItem(r, _COMMUNITY, QTableWidgetItem(community))
        self.table.setItem(r, _DEPARTMENT, QTableWidgetItem(department))
        self.table.setCellWidget(r, _LEVEL, self._combo(INCIDENT_LEVEL, level, False))
        self.table.setItem(r, _HOURS, QTableWidgetItem(f"{float(hours):g}"))
        return r

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)

    def move(self, step: int) -> None:
        r = self.table.currentRow()
        rows = self.rows()
        if r < 0 or not 0 <= r + step < len(rows):
            return
        rows[r], rows[r + step] = rows[r + step], rows[r]
        self._fill(rows)
        self.table.setCurrentCell(r + step, _DEPARTMENT)

    def _fill(self, rows: list[list]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self.add_row(tuple(values))

    def set_rules(self, rules) -> None:
        self._fill([[r.category, r.community_code, r.department, r.level, r.hours]
                    for r in sorted(rules, key=lambda r: r.row)])

    def rows(self) -> list[list]:
        """The table as it stands: category and level codes, texts as typed."""
        out = []
        for r in range(self.table.rowCount()):
            def text(c):
                item = self.table.item(r, c)
                return item.text().strip() if item is not None else ""
            out.append([self.table.cellWidget(r, _CATEGORY).currentData(), text(_COMMUNITY) or ANY, text(_DEPARTMENT),
                        self.table.cellWidget(r, _LEVEL).currentData(), text(_HOURS)])
        return out

    # -- files ---------------------------------------------------------------------------------
    def load(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Load routing rules"), "",
                                                  self.tr("Tables (*.csv *.txt *.xlsx)"))
        if not path:
            return False
        try:
            self.set_rules(read_rules(path))
        except (DataError, OSError) as exc:
            self.problem.setText(str(exc))
            return False
        self.problem.setText("")
        return True

    def save_csv(self, path: str | None = None) -> bool:
        from ..io.dispatch_rules import write_rules
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save routing rules"), "dispatch_rules.csv", "CSV (*.csv)")
        if not path:
            return False
        rows = [[label(INCIDENT_CATEGORY, c, "zh") if c != ANY else ANY, m, d, label(INCIDENT_LEVEL, lv, "zh"), h]
                for c, m, d, lv, h in self.rows()]
        try:
            write_rules(rows, path)
        except OSError as exc:
            self.problem.setText(f"{path}: {exc}")
            return False
        return True

    def accept(self) -> None:
        rows = self.rows()
        if not rows:
            self.result_text = None
            super().accept()
            return
        try:
            rules = rules_from_frame(pd.DataFrame(rows, columns=list(COLUMNS)), self.tr("Routing rules"), 1)
        except DataError as exc:
            self.problem.setText(str(exc))
            return
        self.result_text = rules_to_text(rules)
        super().accept()
