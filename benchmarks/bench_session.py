"""Memory over a working session on the city (issue 18: "flat over a session").

Opens the benchmark city in the window (offscreen) and repeats a cycle of what an operator and a
planner do: a coverage check, three filter presets, every way of colouring the cells and of
drawing the incidents, the attribute table, one incident edit (kept in the undo history) and a
render. After each cycle it prints the resident memory (after ``malloc_trim``, so freed memory
is not counted) and the peak so far.

Run: .venv/bin/python benchmarks/bench_session.py [--cycles 5]
"""
from __future__ import annotations

import argparse
import ctypes
import gc
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRIDMAP_NO_SETTINGS", "1")


def memory() -> tuple[int, int]:
    """(resident MB after returning freed memory to the system, peak MB)."""
    import pyarrow as pa
    gc.collect()
    pa.default_memory_pool().release_unused()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    status = {line.split(":")[0]: int(line.split()[1]) for line in open("/proc/self/status")
              if line.startswith(("VmRSS", "VmHWM"))}
    return status["VmRSS"] // 1024, status["VmHWM"] // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cycles", type=int, default=5)
    args = parser.parse_args()
    from bench_city import ensure_city
    from gridmap.project import Project
    from gridmap.ui.app import make_application
    from gridmap.ui.main_window import MainWindow
    city = ensure_city()
    app = make_application()
    w = MainWindow(language="zh")
    w.resize(1600, 1000)
    w.show()
    w.set_project(Project.open(city))

    def pump(seconds: float) -> None:
        end = time.time() + seconds
        while time.time() < end:
            app.processEvents()
            time.sleep(0.01)
    pump(1.0)
    rows = [("open", *memory(), 0.0)]
    panel = w.incident_panel
    for cycle in range(args.cycles):
        start = time.perf_counter()
        w.actions["check_coverage"].trigger()
        pump(4.0)
        for key in ("last_30", "this_year", "all"):
            panel.set_preset(key)
            pump(0.3)
        for box in (panel.cells_view, panel.view):
            for i in range(box.count()):
                box.setCurrentIndex(i)
                w.canvas.render_now()
                pump(0.2)
            box.setCurrentIndex(0)
        w.actions["attribute_table"].trigger()
        pump(0.5)
        w.incidents.edit(200 + cycle, {"address": f"巡查更正 {cycle}"}, None)
        pump(0.5)
        w.canvas.render_now()
        pump(0.5)
        rows.append((f"cycle {cycle + 1}", *memory(), time.perf_counter() - start))
    print(f"City: {len(w.project['incidents']):,} incidents; each cycle: coverage check, 3 filters, "
          f"{panel.cells_view.count() + panel.view.count()} map styles, attribute table, 1 edit, render\n")
    print(f"{'after':<10}{'resident MB':>12}{'peak MB':>10}{'cycle s':>9}")
    for name, rss, peak, seconds in rows:
        print(f"{name:<10}{rss:>12,}{peak:>10,}{seconds:>9.1f}")
    growth = (rows[-1][1] - rows[1][1]) / max(1, len(rows) - 2)
    print(f"\ngrowth per cycle after the first: {growth:+.0f} MB (one edit in the undo history each)")
    sys.stdout.flush()
    os._exit(0)      # the window's threads need not be wound down for a measurement


if __name__ == "__main__":
    sys.exit(main())
