"""A project in PostgreSQL/PostGIS: init, push the demo (all or nothing), pull it back equal; the
address refuses a password; every change is versioned, recorded and announced."""
import numpy as np
import pandas as pd
import pytest
import shapely

from gridmap.server.store import init, pull, push
from gridmap.server.url import parse


def test_the_address_takes_no_password_and_names_a_project():
    p = parse("postgresql://planner@db.local:5433/city?project=hongqi&sslmode=require")
    assert p.name == "hongqi" and p.schema == "gm_hongqi" and "project" not in p.conninfo and "sslmode" in p.conninfo
    with pytest.raises(ValueError, match="password|密码"):
        parse("postgresql://planner:secret@db.local/city?project=hongqi")
    with pytest.raises(ValueError):
        parse("postgresql://planner@db.local/city?project=Drop;Table")


def test_push_then_pull_gives_the_demo_back(cluster, demo_project):
    project = parse(cluster.url(project="demo"))
    init(project)
    counts = push(demo_project, project)
    assert counts["incidents"] == len(demo_project["incidents"])
    # counted by the server itself
    assert int(cluster.psql("SELECT count(*) FROM gm_demo.buildings")) == len(demo_project["buildings"])
    assert cluster.psql("SELECT ST_SRID(geom) FROM gm_demo.grid_cells LIMIT 1").strip() == "4326"
    back = pull(project)
    for name in demo_project.layer_names():
        ours, theirs = demo_project[name].data, back[name].data
        assert len(theirs) == len(ours), name
        assert theirs["fid"].tolist() == ours["fid"].tolist(), name
        for column in [c for c in ours.columns if c not in ("fid", getattr(ours, "_geometry_column_name", None))]:
            a, b = ours[column], theirs[column]
            if isinstance(a.dtype, pd.DatetimeTZDtype):
                assert (a.isna() == b.isna()).all() and (a.dropna() == b.dropna()).all(), (name, column)
            else:
                assert [None if pd.isna(v) else str(v) for v in a] == [None if pd.isna(v) else str(v) for v in b], \
                    (name, column)
        if hasattr(ours, "geometry"):
            assert shapely.equals_exact(np.asarray(ours.geometry.values), np.asarray(theirs.geometry.values),
                                        tolerance=1e-12).all(), name


def test_changes_are_versioned_recorded_and_announced(cluster, demo_project):
    import psycopg
    project = parse(cluster.url(project="hist"))
    init(project)
    push(demo_project, project)
    listener = psycopg.connect(project.conninfo, autocommit=True)
    listener.execute(f"LISTEN {project.channel}")
    cluster.psql("UPDATE gm_hist.grid_cells SET worker = '新网格员' WHERE fid = 1")
    note = next(listener.notifies(timeout=5))
    assert '"layer" : "grid_cells"' in note.payload and '"fid" : 1' in note.payload and '"op" : "UPDATE"' in note.payload
    listener.close()
    assert cluster.psql("SELECT version FROM gm_hist.grid_cells WHERE fid = 1").strip() == "2"
    before, after = cluster.psql("SELECT before->>'worker', after->>'worker' FROM gm_hist.history "
                                 "WHERE layer = 'grid_cells' AND fid = 1").strip().split("|")
    assert after == "新网格员" and before == demo_project["grid_cells"].data["worker"].iloc[0]


def test_a_push_into_no_project_changes_nothing(cluster, demo_project):
    with pytest.raises(ValueError, match="gridmap db init"):
        push(demo_project, parse(cluster.url(project="missing")))


def test_the_commands_round_trip_a_project(cluster, demo_path, tmp_path):
    from tests.test_cli import run
    url = cluster.url(project="cli")
    assert run("db", "init", url).returncode == 0
    pushed = run("db", "push", str(demo_path), url)
    assert pushed.returncode == 0, pushed.stderr
    out = tmp_path / "snapshot.gpkg"
    pulled = run("db", "pull", url, str(out))
    assert pulled.returncode == 0, pulled.stderr
    import pyogrio
    for name, _kind in pyogrio.list_layers(demo_path):
        if name in ("layer_styles", "gridmap_meta"):
            continue
        assert pyogrio.read_info(str(out), layer=name)["features"] == pyogrio.read_info(str(demo_path), layer=name)["features"]
    refused = run("db", "push", str(demo_path), url.replace("project=cli", "project=none"))
    assert refused.returncode == 2 and "gridmap db init" in refused.stderr
    bad = run("db", "init", "postgresql://u:secret@/x?project=p")
    assert bad.returncode == 2 and "secret" not in bad.stderr


def test_watch_sees_another_process_change(cluster, demo_project):
    import json
    import subprocess
    import sys
    from tests.conftest import ROOT
    project = parse(cluster.url(project="watch"))
    init(project)
    push(demo_project, project)
    watcher = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "db", "watch", cluster.url(project="watch"),
                                "--seconds", "20"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert "watch" in watcher.stderr.readline()              # listening now
        cluster.psql("UPDATE gm_watch.buildings SET households = households + 1 WHERE fid = 7")
        line = json.loads(watcher.stdout.readline())
        assert line["layer"] == "buildings" and line["fid"] == 7 and line["op"] == "UPDATE" and line["user"] == "postgres"
    finally:
        watcher.kill()
        watcher.wait()
