"""Import incidents: choose file, encoding and coordinate system, check the field mapping on a
preview, run, read the report (and save the rows that failed)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout)

from layers.errors import DataError

from ..io.incident_fields import HEADER_ALIASES, guess_mapping
from ..io.incident_import import ImportOptions, import_incidents
from ..io.tabular import read_table

TARGETS = [t for t in HEADER_ALIASES if t != "resolved_note"]


class ImportDialog(QDialog):
    """On accept, ``result`` holds the ImportResult to apply (the project is not touched here)."""

    def __init__(self, project, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import incidents"))
        self.resize(900, 640)
        self.project = project
        self.result = None
        self.path_edit = QLineEdit()
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        self.encoding = QComboBox()
        for text, key in ((self.tr("Detect"), "auto"), ("UTF-8", "utf-8"), ("GBK / GB18030", "gbk")):
            self.encoding.addItem(text, key)
        self.crs = QComboBox()
        for text, key in (("WGS84", "wgs84"), (self.tr("GCJ-02 (Amap, Tencent)"), "gcj02"),
                          (self.tr("BD-09 (Baidu)"), "bd09"), ("CGCS2000 / EPSG:4490", "EPSG:4490")):
            self.crs.addItem(text, key)
        self.mapping = QTableWidget(0, 2)
        self.mapping.setHorizontalHeaderLabels([self.tr("Contract column"), self.tr("Field in the file")])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.preview = QTableWidget(0, 0)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setMaximumHeight(140)
        self.run_button = QPushButton(self.tr("Check import"))
        self.run_button.clicked.connect(self.run)
        self.save_failed = QPushButton(self.tr("Save failed rows…"))
        self.save_failed.setEnabled(False)
        self.save_failed.clicked.connect(self._save_failed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("File"), file_row)
        form.addRow(self.tr("Encoding"), self.encoding)
        form.addRow(self.tr("Coordinates"), self.crs)
        tables = QHBoxLayout()
        tables.addWidget(self.mapping, 1)
        tables.addWidget(self.preview, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.run_button)
        actions.addWidget(self.save_failed)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Field mapping (change any that were guessed wrong) and the first rows:")))
        layout.addLayout(tables, 1)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.report)
        layout.addWidget(self.buttons)
        self.path_edit.editingFinished.connect(self.load_preview)
        self.encoding.currentIndexChanged.connect(lambda _i: self.load_preview())

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import incidents"), "",
                                              self.tr("Tables (*.csv *.txt *.xlsx *.geojson *.json *.xml);;All files (*)"))
        if path:
            self.path_edit.setText(path)
            self.load_preview()

    def load_preview(self) -> bool:
        """Read the file, guess the mapping and show the first rows; errors go to the report."""
        self.result = None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        path = self.path_edit.text().strip()
        if not path:
            return False
        try:
            raw, info = read_table(path, self.encoding.currentData())
        except DataError as exc:
            self.report.setPlainText(str(exc))
            return False
        headers = list(raw.columns)
        guessed = guess_mapping(headers)
        self.mapping.setRowCount(len(TARGETS))
        for r, target in enumerate(TARGETS):
            self.mapping.setItem(r, 0, QTableWidgetItem(target))
            box = QComboBox()
            box.addItem("—", None)
            for h in headers:
                box.addItem(h, h)
            box.setCurrentIndex(max(0, box.findData(guessed.get(target))))
            self.mapping.setCellWidget(r, 1, box)
        rows = raw.head(20)
        self.preview.setColumnCount(len(headers))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels(headers)
        for r in range(len(rows)):
            for c, h in enumerate(headers):
                self.preview.setItem(r, c, QTableWidgetItem(str(rows.iloc[r][h])))
        encoding = f", {info['encoding']}" if info.get("encoding") else ""
        self.report.setPlainText(self.tr("%1 rows (%2)").replace("%1", str(len(raw)))
                                 .replace("%2", info["format"] + encoding))
        return True

    def mapping_chosen(self) -> dict:
        out = {}
        for r, target in enumerate(TARGETS):
            field = self.mapping.cellWidget(r, 1).currentData() if self.mapping.cellWidget(r, 1) else None
            if field:
                out[target] = field
        return out

    def run(self) -> bool:
        """Run the import (a dry run: the project is unchanged until Import is pressed)."""
        options = ImportOptions(encoding=self.encoding.currentData(), crs=self.crs.currentData(),
                                mapping=self.mapping_chosen())
        self.progress.setVisible(True)
        self.progress.setRange(0, 5)

        def progress(step, total, _name):
            self.progress.setValue(step)
            from PySide6.QtWidgets import QApplication
            QApplication.processEvents()
        try:
            result = import_incidents(self.project, self.path_edit.text().strip(), options, progress)
        except DataError as exc:
            self.progress.setVisible(False)
            self.report.setPlainText(str(exc))
            return False
        self.progress.setVisible(False)
        self.result = result
        from ..import_report import print_import
        import contextlib
        import io
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            print_import(result)
        self.report.setPlainText(buffer.getvalue())
        self.save_failed.setEnabled(bool(result.failed or result.duplicates))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(result.imported > 0)
        return True

    def _save_failed(self) -> None:
        if self.result is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save failed rows"),
                                              str(Path(self.result.path).with_suffix(".failed.csv")), "CSV (*.csv)")
        if path:
            self.result.write_failed(path)

