"""Coverage check speed: 5,000 cells and 200,000 buildings (target < 2 s), and how time grows.

Run: .venv/bin/python benchmarks/bench_coverage.py [--runs 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.city import build_city  # noqa: E402
from gridmap.analysis.coverage import CoverageOptions, check_coverage  # noqa: E402


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"median of {args.runs} runs; layers held in EPSG:4551\n")
    print(f"{'cells':>7}{'buildings':>11}{'incidents':>11}{'patrols':>9}{'cells+buildings':>17}{'full check':>12}"
          f"{'findings':>10}")
    for cells, incidents, patrols in ((500, 0, 0), (1250, 0, 0), (2500, 0, 0), (5000, 0, 0),
                                      (5000, 1_000_000, 500_000)):
        project = build_city(cells=cells, incidents=incidents, patrols=patrols)
        # Spatial and attribute checks only: a project with just boundary, cells and buildings.
        from gridmap.project import Project
        spatial = Project([project[n] for n in ("boundary", "grid_cells", "buildings")])
        options = CoverageOptions(as_of="2025-03-31T23:59:59+08:00")
        t_spatial, _ = median_time(lambda: check_coverage(spatial, options), args.runs)
        t_full, report = median_time(lambda: check_coverage(project, options), args.runs)
        print(f"{cells:>7,}{len(project['buildings']):>11,}{incidents:>11,}{patrols:>9,}{t_spatial:>15.2f} s"
              f"{t_full:>10.2f} s{len(report.findings):>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
