"""Analysis → Plan grid… in the window: the draft over the map, accepted as one undoable step."""
import numpy as np
import shapely

from tests.analysis.test_topology import spatial_findings


def test_plan_draft_accept_and_undo(window):
    project = window.project
    before = project["grid_cells"].data
    assert window.planner.plan(200, 500, keep_existing=False)
    draft = project["grid_plan"]
    assert len(draft) > 40 and draft.data["in_range"].all()
    window.canvas.render_now()
    assert "grid_plan" in window.canvas.last_drawn
    assert window.actions["accept_plan"].isEnabled()
    assert window.planner.accept()
    cells = project["grid_cells"].data
    assert len(cells) == len(draft.data) and "grid_plan" not in project
    assert cells["worker"].isna().all() and spatial_findings(project) == []
    # buildings follow: each building's code is the cell holding its centre
    b = np.asarray(project.to_metric("buildings").geometry.values)
    m = np.asarray(project.to_metric("grid_cells").geometry.values)
    for k in (0, 100, 300):
        inside = np.flatnonzero(shapely.contains(m, shapely.point_on_surface(b[k])))
        assert project["buildings"].data["grid_code"].iloc[k] == cells["grid_code"].iloc[inside[0]]
    window.undo_stack.undo()
    assert project["grid_cells"].data["grid_code"].tolist() == before["grid_code"].tolist()


def test_keeping_the_cells_in_range_plans_nothing_on_the_demo(window):
    assert window.planner.plan(200, 500, keep_existing=True)
    assert len(window.project["grid_plan"]) == 0          # every demo cell is within 200–500
    window.planner.discard()
    assert "grid_plan" not in window.project and not window.actions["accept_plan"].isEnabled()


def test_a_click_moves_a_block_of_the_draft_with_live_counts(window, qtbot):
    from PySide6.QtCore import Qt
    from tests.ui.conftest import viewport_point
    assert window.planner.plan(200, 500, keep_existing=False)
    result = window.planner.result
    c = next(k for k, parts in enumerate(result.pieces) if len(parts) >= 2)
    block = result.pieces[c][0][0]
    at = shapely.point_on_surface(block).coords[0]
    before = dict(zip(window.project["grid_plan"].data["grid_code"], window.project["grid_plan"].data["households"]))
    window.canvas.zoom_to_geometry([block])
    window.actions["plan_move"].trigger()
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=viewport_point(window.canvas, *at))
    after = dict(zip(window.project["grid_plan"].data["grid_code"], window.project["grid_plan"].data["households"]))
    changed = {k for k in before if before[k] != after[k]}
    assert len(changed) == 2 and sum(before[k] for k in changed) == sum(after[k] for k in changed)
    assert window.planner.accept()
    cells = window.project["grid_cells"].data.set_index("grid_code")["households"]
    assert {k: cells[k] for k in changed} == {k: after[k] for k in changed}


def test_the_status_compares_the_draft_with_the_cells_there_are(window):
    from gridmap.analysis.plan import layout_summary, polsby_popper
    assert window.planner.plan(200, 500, keep_existing=False)
    message = window.statusBar().currentMessage()
    cells = np.asarray(window.project.to_metric("grid_cells").geometry.values)
    now = layout_summary(window.project)
    assert now["cells"] == len(cells) and abs(now["polsby_popper"] - polsby_popper(cells).mean()) < 1e-12
    assert f"now: {len(cells)} cells" in message and f"compactness {now['polsby_popper']:.2f}" in message
