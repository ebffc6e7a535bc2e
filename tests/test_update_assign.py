"""gridmap update (attributes from a table, all or nothing) and gridmap assign (buildings, incidents,
patrols to their cells; households from the buildings), checked against the file read back with
sqlite3 and against a direct shapely computation."""
import hashlib
import shutil
import sqlite3

import numpy as np
import pandas as pd
import pyogrio
import shapely

from tests.test_cli import run


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path, sql):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_update_workers_from_a_gbk_list_all_or_nothing(demo_path, tmp_path):
    project = tmp_path / "p.gpkg"
    shutil.copy(demo_path, project)
    before = dict(rows(project, "SELECT grid_code, worker FROM grid_cells"))
    codes = sorted(before)[:3]
    bad = pd.DataFrame({"网格编码": [*codes, "230110004999999"], "网格员": ["张三", "李四", "王五", "赵六"],
                        "联系电话": ["13900000001", "", "13900000003", ""], "户数": ["300", "abc", "", "5"]})
    table = tmp_path / "workers.csv"
    bad.to_csv(table, index=False, encoding="gbk")
    digest = sha(project)
    done = run("update", str(project), "grid_cells", str(table), "--key", "网格编码")
    assert done.returncode == 1
    assert "row 3 (网格编码=%s): households (column 户数) is 'abc', expected a whole number" % codes[1] in done.stderr
    assert "row 5: 网格编码=230110004999999 is not in the layer" in done.stderr
    assert sha(project) == digest                                        # nothing changed
    good = bad.iloc[:3].assign(户数=["300", "", "250"])
    xlsx = tmp_path / "workers.xlsx"
    good.to_excel(xlsx, index=False)
    done = run("update", str(project), "grid_cells", str(xlsx), "--key", "grid_code")
    assert done.returncode == 0, done.stderr
    after = {r[0]: r[1:] for r in rows(project, "SELECT grid_code, worker, worker_phone, households FROM grid_cells")}
    assert after[codes[0]] == ("张三", "13900000001", 300)
    assert after[codes[1]][0] == "李四" and after[codes[1]][1] not in ("", None)    # an empty cell leaves the phone
    assert after[codes[2]] == ("王五", "13900000003", 250)
    untouched = {c: after[c][0] for c in before if c not in codes}
    assert untouched == {c: before[c] for c in untouched}
    assert "13900000001" not in done.stdout                              # a phone is never printed


def direct_assignment(path):
    """Each building's cell by the largest intersection area, each point's by containment: plain
    shapely on the file's own data in a metric CRS, without GridMap."""
    cells = pyogrio.read_dataframe(path, layer="grid_cells").to_crs(4551)
    buildings = pyogrio.read_dataframe(path, layer="buildings").to_crs(4551)
    incidents = pyogrio.read_dataframe(path, layer="incidents").to_crs(4551)
    cell_geoms = np.asarray(cells.geometry.values)
    codes = cells["grid_code"].to_numpy(dtype=object)
    b_codes = []
    for geom in buildings.geometry.values:
        share = shapely.area(shapely.intersection(cell_geoms, geom))
        b_codes.append(codes[int(np.argmax(share))] if share.max() > 0.01 else None)
    i_codes = [next((c for c, g in zip(codes, cell_geoms) if g.contains(p)), None) for p in incidents.geometry.values]
    households = {c: 0 for c in codes}
    for code, h in zip(b_codes, buildings["households"].fillna(0)):
        if code is not None:
            households[code] += int(h)
    return b_codes, i_codes, households


def test_assign_puts_everything_in_its_cell(demo_path, tmp_path):
    project = tmp_path / "p.gpkg"
    shutil.copy(demo_path, project)
    from gridmap.io.gpkg_store import open_connection
    con = open_connection(project)              # GDAL's triggers need its ST_ functions
    con.execute("UPDATE buildings SET grid_code='230110004001001' WHERE fid IN (40, 41, 300)")
    con.execute("UPDATE incidents SET grid_code=NULL WHERE fid % 97 = 0")
    moved = con.execute("SELECT count(*) FROM incidents WHERE fid % 97 = 0").fetchone()[0]
    con.commit()
    con.close()
    dry = run("assign", str(project), "--dry-run")
    assert dry.returncode == 0 and "dry run" in dry.stdout
    done = run("assign", str(project))
    assert done.returncode == 0, done.stderr
    b_codes, i_codes, households = direct_assignment(project)
    assert [r[0] for r in rows(project, "SELECT grid_code FROM buildings ORDER BY fid")] == b_codes
    assert [r[0] for r in rows(project, "SELECT grid_code FROM incidents ORDER BY fid")] == i_codes
    stored = dict(rows(project, "SELECT grid_code, households FROM grid_cells"))
    assert {c: stored[c] for c in households if households[c] > 0} == {c: h for c, h in households.items() if h > 0}
    assert f"{moved} incidents" in done.stdout
    again = run("assign", str(project))
    assert "0 buildings, 0 incidents, 0 patrols to another cell; households of 0 cells" in again.stdout
