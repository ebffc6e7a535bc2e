"""A real street built from nothing with the commands: new (OSM boundary), load (a GBK shapefile of
cells with Chinese columns from another system, with and without .cpg/.prj). Expectations come
from the files themselves (read with pyogrio/shapely), not from GridMap."""
import shutil
import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from tests.conftest import SHARED_DATA
from tests.test_cli import run

BOUNDARY = SHARED_DATA / "hongqi_osm.geojson"
WORKERS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰"]


def cells_shapefile(folder, cpg=True, prj=True):
    """Cells cut from the real boundary in CGCS2000 GK CM126 (EPSG:4551), written the way other
    systems do: GBK text, Chinese column names."""
    area = gpd.read_file(BOUNDARY).to_crs(4551).geometry.iloc[0]
    x0, y0, x1, y1 = area.bounds
    xs, ys = np.linspace(x0, x1, 4), np.linspace(y0, y1, 4)
    cells = []
    for j in range(3):
        for i in range(3):
            piece = shapely.box(xs[i], ys[2 - j], xs[i + 1], ys[3 - j]).intersection(area)
            if piece.area > 1:
                parts = shapely.get_parts(piece)
                cells.append(max(parts, key=lambda g: g.area))
    n = len(cells)
    frame = gpd.GeoDataFrame({"网格编码": [f"230110007001{k + 1:03d}" for k in range(n)],
                              "网格名称": [f"红旗第{k + 1}网格" for k in range(n)], "网格员": WORKERS[:n],
                              "户数": [300 + 10 * k for k in range(n)]}, geometry=cells, crs=4551)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cells.shp"
    pyogrio.write_dataframe(frame, str(path), driver="ESRI Shapefile", encoding="GBK")
    if not cpg:
        path.with_suffix(".cpg").unlink()
    if not prj:
        path.with_suffix(".prj").unlink()
    return path, frame


@pytest.fixture
def street(tmp_path):
    project = tmp_path / "hongqi.gpkg"
    done = run("new", str(project), "--boundary", str(BOUNDARY), "--code", "230110007")
    assert done.returncode == 0, done.stderr
    return project


def test_new_project_from_the_real_boundary(street):
    expected = gpd.read_file(BOUNDARY).to_crs(4551).area.sum()
    saved = pyogrio.read_dataframe(str(street), layer="boundary")
    assert saved["name"].tolist() == ["红旗街道"] and saved["code"].tolist() == ["230110007"]
    assert saved.to_crs(4551).area.sum() == pytest.approx(expected, rel=1e-9)
    again = run("new", str(street), "--boundary", str(BOUNDARY))
    assert again.returncode == 2 and "--force" in again.stderr


@pytest.mark.parametrize("cpg", [True, False])
def test_load_a_gbk_shapefile_of_cells_with_chinese_columns(street, tmp_path, cpg):
    path, frame = cells_shapefile(tmp_path / "src", cpg=cpg)
    done = run("load", str(street), "grid_cells", str(path))
    assert done.returncode == 0, done.stderr
    assert "grid_code←网格编码" in done.stdout and "worker←网格员" in done.stdout
    con = sqlite3.connect(street)
    rows = con.execute("SELECT grid_code, name, worker, households, community_code FROM grid_cells ORDER BY grid_code")
    rows = rows.fetchall()
    con.close()
    assert [r[2] for r in rows] == frame["网格员"].tolist()             # GBK text read right
    assert [r[3] for r in rows] == frame["户数"].tolist()
    assert {r[4] for r in rows} == {"230110007001"}                      # from the 15-digit codes
    saved = pyogrio.read_dataframe(str(street), layer="grid_cells").to_crs(4551)
    assert saved.area.sum() == pytest.approx(frame.area.sum(), rel=1e-7)


def test_a_shapefile_in_metres_without_prj_asks_for_the_crs_and_changes_nothing(street, tmp_path):
    path, frame = cells_shapefile(tmp_path / "src", prj=False)
    before = street.read_bytes()
    refused = run("load", str(street), "grid_cells", str(path))
    assert refused.returncode == 2 and "--crs" in refused.stderr and "cells.shp" in refused.stderr
    assert street.read_bytes() == before
    done = run("load", str(street), "grid_cells", str(path), "--crs", "EPSG:4551")
    assert done.returncode == 0, done.stderr
    assert pyogrio.read_dataframe(str(street), layer="grid_cells").to_crs(4551).area.sum() == \
        pytest.approx(frame.area.sum(), rel=1e-7)


def test_load_refusals_name_the_file_and_what_is_wrong(street, tmp_path):
    path, _frame = cells_shapefile(tmp_path / "src")
    assert run("load", str(street), "grid_cells", str(path)).returncode == 0
    again = run("load", str(street), "grid_cells", str(path))
    assert again.returncode == 2 and "--replace" in again.stderr
    wrong = run("load", str(street), "grid_cells", str(path), "--replace", "--map", "worker=负责人")
    assert wrong.returncode == 2 and "负责人" in wrong.stderr
    csv = tmp_path / "cells.csv"
    csv.write_text('网格编码,网格员,WKT\n230110007001009,甲,"POLYGON((126.68 45.73,126.69 45.73,126.69 45.74,126.68 45.73))"\n'
                   '230110007001010,乙,"POLYGON((126.68 45.73,126.69"\n', encoding="utf-8")
    bad = run("load", str(street), "grid_cells", str(csv), "--replace")
    assert bad.returncode == 2 and "row 3" in bad.stderr and "WKT" in bad.stderr


def test_load_roads_from_osm_geojson_and_a_csv_with_lonlat(street, tmp_path):
    roads = SHARED_DATA / "hongqi_roads_osm.geojson"
    done = run("load", str(street), "roads", str(roads))
    assert done.returncode == 0, done.stderr
    assert len(pyogrio.read_dataframe(str(street), layer="roads")) == len(pyogrio.read_dataframe(str(roads)))
    shutil.copy(street, tmp_path / "copy.gpkg")


PBF = SHARED_DATA / "harbin.osm.pbf"


def test_osm_buildings_roads_and_estimated_households(street):
    done = run("osm", str(street), str(PBF), "--area-per-household", "80", "--default-floors", "5")
    assert done.returncode == 0, done.stderr
    # independent: GDAL's own reading of the PBF, shapely in EPSG:4551
    area = gpd.read_file(BOUNDARY).geometry.iloc[0]
    polys = pyogrio.read_dataframe(str(PBF), layer="multipolygons", bbox=tuple(area.bounds))
    polys = polys[polys["building"].notna()]
    polys = polys[shapely.contains(area, shapely.point_on_surface(polys.geometry.values))]
    saved = pyogrio.read_dataframe(str(street), layer="buildings")
    assert len(saved) == len(polys) == 106
    assert set(saved["households_source"]) == {"estimated"}
    metric = saved.to_crs(4551)
    floors = saved["floors"].fillna(5).astype(float)
    expected = np.where(saved["use"] == "residential", np.round(metric.area * floors / 80.0), 0)
    assert saved["households"].astype(int).tolist() == expected.astype(int).tolist()
    lines = pyogrio.read_dataframe(str(PBF), layer="lines", bbox=tuple(area.bounds))
    highways = lines[lines["highway"].notna()]
    pieces = gpd.GeoSeries(shapely.intersection(highways.geometry.values, area)).explode()
    pieces = pieces[(pieces.geom_type == "LineString") & ~pieces.is_empty]
    roads = pyogrio.read_dataframe(str(street), layer="roads")
    assert len(roads) == len(pieces) and roads["highway"].notna().all()
    assert 90 <= len(roads) <= 120                    # the ~100 road pieces of the reference clip
    con = sqlite3.connect(street)
    credit = con.execute("SELECT value FROM gridmap_meta WHERE key='credit'").fetchone()[0]
    con.close()
    assert "OpenStreetMap contributors" in credit


def test_export_to_shapefile_and_xlsx_read_back(street, tmp_path):
    from openpyxl import load_workbook
    path, frame = cells_shapefile(tmp_path / "src")
    assert run("load", str(street), "grid_cells", str(path)).returncode == 0
    import sqlite3 as _s
    from gridmap.io.gpkg_store import open_connection
    con = open_connection(street)
    con.execute("UPDATE grid_cells SET worker_phone='13800000000', name='=HYPERLINK(\"x\")' WHERE grid_code='230110007001001'")
    con.commit()
    con.close()
    shp = tmp_path / "out" / "cells.shp"
    shp.parent.mkdir()
    done = run("export", str(street), "grid_cells", str(shp), "--encoding", "gbk")
    assert done.returncode == 0, done.stderr and "worker_phone" in done.stdout
    assert shp.with_suffix(".cpg").read_text().strip().upper() == "GBK"
    back = pyogrio.read_dataframe(str(shp))
    assert sorted(back["worker"]) == sorted(frame["网格员"]) and "worker_phone" not in back.columns
    assert "community_" in back.columns                                  # cut to 10 characters …
    again = tmp_path / "again.gpkg"
    assert run("new", str(again), "--boundary", str(BOUNDARY)).returncode == 0
    assert run("load", str(again), "grid_cells", str(shp)).returncode == 0   # … and recognised by load
    con = _s.connect(again)
    assert sorted(r[0] for r in con.execute("SELECT community_code FROM grid_cells")) == ["230110007001"] * len(frame)
    con.close()
    xlsx = tmp_path / "out" / "cells.xlsx"
    assert run("export", str(street), "grid_cells", str(xlsx)).returncode == 0
    sheet = load_workbook(xlsx).active
    header = [c.value for c in sheet[1]]
    values = {c.value for row in sheet.iter_rows(min_row=2) for c in row}
    assert "WKT" in header and "worker_phone" not in header and "13800000000" not in values
    assert "'=HYPERLINK(\"x\")" in values and not any(isinstance(v, str) and v.startswith("=") for v in values)


@pytest.mark.parametrize("suffix", [".shp", ".csv", ".xlsx", ".gpkg"])
def test_exported_times_keep_the_local_clock(demo_project, tmp_path, suffix):
    """Times leave as ISO 8601 with +08:00 (DATETIME in a GeoPackage) and load back to the same instants."""
    from gridmap.io.export_layer import export_layer
    layer = demo_project["incidents"]
    out = tmp_path / f"incidents{suffix}"
    export_layer(layer, out)
    if suffix == ".xlsx":
        from openpyxl import load_workbook
        sheet = load_workbook(out).active
        header = [c.value for c in sheet[1]]
        column = header.index("reported_at")
        raw = [row[column].value for row in sheet.iter_rows(min_row=2, max_row=4)]
    elif suffix == ".csv":
        raw = pd.read_csv(out, encoding="utf-8-sig", dtype=str)["reported_at"].iloc[:3].tolist()
    else:
        frame = pyogrio.read_dataframe(str(out), datetime_as_string=True, max_features=3)
        if suffix == ".shp":                    # 10-character names; the full ones beside the file
            import json
            frame = frame.rename(columns=json.loads(out.with_suffix(".fields.json").read_text("utf-8")))
        raw = frame["reported_at"].tolist()
    expected = [t.strftime("%Y-%m-%dT%H:%M:%S") for t in layer.data["reported_at"].iloc[:3]]
    assert [v[:19] for v in raw] == expected and all(v.endswith("+08:00") for v in raw), raw


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make test installs it)")
def test_atlas_of_the_osm_street_credits_osm_on_every_page_and_prints_no_nan(street, tmp_path):
    import subprocess
    path, _frame = cells_shapefile(tmp_path / "src")
    assert run("osm", str(street), str(PBF)).returncode == 0
    assert run("load", str(street), "grid_cells", str(path)).returncode == 0
    pdf = tmp_path / "atlas.pdf"
    done = run("atlas", str(street), "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 8
    assert all("OpenStreetMap contributors" in p for p in pages)
    assert not any("nan" in p.lower().split() for p in pages)
