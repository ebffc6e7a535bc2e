"""City scale on this machine: 5,000 grid cells, 200,000 buildings, 1,000,000 incidents, 500,000
patrols. Prints one table with every figure of issue 9 (median of several runs) and QGIS's
figures beside ours when PyQGIS is installed (Debian's python3-qgis), else a note.

Run: .venv/bin/python benchmarks/bench_city.py [--runs 3] [--json OUT.json]
With --json the figures also go to OUT.json as {"gridmap": {...}, "qgis": {...}} under the keys
first_full_frame_s, all_ready_s, peak_rss_mb, cold_frame_ms, count_1m_s, coverage_scratch_s,
atlas_ms_per_page (null where QGIS has no such figure), so one run can be compared with another;
ours also first_full_frame_drawn_s (the map drawn from the layers, not the picture kept from the
last open), first_full_frame_first_open_s (no picture kept yet) and the peak memory at those marks.
The city GeoPackage is generated once into benchmarks/.cache/city.gpkg (seeded, ~320 MB).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRIDMAP_NO_SETTINGS", "1")
CITY = ROOT / "benchmarks" / ".cache" / "city.gpkg"

OPEN_SCRIPT = r"""
import os, sys, time, resource
start = time.perf_counter()
sys.path.insert(0, {root!r})
from gridmap.ui.app import make_application
from gridmap.ui.main_window import MainWindow
app = make_application()
w = MainWindow(language="zh"); w.resize(1600, 1000); w.show()
marks = {{}}
def hwm():
    return int([l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0].split()[1]) / 1024
VISIBLE = {{"boundary", "communities", "grid_cells", "roads", "buildings", "incidents"}}   # patrols start hidden
def rendered(_s):
    names = set(w.canvas.last_drawn)        # layers in the image on screen (incidents may be a preview)
    now = time.perf_counter() - start
    marks.setdefault("first", now)
    if "all_visible" not in marks and VISIBLE <= names:
        marks["all_visible"] = now
        marks["hwm_first_full"] = hwm()
    if "drawn" not in marks and VISIBLE <= names and not w.canvas.showing_overview:
        marks["drawn"] = now            # drawn from the layers (not the picture kept from last time)
        marks["hwm_drawn"] = hwm()
    if "loaded" in marks and "full" not in marks:
        marks["full"] = now
        marks["hwm_loaded"] = hwm()
        if w._loader.thread.isRunning():        # its warm-up (assignment, point cells) still runs
            w._loader.finished.connect(first_check)
        else:
            first_check()
def first_check():
    from gridmap.analysis.coverage import CoverageOptions, check_coverage
    t = time.perf_counter()
    check_coverage(w.project, CoverageOptions())
    marks["check"] = time.perf_counter() - t
    app.quit()
def loaded(p):
    marks["loaded"] = time.perf_counter() - start
    w.canvas.request_render()
w.canvas.rendered.connect(rendered)
w.projectLoaded.connect(loaded)
w.open_project({city!r}, background=True)
app.exec()
print(marks["first"], marks["all_visible"], marks["full"], hwm(), marks["check"], marks["hwm_first_full"],
      marks["hwm_loaded"], marks["drawn"], marks["hwm_drawn"])
"""


def qgis_figures(runs: int) -> dict | None:
    """QGIS's figures on the same city, from Debian's python3 with PyQGIS; None without QGIS."""
    python = shutil.which("python3", path="/usr/bin")
    if python is None or subprocess.run([python, "-c", "import qgis.core"], capture_output=True).returncode:
        return None
    out = subprocess.run([python, str(ROOT / "benchmarks" / "qgis_city.py"), str(CITY), str(runs)],
                         capture_output=True, text=True, timeout=1800,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode or not lines:
        return {"error": f"the QGIS run failed ({out.stderr.strip().splitlines()[-1:] or out.returncode})"}
    return json.loads(lines[-1])


def med(values):
    return statistics.median(values)


def timed(fn, runs):
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        out.append(time.perf_counter() - start)
    return med(out), result


def ensure_city() -> Path:
    from benchmarks.city import city_gpkg
    return city_gpkg(CITY, cells=5000, buildings_per_cell=40, incidents=1_000_000, patrols=500_000)


def open_to_frame(runs):
    """Fresh-process opens of the city: the first with no kept picture of the map (as the first
    open of a file), then ``runs`` more (the picture kept by the first is shown at once).
    Returns (the first open's figures, the medians of the others)."""
    import tempfile
    code = OPEN_SCRIPT.format(root=str(ROOT), city=str(CITY))
    rows = []
    with tempfile.TemporaryDirectory() as cache:        # a cache of the run's own, empty at first
        for _ in range(runs + 1):
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                                 env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": cache})
            if out.returncode:
                raise SystemExit(out.stderr[-3000:])
            rows.append([float(v) for v in out.stdout.split()[-9:]])
    return rows[0], [med([r[k] for r in rows[1:]]) for k in range(9)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    args = parser.parse_args()
    ensure_city()
    results = {}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "gridmap"), str(ROOT / "layers")],
                   capture_output=True)          # as an installed app has: no compiling at start-up
    cold, warm = open_to_frame(args.runs)
    first, all_visible, full, rss_open, first_check, _hwm_at_picture, rss_loaded, drawn, rss_drawn = warm
    results["open → first frame (cells, roads)"] = f"{first:.2f} s"
    results["open → first full frame (every visible layer drawn)"] = (
        f"{all_visible:.2f} s (the map kept from the last open; drawn from the layers {drawn:.2f} s; "
        f"first open of the file {cold[1]:.2f} s)")
    results["open → all loaded, panels ready, frame drawn"] = f"{full:.2f} s (first open {cold[2]:.2f} s)"

    from PySide6.QtCore import QPointF
    from gridmap.project import Project
    from gridmap.ui.app import make_application
    from gridmap.ui.main_window import MainWindow
    app = make_application()
    project = Project.open(CITY)
    w = MainWindow(language="zh")
    w.resize(1600, 1000)
    w.show()
    w.set_project(project)
    canvas = w.canvas
    app.processEvents()
    from gridmap.canvas.render_job import render_image
    world = canvas.full_extent()

    def cold_frame():
        for painter in canvas.layer_painters.values():
            painter._on_data_changed()
        return render_image(canvas.painters_in_order(), world, 1600, 1000)
    t_cold, _ = timed(cold_frame, args.runs)
    t_warm, _ = timed(lambda: render_image(canvas.painters_in_order(), world, 1600, 1000), args.runs)
    results["full-extent frame, all layers, caches cold"] = f"{t_cold * 1000:.0f} ms"
    results["full-extent frame, all layers, caches warm"] = f"{t_warm * 1000:.0f} ms"
    canvas.zoom_full()
    canvas.render_now()
    frames, stalls = [], []
    canvas.asynchronous = True
    for step in range(40):
        canvas.view.translateBy(QPointF(30.0 if step % 2 else -25.0, 12.0))
        start = time.perf_counter()
        canvas.viewport().repaint()
        frames.append(time.perf_counter() - start)
        start = time.perf_counter()
        app.processEvents()
        stalls.append(time.perf_counter() - start)
    canvas._pool.waitForDone()
    start = time.perf_counter()
    app.processEvents()
    stalls.append(time.perf_counter() - start)
    results["frame during pan (cached image moved)"] = f"{med(frames) * 1000:.1f} ms (max {max(frames) * 1000:.1f})"
    results["longest GUI-thread step during pan + re-render"] = f"{max(stalls) * 1000:.0f} ms"

    from gridmap.analysis import derived, spatial_index
    from gridmap.analysis.hotspots import counts_per_cell
    import numpy as np

    def count_cold():       # from the points' lon/lat: metric x/y, then the cell of each
        derived._CACHE.clear()
        project._forget("incidents")
        project._xy_previous.clear()
        return counts_per_cell(spatial_index.cell_of_features(project, "incidents"), None, len(project["grid_cells"]))
    t_count, _ = timed(count_cold, args.runs)

    def count_from_xy():    # as in the app: the loader made the metric x/y while opening
        derived._CACHE.clear()
        return counts_per_cell(spatial_index.cell_of_features(project, "incidents"), None, len(project["grid_cells"]))
    t_xy, _ = timed(count_from_xy, args.runs)
    where = spatial_index.cell_of_features(project, "incidents")
    t_recount, _ = timed(lambda: counts_per_cell(where, np.ones(len(where), bool), len(project["grid_cells"])), 5)
    results["1,000,000 incidents counted per cell"] = (f"{t_xy:.2f} s from metric x/y, {t_count:.2f} s from lon/lat "
                                                       f"(recount after a filter {t_recount * 1000:.1f} ms)")

    from gridmap.analysis.coverage import CoverageOptions, check_coverage

    def coverage_cold():    # nothing remembered: building assignment, points in cells, metric x/y
        derived._CACHE.clear()
        for name in ("incidents", "patrols"):
            project._forget(name)
        project._xy_previous.clear()
        return check_coverage(project, CoverageOptions())
    t_cold_cov, report = timed(coverage_cold, args.runs)
    check_coverage(project, CoverageOptions())
    t_cov, _ = timed(lambda: check_coverage(project, CoverageOptions()), args.runs)

    def after_edit():       # an operator closes one incident; the panel re-runs the check
        frame = project["incidents"].data.copy()
        frame.loc[frame.index[0], "status"] = "closed"
        project["incidents"].data = frame
        return check_coverage(project, CoverageOptions())
    t_edit, _ = timed(after_edit, args.runs)
    results["coverage check, all finding types"] = (f"first after opening {first_check:.2f} s; "
                                                    f"from scratch {t_cold_cov:.2f} s; re-check {t_cov:.2f} s; "
                                                    f"after an incident edit {t_edit:.2f} s "
                                                    f"({len(report.findings):,} findings)")

    panel = w.incident_panel
    presets = ["last_30", "last_90", "this_year", "last_7", "all"]
    changes = []
    for k in range(max(args.runs, 3) * len(presets)):
        start = time.perf_counter()
        panel.set_preset(presets[k % len(presets)])      # mask → layer → charts refresh (synchronously)
        canvas.render_now()                              # the map with the new filter
        changes.append(time.perf_counter() - start)
    results["filter change → map + charts + stats"] = f"{med(changes) * 1000:.0f} ms (max {max(changes) * 1000:.0f})"

    import resource
    results["peak memory, city open in the app (this process)"] = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"
    results["peak memory, open → full frame (fresh process)"] = (
        f"{rss_open:,.0f} MB (at the first full frame drawn from the layers {rss_drawn:,.0f} MB, everything loaded "
        f"{rss_loaded:,.0f} MB, then the first check)")

    from gridmap.export.atlas import AtlasOptions, export_atlas
    import tempfile
    codes = project["grid_cells"].data["grid_code"].iloc[:1000].tolist()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        export_atlas(project, Path(tmp) / "a.pdf", AtlasOptions(cells=codes))
        seconds = time.perf_counter() - start
        pages = int(subprocess.run(["pdfinfo", str(Path(tmp) / "a.pdf")], capture_output=True, text=True)
                    .stdout.split("Pages:")[1].split()[0])
    results["atlas, full patrol pages"] = f"{seconds / pages * 1000:.1f} ms/page ({pages:,} pages, 1,000 cells)"

    qgis = qgis_figures(args.runs)
    if args.json is not None:
        ours = {"first_full_frame_s": all_visible, "first_full_frame_drawn_s": drawn,
                "first_full_frame_first_open_s": cold[1], "all_ready_s": full, "peak_rss_mb": rss_open,
                "peak_rss_first_full_frame_mb": rss_drawn, "peak_rss_all_loaded_mb": rss_loaded,
                "cold_frame_ms": t_cold * 1000, "count_1m_s": t_xy, "coverage_scratch_s": t_cold_cov,
                "atlas_ms_per_page": seconds / pages * 1000}
        theirs = None
        if qgis and "error" not in qgis:
            theirs = {"first_full_frame_s": qgis["startup_s"] + qgis["load_s"] + qgis["frame_s"], "all_ready_s": None,
                      "peak_rss_mb": qgis["peak_rss_mb"], "cold_frame_ms": qgis["frame_s"] * 1000,
                      "count_1m_s": qgis["count_s"], "coverage_scratch_s": None,
                      "atlas_ms_per_page": qgis["atlas_ms_per_page"]}
        args.json.write_text(json.dumps({"gridmap": {k: round(v, 3) for k, v in ours.items()}, "qgis": theirs},
                                        indent=1), encoding="utf-8")
    print(f"City: 5,000 cells, 200,000 buildings, 1,000,000 incidents, 500,000 patrols; 1600x1000 offscreen; "
          f"{os.cpu_count()} cores; median of {args.runs}\n")
    width = max(len(k) for k in results) + 2
    if qgis is None or "error" in qgis:
        print(f"{'figure':<{width}}GridMap")
        for key, value in results.items():
            print(f"{key:<{width}}{value}")
        why = qgis["error"] if qgis else "not installed here (Debian's qgis/python3-qgis)"
        print(f"\nQGIS: {why}, so no QGIS column in this run; the issue's QGIS figures on this machine:\n"
              "3.6-7 s per full frame, 7.3 s countpointsinpolygon, 14.6 ms/page simple atlas.")
        return 0
    beside = {
        "open → first full frame (every visible layer drawn)":
            f"{qgis['startup_s'] + qgis['load_s'] + qgis['frame_s']:.2f} s (start {qgis['startup_s']:.2f} s, "
            f"layers opened {qgis['load_s']:.2f} s, frame)",
        "full-extent frame, all layers, caches cold": f"{qgis['frame_s'] * 1000:,.0f} ms (cells, buildings, incidents)",
        "1,000,000 incidents counted per cell": f"{qgis['count_s']:.2f} s (native:countpointsinpolygon)",
        "atlas, full patrol pages": f"{qgis['atlas_ms_per_page']:.1f} ms/page (simple page: map + code, 100 pages)",
        "peak memory, open → full frame (fresh process)": f"{qgis['peak_rss_mb']:,.0f} MB (the whole QGIS run)",
    }
    gw = max(len(v) for v in results.values()) + 2
    print(f"{'figure':<{width}}{'GridMap':<{gw}}QGIS {qgis['qgis']}")
    for key, value in results.items():
        print(f"{key:<{width}}{value:<{gw}}{beside.get(key, '—')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
