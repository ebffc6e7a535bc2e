"""Saving a project to its own file: only the changed rows, in one SQLite transaction.

Every expectation is read back with Python's own sqlite3 (not through GridMap), and compared with
what was there before the save or with shapely's own bounds."""
import os
import shutil
import sqlite3
import struct

import numpy as np
import pytest
import shapely

from gridmap.io.gpkg_store import LockedError, SaveConflict
from gridmap.project import Project


@pytest.fixture
def copy(tmp_path, demo_path):
    path = tmp_path / "p.gpkg"
    shutil.copy(demo_path, path)
    return path


def rows(path, sql, args=()):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def set_value(project, layer, row, column, value):
    frame = project[layer].data.copy()
    frame.loc[frame.index[row], column] = value
    project[layer].data = frame


def test_only_changed_rows_are_written_and_everything_else_is_untouched(copy):
    before = {r[0]: r for r in rows(copy, "SELECT * FROM grid_cells")}
    buildings_before = rows(copy, "SELECT * FROM buildings ORDER BY fid")
    p = Project.open(copy)
    fid = int(p["grid_cells"].data["fid"].iloc[5])
    set_value(p, "grid_cells", 5, "worker", "新网格员")
    assert p.modified and p.changes().summary() == {"grid_cells": {"inserted": 0, "updated": 1, "deleted": 0}}
    p.save()
    assert not p.modified
    after = {r[0]: r for r in rows(copy, "SELECT * FROM grid_cells")}
    assert set(after) == set(before)
    changed = [f for f in after if after[f] != before[f]]
    assert changed == [fid]
    names = [r[1] for r in rows(copy, "PRAGMA table_info(grid_cells)")]
    assert after[fid][names.index("worker")] == "新网格员"
    assert rows(copy, "SELECT * FROM buildings ORDER BY fid") == buildings_before
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]


def test_insert_delete_and_moved_geometry_keep_the_spatial_index_right(copy):
    p = Project.open(copy)
    from gridmap.analysis.incident_edit import add_incident
    import pandas as pd
    x, y = p.metric_xy("incidents")
    frame = add_incident(p, float(x[0]) + 5, float(y[0]) + 5, {"category": "water", "kind": "complaint",
                                                                "source": "walk_in"},
                         now=pd.Timestamp("2025-03-01T10:00:00+08:00"))
    frame = frame.drop(index=frame.index[[1, 2]])            # and delete two
    p["incidents"].data = frame
    deleted = set(p._saved["incidents"]["fid"].iloc[[1, 2]])
    cells = p["grid_cells"].data.copy()
    moved_fid = int(cells["fid"].iloc[0])
    cells.loc[0, "geometry"] = shapely.affinity.translate(cells.geometry.iloc[0], 0.001, 0.0005)
    p["grid_cells"].data = cells
    n_before = rows(copy, "SELECT count(*) FROM incidents")[0][0]
    p.save()
    assert rows(copy, "SELECT count(*) FROM incidents")[0][0] == n_before - 1
    assert not rows(copy, f"SELECT fid FROM incidents WHERE fid IN ({','.join(map(str, deleted))})")
    new_fid = rows(copy, "SELECT max(fid) FROM incidents")[0][0]
    assert rows(copy, "SELECT category FROM incidents WHERE fid=?", (new_fid,)) == [("water",)]
    # the R-tree GDAL keeps in the file follows inserts, deletes and moves (its triggers ran)
    assert rows(copy, "SELECT count(*) FROM rtree_incidents_geom")[0][0] == n_before - 1
    box = rows(copy, "SELECT minx, maxx, miny, maxy FROM rtree_grid_cells_geom WHERE id=?", (moved_fid,))[0]
    x0, y0, x1, y1 = cells.geometry.iloc[0].bounds
    assert box == pytest.approx((x0, x1, y0, y1), abs=3e-5)       # the R-tree stores 32-bit floats
    # the blob is a GeoPackage geometry any reader decodes: header, srs 4326, envelope, WKB
    blob = rows(copy, "SELECT geom FROM grid_cells WHERE fid=?", (moved_fid,))[0][0]
    assert blob[:2] == b"GP" and struct.unpack("<i", blob[4:8])[0] == 4326
    assert shapely.from_wkb(blob[40:]).equals_exact(cells.geometry.iloc[0], 0)
    stamp = rows(copy, "SELECT last_change FROM gpkg_contents WHERE table_name='grid_cells'")[0][0]
    assert stamp != "2025-03-31T00:00:00Z" and stamp.endswith("Z")
    again = Project.open(copy)
    assert len(again["incidents"]) == n_before - 1
    # saving again writes nothing more: the inserted row is known by its file id now
    assert not p.changes()


def test_foreign_tables_views_triggers_and_styles_survive(copy):
    con = sqlite3.connect(copy)
    con.executescript("""
        CREATE TABLE ledger (id INTEGER PRIMARY KEY, note TEXT);
        INSERT INTO ledger (note) VALUES ('特殊人群台账'), ('second');
        CREATE VIEW worker_list AS SELECT grid_code, worker FROM grid_cells;
        CREATE TABLE audit (grid_code TEXT, old TEXT, new TEXT);
        CREATE TRIGGER audit_worker AFTER UPDATE OF worker ON grid_cells
            BEGIN INSERT INTO audit VALUES (NEW.grid_code, OLD.worker, NEW.worker); END;
        CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY, f_table_name TEXT, styleQML TEXT);
        INSERT INTO layer_styles (f_table_name, styleQML) VALUES ('grid_cells', '<qgis>…</qgis>');
    """)
    con.commit()
    con.close()
    schema = rows(copy, "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'rtree%' ORDER BY name")
    styles_before = rows(copy, "SELECT * FROM layer_styles ORDER BY id")
    p = Project.open(copy)
    assert "layer_styles" not in p and "ledger" in p.layer_names() or "ledger" not in p.layer_names()
    code = p["grid_cells"].data["grid_code"].iloc[2]
    old = p["grid_cells"].data["worker"].iloc[2]
    set_value(p, "grid_cells", 2, "worker", "王五")
    p.save()
    assert rows(copy, "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'rtree%' ORDER BY name") == schema
    assert rows(copy, "SELECT note FROM ledger ORDER BY id") == [("特殊人群台账",), ("second",)]
    assert ("<qgis>…</qgis>",) in rows(copy, "SELECT styleQML FROM layer_styles")
    assert rows(copy, "SELECT * FROM layer_styles ORDER BY id") == styles_before
    assert rows(copy, "SELECT worker FROM worker_list WHERE grid_code=?", (code,)) == [("王五",)]
    # the foreign trigger fired: the row was updated in place, not the table rewritten
    assert rows(copy, "SELECT * FROM audit") == [(code, old, "王五")]


def test_a_project_opened_through_a_symlink_is_written_through(copy, tmp_path):
    link = tmp_path / "link.gpkg"
    link.symlink_to(copy)
    p = Project.open(link)
    set_value(p, "grid_cells", 0, "worker", "经由链接")
    p.save()
    assert link.is_symlink() and os.readlink(link) == str(copy)
    assert rows(copy, "SELECT worker FROM grid_cells WHERE fid=1") == [("经由链接",)]
    assert sorted(x.name for x in tmp_path.iterdir()) == ["link.gpkg", "p.gpkg"]


def test_two_programs_saving_lose_nothing_and_a_real_conflict_is_reported(copy):
    a, b = Project.open(copy), Project.open(copy)
    set_value(a, "grid_cells", 1, "worker", "甲")
    set_value(b, "grid_cells", 2, "worker", "乙")
    a.save()
    b.save()                                   # a different row: both edits kept
    assert rows(copy, "SELECT fid, worker FROM grid_cells WHERE fid IN (2, 3) ORDER BY fid") == [(2, "甲"), (3, "乙")]
    set_value(a, "grid_cells", 4, "worker", "甲改")
    set_value(b, "grid_cells", 4, "worker", "乙改")
    a.save()
    with pytest.raises(SaveConflict) as err:
        b.save()
    assert [(c.layer, c.fid, c.columns) for c in err.value.conflicts] == [("grid_cells", 5, ["worker"])]
    assert err.value.conflicts[0].theirs["worker"] == "甲改"
    assert rows(copy, "SELECT worker FROM grid_cells WHERE fid=5") == [("甲改",)]     # nothing written
    c = Project.open(copy)
    set_value(c, "grid_cells", 4, "worker", "丙改")
    c.save()
    b.save(conflicts="theirs")                 # take theirs: b's window now shows 丙改
    assert b["grid_cells"].data["worker"].iloc[4] == "丙改" and not b.modified
    set_value(b, "grid_cells", 4, "worker", "乙再改")
    set_value(a, "grid_cells", 4, "worker", "甲再改")
    b.save()
    a.save(conflicts="mine")                   # keep mine: written over theirs, knowingly
    assert rows(copy, "SELECT worker FROM grid_cells WHERE fid=5") == [("甲再改",)]


def test_a_row_deleted_by_another_program_is_a_conflict_not_a_resurrection(copy):
    a, b = Project.open(copy), Project.open(copy)
    frame = a["grid_cells"].data
    a["grid_cells"].data = frame.drop(index=frame.index[7])
    a.save()
    set_value(b, "grid_cells", 7, "worker", "还在吗")
    with pytest.raises(SaveConflict) as err:
        b.save()
    assert err.value.conflicts[0].theirs is None
    b.save(conflicts="theirs")
    assert len(b["grid_cells"]) == len(frame) - 1
    assert rows(copy, "SELECT count(*) FROM grid_cells")[0][0] == len(frame) - 1


class OtherProgram:
    """Another process with the GeoPackage open in WAL mode, as QGIS keeps it (a second process:
    two SQLite libraries in one process break each other's POSIX locks)."""

    SCRIPT = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA journal_mode=WAL")
for line in sys.stdin:
    sql = line.strip()
    if not sql:
        break
    out = con.execute(sql).fetchall()
    print(repr(out), flush=True)
"""

    def __init__(self, path):
        import subprocess
        import sys
        self.proc = subprocess.Popen([sys.executable, "-c", self.SCRIPT, str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def sql(self, statement):
        self.proc.stdin.write(statement + "\n")
        self.proc.stdin.flush()
        return eval(self.proc.stdout.readline())

    def close(self):
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        self.proc.wait(timeout=10)


def test_saving_while_a_wal_reader_holds_the_file_and_waiting_for_a_writer(copy):
    qgis = OtherProgram(copy)
    try:
        qgis.sql("BEGIN")
        seen = qgis.sql("SELECT count(*), max(worker) FROM grid_cells")
        p = Project.open(copy)
        set_value(p, "grid_cells", 0, "worker", "读者在场")
        p.save()                                   # a WAL reader does not block a writer
        assert qgis.sql("SELECT count(*), max(worker) FROM grid_cells") == seen     # its snapshot
        qgis.sql("COMMIT")
        assert qgis.sql("SELECT worker FROM grid_cells WHERE fid=1") == [("读者在场",)]
        qgis.sql("BEGIN IMMEDIATE")                # now the other program writes and holds the lock
        set_value(p, "grid_cells", 0, "worker", "等锁")
        with pytest.raises(LockedError, match="locked after 0.5 s"):
            p.save(lock_timeout=0.5)
        qgis.sql("ROLLBACK")
        assert p.modified
        p.save()
        assert qgis.sql("SELECT worker FROM grid_cells WHERE fid=1") == [("等锁",)]
        assert qgis.sql("PRAGMA integrity_check") == [("ok",)]
    finally:
        qgis.close()
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]


def test_layer_names_with_quotes_and_sql_open_and_save(copy):
    import geopandas as gpd
    from layers import OtherLayer
    name = 'roads"; DROP TABLE grid_cells; --\'x'
    p = Project.open(copy)
    frame = gpd.GeoDataFrame({"label": ["a", "b"]}, geometry=[shapely.LineString([(126.68, 45.73), (126.69, 45.735)]),
                                                              shapely.LineString([(126.68, 45.74), (126.69, 45.74)])],
                             crs=4326)
    p.add_layer(OtherLayer(frame, layer_name=name))
    p.save()
    again = Project.open(copy)
    assert name in again and len(again[name]) == 2 and "grid_cells" in again
    set_value(again, name, 1, "label", "c")
    again.save()
    assert Project.open(copy)[name].data["label"].tolist() == ["a", "c"]


def test_kill_9_during_saves_leaves_the_old_or_the_new_state(tmp_path):
    """scripts/kill_saves.py: a child saves 5,886 rows per transaction in a loop and is killed at
    random moments; after each kill the file is intact, all rows carry one round, nothing is left
    beside it. (The note quotes a run of 200 kills; here 12.)"""
    import subprocess
    import sys
    from pathlib import Path
    script = Path(__file__).resolve().parents[2] / "scripts" / "kill_saves.py"
    run = subprocess.run([sys.executable, str(script), "--times", "12", "--seed", "5"], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    assert "12 kills during saves, 0 damaged, 0 with files left" in run.stdout


def test_a_layer_replaced_from_another_file_replaces_the_rows_it_had(copy, tmp_path):
    """Ids of rows read from another file mean nothing here: replacing the roads with another
    file's roads deletes the old rows and inserts the new ones (never "updates" rows that happen to
    share an id)."""
    import geopandas as gpd
    from layers import OtherLayer
    other = tmp_path / "other.gpkg"
    roads = gpd.GeoDataFrame({"name": ["新路甲", "新路乙", "新路丙"]},
                             geometry=[shapely.LineString([(126.68 + k / 1000, 45.73), (126.69, 45.735)]) for k in range(3)],
                             crs=4326)
    roads.to_file(other, layer="roads", driver="GPKG")
    cells_before = rows(copy, "SELECT * FROM grid_cells ORDER BY fid")
    p = Project.open(copy)
    from gridmap.io import read_layer
    p.add_layer(OtherLayer(read_layer(other, "roads"), layer_name="roads"), replace=True)
    assert p.changes().summary()["roads"]["updated"] == 0
    p.save()
    assert sorted(r[0] for r in rows(copy, "SELECT name FROM roads")) == ["新路丙", "新路乙", "新路甲"]
    assert rows(copy, "SELECT * FROM grid_cells ORDER BY fid") == cells_before
    assert rows(copy, "SELECT count(*) FROM rtree_roads_geom")[0][0] == 3
