#!/usr/bin/env python3
"""A planner's afternoon in a real window: GridMap under Xvfb, driven with xdotool (real X mouse and
key events), on a copy of the demo. Moves a shared border, draws a cell, splits one along a bent
line, moves a building into the next cell, gives a cell a new worker, saves; a screenshot after each
step (``import -window root``); then ``gridmap check`` on the saved file.

    .venv/bin/python scripts/planner_walkthrough.py OUT_DIR

The app runs in this process (so the script knows where on the screen a map point is); every
action reaches it from the X server, as a user's would.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(out: Path) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    from x_driver import run_in_x
    return run_in_x(":77", out, walk)


def walk(out: Path) -> int:
    import numpy as np
    import shapely
    from PySide6.QtCore import QRectF

    sys.path.insert(0, str(ROOT / "scripts"))
    from x_driver import XDriver, open_window

    project_path = out / "hongqi.gpkg"
    shutil.copy(ROOT / "data" / "hongqi_demo.gpkg", project_path)
    app, w = open_window(project_path, 1600, 1000)
    canvas = w.canvas
    canvas.asynchronous = False
    x = XDriver(app, w, out)
    settle, screen, xdo, move, click, key, shot = x.settle, x.screen, x.xdo, x.move, x.click, x.key, x.shot

    def zoom(cx, cy, size):
        canvas.zoom_to_rect(QRectF(cx - size / 2, cy - size / 2, size, size), margin=0)
        settle()

    def cells():
        return np.asarray(w.project.to_metric("grid_cells").geometry.values)

    def households(code):
        data = w.project["grid_cells"].data
        return int(data.loc[data["grid_code"] == code, "households"].fillna(0).iloc[0])

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox
    messages = []

    def watchdog():
        """A message box (an edit refused, say) is written down, photographed and closed."""
        box = app.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            messages.append(box.text())
            print("message box:", box.windowTitle(), "|", box.text())
            subprocess.run(["import", "-window", "root", str(out / f"message-{len(messages)}.png")])
            box.accept()
    dog = QTimer()
    dog.timeout.connect(watchdog)
    dog.start(300)
    def empty_spot(cell):
        """A point of ``cell`` away from buildings, incidents and facilities (a click there selects the cell)."""
        x0, y0, x1, y1 = cell.bounds
        grid = np.array([(x, y) for x in np.linspace(x0, x1, 25) for y in np.linspace(y0, y1, 25)])
        grid = grid[shapely.contains_xy(cell, grid[:, 0], grid[:, 1])]
        others = np.concatenate([np.asarray(w.project.to_metric(n).geometry.values)
                                 for n in ("buildings", "incidents", "facilities", "roads") if n in w.project])
        tree = shapely.STRtree(others)
        points = shapely.points(grid)
        nearest = tree.nearest(points)
        gap = shapely.distance(points, others[nearest])
        return tuple(grid[int(np.argmax(gap))])

    settle(1.0)
    w.coverage_dock.hide()
    codes = w.project["grid_cells"].data["grid_code"].tolist()
    print("cells", len(codes))
    # 1. move a shared border: drag a vertex where three cells meet
    m = cells()
    xy, n = np.unique(np.round(shapely.get_coordinates(m), 3), axis=0, return_counts=True)
    inner = shapely.union_all(m).buffer(-5)
    v = next(p for p, k in zip(xy, n) if k >= 3 and inner.contains(shapely.Point(p)))
    sharing = [codes[i] for i in np.flatnonzero(shapely.distance(m, shapely.Point(v)) < 0.01)]
    before = {c: households(c) for c in sharing}
    zoom(v[0], v[1], 420)
    click(v[0] + 60, v[1] + 60)          # the map takes the keyboard (the pan tool: a click does nothing)
    key("v")
    move(*v)
    xdo("mousedown", 1)
    for t in np.linspace(0, 1, 8)[1:]:
        move(v[0] + 45 * t, v[1] - 30 * t)
    shot("1-vertex-dragging")
    xdo("mouseup", 1)
    shot("1-vertex-moved")
    print("moved vertex shared by", sharing, "households", before, "->", {c: households(c) for c in sharing},
          "| undo:", w.undo_stack.undoText())
    # 2. draw a new cell across two cells
    row = 12
    c = np.asarray(m[row].centroid.coords[0])
    zoom(c[0], c[1], 520)
    key("n")
    corners = [(-60, -50), (90, -55), (95, 60), (-55, 55)]
    for dx, dy in corners:
        click(c[0] + dx, c[1] + dy)
    shot("2-draw-cell-sketch")
    key("Return")
    shot("2-draw-cell-done")
    new = w.project["grid_cells"].data.iloc[-1]
    print("new cell", new["grid_code"], "households", new["households"], "| cells", len(w.project["grid_cells"]))
    # 3. split a cell along a bent line
    m = cells()
    row = 25
    c = np.asarray(m[row].centroid.coords[0])
    x0, y0, x1, y1 = m[row].bounds
    zoom(c[0], c[1], max(x1 - x0, y1 - y0) * 1.5)
    key("s")
    click(*empty_spot(m[row]))
    key("ctrl+shift+k")
    for p in ((x0 - 15, c[1] + 20), (c[0] - 10, c[1] - 15), (c[0] + 25, c[1] + 10), (x1 + 15, c[1] - 5)):
        click(*p)
    shot("3-split-sketch")
    key("Return")
    shot("3-split-done")
    print("split", codes[row], "-> cells", len(w.project["grid_cells"]), "| undo:", w.undo_stack.undoText())
    # 4. move a building into the neighbouring cell
    b = np.asarray(w.project.to_metric("buildings").geometry.values)
    m = cells()
    k = 200
    start = np.asarray(b[k].centroid.coords[0])
    here = int(np.flatnonzero(shapely.contains(m, shapely.Point(start)))[0])
    there = next(j for j in np.flatnonzero(shapely.touches(m, m[here])) if j != here)
    goal = np.asarray(shapely.point_on_surface(m[there]).coords[0])
    zoom(*(start + goal) / 2, float(np.hypot(*(goal - start))) + 250)
    old_code = w.project["buildings"].data["grid_code"].iloc[k]
    key("m")
    move(*start)
    xdo("mousedown", 1)
    for t in np.linspace(0, 1, 8)[1:]:
        move(*(start + t * (goal - start)))
    xdo("mouseup", 1)
    shot("4-building-moved")
    print("building", w.project["buildings"].data["building_id"].iloc[k], old_code, "->",
          w.project["buildings"].data["grid_code"].iloc[k])
    # 5. a cell gets a new worker through the attribute form (F2)
    key("s")
    target = cells()[3]
    zoom(*target.centroid.coords[0], 600)
    click(*empty_spot(target))
    def fill_form():
        from gridmap.ui.feature_form import FeatureForm
        form = next(f for f in app.topLevelWidgets() if isinstance(f, FeatureForm) and f.isVisible())
        field = form.fields["worker"]
        g = field.mapToGlobal(field.rect().center())
        subprocess.run(["xdotool", "mousemove", str(g.x()), str(g.y()), "click", "--repeat", "3", "1"], check=True)
        subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], check=True)
        app.clipboard().setText("新网格员")          # Chinese arrives by paste (Xvfb has no input method)
        app.processEvents()
        subprocess.run(["xdotool", "key", "ctrl+v"], check=True)
        QTimer.singleShot(600, lambda: (subprocess.run(["import", "-window", "root", str(out / "5-form.png")]),
                                        subprocess.run(["xdotool", "key", "Return"])))
    QTimer.singleShot(800, fill_form)
    key("F2")                        # the form is modal: the timer fills it while it is open
    settle(1.5)
    print("worker of", w.project["grid_cells"].data["grid_code"].iloc[3], "now",
          w.project["grid_cells"].data["worker"].iloc[3])
    # 6. save, look at the whole street
    canvas.zoom_full()
    settle()
    key("p")                           # back to the pan tool; a click on the map gives it the keyboard again
    click(*empty_spot(cells()[0]))
    key("ctrl+s")
    shot("6-saved")
    print("saved:", not w.isWindowModified(), "| undo steps:", w.undo_stack.count())
    w.saving.forget_journal()
    check = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(project_path)],
                           capture_output=True, text=True, cwd=ROOT)
    print(check.stdout)
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/walkthrough")))
