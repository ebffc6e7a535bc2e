"""Grid planning quality and speed (issue 16's targets): the demo with its cells removed, the demo's
hand-drawn layout for comparison, the real 红旗街道 from OpenStreetMap (estimated households), and
the benchmark city (200,000 buildings, 100 communities). GerryChain's recursive_tree_part is
printed beside where it is installed (it is not a dependency of GridMap).

Run: .venv/bin/python benchmarks/bench_plan.py [--city] [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gridmap.analysis.plan import layout_summary, plan_grid  # noqa: E402
from gridmap.project import Project  # noqa: E402

TARGETS = {"in_range": (">=", 1.0), "polsby_popper": (">=", 0.6), "main_roads_interior": ("<=", 0.10),
           "split_buildings": ("<=", 0)}


def layout_figures(project, low=200, high=500) -> dict:
    """The same figures for the cells a project has (the hand-drawn demo layout)."""
    return dict(layout_summary(project, low, high), seconds=None)


def real_street() -> Project:
    from gridmap.project_setup import import_osm, new_project
    data = ROOT.parent / "shared" / "data" / "harbin-osm"
    folder = Path(tempfile.mkdtemp(prefix="bench_plan."))
    path = folder / "hongqi.gpkg"
    new_project(path, data / "hongqi_osm.geojson", code="230110007")
    project = Project.open(path)
    import_osm(project, data / "harbin.osm.pbf", replace=True)
    return project


def city_roads(city):
    """The benchmark city's street lattice as a roads layer: the edges of its quads, community
    borders as secondary roads, the rest residential."""
    import geopandas as gpd
    import shapely
    from layers.other import OtherLayer
    cells = city["grid_cells"].data
    communities = shapely.union_all(shapely.boundary(np.asarray(city["communities"].data.geometry.values)))
    edges = shapely.get_parts(shapely.union_all(shapely.boundary(np.asarray(cells.geometry.values))))
    edges = shapely.get_parts(shapely.line_merge(shapely.union_all(edges))) if len(edges) else edges
    main = shapely.covered_by(edges, communities.buffer(0.5))
    frame = gpd.GeoDataFrame({"name": ["路"] * len(edges), "highway": np.where(main, "secondary", "residential")},
                             geometry=list(edges), crs=cells.crs)
    return OtherLayer(frame, layer_name="roads")


def gerrychain_figures(project) -> dict | None:
    try:
        import gerrychain  # noqa: F401
    except ImportError:
        return None
    return {"note": "installed: run its recursive_tree_part on the same units to compare"}


def row(name, figures) -> str:
    marks = []
    for key, (op, bound) in TARGETS.items():
        value = figures.get(key)
        ok = value is not None and (value >= bound if op == ">=" else value <= bound)
        marks.append("✓" if ok else "✗")
    seconds = figures.get("seconds")
    return (f"{name:<34}{figures.get('cells', 0):>6}{figures.get('in_range', 0):>9.0%}{marks[0]}"
            f"{figures.get('polsby_popper', 0):>7.2f}{marks[1]}{figures.get('main_roads_interior', 0):>8.1%}{marks[2]}"
            f"{figures.get('split_buildings', 0):>7}{marks[3]}{'' if seconds is None else f'{seconds:>8.2f}'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--city", action="store_true", help="also the 200,000-building benchmark city")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out = {}
    demo = Project.open(ROOT / "data" / "hongqi_demo.gpkg")
    out["demo: GridMap plan (cells removed)"] = plan_grid(demo).summary
    out["demo: hand-drawn layout"] = layout_figures(demo)
    street = real_street()
    start = time.perf_counter()
    result = plan_grid(street)
    out["real 红旗街道 (OSM, estimated households)"] = dict(result.summary, seconds=round(time.perf_counter() - start, 2))
    if args.city:
        from benchmarks.city import build_city
        city = build_city(cells=5000, buildings_per_cell=40, incidents=0, patrols=0)
        city.add_layer(city_roads(city), replace=True)      # its lattice, community borders as main roads
        city.remove_layer("grid_cells")
        out["city: 200,000 buildings, 100 communities, lattice roads"] = plan_grid(city).summary
    gc = gerrychain_figures(demo)
    out["GerryChain recursive_tree_part"] = gc or {"note": "not installed here"}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"{'':<34}{'cells':>6}{'in 200–500':>10}{'PP':>8}{'roads in':>9}{'split':>8}{'seconds':>8}")
    for name, figures in out.items():
        print(row(name, figures) if "cells" in figures else f"{name:<34}{figures['note']}")
    print("\ntargets: 100 % in range, Polsby-Popper ≥ 0.6, main roads through interiors ≤ 10 %, 0 split "
          "buildings, < 5 s (demo) / < 60 s (city)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
