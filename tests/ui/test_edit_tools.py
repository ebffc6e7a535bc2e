"""The planner's tools in the window, driven by mouse and keys as a planner would (offscreen): drag
a shared vertex, add and delete one, reshape a border, split along a bent line, draw a cell, move a
building, edit attributes of several cells at once, update workers from a table; each one undoable,
and the coverage check finds no gap or overlap after any of them."""
import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from tests.analysis.test_topology import shared_vertices, spatial_findings
from tests.ui.conftest import viewport_point


def send(canvas, kind, world, buttons):
    pos = QPointF(viewport_point(canvas, *world))
    button = Qt.MouseButton.LeftButton if kind != QMouseEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, pos, canvas.viewport().mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas.viewport(), event)


def drag(canvas, start, end, steps=6):
    send(canvas, QMouseEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    for t in np.linspace(0, 1, steps)[1:]:
        send(canvas, QMouseEvent.Type.MouseMove, tuple(np.asarray(start) + t * (np.asarray(end) - start)),
             Qt.MouseButton.LeftButton)
    send(canvas, QMouseEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def click(qtbot, canvas, world):
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=viewport_point(canvas, *world))


def zoom_on(window, xy, size=300):
    from PySide6.QtCore import QRectF
    window.canvas.zoom_to_rect(QRectF(xy[0] - size / 2, xy[1] - size / 2, size, size), margin=0)
    window.canvas.render_now()


def cells_m(window):
    return np.asarray(window.project.to_metric("grid_cells").geometry.values)


def test_drag_a_shared_vertex_then_undo(window, qtbot):
    project = window.project
    v = shared_vertices(project)[7]
    zoom_on(window, v)
    before = project["grid_cells"].data
    sharing = int((shapely.distance(cells_m(window), shapely.Point(v)) < 0.01).sum())
    assert sharing >= 2
    window.actions["vertex_tool"].trigger()
    assert window.tools.tool == "vertex"
    drag(window.canvas, tuple(v), (v[0] + 20, v[1] + 12))
    moved = cells_m(window)
    target = shapely.Point(v[0] + 20, v[1] + 12)
    # every cell that had the vertex has it at the new place (to a pixel: the drag is in whole pixels)
    assert int((shapely.distance(moved, target) < window.canvas.world_tolerance(1.5)).sum()) >= sharing
    assert spatial_findings(project) == []
    assert "Move vertex" in window.undo_stack.undoText()
    # the edit is data: the save's change set updates exactly the cells (and areas) that had the vertex
    summary = project.changes().summary()
    assert summary["grid_cells"] == {"inserted": 0, "updated": sharing, "deleted": 0}
    assert set(summary) <= {"grid_cells", "communities", "boundary", "buildings", "incidents", "patrols"}
    assert all(c["inserted"] == 0 and c["deleted"] == 0 for c in summary.values())
    window.undo_stack.undo()
    assert project["grid_cells"].data is not None and \
        shapely.equals_exact(project["grid_cells"].data.geometry.values, before.geometry.values, 0).all()


def test_add_and_delete_a_vertex_with_double_click_and_delete_key(window, qtbot):
    project = window.project
    cell = cells_m(window)[10]
    edge = cell.exterior
    at = np.asarray(edge.interpolate(0.37, normalized=True).coords[0])
    zoom_on(window, at, 200)
    window.actions["vertex_tool"].trigger()
    n_before = len(shapely.get_coordinates(cells_m(window)))
    pos = viewport_point(window.canvas, *at)
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)      # a double click:
    qtbot.mouseDClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)     # press, release,
    qtbot.mouseRelease(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)    # double, release
    assert window.undo_stack.undoText() == "Add vertex" and window.undo_stack.count() == 1
    n_added = len(shapely.get_coordinates(cells_m(window)))
    assert n_added > n_before                                 # in the cell and its neighbour
    assert spatial_findings(project) == []
    send(window.canvas, QMouseEvent.Type.MouseMove, tuple(at), Qt.MouseButton.NoButton)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert len(shapely.get_coordinates(cells_m(window))) == n_before
    assert spatial_findings(project) == []


def test_reshape_split_draw_and_delete_keep_the_coverage(window, qtbot):
    project = window.project
    cells = project["grid_cells"]
    n = len(cells)
    m = cells_m(window)
    # split along a bent line
    row = 5
    c = np.asarray(m[row].centroid.coords[0])
    x0, y0, x1, y1 = m[row].bounds
    zoom_on(window, c, max(x1 - x0, y1 - y0) * 1.6)
    cells.selection = [row]
    window.actions["split_cell"].trigger()
    for p in ((x0 - 10, c[1] + 5), (c[0], c[1] - 8), (x1 + 10, c[1] + 3)):
        click(qtbot, window.canvas, p)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert len(cells) == n + 1 and spatial_findings(project) == []
    households = pd.to_numeric(cells.data["households"]).fillna(0)
    assert households.iloc[-1] >= 0
    # draw a new cell over a corner of another
    target = cells_m(window)[20]
    c = np.asarray(target.centroid.coords[0])
    zoom_on(window, c, 400)
    window.actions["draw_cell"].trigger()
    for dx, dy in ((-30, -30), (40, -25), (35, 40), (-25, 30)):
        click(qtbot, window.canvas, (c[0] + dx, c[1] + dy))
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert len(cells) == n + 2 and spatial_findings(project) == []
    # reshape: from inside cell 30, out across its border and back
    m = cells_m(window)
    cell = m[30]
    c = np.asarray(cell.centroid.coords[0])
    shared = max((shapely.intersection(cell.boundary, m[j].boundary) for j in range(len(m)) if j != 30),
                 key=lambda g: g.length)                  # the longest border with a neighbour
    b = np.asarray(shared.interpolate(0.5, normalized=True).coords[0])
    out = c + (b - c) * 1.4
    side = np.array([-(b - c)[1], (b - c)[0]]) * 0.25
    zoom_on(window, c, 500)
    area_before = cell.area
    window.actions["reshape_tool"].trigger()
    for p in (c, out + side, out - side, c - side * 0.2):
        click(qtbot, window.canvas, p)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert cells_m(window)[30].area > area_before, window.last_error
    assert spatial_findings(project) == []
    # delete a cell: its area joins a neighbour
    cells.selection = [3]
    window.actions["delete_cell"].trigger()
    assert len(cells) == n + 1 and spatial_findings(project) == []
    for _ in range(4):
        window.undo_stack.undo()
    assert len(cells) == n and spatial_findings(project) == []


def test_move_a_building_into_another_cell(window, qtbot):
    project = window.project
    b = project["buildings"]
    m = np.asarray(project.to_metric("buildings").geometry.values)
    row = 100
    start = np.asarray(m[row].centroid.coords[0])
    old_code = b.data["grid_code"].iloc[row]
    cells = cells_m(window)
    here = int(np.flatnonzero(shapely.contains(cells, shapely.Point(start)))[0])
    neighbour = next(j for j in np.flatnonzero(shapely.touches(cells, cells[here])) if j != here)
    goal = np.asarray(shapely.point_on_surface(cells[neighbour]).coords[0])
    zoom_on(window, (start + goal) / 2, float(np.hypot(*(goal - start))) * 1.5 + 100)
    window.actions["move_feature"].trigger()
    drag(window.canvas, tuple(start), tuple(goal))
    new_code = b.data["grid_code"].iloc[row]
    assert new_code == project["grid_cells"].data["grid_code"].iloc[neighbour] != old_code


def test_attribute_form_edits_several_cells_and_refuses_bad_values(window, qtbot, monkeypatch):
    from gridmap.ui.feature_form import FeatureForm
    project = window.project
    cells = project["grid_cells"]
    form = FeatureForm(window, project, "grid_cells", [0, 1])
    qtbot.addWidget(form)
    assert form.fields["worker"].placeholderText()                   # two workers: several values
    form.set_value("households", "abc")
    assert form.reasons["households"].text() and not form.buttons.button(form.buttons.StandardButton.Ok).isEnabled()
    form.set_value("households", "310")
    form.set_value("worker", "新网格员")
    assert form.buttons.button(form.buttons.StandardButton.Ok).isEnabled()
    from gridmap.ui.undo import apply_frames
    codes_before = cells.data["grid_code"].tolist()
    apply_frames(window.undo_stack, project, form.frames(), "Edit attributes")
    assert cells.data["worker"].iloc[:2].tolist() == ["新网格员"] * 2
    assert cells.data["households"].iloc[:2].tolist() == [310, 310]
    assert cells.data["grid_code"].tolist() == codes_before          # not edited: unchanged
    window.undo_stack.undo()
    assert cells.data["worker"].iloc[0] != "新网格员"
    # a cell's new code follows into its buildings
    form = FeatureForm(window, project, "grid_cells", [2])
    old = cells.data["grid_code"].iloc[2]
    n_buildings = int((project["buildings"].data["grid_code"] == old).sum())
    form.set_value("grid_code", old[:-3] + "099")
    apply_frames(window.undo_stack, project, form.frames(), "Edit attributes")
    assert int((project["buildings"].data["grid_code"] == old[:-3] + "099").sum()) == n_buildings > 0


def test_update_workers_from_a_table_in_the_window(window, tmp_path):
    from gridmap.ui.edit_menu import update_from_table
    cells = window.project["grid_cells"]
    codes = cells.data["grid_code"].tolist()[:2]
    table = tmp_path / "workers.csv"
    pd.DataFrame({"网格编码": codes, "网格员": ["甲", "乙"]}).to_csv(table, index=False, encoding="gbk")
    assert update_from_table(window, str(table), "grid_cells", "网格编码")
    assert cells.data["worker"].iloc[:2].tolist() == ["甲", "乙"]
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"网格编码": ["230110004999999"], "网格员": ["丙"]}).to_csv(bad, index=False, encoding="gbk")
    assert not update_from_table(window, str(bad), "grid_cells", "网格编码")
    assert "230110004999999" in window.last_error[1]
    window.undo_stack.undo()
    assert "甲" not in cells.data["worker"].tolist()


def table_cell(window, name: str, column: str, table_row: int):
    """(model, layer, model index, data row, value) of one cell of layer ``name`` in the attribute table."""
    window.show_attribute_table()
    window.table.show_layer(name)
    model = window.table.model
    layer = window.project[name]
    index = model.index(table_row, model.columns.index(column))
    row = model.data_row(table_row)
    return model, layer, index, row, layer.data[column].iloc[row]


def test_editing_in_the_attribute_table_follows_the_contract(window, qtbot):
    model, cells, index, row, old = table_cell(window, "grid_cells", "households", 0)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "many")                          # refused, the reason in the status bar
    assert "Households" in window.statusBar().currentMessage() and cells.data["households"].iloc[row] == old
    assert model.setData(index, "288")
    assert cells.data["households"].iloc[row] == 288
    phone = model.index(0, model.columns.index("worker_phone"))
    assert not model.flags(phone) & Qt.ItemFlag.ItemIsEditable         # masked: not editable until revealed
    window.undo_stack.undo()
    assert cells.data["households"].iloc[row] == old


def test_draw_a_building_add_a_facility_and_delete_them(window, qtbot):
    project = window.project
    buildings, facilities = project["buildings"], project["facilities"]
    n_b, n_f = len(buildings), len(facilities)
    target = cells_m(window)[15]
    c = np.asarray(shapely.point_on_surface(target).coords[0])
    zoom_on(window, c, 200)
    window.actions["draw_building"].trigger()
    for dx, dy in ((-8, -6), (8, -6), (8, 6), (-8, 6)):
        click(qtbot, window.canvas, (c[0] + dx, c[1] + dy))
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert len(buildings) == n_b + 1
    ids = buildings.data["building_id"]
    assert ids.iloc[-1] == f"B{max(int(i[1:]) for i in ids.iloc[:-1]) + 1:04d}"
    here = shapely.contains(cells_m(window), shapely.Point(c))
    assert buildings.data["grid_code"].iloc[-1] == project["grid_cells"].data["grid_code"][here].iloc[0]
    assert buildings.selection == [n_b]
    window.actions["add_facility"].trigger()
    click(qtbot, window.canvas, (c[0] + 30, c[1] + 30))
    assert len(facilities) == n_f + 1 and facilities.data["facility_id"].iloc[-1] == "F-OTHER-001"
    facilities.selection = []
    buildings.selection = [n_b]
    window.actions["delete_features"].trigger()
    assert len(buildings) == n_b
    links_before = len(project["facility_links"])
    linked = project["facility_links"].data["facility_id"].iloc[0]
    facilities.selection = [int(np.flatnonzero(facilities.data["facility_id"] == linked)[0])]
    window.actions["delete_features"].trigger()
    assert linked not in set(project["facility_links"].data["facility_id"]) and len(project["facility_links"]) < links_before
    window.undo_stack.undo()
    assert len(project["facility_links"]) == links_before


def test_a_refused_frame_leaves_no_step_in_the_undo_history(window):
    """The check runs before the push: the error reaches the caller, the history stays as it was,
    and an accepted frame ends up exactly as assigning it to the layer gives."""
    import pytest
    from layers.errors import LayerValidationError
    from gridmap.ui.undo import apply_frames
    layer = window.project["incidents"]
    before, steps = layer.data, window.undo_stack.count()
    from layers.coded import settable
    bad = before.copy(deep=False)
    settable(bad, "source", "not-a-source")      # a code column takes only codes until it is text
    bad.loc[bad.index[0], "source"] = "not-a-source"
    with pytest.raises(LayerValidationError):
        apply_frames(window.undo_stack, window.project, {"incidents": bad}, "bad")
    assert window.undo_stack.count() == steps and layer.data is before
    good = before.copy(deep=False)
    good.loc[good.index[0], "address"] = "改正后的地址"
    apply_frames(window.undo_stack, window.project, {"incidents": good}, "good")
    assert window.undo_stack.count() == steps + 1
    import pandas as pd
    pd.testing.assert_frame_equal(pd.DataFrame(layer.data), pd.DataFrame(layer.checked(good)))
    window.undo_stack.undo()
    assert layer.data is before


def test_a_code_cell_shows_its_label_and_takes_one(window, qtbot):
    """处置层级 shows its label; typing the other language's label (or the code) sets the code,
    a word that is none is refused with the reason, and undo gives the old value back."""
    model, incidents, index, row, old = table_cell(window, "incidents", "level", 3)
    col = index.column()
    assert model.setData(index, "街道")                               # the Chinese label, in an English window
    assert incidents.data["level"].iloc[row] == "street" and model.data(model.index(3, col)) == "Street"
    assert model.setData(model.index(3, col), "district")            # the code itself
    assert incidents.data["level"].iloc[row] == "district" and model.data(model.index(3, col)) == "District"
    assert not model.setData(model.index(3, col), "城堡")
    assert incidents.data["level"].iloc[row] == "district"
    window.undo_stack.undo()
    window.undo_stack.undo()
    import pandas as pd
    after = incidents.data["level"].iloc[row]
    assert (pd.isna(after) and pd.isna(old)) or after == old
