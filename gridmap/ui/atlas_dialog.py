"""Print patrol maps…: which cells, paper, days of incidents, one file or one per community/cell;
preview, print to a printer, or export PDF with a progress bar and cancel."""
from __future__ import annotations

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLineEdit, QProgressDialog, QPushButton, QSpinBox, QVBoxLayout)

from layers.errors import DataError

from ..export.atlas import AtlasCancelled, AtlasJob, AtlasOptions, page_layout, plan_files, _write_file


class AtlasDialog(QDialog):
    """Collects AtlasOptions; the export itself runs in ``export``/``preview``/``print``."""

    def __init__(self, project, language: str = "zh", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print patrol maps"))
        self.project, self.language = project, language
        self.scope = QComboBox()
        cells = project["grid_cells"]
        selected = cells.data["grid_code"].iloc[list(cells.selection)].tolist()
        self.scope.addItem(self.tr("All cells"), ("all", None))
        if selected:
            self.scope.addItem(self.tr("Selected cells (%1)").replace("%1", str(len(selected))), ("cells", selected))
        if "communities" in project:
            for code, name in zip(project["communities"].data["community_code"], project["communities"].data["name"]):
                self.scope.addItem(f"{name} ({code})", ("community", code))
        self.paper = QComboBox()
        for text, key in (("A4", ("A4", False)), (self.tr("A4 landscape"), ("A4", True)), ("A3", ("A3", False)),
                          (self.tr("A3 landscape"), ("A3", True))):
            self.paper.addItem(text, key)
        self.days = QSpinBox(minimum=1, maximum=3650, value=30, suffix=self.tr(" days"))
        self.split = QComboBox()
        for text, key in ((self.tr("One PDF"), "none"), (self.tr("One PDF per community"), "community"),
                          (self.tr("One PDF per cell"), "cell")):
            self.split.addItem(text, key)
        self.path = QLineEdit("patrol_maps.pdf")
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Cells"), self.scope)
        form.addRow(self.tr("Paper"), self.paper)
        form.addRow(self.tr("Incidents of the last"), self.days)
        form.addRow(self.tr("Files"), self.split)
        form.addRow(self.tr("Save as"), path_row)
        buttons = QDialogButtonBox()
        self.preview_button = buttons.addButton(self.tr("Preview…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button = buttons.addButton(self.tr("Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button = buttons.addButton(self.tr("Export PDF"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.export_button.clicked.connect(lambda: self.export() and self.accept())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.last_error = None
        self.written = []

    def options(self) -> AtlasOptions:
        kind, value = self.scope.currentData()
        paper, landscape = self.paper.currentData()
        return AtlasOptions(cells=value if kind == "cells" else None, community=value if kind == "community" else None,
                            split=self.split.currentData(), paper=paper, landscape=landscape,
                            days=float(self.days.value()), language=self.language)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save patrol maps"), self.path.text(), "PDF (*.pdf)")
        if path:
            self.path.setText(path)

    def _job(self) -> AtlasJob | None:
        try:
            return AtlasJob(self.project, self.options())
        except DataError as exc:
            self._fail(str(exc))
            return None

    def _fail(self, text: str) -> None:
        self.last_error = text
        import os
        if os.environ.get("GRIDMAP_NO_SETTINGS") and os.environ.get("QT_QPA_PLATFORM") == "offscreen":
            return
        from .message_box import Icon, inform
        inform(self, self.tr("Patrol maps"), text, Icon.Warning)

    def export(self, path: str | None = None) -> bool:
        """Write the PDF file(s) with a progress dialog that can cancel; nothing half-written stays."""
        job = self._job()
        if job is None:
            return False
        from pathlib import Path
        files = plan_files(job.data, job.rows, Path(path or self.path.text()), job.options.split)
        progress = QProgressDialog(self.tr("Drawing patrol maps…"), self.tr("Cancel"), 0, len(job.rows), self)
        progress.setMinimumDuration(300)
        done = [0]

        def tick() -> None:
            done[0] += 1
            progress.setValue(done[0])
            QApplication.processEvents()
        self.written = []
        try:
            for target, rows in files:
                _write_file(target, rows, job.data, job.base, job.options, job.credit, job.printed, tick,
                            progress.wasCanceled)
                self.written.append(target)
        except AtlasCancelled:
            self._fail(self.tr("Cancelled: no file was left half-written."))
            return False
        except OSError as exc:
            self._fail(str(exc))
            return False
        finally:
            progress.close()
            job.close()
        return True

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(self.options()))
        return printer

    def preview(self) -> None:
        job = self._job()
        if job is None:
            return
        dialog = QPrintPreviewDialog(self._printer(), self)
        dialog.paintRequested.connect(lambda printer: job.draw(printer))
        dialog.exec()
        job.close()

    def print_(self) -> None:
        job = self._job()
        if job is None:
            return
        printer = self._printer()
        if QPrintDialog(printer, self).exec():
            job.draw(printer)
        job.close()
