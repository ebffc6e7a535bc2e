"""The coverage panel: options, run (in the background), findings by type, fixes."""
from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel,
                               QProgressBar, QPushButton, QSpinBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from ..analysis.coverage import FINDING_LABELS_EN, FINDING_LABELS_ZH, CoverageOptions
from ..render.snapshot import ProjectSnapshot
from .coverage_worker import CoverageJob
from .i18n import Retranslating

FINDING_ROLE = Qt.ItemDataRole.UserRole
AUTO_DELAY_MS = 400


class CoveragePanel(Retranslating, QWidget):
    """Shows the last report; emits what the user wants to see or fix."""

    findingChosen = Signal(object)            # Finding
    reportReady = Signal(object)              # CoverageReport
    fixRequested = Signal(str, object)        # action, Finding

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.report = None
        self.language = "zh"
        self._job: CoverageJob | None = None
        self._run_id = 0
        self._generation = self._job_generation = 0     # data edits seen / when the running check began
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setStackSize(16 * 1024 * 1024)   # PROJ needs more than a pool thread's default
        self._auto = QTimer(self, singleShot=True, interval=AUTO_DELAY_MS)
        self._auto.timeout.connect(self.run)
        # Options.
        self.tolerance = QDoubleSpinBox(decimals=3, minimum=0.0, maximum=10.0, singleStep=0.01, value=0.01)
        self.min_gap = QDoubleSpinBox(decimals=2, minimum=0.0, maximum=1e6, value=0.0)
        self.hh_min = QSpinBox(minimum=0, maximum=100000, value=200)
        self.hh_max = QSpinBox(minimum=0, maximum=100000, value=500)
        self.window_days = QSpinBox(minimum=1, maximum=3650, value=30)
        self.overdue_days = QSpinBox(minimum=0, maximum=3650, value=7)
        self.holes = QComboBox()
        self.auto_rerun = QCheckBox()
        self.auto_rerun.setChecked(True)
        self.show_overlay = QCheckBox()
        self.show_overlay.setChecked(True)
        self.labels = [QLabel() for _ in range(7)]
        form = QFormLayout()
        for label, field in zip(self.labels, (self.tolerance, self.min_gap, self.hh_min, self.hh_max,
                                              self.window_days, self.overdue_days, self.holes)):
            form.addRow(label, field)
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.tree.currentItemChanged.connect(lambda item, _prev: self._update_fix_buttons(item))
        self.fix_assign = QPushButton()
        self.fix_valid = QPushButton()
        self.fix_renumber = QPushButton()
        self.fix_assign.clicked.connect(lambda: self._fix("assign"))
        self.fix_valid.clicked.connect(lambda: self._fix("make_valid"))
        self.fix_renumber.clicked.connect(lambda: self._fix("renumber"))
        fixes = QHBoxLayout()
        for b in (self.fix_assign, self.fix_valid, self.fix_renumber):
            fixes.addWidget(b)
            b.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addWidget(self.auto_rerun)
        layout.addWidget(self.show_overlay)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        layout.addWidget(self.tree, 1)
        layout.addLayout(fixes)
        self.retranslate()

    # -- project ---------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.cancel()
        self.project = project
        self.report = None
        self.tree.clear()
        self.holes.clear()
        self.holes.addItem("—", None)
        if project is not None:
            for name, layer in project.layers.items():
                if layer.is_spatial and name not in ("grid_cells", "boundary", "buildings", "coverage"):
                    self.holes.addItem(layer.name, name)
        self._update_state()

    def data_changed(self) -> None:
        """A layer was edited: re-run soon if the user wants that."""
        self._generation += 1          # a check still running reads the data as it was
        if self.auto_rerun.isChecked() and self.report is not None:
            self._auto.start()

    def options(self) -> CoverageOptions:
        return CoverageOptions(tolerance_m=self.tolerance.value(), min_gap_m2=self.min_gap.value(),
                               households_min=self.hh_min.value(), households_max=self.hh_max.value(),
                               window_days=float(self.window_days.value()),
                               overdue_days=float(self.overdue_days.value()), holes_layer=self.holes.currentData())

    # -- running ---------------------------------------------------------------------------
    def run(self, wait: bool = False) -> None:
        """Start a check in the background (``wait``: block until done, for tests and scripts)."""
        if self.project is None:
            return
        try:
            options = self.options()
            options.validate()
        except ValueError as exc:
            self.state.setText(str(exc))
            return
        self.cancel()
        self._run_id += 1
        # The check runs in a pool thread: it reads a snapshot, never the live project.
        job = CoverageJob(self._run_id, ProjectSnapshot.capture(self.project), options)
        self._job_generation = self._generation
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        self._job = job
        self.progress.setVisible(True)
        self.progress.setRange(0, 6)
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.run_button.setEnabled(False)
        self._pool.start(job)
        if wait:
            self._pool.waitForDone()
            from PySide6.QtWidgets import QApplication
            QApplication.processEvents()

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _on_progress(self, step: int, steps: int, _name: str) -> None:
        self.progress.setRange(0, steps)
        self.progress.setValue(step)

    def _on_finished(self, run_id: int, report) -> None:
        if run_id != self._run_id:
            return
        self._job = None
        if self._job_generation != self._generation:
            # The data changed while the check ran: its rows and shapes no longer match. Check again.
            self.run()
            return
        self.report = report
        self._done()
        self._fill()
        self.reportReady.emit(report)

    def _on_failed(self, run_id: int, message: str) -> None:
        if run_id != self._run_id:
            return
        self._job = None
        self._done()
        self.state.setText(message or self.tr("The check was cancelled."))

    def _done(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setEnabled(False)
        self.run_button.setEnabled(True)

    # -- showing ---------------------------------------------------------------------------
    def _label(self, kind: str) -> str:
        return (FINDING_LABELS_ZH if self.language == "zh" else FINDING_LABELS_EN)[kind]

    def _fill(self) -> None:
        self.tree.clear()
        if self.report is None:
            self._update_state()
            return
        summary = self.report.summary()
        for kind, count in summary.items():
            if not count:
                continue
            head = QTreeWidgetItem([f"{self._label(kind)} ({kind}) — {count}"])
            head.setData(0, FINDING_ROLE, None)
            self.tree.addTopLevelItem(head)
            for finding in self.report.of_type(kind)[:2000]:
                text = ", ".join(finding.ids)
                if finding.area_m2 is not None and kind in ("gap", "overlap", "cell_outside"):
                    text += f"  {finding.area_m2:.2f} m²"
                if "reason" in finding.detail:
                    text += f"  {finding.detail['reason']}"
                child = QTreeWidgetItem([text])
                child.setData(0, FINDING_ROLE, finding)
                head.addChild(child)
        self._update_state()

    def _update_state(self) -> None:
        if self.report is None:
            self.state.setText(self.tr("Run the check to find gaps, overlaps and unpatrolled places."))
            self.state.setStyleSheet("")
        elif self.report.ok:
            self.state.setText(self.tr("Coverage OK: every building is in exactly one patrolled cell."))
            self.state.setStyleSheet("color: #1a7f37; font-weight: bold;")
        else:
            self.state.setText(self.tr("%1 findings (as of %2, %3 s)")
                               .replace("%1", str(len(self.report.findings)))
                               .replace("%2", self.report.as_of.strftime("%Y-%m-%d %H:%M"))
                               .replace("%3", f"{self.report.seconds:.2f}"))
            self.state.setStyleSheet("color: #b00020; font-weight: bold;")

    def _on_item_clicked(self, item, _column) -> None:
        finding = item.data(0, FINDING_ROLE)
        if finding is not None:
            self.findingChosen.emit(finding)

    def _update_fix_buttons(self, item) -> None:
        finding = item.data(0, FINDING_ROLE) if item is not None else None
        kind = finding.type if finding is not None else None
        self.fix_assign.setEnabled(kind in ("building_unassigned", "building_code_mismatch"))
        self.fix_valid.setEnabled(kind == "invalid_geometry")
        self.fix_renumber.setEnabled(kind == "grid_code_invalid")

    def _fix(self, action: str) -> None:
        item = self.tree.currentItem()
        finding = item.data(0, FINDING_ROLE) if item is not None else None
        if finding is not None:
            self.fixRequested.emit(action, finding)

    # -- language --------------------------------------------------------------------------
    def retranslate(self) -> None:
        texts = [self.tr("Tolerance (m)"), self.tr("Minimum gap area (m²)"), self.tr("Households, at least"),
                 self.tr("Households, at most"), self.tr("Activity window (days)"), self.tr("Overdue after (days)"),
                 self.tr("Intentional holes layer")]
        for label, text in zip(self.labels, texts):
            label.setText(text)
        self.auto_rerun.setText(self.tr("Re-run after every edit"))
        self.show_overlay.setText(self.tr("Show on the map"))
        self.run_button.setText(self.tr("Check coverage"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.fix_assign.setText(self.tr("Assign to cell"))
        self.fix_valid.setText(self.tr("Make valid"))
        self.fix_renumber.setText(self.tr("Renumber community"))
        self._fill()

    def set_language(self, language: str) -> None:
        self.language = language
        self._fill()
