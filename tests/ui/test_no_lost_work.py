"""No lost work: modified marker, Save / Discard / Cancel, failed saves, the recovery journal,
shortcuts that never clash and a floating attribute table that gives the keyboard back."""
import shutil
import sqlite3
import stat

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from gridmap.io.recovery import journal_path


@pytest.fixture
def editable(qtbot, tmp_path, demo_path):
    from gridmap.ui.main_window import MainWindow
    path = tmp_path / "street.gpkg"
    shutil.copy(demo_path, path)
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    assert w.open_project(path)
    w.canvas.asynchronous = False
    return w, path


def rename_worker(w, row, name):
    from gridmap.ui.undo import apply_frames
    frame = w.project["grid_cells"].data.copy()
    frame.loc[row, "worker"] = name
    apply_frames(w.undo_stack, w.project, {"grid_cells": frame}, "worker")


def worker_in_file(path, fid):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT worker FROM grid_cells WHERE fid=?", (fid,)).fetchone()[0]
    finally:
        con.close()


def test_title_marks_unsaved_edits_and_undo_back_clears_it(editable):
    w, path = editable
    assert "[*]" in w.windowTitle() and not w.isWindowModified()
    rename_worker(w, 0, "赵六")
    assert w.isWindowModified()
    w.undo_stack.undo()
    assert not w.isWindowModified()            # back to what the file holds
    w.undo_stack.redo()
    assert w.save_project() and not w.isWindowModified()
    assert worker_in_file(path, 1) == "赵六"


@pytest.mark.parametrize("answer", ["cancel", "save", "discard"])
def test_closing_with_unsaved_edits_asks(editable, monkeypatch, answer):
    w, path = editable
    original = worker_in_file(path, 2)
    rename_worker(w, 1, "钱七")
    w.saving.write_journal()
    asked = []
    monkeypatch.setattr(w.saving, "ask_save_discard_cancel", lambda: asked.append(1) or answer)
    closed = w.close()
    assert asked == [1]
    if answer == "cancel":
        assert not closed and w.isVisible() and w.project["grid_cells"].data["worker"].iloc[1] == "钱七"
        assert worker_in_file(path, 2) == original
        assert journal_path(path).exists()
    elif answer == "save":
        assert closed and worker_in_file(path, 2) == "钱七" and not journal_path(path).exists()
    else:
        assert closed and worker_in_file(path, 2) == original and not journal_path(path).exists()


def test_opening_another_project_asks_too(editable, monkeypatch, demo_path):
    w, path = editable
    rename_worker(w, 1, "孙八")
    monkeypatch.setattr(w.saving, "ask_save_discard_cancel", lambda: "cancel")
    assert not w.open_project(demo_path)
    assert w.project.path == path and w.isWindowModified()


def test_a_failed_save_says_which_file_and_why_and_keeps_the_edits(editable):
    w, path = editable
    rename_worker(w, 2, "周九")
    good = path.read_bytes()
    path.write_bytes(b"this is no longer a GeoPackage" * 100)     # another program broke it
    assert not w.save_project()
    title, text = w.last_error
    assert title == "Saving failed" and str(path) in text and "not a database" in text
    assert w.isWindowModified() and w.project["grid_cells"].data["worker"].iloc[2] == "周九"
    path.write_bytes(good)
    assert w.save_project() and worker_in_file(path, 3) == "周九"


def test_edits_survive_a_crash_through_the_private_journal(editable, qtbot, monkeypatch):
    w, path = editable
    rename_worker(w, 3, "吴十")
    frame = w.project["grid_cells"].data
    w.project["grid_cells"].data = frame.drop(index=frame.index[5])          # and a deletion
    w.saving.write_journal()
    journal = journal_path(path)
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal.parent.stat().st_mode) == 0o700
    # the process dies here: nothing saved; a new window opens the project again
    from gridmap.ui.main_window import MainWindow
    from gridmap.ui.saving import SaveController
    monkeypatch.setattr(SaveController, "ask_restore", lambda self, when, rows: True)
    again = MainWindow(language="en")
    qtbot.addWidget(again)
    assert again.open_project(path)
    cells = again.project["grid_cells"].data
    assert len(cells) == len(frame) - 1 and "吴十" in set(cells["worker"])
    assert again.isWindowModified() and again.undo_stack.canUndo()
    assert again.save_project() and not journal.exists()
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM grid_cells").fetchone()[0] == len(frame) - 1
    con.close()
    w.saving.forget_journal()


def test_no_two_actions_share_a_shortcut(window):
    seen = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in seen, f"{text}: {seen.get(text)} and {action.objectName() or action.text()}"
            seen[text] = action.objectName() or action.text()
    assert "Ctrl+Shift+S" in seen and "Ctrl+Shift+K" in seen


def test_floating_attribute_table_gives_the_keyboard_back(window, qtbot):
    window.show_attribute_table()
    window.table_dock.setFloating(True)
    window.table_dock.show()
    qtbot.waitExposed(window.table_dock)
    window.table_dock.activateWindow()
    window.table.filter_edit.setFocus()
    qtbot.keyClicks(window.table.filter_edit, "230110004")
    qtbot.keyClick(window.table.filter_edit, Qt.Key.Key_Escape)      # first Escape clears the filter
    assert window.table.filter_edit.text() == ""
    qtbot.keyClick(window.table.filter_edit, Qt.Key.Key_Escape)      # the next one hands back the map
    assert window.canvas.hasFocus() or window.focusWidget() is window.canvas



def test_remove_and_rename_layers_undoably_and_saved_in_the_file(editable):
    w, path = editable
    assert w.layer_panel.item("buildings").text() == "Buildings"      # the English UI, English names
    w.set_language("zh")
    assert w.layer_panel.item("buildings").text() == "楼栋"
    w.set_language("en")
    assert w.rename_layer("buildings", "香坊楼栋台账")
    assert w.layer_panel.item("buildings").text() == "香坊楼栋台账"
    assert w.remove_layer("roads")
    assert "roads" not in w.project and w.layer_panel.item("roads") is None and w.isWindowModified()
    w.undo_stack.undo()
    assert "roads" in w.project and w.layer_panel.item("roads") is not None
    assert not w.project.changes().removed
    w.undo_stack.redo()
    assert w.save_project()
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    contents = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    con.close()
    assert "roads" not in tables and "rtree_roads_geom" not in tables and "roads" not in contents
    assert "buildings" in tables
    from gridmap.project import Project
    again = Project.open(path)
    assert "roads" not in again and again["buildings"].name == "香坊楼栋台账"


def test_the_real_street_through_the_window(qtbot, tmp_path):
    """File → New project on the OSM boundary, Import OpenStreetMap, Layer → Load data (a GBK
    shapefile of cells), save, Layer → Export: the same functions the commands use, here driven
    through the window's data menu (dialogs bypassed)."""
    from gridmap.ui.main_window import MainWindow
    from tests.conftest import SHARED_DATA
    from tests.io.test_load_data import cells_shapefile
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    w.show()
    menu = w.data_menu
    assert [a.text() for a in menu.layer_menu.actions()][0] == "&Load data…"
    target = tmp_path / "hongqi.gpkg"
    assert menu.new_project_to(target, SHARED_DATA / "hongqi_osm.geojson", code="230110007")
    assert w.project.path == target and "boundary" in w.project
    assert menu.import_osm_from(SHARED_DATA / "harbin.osm.pbf")
    assert len(w.project["buildings"]) == 106 and w.isWindowModified()
    shp, frame = cells_shapefile(tmp_path / "src")
    cells_before = w.project["grid_cells"] if "grid_cells" in w.project else None
    assert menu.load_data_from(shp, "grid_cells")
    assert sorted(w.project["grid_cells"].data["worker"]) == sorted(frame["网格员"])
    # a load and an import are each one undoable step
    loaded = w.project["grid_cells"]
    w.undo_stack.undo()
    now = w.project["grid_cells"] if "grid_cells" in w.project else None
    assert now is cells_before
    w.undo_stack.undo()                                     # the OSM import: no buildings, no credit
    assert "buildings" not in w.project and "roads" not in w.project
    assert "OpenStreetMap" not in w.project.meta.get("credit", "")
    w.undo_stack.redo()
    w.undo_stack.redo()
    assert len(w.project["buildings"]) == 106 and w.project["grid_cells"] is loaded
    assert "OpenStreetMap" in w.project.meta["credit"]
    assert w.save_project() and not w.isWindowModified()
    out = tmp_path / "cells.xlsx"
    assert menu.export_to("grid_cells", out)
    from openpyxl import load_workbook
    assert load_workbook(out).active.max_row == len(frame) + 1
    assert not menu.load_data_from(tmp_path / "nope.shp", "grid_cells")
    assert "nope.shp" in w.last_error[1]


def test_the_load_dialog_remembers_the_mapping_per_source(qtbot, tmp_path):
    import geopandas as gpd
    import shapely
    from gridmap.ui.data_menu import LoadDialog
    from gridmap.ui.settings import remember_mapping
    frame = gpd.GeoDataFrame({"编码X": ["230110007001001"], "负责人": ["张伟"], "户": [300]},
                             geometry=[shapely.box(126.68, 45.73, 126.69, 45.74)], crs=4326)
    first = LoadDialog(None, tmp_path / "a.shp", frame)
    qtbot.addWidget(first)
    assert "worker" not in first.mapping()                 # nothing to guess from these headers
    remember_mapping("grid_cells", first.headers, {"grid_code": "编码X", "worker": "负责人", "households": "户"})
    again = LoadDialog(None, tmp_path / "b.shp", frame)    # next quarter's file, same columns
    qtbot.addWidget(again)
    assert again.mapping() == {"grid_code": "编码X", "worker": "负责人", "households": "户"}
