"""Incident speed: a filter change over 1,000,000 incidents (mask + recount per cell + heatmap
redraw, target < 300 ms) and importing a 100,000-row GBK CSV (target < 10 s).

Run: .venv/bin/python benchmarks/bench_incidents.py [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402

from benchmarks.city import build_city  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QApplication

    from gridmap.analysis.density import incident_heat
    from gridmap.analysis.hotspots import counts_per_cell
    from gridmap.analysis.incident_filter import FilterIndex, IncidentFilter
    from gridmap.analysis.spatial_index import cell_of_features
    from gridmap.canvas.render_job import render_image
    from gridmap.render.points import IncidentsPainter
    app = QApplication.instance() or QApplication([])

    t = time.perf_counter()
    project = build_city(cells=5000, incidents=1_000_000, patrols=0)
    print(f"city: 5,000 cells, {len(project['buildings']):,} buildings, {len(project['incidents']):,} incidents "
          f"(built in {time.perf_counter() - t:.1f} s)\n")
    incidents = project["incidents"]
    t = time.perf_counter()
    index = FilterIndex(incidents.data)
    t_index = time.perf_counter() - t
    t = time.perf_counter()
    cells = cell_of_features(project, "incidents")
    t_cells = time.perf_counter() - t
    print(f"one-off per data load: filter index {t_index * 1000:.0f} ms, incident→cell assignment {t_cells * 1000:.0f} ms")

    as_of = incidents.data["reported_at"].max()
    filters = [IncidentFilter(preset="last_30"), IncidentFilter(preset="last_90", categories={"heating", "property"}),
               IncidentFilter(preset="this_year"), IncidentFilter(preset="all", statuses={"closed"}),
               IncidentFilter(preset="last_7", sources={"hotline_12345"})]
    incidents.style = "heatmap"
    painter = IncidentsPainter(project, incidents)
    rect = painter.bounds()
    rows = []
    for run in range(args.runs):
        for flt in filters:
            start = time.perf_counter()
            mask = index.mask(flt, as_of)
            t_mask = time.perf_counter()
            counts = counts_per_cell(cells, mask, len(project["grid_cells"]))
            t_count = time.perf_counter()
            incidents.filter_mask = mask           # the painter drops its heatmap
            image, _ = render_image([painter], QRectF(rect), 1600, 1000)
            t_draw = time.perf_counter()
            rows.append((t_mask - start, t_count - t_mask, t_draw - t_count, t_draw - start, int(mask.sum())))
    med = [statistics.median(r[k] for r in rows) * 1000 for k in range(4)]
    print(f"filter change over 1M incidents (median of {len(rows)}): mask {med[0]:.1f} ms + recount per cell "
          f"{med[1]:.1f} ms + heatmap (density + image + draw 1600x1000) {med[2]:.1f} ms = {med[3]:.1f} ms "
          f"(max {max(r[3] for r in rows) * 1000:.1f} ms)   target < 300 ms")
    _ = (counts, image, incident_heat)

    # Import: 100,000 rows, GBK, 80 % with GCJ-02 coordinates, 20 % with an address only.
    from gridmap.io.chinacrs import wgs84_to_gcj02
    from gridmap.io.incident_import import ImportOptions, import_incidents
    sample = incidents.data.iloc[:100_000].to_crs(4326)
    xy = shapely.get_coordinates(np.asarray(sample.geometry.values))
    lon, lat = wgs84_to_gcj02(xy[:, 0], xy[:, 1])
    buildings = project["buildings"].data.set_index("building_id")["address"]
    address_only = np.arange(len(sample)) % 5 == 0
    frame = pd.DataFrame({"工单编号": "N" + sample["incident_id"].str[1:], "受理时间": sample["reported_at"].dt.strftime("%Y/%m/%d %H:%M"),
                          "诉求类别": "供热", "办理状态": "已办结", "地址": buildings.reindex(sample["building_id"]).to_numpy(),
                          "经度": np.where(address_only, "", np.char.mod("%.7f", lon)),
                          "纬度": np.where(address_only, "", np.char.mod("%.7f", lat)), "诉求内容": "室内温度不达标"})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hotline.csv"
        frame.to_csv(path, index=False, encoding="gbk")
        size = path.stat().st_size / 1e6
        times = []
        for _ in range(max(1, args.runs // 2)):
            start = time.perf_counter()
            result = import_incidents(project, path, ImportOptions(crs="gcj02"))
            times.append(time.perf_counter() - start)
    print(f"import 100,000-row GBK CSV ({size:.1f} MB): median {statistics.median(times):.2f} s "
          f"({result.by_coordinates:,} by coordinates, {result.by_address:,} by address, {len(result.failed)} failed)"
          f"   target < 10 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
