"""The coverage panel in the main window: findings, zoom and flash, overlay, fixes with undo."""
import numpy as np
import shapely
from PySide6.QtCore import Qt

from gridmap.render import palette
from tests.analysis.coverage_fixtures import COMMUNITY, X0, Y0, b, base_parts, make_project

from .conftest import map_pixel, rgba_array, viewport_point


def run_check(window):
    window.check_coverage()
    window.coverage_panel._pool.waitForDone()
    from PySide6.QtWidgets import QApplication
    QApplication.processEvents()
    return window.coverage_panel.report


def tree_counts(panel):
    out = {}
    for i in range(panel.tree.topLevelItemCount()):
        item = panel.tree.topLevelItem(i)
        kind = item.text(0).split("(")[1].split(")")[0]
        out[kind] = item.childCount()
    return out


def test_demo_findings_are_listed_by_type(window):
    report = run_check(window)
    panel = window.coverage_panel
    assert tree_counts(panel) == {k: v for k, v in report.summary().items() if v}
    assert tree_counts(panel)["building_unassigned"] == 1 and "54" in panel.state.text()
    assert "coverage" in window.project and "coverage" in window.canvas.order


def test_clicking_a_finding_zooms_and_flashes_it(window, qtbot):
    run_check(window)
    panel = window.coverage_panel
    head = next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                if "(building_unassigned)" in panel.tree.topLevelItem(i).text(0))
    child = head.child(0)
    panel.tree.setCurrentItem(child)
    panel._on_item_clicked(child, 0)
    building = window.project.to_metric("buildings").set_index("building_id").geometry["B0509"]
    view = window.canvas.view_rect()
    x0, y0, x1, y1 = building.bounds
    assert view.left() < x0 and view.right() > x1 and view.width() < 200      # zoomed to the building
    assert not window.canvas.flash_item.path.isEmpty()
    assert list(window.project["buildings"].selection) == [508]
    assert panel.fix_assign.isEnabled() and not panel.fix_valid.isEnabled()


def test_assign_fix_is_undoable(window):
    run_check(window)
    panel = window.coverage_panel
    finding = panel.report.of_type("building_unassigned")[0]
    cells_before = window.project["grid_cells"].data
    panel.fixRequested.emit("assign", finding)
    assert window.project["buildings"].data["grid_code"].iloc[508] is not None
    report = run_check(window)
    assert report.summary()["building_unassigned"] == 0
    assert report.summary()["overlap"] == 0
    window.undo_stack.undo()
    assert window.project["grid_cells"].data is cells_before
    assert window.project["buildings"].data["grid_code"].isna().iloc[508]
    assert run_check(window).summary()["building_unassigned"] == 1


def test_gap_is_hatched_red_on_the_map(window):
    parts = base_parts()
    parts["grid_cells"][1]["geometry"] = b(103, 0, 200, 100)   # a 3 m wide gap
    window.set_project(make_project(parts))
    window.canvas.asynchronous = False
    report = run_check(window)
    assert report.summary()["gap"] == 1
    window.canvas.zoom_to_rect(window.canvas.full_extent())
    window.canvas.render_now()
    pixels = rgba_array(window.canvas.image_item._pixmap.toImage())
    c0, r0 = map_pixel(window.canvas, X0 + 100.2, Y0 + 98)
    c1, r1 = map_pixel(window.canvas, X0 + 102.8, Y0 + 2)
    strip = pixels[r0:r1, c0:c1 + 1, :3].reshape(-1, 3).astype(int)
    red = np.array(palette.FINDING_RED[:3])
    assert (np.abs(strip - red).max(axis=1) < 40).mean() > 0.15    # hatched and outlined in red


def test_clean_project_shows_coverage_ok(window):
    window.set_project(make_project(base_parts()))
    from tests.analysis.coverage_fixtures import AS_OF
    window.project.meta["as_of"] = AS_OF
    report = run_check(window)
    assert report.ok and "OK" in window.coverage_panel.state.text()


def test_split_by_drawn_line_and_merge_with_undo(window, qtbot):
    window.set_project(make_project(base_parts()))
    window.canvas.asynchronous = False
    window.canvas.zoom_to_rect(window.canvas.full_extent())
    cells = window.project["grid_cells"]
    cells.selection = [0]
    window.actions["split_cell"].trigger()
    assert window.tools.tool == "split"
    for x, y in ((X0 + 60, Y0 - 3), (X0 + 60, Y0 + 103)):
        pos = viewport_point(window.canvas, x, y)
        qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)                  # the line may bend: Enter ends it
    assert len(cells) == 3
    areas = sorted(shapely.area(np.asarray(window.project.to_metric("grid_cells").geometry.values)))
    assert areas == __import__("pytest").approx([4000, 6000, 10000], rel=0.01)   # clicks are whole pixels
    cells.selection = [0, 2]
    window.actions["merge_cells"].trigger()
    assert len(cells) == 2 and cells.data["grid_code"].tolist() == [COMMUNITY + "001", COMMUNITY + "002"]
    window.undo_stack.undo()
    assert len(cells) == 3
    window.undo_stack.undo()
    assert len(cells) == 2 and shapely.area(window.project.to_metric("grid_cells").geometry.iloc[0]) == \
        __import__("pytest").approx(10000)
    window.undo_stack.redo()
    assert len(cells) == 3
