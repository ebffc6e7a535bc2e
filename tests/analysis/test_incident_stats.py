"""Incident statistics: hand-built cases and the demo story through the CLI."""
import json
import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from gridmap.analysis.incident_stats import incident_statistics
from layers import IncidentsLayer
from tests.conftest import ROOT


def frame(rows):
    base = dict(kind="complaint", source="hotline_12345", category="heating", status="closed", resolved_at=None)
    data = [dict(base, incident_id=f"I{k}", **r) for k, r in enumerate(rows)]
    return IncidentsLayer(gpd.GeoDataFrame(pd.DataFrame(data), geometry=[Point(0, 0)] * len(data), crs=4326)).data


def test_hand_built_quarters_years_and_changes():
    rows = ([dict(reported_at="2024-02-01T10:00:00+08:00")] * 4
            + [dict(reported_at="2025-02-01T10:00:00+08:00", resolved_at="2025-02-03T10:00:00+08:00")] * 3
            + [dict(reported_at="2025-03-01T10:00:00+08:00", kind="dispute", source="walk_in", status="in_progress")]
            + [dict(reported_at="2024-12-31T23:30:00+08:00", kind="dispute", source="grid_patrol",
                    resolved_at="2025-01-01T05:30:00+08:00")])
    stats = incident_statistics(frame(rows))
    q1 = stats["quarters"]["2025Q1"]
    assert (q1["complaints"], q1["disputes"], q1["disputes_resolved"], q1["incidents"]) == (3, 1, 0, 4)
    assert q1["resolution_rate"] == 0.75 and q1["median_days_to_resolve"] == 2.0
    assert stats["yoy"]["2025Q1"]["complaints"] == -0.25            # 3 vs 4
    assert stats["qoq"]["2025Q1"]["disputes"] == 0.0                # 1 vs 1 (2024Q4's dispute at 23:30 local)
    assert stats["quarters"]["2024Q4"]["median_days_to_resolve"] == 0.25
    assert "2025" not in stats["yoy"]                                # 2025 is not a whole year
    filtered = incident_statistics(frame(rows), start="2025-01-01", end="2025-02-01")
    assert list(filtered["quarters"]) == ["2025Q1"] and filtered["quarters"]["2025Q1"]["incidents"] == 3


def test_cli_stats_reports_the_story(demo_path):
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "stats", str(demo_path), "--json"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    stats = json.loads(run.stdout)
    assert stats["quarters"]["2025Q1"]["complaints"] == 353
    assert stats["quarters"]["2024Q1"]["complaints"] == 459
    assert stats["yoy"]["2025Q1"]["complaints"] == -0.2309
    assert round(stats["yoy"]["2024"]["complaints"], 2) == -0.52
    assert (stats["quarters"]["2025Q1"]["disputes"], stats["quarters"]["2025Q1"]["disputes_resolved"]) == (43, 43)
    text = subprocess.run([sys.executable, str(ROOT / "main.py"), "stats", str(demo_path)], capture_output=True,
                          text=True, timeout=120, env={**__import__("os").environ, "LANG": "en_US.UTF-8"}).stdout
    assert "−23.09 %" in text and "−52.01 %" in text
    line = next(ln for ln in text.splitlines() if ln.startswith("2025Q1"))
    assert line.split()[1] == "353" and line.split()[4:6] == ["43", "43"]


def test_bad_dates_in_the_filter_are_a_clear_error(demo_path):
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "stats", str(demo_path), "--from", "yesterday"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr


_ = pytest
