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
