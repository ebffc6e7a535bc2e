"""Web map size and time against the number of incidents (points up to the threshold, then counts
and heatmap only). Run: .venv/bin/python benchmarks/bench_web.py"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.city import build_city  # noqa: E402
from gridmap.export.web import WebOptions, export_web  # noqa: E402
from gridmap.project import Project  # noqa: E402


def main() -> int:
    print(f"{'data':<40}{'incidents':>10}{'mode':>12}{'size':>10}{'seconds':>9}")
    demo = Project.open(Path(__file__).resolve().parents[1] / "data" / "hongqi_demo.gpkg")
    with tempfile.TemporaryDirectory() as tmp:
        for label, project, opts in [
            ("demo, Q1 2025", demo, WebOptions(date_from="2025-01-01", date_to="2025-03-31")),
            ("demo, all", demo, WebOptions()),
            ("demo, all, threshold 1,000", demo, WebOptions(max_points=1000)),
            ("city 200 cells, 20,000 incidents", build_city(200, 12, 20_000, 0, metric=False), WebOptions()),
            ("city 200 cells, 50,000 incidents", build_city(200, 12, 50_000, 0, metric=False), WebOptions()),
        ]:
            start = time.perf_counter()
            result = export_web(project, Path(tmp) / "x.html", opts)
            print(f"{label:<40}{result.incidents_in_window:>10,}{result.mode:>12}{result.bytes / 1e6:>8.2f}MB"
                  f"{time.perf_counter() - start:>8.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
