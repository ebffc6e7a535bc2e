"""Map window speed: start-up to the first drawn map, redraw after pan/zoom, growth with data size.

Run: .venv/bin/python benchmarks/bench_map_window.py [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRIDMAP_NO_SETTINGS", "1")
DEMO = ROOT / "data" / "hongqi_demo.gpkg"

STARTUP_SCRIPT = r"""
import sys, time
t_import = time.perf_counter()
from gridmap.ui.app import make_application
from gridmap.ui.i18n import install_language
from gridmap.ui.main_window import MainWindow
app = make_application()
install_language("zh")
w = MainWindow(language="zh")
w.resize(1600, 1000)
w.show()
def done(seconds):
    print("FIRST_FRAME", flush=True)
    app.quit()
w.canvas.rendered.connect(done)
w.open_project(sys.argv[1])
app.exec()
"""


def startup_seconds(runs: int) -> list[float]:
    """Process start to the first rendered map image on screen (offscreen platform)."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", STARTUP_SCRIPT, str(DEMO)], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        for line in proc.stdout:
            if line.startswith("FIRST_FRAME"):
                out.append(time.perf_counter() - start)
                break
        proc.wait(timeout=60)
    return out


def scaled_project(factor: int):
    """The demo with its buildings and incidents copied ``factor`` times side by side."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    from gridmap.project import Project
    from layers import BuildingsLayer, IncidentsLayer
    project = Project.open(DEMO)
    if factor == 1:
        return project
    side = int(np.ceil(np.sqrt(factor)))
    x0, y0, x1, y1 = project.extent()
    w, h = (x1 - x0) * 1.05, (y1 - y0) * 1.05
    for name, cls in (("buildings", BuildingsLayer), ("incidents", IncidentsLayer)):
        frame = project[name].data
        parts = []
        for k in range(factor):
            dx, dy = (k % side) * w, (k // side) * h
            copy = frame.copy()
            copy["geometry"] = shapely.transform(frame.geometry.values, lambda xy, dx=dx, dy=dy: xy + [dx, dy])
            parts.append(copy)
        big = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=frame.crs)
        project.add_layer(cls(big, validate=False), replace=True)
    return project


def window_timings(project, runs: int) -> dict[str, float]:
    """Median full render at full extent and zoomed in, and median pan frame (image moved)."""
    from PySide6.QtCore import QPointF
    from gridmap.ui.app import make_application
    from gridmap.ui.main_window import MainWindow
    app = make_application()
    w = MainWindow(language="zh")
    w.resize(1600, 1000)
    w.show()
    w.set_project(project)
    canvas = w.canvas
    canvas.asynchronous = True
    app.processEvents()
    canvas.render_now()  # builds caches
    full = [canvas.render_now() for _ in range(runs)]
    rect = canvas.full_extent()
    canvas.zoom_to_rect(type(rect)(rect.center().x() - 300, rect.center().y() - 200, 600, 400), margin=0)
    app.processEvents()
    zoomed = [canvas.render_now() for _ in range(runs)]
    # A pan: the view moves by 40 px steps; each frame repaints the viewport with the last image.
    frames = []
    for step in range(30):
        canvas.view.translateBy(QPointF(5.0 if step % 2 else -5.0, 3.0))
        start = time.perf_counter()
        canvas.viewport().repaint()
        frames.append(time.perf_counter() - start)
    # After the pan rests, the re-render runs off the GUI thread; time it to the swap.
    rerender = []
    for step in range(runs):
        canvas.view.translateBy(QPointF(20.0, 0.0))
        start = time.perf_counter()
        canvas._start_render()
        canvas._pool.waitForDone()
        app.processEvents()
        rerender.append(time.perf_counter() - start)
    w.close()
    return {"full": statistics.median(full), "zoomed": statistics.median(zoomed),
            "pan_frame": statistics.median(frames), "rerender": statistics.median(rerender)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import resource
    print(f"machine: {os.cpu_count()} cores; window 1600x1000, offscreen; median of {args.runs} runs\n")
    starts = startup_seconds(args.runs)
    print(f"process start -> first drawn map (demo): median {statistics.median(starts):.2f} s "
          f"(min {min(starts):.2f}, max {max(starts):.2f})   target < 1.5 s\n")
    print(f"{'data':<46}{'full render':>12}{'zoomed render':>15}{'pan frame':>11}{'re-render':>11}")
    for factor in (1, 10, 100):
        project = scaled_project(factor)
        t = window_timings(project, args.runs)
        label = f"demo x{factor}: {len(project['buildings']):,} bldgs, {len(project['incidents']):,} incidents"
        print(f"{label:<46}{t['full'] * 1000:>10.1f}ms{t['zoomed'] * 1000:>13.1f}ms"
              f"{t['pan_frame'] * 1000:>9.1f}ms{t['rerender'] * 1000:>9.1f}ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max RSS) of this process: {peak:.0f} MB")
    print("pan frame = repaint of the view while panning (the last map image moved);")
    print("re-render = the new image rendered off the GUI thread and swapped in after the pan stops.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
