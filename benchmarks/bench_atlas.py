"""Atlas export: time per page for the demo and for a city of 1,000 cells, and peak memory for
atlases of different lengths (it must not grow with the page count).

Run: .venv/bin/python benchmarks/bench_atlas.py
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import os, re, resource, subprocess, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from gridmap.export.atlas import AtlasOptions, export_atlas
which, cells, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if which == "demo":
    from gridmap.project import Project
    project = Project.open({demo!r})
else:
    from benchmarks.city import build_city
    project = build_city(cells=cells, buildings_per_cell=12, incidents=20 * cells, patrols=10 * cells)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
files = export_atlas(project, out, AtlasOptions())
seconds = time.perf_counter() - start
pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(files[0])], capture_output=True,
                                                          text=True).stdout).group(1))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(pages, seconds, before / 1024, peak / 1024, os.path.getsize(files[0]) / 1e6)
"""


def run(which: str, cells: int) -> tuple[int, float, float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        code = SCRIPT.format(root=str(ROOT), demo=str(ROOT / "data" / "hongqi_demo.gpkg"))
        out = subprocess.run([sys.executable, "-c", code, which, str(cells), str(Path(tmp) / "a.pdf")],
                             capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        if out.returncode:
            raise SystemExit(out.stderr[-2000:])
        pages, seconds, before, peak, size = out.stdout.split()
        return int(pages), float(seconds), float(before), float(peak), float(size)


def main() -> int:
    print(f"{'atlas':<26}{'pages':>7}{'total':>9}{'per page':>10}{'RSS before':>12}{'peak RSS':>10}{'PDF':>9}")
    for which, cells in (("demo", 46), ("city", 100), ("city", 400), ("city", 1000)):
        pages, seconds, before, peak, size = run(which, cells)
        label = "demo (46 cells)" if which == "demo" else f"city, {cells:,} cells x 12 bldgs"
        print(f"{label:<26}{pages:>7,}{seconds:>8.1f}s{seconds / pages * 1000:>8.1f}ms{before:>10.0f}MB{peak:>8.0f}MB"
              f"{size:>7.1f}MB")
    print("\nRSS before = after loading the data; the atlas's own memory is peak minus that.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
