"""Running the coverage check off the GUI thread, with progress and cancel."""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, Signal

from ..io.native import keep_proj_context


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
        # The pool keeps this object (auto-delete is off so that cancel() stays safe): let go of
        # the snapshot as soon as the check ends, or every run's copy of the data stays in memory.
        project, self.project = self.project, None
        try:
            keep_proj_context()
            report = check_coverage(project, self.options, progress=self._progress, cancelled=self._cancel.is_set)
        except Cancelled:
            self._emit(self.signals.failed, self.run_id, "")
            return
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash
            self._emit(self.signals.failed, self.run_id, str(exc))
            return
        finally:
            del project
        self._emit(self.signals.finished, self.run_id, report)

    def _progress(self, k: int, n: int, name: str) -> None:
        self._emit(self.signals.progress, k, n, name)

    def _emit(self, signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:        # the panel is gone (the window closed while this ran)
            self._cancel.set()
