"""Bad projects on the command line: a clear line naming the file and layer, or findings — never
"internal error", never a hang."""
import json
import shutil
import sqlite3
import time

import numpy as np
import shapely

from tests.test_cli import run


def copy_of(demo_path, tmp_path, name):
    path = tmp_path / name
    shutil.copy(demo_path, path)
    return path


def sql(path, *statements):
    con = sqlite3.connect(path)
    for s in statements:
        con.execute(s)
    con.commit()
    con.close()


def test_check_without_cells_or_with_none_reports_the_whole_boundary_as_a_gap(demo_path, tmp_path):
    import pyogrio
    boundary_m2 = pyogrio.read_dataframe(str(demo_path), layer="boundary").to_crs(4551).area.sum()
    none = copy_of(demo_path, tmp_path, "none.gpkg")
    sql(none, "DROP TABLE grid_cells", "DELETE FROM gpkg_contents WHERE table_name='grid_cells'",
        "DELETE FROM gpkg_geometry_columns WHERE table_name='grid_cells'")
    empty = copy_of(demo_path, tmp_path, "empty.gpkg")
    sql(empty, "DELETE FROM grid_cells")
    for path in (none, empty):
        done = run("check", str(path), "--json")
        assert done.returncode == 1, done.stderr
        report = json.loads(done.stdout)
        assert report["summary"]["building_unassigned"] == 509
        gaps = [f for f in report["findings"] if f["type"] == "gap"]
        assert len(gaps) == 1 and abs(gaps[0]["area_m2"] - boundary_m2) < 1.0


def test_a_nan_vertex_is_refused_naming_layer_and_row(demo_path, tmp_path):
    from gridmap.io.gpkg_store import open_connection      # GDAL's R-tree triggers need ST_* functions
    path = copy_of(demo_path, tmp_path, "nan.gpkg")
    con = open_connection(path)
    blob = con.execute("SELECT geom FROM grid_cells WHERE fid=3").fetchone()[0]
    geom = shapely.from_wkb(blob[40:])
    coords = np.array(geom.exterior.coords)
    coords[1] = [np.nan, np.nan]
    bad = blob[:40] + shapely.to_wkb(shapely.Polygon(coords), byte_order=1)
    con.execute("UPDATE grid_cells SET geom=? WHERE fid=3", (bad,))
    con.commit()
    con.close()
    done = run("check", str(path))
    assert done.returncode == 2
    assert "grid_cells (nan.gpkg)" in done.stderr and "row 3" in done.stderr and "not a number" in done.stderr
    assert "internal error" not in done.stderr


def test_a_recursive_view_does_not_hang_info(demo_path, tmp_path):
    path = copy_of(demo_path, tmp_path, "view.gpkg")
    sql(path, "CREATE VIEW forever AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
              "SELECT x AS fid, x AS n FROM r",
        "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('forever', 'attributes', 'forever')")
    start = time.monotonic()
    done = run("info", str(path))
    assert time.monotonic() - start < 30
    assert done.returncode == 2, done.stderr          # a layer could not be read: info says so (exit 2)
    assert "layer forever cannot be read" in done.stdout and "recursive" in done.stdout
    assert "grid_cells" in done.stdout


def test_output_cut_short_by_a_pipe_is_not_an_error(demo_path):
    """`gridmap stats … | head -3`: the reader has gone before the output comes; no error message,
    no traceback, exit 0."""
    import os
    import subprocess
    import sys
    from tests.conftest import ROOT
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "stats", str(demo_path), "--by", "department",
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            env=dict(os.environ, LANG="en_US.UTF-8"))
    proc.stdout.close()                                  # the reader is gone before a byte is written
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert proc.returncode == 0 and err == b"", err
