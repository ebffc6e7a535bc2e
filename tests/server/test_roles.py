"""Security kept by the database: a viewer reads no phone in any table it may select, an operator
cannot edit cells but can move incidents, a street-scoped user sees only that street."""
import psycopg
import pytest

from gridmap.server.store import init, push
from gridmap.server.url import parse
from tests.test_cli import run



@pytest.fixture(scope="module")
def secured(cluster, demo_project):
    url = cluster.url(project="sec")
    project = parse(url)
    init(project)
    push(demo_project, project)
    for user, role, street in (("alice", "viewer", None), ("bob", "operator", None), ("carol", "planner", "230110999"),
                               ("dave", "planner", "230110004")):
        args = ["db", "grant", url, user, "--as", role] + (["--street", street] if street else [])
        done = run(*args)
        assert done.returncode == 0, done.stderr
    return cluster, project


def as_user(cluster, user):
    return psycopg.connect(cluster.url(user=user).split("?")[0] + f"?host={cluster.folder}&port={cluster.port}",
                           autocommit=True)


def test_a_viewer_reads_no_phone_anywhere(secured, demo_project):
    cluster, project = secured
    phones = set(demo_project["grid_cells"].data["worker_phone"].dropna()) | \
        set(demo_project["incidents"].data["reporter_phone"].dropna())
    assert len(phones) > 10
    tables = cluster.psql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'gm_sec'").split()
    readable = []
    with as_user(cluster, "alice") as con:
        for table in tables:
            columns = cluster.psql(f"SELECT column_name FROM information_schema.columns WHERE table_schema = 'gm_sec' "
                                   f"AND table_name = '{table}'").split()
            for column in columns:
                try:
                    rows = con.execute(f'SELECT "{column}"::text FROM gm_sec."{table}"').fetchall()
                except psycopg.errors.InsufficientPrivilege:
                    continue
                readable.append((table, column))
                if column != "geom":                                    # geometry bytes are not text
                    assert not phones & {v for (v,) in rows}, (table, column)
                    assert not any(v and any(p in v for p in phones) for (v,) in rows[:2000] if len(v or "") > 11), \
                        (table, column)
    assert ("grid_cells", "worker") in readable and ("grid_cells", "worker_phone") not in readable
    assert ("incidents", "reporter_phone") not in readable and not any(t == "history" for t, _c in readable)


def test_an_operator_moves_incidents_but_cannot_edit_cells(secured):
    cluster, project = secured
    with as_user(cluster, "bob") as con:
        con.execute("UPDATE gm_sec.incidents SET status = 'closed' WHERE fid = 1")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE gm_sec.grid_cells SET worker = 'x' WHERE fid = 1")
    assert cluster.psql("SELECT status, version FROM gm_sec.incidents WHERE fid = 1").strip() == "closed|2"
    assert cluster.psql("SELECT who FROM gm_sec.history WHERE layer = 'incidents' AND fid = 1").strip() == "bob"


def test_a_street_scoped_user_sees_only_that_street(secured, demo_project):
    cluster, project = secured
    with as_user(cluster, "carol") as con:                          # another street: nothing
        assert con.execute("SELECT count(*) FROM gm_sec.grid_cells").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM gm_sec.incidents").fetchone()[0] == 0
        assert con.execute("UPDATE gm_sec.buildings SET floors = 9").rowcount == 0
    with as_user(cluster, "dave") as con:                           # the demo's street: all of it
        assert con.execute("SELECT count(*) FROM gm_sec.grid_cells").fetchone()[0] == len(demo_project["grid_cells"])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):   # not into another street
            con.execute("UPDATE gm_sec.grid_cells SET grid_code = '230110999001001' WHERE fid = 1")
