"""Two windows on one database project: an edit saved at one desk appears at the other within a
second (map data, tables and counts follow the layer's data), undo at the second desk never brings
the old row back, a conflicting save asks and never overwrites, and a feature's history restores."""
import time

import numpy as np
import pytest

from gridmap.server.store import init, push
from gridmap.server.url import parse
from layers.row_ids import FID


@pytest.fixture()
def url(cluster, demo_project, request):
    name = "w" + request.node.name[5:25].lower()
    address = cluster.url(project=name)
    init(parse(address))
    push(demo_project, parse(address))
    return address


def desk(qtbot, url):
    from gridmap.ui.main_window import MainWindow
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    assert w.open_project(url)
    qtbot.waitUntil(lambda: w.project is not None and "patrols" in w.project and w.db_menu.listener is not None,
                    timeout=30000)
    assert w.db_menu.listener.ready.wait(5)
    w.canvas.asynchronous = False
    return w


def set_values(w, layer, fid, **values):
    from gridmap.ui.undo import apply_frames
    frame = w.project[layer].data.copy()
    row = int(np.flatnonzero(frame[FID].to_numpy() == fid)[0])
    for column, value in values.items():
        frame.iloc[row, frame.columns.get_loc(column)] = value
    apply_frames(w.undo_stack, w.project, {layer: frame}, "edit")


def value(w, layer, fid, column):
    frame = w.project[layer].data
    return frame.loc[frame[FID] == fid, column].iloc[0]


def test_an_edit_at_one_desk_appears_at_the_other_within_a_second(qtbot, url, cluster):
    a, b = desk(qtbot, url), desk(qtbot, url)
    assert a.windowTitle().startswith(a.project.meta.get("title", "")) and "@" in a.windowTitle()
    set_values(b, "grid_cells", 9, name="乙先改的名字")           # b's own step, before a's save
    set_values(a, "grid_cells", 3, worker="甲新来的网格员")
    start = time.monotonic()
    assert a.save_project()
    qtbot.waitUntil(lambda: value(b, "grid_cells", 3, "worker") == "甲新来的网格员", timeout=1000)
    print(f"shown at the other desk after {1000 * (time.monotonic() - start):.0f} ms")
    assert "甲新来的网格员" in b.statusBar().currentMessage() or b.db_menu.last_merge is not None
    # b's own edit is still b's edit; undoing it does not bring a's row back to the old worker
    assert value(b, "grid_cells", 9, "name") == "乙先改的名字"
    b.undo_stack.undo()
    assert value(b, "grid_cells", 3, "worker") == "甲新来的网格员"
    b.undo_stack.redo()
    assert b.project.changes().summary()["grid_cells"]["updated"] == 1     # only b's row 9
    assert b.save_project()
    assert cluster.psql(f"SELECT worker FROM gm_{url.split('project=')[1]}.grid_cells WHERE fid = 3").strip() \
        == "甲新来的网格员"
    # a new incident logged at b shows at a, in the layer the counts and tables read
    before = len(a.project["incidents"])
    frame = b.project["incidents"].data
    import pandas as pd
    extra = frame.iloc[:1].copy()
    extra[FID] = -1
    extra["incident_id"] = "B-NEW"
    from gridmap.ui.undo import apply_frames
    apply_frames(b.undo_stack, b.project, {"incidents": pd.concat([frame, extra], ignore_index=True)}, "log")
    assert b.save_project()
    qtbot.waitUntil(lambda: len(a.project["incidents"]) == before + 1, timeout=1000)
    assert not a.project.modified


def test_a_conflicting_save_asks_and_never_overwrites(qtbot, url, cluster):
    schema = "gm_" + url.split("project=")[1]
    a, b = desk(qtbot, url), desk(qtbot, url)
    set_values(b, "grid_cells", 4, worker="乙")                 # b edits first, unsaved
    set_values(a, "grid_cells", 4, worker="甲")
    assert a.save_project()
    qtbot.wait(300)
    assert value(b, "grid_cells", 4, "worker") == "乙"          # b's unsaved edit is not replaced under it
    b.db_menu.headless_conflicts = "cancel"
    assert not b.save_project()
    assert cluster.psql(f"SELECT worker FROM {schema}.grid_cells WHERE fid = 4").strip() == "甲"
    assert b.isWindowModified()
    b.db_menu.headless_conflicts = "mine"
    assert b.save_project()
    assert cluster.psql(f"SELECT worker, version FROM {schema}.grid_cells WHERE fid = 4").strip() == "乙|3"


def test_history_restores_a_version(qtbot, url, cluster):
    schema = "gm_" + url.split("project=")[1]
    a = desk(qtbot, url)
    original = value(a, "grid_cells", 6, "worker")
    set_values(a, "grid_cells", 6, worker="第一次")
    assert a.save_project()
    set_values(a, "grid_cells", 6, worker="第二次")
    assert a.save_project()
    row = int(np.flatnonzero(a.project["grid_cells"].data[FID].to_numpy() == 6)[0])
    a.project["grid_cells"].selection = [row]
    seen = {}

    def pick(versions):
        seen["versions"] = [(v.op, v.who, v.before["worker"], v.after["worker"]) for v in versions]
        return versions[0]                    # restore the first version recorded: "第一次"
    assert a.db_menu.show_history(restore_with=pick)
    assert seen["versions"] == [("UPDATE", "postgres", original, "第一次"), ("UPDATE", "postgres", "第一次", "第二次")]
    assert value(a, "grid_cells", 6, "worker") == "第一次"
    a.undo_stack.undo()
    assert value(a, "grid_cells", 6, "worker") == "第二次"
    a.undo_stack.redo()
    assert a.save_project()
    assert cluster.psql(f"SELECT worker FROM {schema}.grid_cells WHERE fid = 6").strip() == "第一次"


def test_unsaved_edits_survive_a_crash_and_never_overwrite(qtbot, url, cluster):
    """The recovery journal works for a database project too; the restored edit carries the row
    version it was made from, so a row changed at another desk after the crash is a conflict."""
    schema = "gm_" + url.split("project=")[1]
    a = desk(qtbot, url)
    set_values(a, "grid_cells", 8, worker="崩溃前未保存")
    set_values(a, "grid_cells", 10, worker="崩溃前未保存10")
    a.saving.write_journal()
    a.db_menu.stop()
    a.project = None                       # the crash: nothing saved, the window gone
    # meanwhile another desk (another machine: its own journal) changes row 8
    from gridmap.server.changes import ServerChanges, apply
    read = int(cluster.psql(f"SELECT version FROM {schema}.grid_cells WHERE fid = 8"))
    apply(parse(url), ServerChanges("grid_cells", updates={8: (read, {"worker": "另一台改的"})}))
    from gridmap.ui.main_window import MainWindow
    again = MainWindow(language="en")
    qtbot.addWidget(again)
    again.saving.ask_restore = lambda when, rows: True
    assert again.open_project(url)
    qtbot.waitUntil(lambda: again.db_menu.listener is not None, timeout=30000)
    assert value(again, "grid_cells", 8, "worker") == "崩溃前未保存"
    assert value(again, "grid_cells", 10, "worker") == "崩溃前未保存10"
    again.db_menu.headless_conflicts = "cancel"
    assert not again.save_project()                       # row 8 changed since: asked, not overwritten
    assert cluster.psql(f"SELECT worker FROM {schema}.grid_cells WHERE fid = 8").strip() == "另一台改的"
    again.db_menu.headless_conflicts = "mine"
    assert again.save_project()
    assert cluster.psql(f"SELECT worker FROM {schema}.grid_cells WHERE fid IN (8, 10) ORDER BY fid").split() \
        == ["崩溃前未保存", "崩溃前未保存10"]


def test_undo_after_other_desks_rows_still_undoes_ones_own_saved_edit(qtbot, url, cluster):
    """A batch of notices holding this desk's own saved row and another desk's row: the other row is
    merged into the undo history, the own row is not, so undo still brings back its old value."""
    schema = "gm_" + url.split("project=")[1]
    a = desk(qtbot, url)
    a.db_menu.stop()                              # notices are handed over by hand below
    before = value(a, "grid_cells", 3, "worker")
    set_values(a, "grid_cells", 3, worker="甲保存的")
    assert a.save_project()
    from gridmap.server.changes import ServerChanges, apply
    read = int(cluster.psql(f"SELECT version FROM {schema}.grid_cells WHERE fid = 9"))
    apply(parse(url), ServerChanges("grid_cells", updates={9: (read, {"worker": "别处改的"})}))
    rows = a.project.database.read_frame("grid_cells", fids=[3, 9])
    a.db_menu.merge([("grid_cells", rows, [], ["postgres"])])
    assert value(a, "grid_cells", 9, "worker") == "别处改的"
    a.undo_stack.undo()                           # A's own edit of row 3
    assert value(a, "grid_cells", 3, "worker") == before
    assert value(a, "grid_cells", 9, "worker") == "别处改的"      # the other desk's row stays
