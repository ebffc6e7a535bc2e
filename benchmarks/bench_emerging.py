"""Emerging hot spots at city scale (issue 19): 5,000 cells, 1,000,000 incidents over 36 months
(the city of bench_city.py), target ≤ 2 s. Prints the time of the whole analysis from the
project as the app holds it — counts per cell and month, Gi* of every month, BH, Mann-Kendall,
categories — with the cells of the incidents already known (the app places them while opening)
and from nothing (placing a million points in cells first), and the categories found.

Run: .venv/bin/python benchmarks/bench_emerging.py [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import pandas as pd
    from benchmarks.bench_city import ensure_city
    from gridmap.analysis.space_time import HotspotQuery, emerging
    from gridmap.analysis.spatial_index import cell_of_features
    from gridmap.project import Project
    project = Project.open(ensure_city())
    # The city's incidents span 27 months: spread them over 36 (2022-04-01 .. 2025-03-31), in order.
    layer = project["incidents"]
    times = layer.data["reported_at"]
    start_at, end_at = pd.Timestamp("2022-04-01", tz=times.dt.tz), pd.Timestamp("2025-03-31 23:59", tz=times.dt.tz)
    share = (times - times.min()) / (times.max() - times.min())
    frame = layer.data.copy()
    frame["reported_at"] = start_at + share * (end_at - start_at)
    if "resolved_at" in frame:
        frame["resolved_at"] = frame["reported_at"] + (layer.data["resolved_at"] - times)
    layer.data = frame
    incidents = layer.data
    first, last = incidents["reported_at"].min(), incidents["reported_at"].max()
    query = HotspotQuery(step="month")
    print(f"{len(project['grid_cells']):,} cells, {len(incidents):,} incidents from {first:%Y-%m-%d} to {last:%Y-%m-%d}")
    start = time.perf_counter()
    result = emerging(project, query)          # a fresh open: the points are placed in cells first
    cold = [time.perf_counter() - start]
    cell_of_features(project, "incidents")
    warm = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = emerging(project, query)
        warm.append(time.perf_counter() - start)
    counts = Counter(result.category)
    print(f"steps {len(result.steps)} ({result.labels[0]} .. {result.labels[-1]}), incidents in window "
          f"{int(result.counts.sum()):,}")
    print(f"emerging hot spots, incidents' cells known (as in the app): median {statistics.median(warm):.2f} s "
          f"(min {min(warm):.2f}, max {max(warm):.2f}; {args.runs} runs)")
    print(f"emerging hot spots from a fresh open (placing the points in cells too): {cold[0]:.2f} s")
    print("categories: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
