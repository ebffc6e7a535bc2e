"""``gridmap hotspots`` as a user runs it, checked against counts made independently (geopandas'
spatial join and pandas' month of the local time) and PySAL esda's Gi*."""
import json

import numpy as np
import pandas as pd
import pytest

from tests.test_cli import run

esda = pytest.importorskip("esda")
libpysal = pytest.importorskip("libpysal")


@pytest.fixture(scope="module")
def monthly(demo_project):
    """(cells in metric CRS, counts per month × cell) from a spatial join, nothing of GridMap's."""
    import geopandas as gpd
    cells = demo_project["grid_cells"].data.to_crs(demo_project.metric_crs).reset_index(drop=True)
    points = demo_project["incidents"].data.to_crs(demo_project.metric_crs)
    joined = gpd.sjoin(points[["reported_at", "category", "geometry"]], cells[["grid_code", "geometry"]],
                       predicate="within", how="inner")
    joined["month"] = joined["reported_at"].dt.tz_convert("Asia/Shanghai").dt.strftime("%Y-%m")
    table = joined.groupby(["month", "grid_code"]).size().unstack(fill_value=0)
    table = table.reindex(columns=cells["grid_code"], fill_value=0)
    months = pd.period_range(table.index.min(), table.index.max(), freq="M").strftime("%Y-%m")
    return cells, table.reindex(months, fill_value=0), joined


def test_emerging_json_matches_independent_counts_and_esda(monthly):
    cells, table, _joined = monthly
    result = run("hotspots", "data/hongqi_demo.gpkg", "--emerging", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["grid_code"] for r in rows] == cells["grid_code"].tolist()
    assert all(r["steps"] == len(table) == 27 for r in rows)           # 2023-01 .. 2025-03
    assert [r["count"] for r in rows] == table.sum(axis=0).tolist()
    w = libpysal.weights.Queen.from_dataframe(cells, use_index=False, silence_warnings=True)
    last = esda.G_Local(table.iloc[-1].to_numpy(dtype=float), w, transform="B", star=True, permutations=0)
    assert np.allclose([r["z"] for r in rows], last.Zs, atol=1e-5)
    # the demo's story: the chronic compounds of Zhujiang (community 004) are hot on and off, the
    # blocks that got worse since October 2024 (community 005) too, the rest shows no pattern
    found = {r["grid_code"]: r["category"] for r in rows if r["category"] != "no_pattern"}
    assert set(found.values()) <= {"sporadic_hot", "consecutive_hot", "new_hot", "persistent_hot"}
    assert {c[-6:-3] for c in found} == {"004", "005"}, found
    for r in rows:
        assert r["hot_steps"] + r["cold_steps"] <= r["steps"] and -1 <= r["trend_tau"] <= 1


def test_emerging_by_quarter_finds_the_new_trouble_as_consecutive(monthly):
    result = run("hotspots", "data/hongqi_demo.gpkg", "--emerging", "--step", "quarter", "--json")
    assert result.returncode == 0, result.stderr
    assert "at least 10" in result.stderr                 # nine quarters: said, not refused
    rows = {r["grid_code"]: r for r in json.loads(result.stdout)}
    consecutive = [c for c, r in rows.items() if r["category"] == "consecutive_hot"]
    assert consecutive and all(c[-6:-3] == "005" for c in consecutive)
    for code in consecutive:
        r = rows[code]
        assert r["hot_steps"] >= 2 and r["hot_steps"] * 10 < 9 * r["steps"]


def test_window_hotspots_and_filters_by_label(monthly):
    cells, _table, joined = monthly
    result = run("hotspots", "data/hongqi_demo.gpkg", "--category", "供热", "property", "--from", "2024-10-01",
                 "--to", "2025-03-31", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    local = joined["reported_at"].dt.tz_convert("Asia/Shanghai")
    chosen = joined[joined["category"].isin(["heating", "property"]) & (local >= "2024-10-01")
                    & (local < "2025-04-01")]
    expected = chosen.groupby("grid_code").size().reindex(cells["grid_code"], fill_value=0)
    assert [r["count"] for r in rows] == expected.tolist()
    w = libpysal.weights.Queen.from_dataframe(cells, use_index=False, silence_warnings=True)
    g = esda.G_Local(expected.to_numpy(dtype=float), w, transform="B", star=True, permutations=0)
    assert np.allclose([r["z"] for r in rows], g.Zs, atol=1e-5)
    assert {r["category"] for r in rows} <= {"hot", "cold", "not_significant"}
    assert all((r["confidence"] == 0) == (r["category"] == "not_significant") for r in rows)


def test_text_output_in_chinese():
    result = run("hotspots", "data/hongqi_demo.gpkg", "--emerging", env_lang="zh_CN.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "新兴热点：按月" in result.stdout and "零星热点" in result.stdout and "无明显模式" in result.stdout


@pytest.mark.parametrize("args, words", [
    (["--category", "weather"], ["--category", "weather", "heating"]),
    (["--emerging", "--from", "2025-02-01", "--to", "2025-03-31"], ["at least 3 time steps", "2"]),
    (["--emerging", "--from", "2025-13-01"], ["--from", "2025-13-01"]),
    (["--emerging", "--from", "2025-03-01", "--to", "2025-01-01"], ["ends before it starts"]),
])
def test_bad_input_is_one_line_and_exit_2(args, words):
    result = run("hotspots", "data/hongqi_demo.gpkg", *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert all(w in result.stderr for w in words), result.stderr


def test_a_project_without_incidents_is_refused_clearly(tmp_path, demo_path):
    from gridmap.project import Project
    project = Project.open(demo_path)
    project.remove_layer("incidents")
    copy = project.save(tmp_path / "no_incidents.gpkg")
    result = run("hotspots", str(copy), "--emerging")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "incidents" in result.stderr and "no_incidents.gpkg" not in result.stdout
