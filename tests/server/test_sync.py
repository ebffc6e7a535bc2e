"""A project opened from the database and saved back through its change set: only the changed rows
are written, versions move on, another desk's change is a conflict resolved theirs / mine / field by
field (never an overwrite), and rows other desks saved merge into the open project."""
import numpy as np
import pandas as pd
import pytest

from gridmap.project import Project
from gridmap.server import sync
from gridmap.server.changes import ConflictError
from gridmap.server.store import init, push
from gridmap.server.url import parse
from layers.row_ids import FID


@pytest.fixture()
def server(cluster, demo_project, request):
    name = "s" + request.node.name[5:25].lower().replace("-", "_")
    url = cluster.url(project=name)
    init(parse(url))
    push(demo_project, parse(url))
    return cluster, url, f"gm_{name}"


def edit(project, layer, fid, **values):
    frame = project[layer].data.copy()
    row = np.flatnonzero(frame[FID].to_numpy() == fid)[0]
    for column, value in values.items():
        frame.iloc[row, frame.columns.get_loc(column)] = value
    project[layer].data = frame


def log_copy(project, temp_id: int, incident_id: str) -> None:
    """Log a copy of the first incident under a new id (a row made at this desk, not yet saved)."""
    incidents = project["incidents"].data
    extra = incidents.iloc[:1].copy()
    extra[FID] = temp_id
    extra["incident_id"] = incident_id
    project["incidents"].data = pd.concat([incidents, extra], ignore_index=True)


def test_open_from_the_database_equals_the_file(server, demo_project):
    _cluster, url, _schema = server
    project = Project.open(url)
    assert not project.modified and project.database is not None
    for name in demo_project.layer_names():
        mine, ref = project[name].data, demo_project[name].data
        assert list(mine.columns) == list(ref.columns), name
        assert len(mine) == len(ref), name
        for column in ref.columns:
            if column == getattr(ref, "_geometry_column_name", None):
                assert mine.geometry.geom_equals_exact(ref.geometry, tolerance=1e-9).all(), name
            else:
                a, b = mine[column].astype(object), ref[column].astype(object)
                same = (a == b) | (a.isna() & b.isna())
                assert bool(same.all()), (name, column)


def test_a_save_writes_only_the_changed_rows_and_records_them(server):
    cluster, url, s = server
    project = Project.open(url)
    before = cluster.psql(f"SELECT fid, version FROM {s}.grid_cells ORDER BY fid")
    edit(project, "grid_cells", 3, worker="张三")
    project.save()
    after = cluster.psql(f"SELECT fid, version FROM {s}.grid_cells ORDER BY fid")
    changed = [a for a, b in zip(after.split(), before.split()) if a != b]
    assert changed == ["3|2"]                       # row 3 only, its version moved from 1 to 2
    assert cluster.psql(f"SELECT worker FROM {s}.grid_cells WHERE fid = 3").strip() == "张三"
    who, old, new = cluster.psql(f"SELECT who, before->>'worker', after->>'worker' FROM {s}.history "
                                 f"WHERE layer = 'grid_cells' AND fid = 3 ORDER BY id DESC LIMIT 1").strip().split("|")
    assert who == "postgres" and new == "张三" and old != "张三"
    assert not project.modified and project.database.versions["grid_cells"][3] == 2
    # a row made here gets the server's id, and a later edit of it updates that row
    log_copy(project, -99999, "NEW-1")
    project.save()
    new_id = int(cluster.psql(f"SELECT fid FROM {s}.incidents WHERE incident_id = 'NEW-1'"))
    assert new_id == int(cluster.psql(f"SELECT max(fid) FROM {s}.incidents"))
    frame = project["incidents"].data.copy()
    frame.loc[frame["incident_id"] == "NEW-1", "description"] = "已处理：回访满意"
    project["incidents"].data = frame
    project.save()
    assert cluster.psql(f"SELECT description, version FROM {s}.incidents WHERE fid = {new_id}").strip() == "已处理：回访满意|2"


def test_a_concurrent_edit_is_a_conflict_resolved_field_by_field(server):
    cluster, url, s = server
    a, b = Project.open(url), Project.open(url)
    original = cluster.psql(f"SELECT worker, worker_phone FROM {s}.grid_cells WHERE fid = 5").strip().split("|")
    edit(a, "grid_cells", 5, worker="甲", name="甲改的名字")
    a.save()
    edit(b, "grid_cells", 5, worker="乙", worker_phone="13900000005")
    with pytest.raises(ConflictError) as caught:
        b.save()
    assert [(c.fid, c.yours, c.theirs) for c in caught.value.conflicts] == [(5, 1, 2)]
    # nothing of b's was written
    assert cluster.psql(f"SELECT worker, worker_phone FROM {s}.grid_cells WHERE fid = 5").strip().split("|") \
        == ["甲", original[1]]
    rows = sync.conflict_rows(b, b.database, caught.value)
    (row,) = rows
    shown = {c[0]: c[1:] for c in row["columns"]}
    assert shown["worker"] == (original[0], "乙", "甲")              # when read, mine, theirs
    assert shown["worker_phone"][1:] == ("13900000005", original[1])
    assert shown["name"][2] == "甲改的名字"
    # b keeps their worker, their name, and its own phone
    sync.resolve(b, b.database, rows, {("grid_cells", 5): {"worker": "theirs", "worker_phone": "mine"}})
    assert b.changes().summary()["grid_cells"] == {"inserted": 0, "updated": 1, "deleted": 0}
    b.save()
    assert cluster.psql(f"SELECT worker, worker_phone, name, version FROM {s}.grid_cells WHERE fid = 5").strip() \
        == "甲|13900000005|甲改的名字|3"


def test_a_row_deleted_by_the_other_desk(server):
    cluster, url, s = server
    a, b, c = Project.open(url), Project.open(url), Project.open(url)
    frame = a["grid_cells"].data
    a["grid_cells"].data = frame[frame[FID] != 7]
    a.save()
    edit(b, "grid_cells", 7, worker="乙")
    edit(c, "grid_cells", 7, worker="丙")
    with pytest.raises(ConflictError) as caught:
        b.save()
    rows = sync.conflict_rows(b, b.database, caught.value)
    assert rows[0]["deleted"]
    sync.resolve(b, b.database, rows, {("grid_cells", 7): "theirs"})
    assert not b.modified or not b.changes()
    assert 7 not in b["grid_cells"].data[FID].tolist()
    with pytest.raises(ConflictError) as caught:
        c.save()
    sync.resolve(c, c.database, sync.conflict_rows(c, c.database, caught.value), {("grid_cells", 7): "mine"})
    c.save()                                                 # mine: the row comes back as a new row
    assert cluster.psql(f"SELECT count(*) FROM {s}.grid_cells WHERE worker = '丙'").strip() == "1"
    assert cluster.psql(f"SELECT count(*) FROM {s}.grid_cells WHERE fid = 7").strip() == "0"


def test_other_desks_rows_merge_into_the_open_project(server):
    cluster, url, s = server
    a, b = Project.open(url), Project.open(url)
    edit(a, "grid_cells", 2, worker="本地未保存")                   # a's own unsaved edit
    edit(b, "grid_cells", 2, worker="乙2")
    edit(b, "grid_cells", 4, worker="乙4")
    frame = b["grid_cells"].data
    b["grid_cells"].data = frame[frame[FID] != 6]
    b.save()
    rows = a.database.read_frame("grid_cells", fids=[2, 4, 6])
    change, skipped = sync.merge_remote(a, a.database, "grid_cells", rows, deleted=[6])
    assert skipped == {2}
    a["grid_cells"].restore(change["new"])
    cells = a["grid_cells"].data.set_index(FID)
    assert cells.loc[4, "worker"] == "乙4" and 6 not in cells.index and cells.loc[2, "worker"] == "本地未保存"
    # the merged rows are not a's edits: only row 2 is; saving it is a conflict, not an overwrite
    assert a.changes().summary()["grid_cells"] == {"inserted": 0, "updated": 1, "deleted": 0}
    with pytest.raises(ConflictError):
        a.save()
    # a's own save coming back is skipped: nothing to merge
    edit(b, "grid_cells", 4, worker="乙4再改")
    b.save()
    again, _ = sync.merge_remote(b, b.database, "grid_cells", b.database.read_frame("grid_cells", fids=[4]), [])
    assert again == {}
    # another desk's new row appears
    log_copy(b, -5, "FROM-B")
    b.save()
    new_id = int(cluster.psql(f"SELECT fid FROM {s}.incidents WHERE incident_id = 'FROM-B'"))
    change, _ = sync.merge_remote(a, a.database, "incidents", a.database.read_frame("incidents", fids=[new_id]), [])
    a["incidents"].restore(change["new"])
    assert "FROM-B" in a["incidents"].data["incident_id"].tolist()
    assert "incidents" not in a.changes().summary()          # merged rows are not edits of a


def test_a_viewer_opens_the_project_without_phones_and_cannot_save(server):
    cluster, url, s = server
    from gridmap.server.roles import grant
    from gridmap.server.store import connect
    db = parse(url)
    with connect(db) as con:
        with con.transaction():
            grant(con, db, "desk_viewer", "viewer")
    project = Project.open(url.replace("postgres@", "desk_viewer@"))
    assert len(project["incidents"]) == int(cluster.psql(f"SELECT count(*) FROM {s}.incidents"))
    for name in project.layer_names():                 # the columns exist (contract), no value arrived
        for column in ("reporter", "reporter_phone", "worker_phone"):
            if column in project[name].data.columns:
                assert project[name].data[column].isna().all(), (name, column)
    before = cluster.psql(f"SELECT worker FROM {s}.grid_cells WHERE fid = 1").strip()
    edit(project, "grid_cells", 1, worker="viewer")
    with pytest.raises(ValueError, match="permission denied"):
        project.save()
    assert cluster.psql(f"SELECT worker FROM {s}.grid_cells WHERE fid = 1").strip() == before


def test_settings_and_rows_are_one_transaction(server):
    """A title changed with a row: both saved together; with a conflict neither is written."""
    cluster, url, s = server
    a, b = Project.open(url), Project.open(url)
    a.meta["title"] = "甲改的标题"
    edit(a, "grid_cells", 11, worker="甲")
    a.save()
    assert cluster.psql(f"SELECT value FROM {s}.gridmap_meta WHERE key = 'title'").strip() == "甲改的标题"
    assert not a.modified
    b.meta["title"] = "乙改的标题"
    edit(b, "grid_cells", 11, worker="乙")
    with pytest.raises(ConflictError):
        b.save()
    assert cluster.psql(f"SELECT value FROM {s}.gridmap_meta WHERE key = 'title'").strip() == "甲改的标题"
    assert b.modified
