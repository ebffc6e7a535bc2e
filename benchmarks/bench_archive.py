"""A city's archive of several years (issue 18): 5,000 cells, 200,000 buildings and 10,000,000
incidents. The archive is written once to a GeoPackage (benchmarks/.cache/archive_N.gpkg, seeded;
~2.5 GB for ten million), then opened in a fresh process the way the app opens a project
(``Project.open``: Arrow reading, validation), indexed for filtering, filtered to a quarter (one of
four years) and drawn as that quarter's heatmap over the whole city.

Prints the time of each step, the memory the process holds after them (RSS) and its peak.
``--in-process`` measures instead a project generated in this process (no file; the generator's
own garbage then stays in the process's memory).

Run: .venv/bin/python benchmarks/bench_archive.py [--incidents 10000000] [--in-process]
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    return int([line for line in open("/proc/self/status") if line.startswith("VmRSS")][0].split()[1]) / 1024


def archive_gpkg(n: int) -> Path:
    """The archive's GeoPackage, written once (in EPSG:4326, as the contract stores it)."""
    from benchmarks.city import city_gpkg
    return city_gpkg(ROOT / "benchmarks" / ".cache" / f"archive_{n}.gpkg", cells=5000, buildings_per_cell=40,
                     incidents=n, patrols=0)


def measure(project, opened_s: float) -> dict:
    """Index, filter a quarter and its heatmap on ``project``; the figures and the memory held."""
    from gridmap.analysis.density import incident_heat
    from gridmap.analysis.incident_filter import FilterIndex, IncidentFilter
    incidents = project["incidents"].data
    times = incidents["reported_at"]
    out = {"incidents": len(incidents), "open_s": opened_s, "rss_open_mb": rss_mb(),
           "first": f"{times.min():%Y-%m-%d}", "last": f"{times.max():%Y-%m-%d}"}
    start = time.perf_counter()
    index = FilterIndex(incidents)
    out["index_s"] = time.perf_counter() - start
    lo, hi = times.min(), times.max()
    flt = IncidentFilter(preset="custom", start=lo, end=lo + (hi - lo) / 4)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        mask = index.mask(flt, hi)
        runs.append(time.perf_counter() - start)
    out["filter_ms"] = statistics.median(runs) * 1000
    out["share"] = float(mask.mean())
    start = time.perf_counter()
    project.metric_xy("incidents")
    out["xy_s"] = time.perf_counter() - start
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        incident_heat(project, mask, 60.0)
        runs.append(time.perf_counter() - start)
    out["heat_ms"] = statistics.median(runs) * 1000
    out["rss_held_mb"] = rss_mb()
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def open_and_measure(path: str) -> None:
    """In a fresh process: open the archive as the app does, then ``measure`` (JSON on stdout)."""
    from gridmap.project import Project
    start = time.perf_counter()
    project = Project.open(path)
    print(json.dumps(measure(project, time.perf_counter() - start)), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=10_000_000)
    parser.add_argument("--in-process", action="store_true", help="generate the archive here instead of opening a file")
    parser.add_argument("--open", help=argparse.SUPPRESS)           # the fresh process's own entry
    args = parser.parse_args()
    if args.open:
        open_and_measure(args.open)
        return 0
    if args.in_process:
        from benchmarks.city import build_city
        start = time.perf_counter()
        project = build_city(cells=5000, buildings_per_cell=40, incidents=args.incidents, patrols=0)
        figures = measure(project, time.perf_counter() - start)
        how = "generated in this process"
    else:
        start = time.perf_counter()
        path = archive_gpkg(args.incidents)
        made = time.perf_counter() - start
        print(f"archive {path.name}: {path.stat().st_size / 1e9:.2f} GB" + (f", written in {made:.0f} s" if made > 1 else ""),
              flush=True)
        out = subprocess.run([sys.executable, __file__, "--open", str(path)], capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(out.stderr[-3000:])
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        how = "opened from the file in a fresh process"
    f = figures
    print(f"{f['incidents']:,} incidents from {f['first']} to {f['last']}, {how} in {f['open_s']:.1f} s "
          f"(RSS then {f['rss_open_mb']:,.0f} MB)\n"
          f"index for filtering {f['index_s']:.2f} s; filter a quarter ({f['share']:.1%} of rows) {f['filter_ms']:.0f} ms; "
          f"metric x/y once {f['xy_s']:.2f} s; heatmap of the quarter {f['heat_ms']:.0f} ms\n"
          f"memory held with the index, mask and x/y {f['rss_held_mb']:,.0f} MB; peak {f['peak_mb']:,.0f} MB "
          f"(targets: memory ≤ 2,048 MB, filter ≤ 300 ms)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
