"""Running the coverage check off the GUI thread, with progress and cancel."""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, Signal


class CheckSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(int, object)      # run id, CoverageReport
    failed = Signal(int, str)


class CoverageJob(QRunnable):
    """One run of ``check_coverage``; ``cancel()`` stops it between steps."""

    def __init__(self, run_id: int, project, options) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.run_id = run_id
        self.project = project
        self.options = options
        self.signals = CheckSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        from ..analysis.coverage import Cancelled, check_coverage
        try:
            report = check_coverage(self.project, self.options,
                                    progress=lambda k, n, name: self.signals.progress.emit(k, n, name),
                                    cancelled=self._cancel.is_set)
        except Cancelled:
            self.signals.failed.emit(self.run_id, "")
            return
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash
            self.signals.failed.emit(self.run_id, str(exc))
            return
        self.signals.finished.emit(self.run_id, report)
