"""The threading model (docs/architecture.md): worker threads never touch the live project.

The app used to crash (a segfault in PROJ) when the render thread called ``Project.to_metric`` while
the GUI thread edited the project. The first test records which thread calls the project's
PROJ-using methods during a burst of edits, renders and checks: only the GUI thread may. On the old
code the render thread's calls were recorded and the test failed. The second runs the same kind of
burst in a child process, many times faster than a person would, and needs it to exit normally."""
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def _interleave(w, qtbot, rounds: int, seed: int) -> None:
    """Edits (merge, undo, redo, styles, selections, filters), asynchronous renders and coverage
    checks, interleaved without waiting for the background work to finish."""
    from PySide6.QtWidgets import QApplication
    from gridmap.analysis import fixes
    from gridmap.ui.undo import apply_frames
    rng = np.random.default_rng(seed)
    cells = w.project["grid_cells"]
    styles = ["default", "community", "households", "incident_count", "hotspot", "emerging"]
    for k in range(rounds):
        action = rng.integers(0, 7)
        if action == 0:
            codes = cells.data["community_code"].to_numpy()
            first = int(rng.integers(0, len(cells)))
            same = np.flatnonzero(codes == codes[first])
            for other in same[same != first]:
                try:
                    frames = fixes.merge_cells(w.project, [first, int(other)])
                except ValueError:
                    continue
                apply_frames(w.undo_stack, w.project, frames, "merge")
                break
        elif action == 1 and w.undo_stack.canUndo():
            w.undo_stack.undo()
        elif action == 2 and w.undo_stack.canRedo():
            w.undo_stack.redo()
        elif action == 3:
            cells.style = styles[int(rng.integers(0, len(styles)))]
        elif action == 4:
            cells.selection = rng.choice(len(cells), size=min(3, len(cells)), replace=False)
        elif action == 5:
            w.coverage_panel.run()
        else:
            view = w.canvas.view_rect()
            w.canvas.zoom_to_rect(view.adjusted(*(rng.uniform(-200, 200, 4))))
        w.canvas._start_render()
        QApplication.processEvents()
    w.coverage_panel.cancel()
    w.canvas.shutdown()


def test_only_the_gui_thread_calls_into_the_project(window, qtbot, monkeypatch):
    from gridmap.project import Project
    w = window
    w.canvas.asynchronous = True
    callers: set[str] = set()
    gui = threading.main_thread()
    for name in ("to_metric", "metric_xy", "extent"):
        original = getattr(Project, name)

        def spy(self, *args, _original=original, _name=name, **kwargs):
            if threading.current_thread() is not gui:
                callers.add(f"{_name} from {threading.current_thread().name}")
            return _original(self, *args, **kwargs)
        monkeypatch.setattr(Project, name, spy)
    original_crs = Project.metric_crs

    def crs_spy(self):
        if threading.current_thread() is not gui:
            callers.add(f"metric_crs from {threading.current_thread().name}")
        return original_crs.fget(self)
    monkeypatch.setattr(Project, "metric_crs", property(crs_spy))
    _interleave(w, qtbot, rounds=60, seed=7)
    w.coverage_panel._pool.waitForDone()
    assert callers == set()
    # and the renders did happen, in the background, from the snapshots
    assert w.canvas._shown_job > 1


def test_a_burst_of_edits_renders_and_checks_does_not_crash(tmp_path):
    script = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["GRIDMAP_NO_SETTINGS"] = "1"
sys.path.insert(0, {str(ROOT)!r})
sys.path.insert(0, {str(ROOT / 'tests' / 'ui')!r})
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gridmap.ui.main_window import MainWindow
from test_thread_ownership import _interleave
w = MainWindow(language="en"); w.resize(1200, 800); w.show()
assert w.open_project({str(ROOT / 'data' / 'hongqi_demo.gpkg')!r}, background=False)
for seed in range(2):
    _interleave(w, None, rounds=80, seed=seed)
print("survived", w.canvas._shown_job)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "PYTHONFAULTHANDLER": "1"})
    assert run.returncode == 0, run.stderr[-3000:]
    assert "survived" in run.stdout
