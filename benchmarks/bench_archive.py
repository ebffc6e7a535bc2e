"""A city's archive of several years (issue 18): 5,000 cells, 200,000 buildings and 10,000,000
incidents held in one process the way the app holds them today. Prints the peak memory, the time
to index the incidents for filtering, to filter a quarter of them (one of four years), and the
heatmap of that quarter over the whole city.

Run: .venv/bin/python benchmarks/bench_archive.py [--incidents 10000000]
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    return int([line for line in open("/proc/self/status") if line.startswith("VmRSS")][0].split()[1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=10_000_000)
    args = parser.parse_args()
    from benchmarks.city import build_city
    from gridmap.analysis.density import incident_heat
    from gridmap.analysis.incident_filter import FilterIndex, IncidentFilter
    start = time.perf_counter()
    project = build_city(cells=5000, buildings_per_cell=40, incidents=args.incidents, patrols=0)
    built = time.perf_counter() - start
    incidents = project["incidents"].data
    times = incidents["reported_at"]
    print(f"{len(incidents):,} incidents from {times.min():%Y-%m-%d} to {times.max():%Y-%m-%d}, built in {built:.0f} s; "
          f"RSS {rss_mb():,.0f} MB", flush=True)
    start = time.perf_counter()
    index = FilterIndex(incidents)
    t_index = time.perf_counter() - start
    # a quarter of the archive: one year of four (the window of the filter panel's custom dates)
    lo, hi = times.min(), times.max()
    cut = lo + (hi - lo) / 4
    flt = IncidentFilter(preset="custom", start=lo, end=cut)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        mask = index.mask(flt, hi)
        runs.append(time.perf_counter() - start)
    t_filter = statistics.median(runs)
    share = mask.mean()
    start = time.perf_counter()
    project.metric_xy("incidents")
    t_xy = time.perf_counter() - start
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        incident_heat(project, mask, 60.0)
        runs.append(time.perf_counter() - start)
    t_heat = statistics.median(runs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"index for filtering {t_index:.2f} s; filter a quarter ({share:.1%} of rows) {t_filter * 1000:.0f} ms; "
          f"metric x/y once {t_xy:.2f} s; heatmap of the quarter {t_heat * 1000:.0f} ms; memory held with the "
          f"index, mask and x/y {rss_mb():,.0f} MB; peak {peak:,.0f} MB, most of it while generating the archive "
          f"(targets: memory ≤ 2,048 MB, filter ≤ 300 ms)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
