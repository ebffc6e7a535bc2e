#!/usr/bin/env python3
"""Two desks on one database project, in real windows under Xvfb: a throwaway PostgreSQL cluster
holds the demo; desk B is a separate GridMap process on the right half of the screen; desk A runs
in this process on the left, driven by xdotool (real X mouse and key events). A drags a shared
border and saves (Ctrl+S): B's map follows without reloading. Then another desk changes a cell A is
editing: A's save opens the conflict dialog; A keeps its own value field by field. Then A's feature
history (Ctrl+H). A screenshot (``import -window root``) after each step.

    .venv/bin/python scripts/two_desks_walkthrough.py OUT_DIR
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DESK_B = r"""
import sys, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QRectF, QTimer
from gridmap.ui.app import make_application
from gridmap.ui.i18n import install_language
from gridmap.ui.main_window import MainWindow
app = make_application()
install_language("zh")
w = MainWindow(language="zh")
w.setWindowTitle("desk B")
w.resize(800, 980)
w.move(800, 0)
w.show()
def loaded(_p):
    w.canvas.zoom_to_rect(QRectF(*{rect!r}), margin=0)
    print("B ready", flush=True)
w.projectLoaded.connect(loaded)
w.open_project({url!r})
app.exec()
"""


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "scripts"))
    from x_driver import start_x
    server = start_x(":78")
    from tests.server.cluster import Cluster
    cluster = Cluster().stop_on_signal().start()
    others: list = []                  # desk B's process, stopped at the end
    try:
        from gridmap.project import Project
        from gridmap.server.store import init, push
        from gridmap.server.url import parse
        url = cluster.url(project="hongqi")
        init(parse(url))
        push(Project.open(ROOT / "data" / "hongqi_demo.gpkg"), parse(url))
        return walk(out, url, others)
    finally:
        for process in others:
            if hasattr(process, "terminate"):
                process.terminate()
            else:
                process()                   # desk A's listener, stopped before the server
        cluster.stop()
        if server is not None:
            server.terminate()


def walk(out: Path, url: str, others: list) -> int:
    import numpy as np
    import shapely
    from PySide6.QtCore import QRectF, QTimer

    from gridmap.server.changes import ServerChanges, apply
    from gridmap.server.url import parse
    from layers.row_ids import FID

    sys.path.insert(0, str(ROOT / "scripts"))
    from x_driver import XDriver, open_window
    app, w = open_window(url, 800, 980)
    others.append(w.db_menu.stop)
    x = XDriver(app, w, out)
    settle, xdo, move, click, shot = x.settle, x.xdo, x.move, x.click, x.shot

    while w.db_menu.listener is None:
        settle(0.2)
    canvas = w.canvas
    canvas.asynchronous = False
    w.coverage_dock.hide()

    m = np.asarray(w.project.to_metric("grid_cells").geometry.values)
    xy, n = np.unique(np.round(shapely.get_coordinates(m), 3), axis=0, return_counts=True)
    inner = shapely.union_all(m).buffer(-5)
    v = next(p for p, k in zip(xy, n) if k >= 3 and inner.contains(shapely.Point(p)))
    rect = (float(v[0]) - 300, float(v[1]) - 300, 600.0, 600.0)
    canvas.zoom_to_rect(QRectF(*rect), margin=0)
    # desk B: another process, the same view of the street
    b = subprocess.Popen([sys.executable, "-c", DESK_B.format(root=str(ROOT), url=url, rect=rect)],
                         stdout=subprocess.PIPE, text=True)
    others.append(b)
    line = ""
    deadline = time.time() + 60
    while "B ready" not in line and time.time() < deadline:
        line = b.stdout.readline()
    settle(2.0)
    shot("1-two-desks")
    # A drags a vertex where three cells meet, 120 m to the north-east, and saves
    click(v[0] + 60, v[1] + 60)
    xdo("key", "v")
    move(*v)
    xdo("mousedown", 1)
    for t in np.linspace(0, 1, 8)[1:]:
        move(v[0] + 110 * t, v[1] + 80 * t)
    xdo("mouseup", 1)
    shot("2-desk-a-moved-unsaved")
    t0 = time.monotonic()
    xdo("key", "ctrl+s")
    settle(1.0)
    print(f"saved at A; screenshot {time.monotonic() - t0:.2f} s later", flush=True)
    shot("3-desk-b-follows")
    # another desk changes the worker of a cell A is editing; A's save asks
    cells = w.project["grid_cells"].data
    fid = int(cells[FID].iloc[3])
    from gridmap.ui.undo import apply_frames
    frame = cells.copy()
    frame.iloc[3, frame.columns.get_loc("worker")] = "王五（A 台）"
    apply_frames(w.undo_stack, w.project, {"grid_cells": frame}, "worker")
    db = parse(url)
    from gridmap.server.store import connect
    with connect(db) as con:
        version = con.execute(f'SELECT version FROM "{db.schema}".grid_cells WHERE fid = %s', (fid,)).fetchone()[0]
    apply(db, ServerChanges("grid_cells", updates={fid: (version, {"worker": "赵六（C 台）",
                                                                  "name": "改名后的网格"})}))
    settle(1.0)
    dialogs = []

    def drive(box):
        """Runs inside the dialog's own event loop: set the choice, photograph, press the button."""
        from gridmap.ui.db_dialogs import ConflictDialog
        if isinstance(box, ConflictDialog):
            combo = box.combos[("grid_cells", fid, "worker")]
            combo.setCurrentIndex(combo.findData("mine"))
            shot("4-conflict-dialog")
            g = box.choices_button.mapToGlobal(box.choices_button.rect().center())
        else:
            shot("6-feature-history")
            g = box.restore_button.mapToGlobal(box.restore_button.rect().center())
            box.list.selectRow(0)                 # the first version recorded
            settle(0.3)
            shot("7-history-first-version")
        subprocess.Popen(["xdotool", "mousemove", str(g.x()), str(g.y()), "click", "1"])

    def on_dialog():
        from gridmap.ui.db_dialogs import ConflictDialog, HistoryDialog
        box = app.activeModalWidget()
        if isinstance(box, (ConflictDialog, HistoryDialog)) and box.isVisible() and box not in dialogs:
            dialogs.append(box)
            box.move(150, 150)
            QTimer.singleShot(800, lambda: drive(box))
    dog = QTimer()
    dog.timeout.connect(on_dialog)
    dog.start(200)
    subprocess.Popen(["xdotool", "key", "ctrl+s"])
    end = time.time() + 20
    while not (dialogs and not dialogs[0].isVisible()) and time.time() < end:
        settle(0.2)
    settle(1.5)
    shot("5-after-conflict-saved")
    with connect(db) as con:
        print("server row:", con.execute(f'SELECT worker, name, version FROM "{db.schema}".grid_cells WHERE fid = %s',
                                         (fid,)).fetchone(), flush=True)
    # the feature's history: restore the first version (an undoable edit, saved as any other)
    w.project["grid_cells"].selection = [3]
    panel = w.layer_panel.mapToGlobal(w.layer_panel.rect().center())
    xdo("mousemove", panel.x(), panel.y() + 120, "click", 1)     # A's window takes the keyboard again
    subprocess.Popen(["xdotool", "key", "ctrl+h"])
    end = time.time() + 20
    while not (len(dialogs) > 1 and not dialogs[1].isVisible()) and time.time() < end:
        settle(0.2)
    settle(0.5)
    shot("8-restored")
    print("after restore:", w.project["grid_cells"].data.iloc[3][["worker", "name"]].tolist(),
          "| undo:", w.undo_stack.undoText(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/two-desks")))
