"""Incidents in the app: filters drive map, charts and counts; heatmap scale; logging with undo; import."""
import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from .conftest import viewport_point


def test_presets_and_categories_filter_the_layer(window):
    panel = window.incident_panel
    incidents = window.project["incidents"].data
    as_of = pd.Timestamp("2025-03-31T20:15:00+08:00")
    panel.set_preset("last_30")
    expected = (incidents["reported_at"] >= as_of - pd.Timedelta(days=30)) & (incidents["reported_at"] <= as_of)
    assert np.array_equal(window.project["incidents"].filter_mask, expected.to_numpy())
    panel.set_categories({"heating", "property"})
    expected &= incidents["category"].isin(["heating", "property"])
    assert np.array_equal(window.project["incidents"].filter_mask, expected.to_numpy())
    assert f"{int(expected.sum()):,} of 5,840" in panel.count_label.text()
    panel.set_preset("this_quarter")
    q1 = (incidents["reported_at"] >= pd.Timestamp("2025-01-01T00:00:00+08:00")) & \
        incidents["category"].isin(["heating", "property"])
    assert window.project["incidents"].filter_mask.sum() == q1.sum()


def test_charts_follow_the_filter(window):
    panel = window.incident_panel
    panel.set_preset("this_year")
    labels, now, before = window.charts.monthly_values
    assert labels == ["2025-01", "2025-02", "2025-03"]
    incidents = window.project["incidents"].data
    months = incidents["reported_at"].dt.strftime("%Y-%m")
    assert now.tolist() == [int((months == m).sum()) for m in labels]
    assert before.tolist() == [int((months == m.replace("2025", "2024")).sum()) for m in labels]
    mask = window.project["incidents"].filter_mask
    assert window.charts.category_values == incidents["category"][mask].value_counts().to_dict()
    assert "2025Q1" in window.charts.kpi.text() and "353" in window.charts.kpi.text()


def test_chart_exports_png(window, tmp_path):
    window.charts_dock.show()
    window.incident_panel.set_preset("all")
    assert window.charts.export_png("monthly", tmp_path / "m.png")
    image = QImage(str(tmp_path / "m.png"))
    assert image.width() > 50 and image.height() > 50


def test_cell_counts_match_a_spatial_join(window):
    panel = window.incident_panel
    panel.set_preset("last_90")
    window.project["grid_cells"].style = "incident_count"
    from gridmap.render.cell_incidents import cell_values
    values = cell_values(window.project, window.project["grid_cells"], "incident_count")
    cells = window.project.to_metric("grid_cells")
    points = window.project.to_metric("incidents")[window.project["incidents"].filter_mask]
    joined = points[["geometry"]].sjoin(cells[["geometry"]], predicate="within")["index_right"].value_counts()
    assert values.tolist() == [joined.get(k, 0) for k in range(len(cells))]


def test_heatmap_scale_is_fixed_across_zoom_and_can_be_fixed_across_windows(window):
    layer = window.project["incidents"]
    layer.style = "heatmap"
    painter = window.canvas.layer_painters["incidents"]
    window.canvas.render_now()
    grid_a, vmax_a = painter.heat()
    window.canvas.zoom_to_features("grid_cells", [20])
    window.canvas.render_now()
    grid_b, vmax_b = painter.heat()
    assert vmax_a == vmax_b and grid_a.values.shape == grid_b.values.shape   # zoom changes nothing
    window.incident_panel.set_preset("last_30")
    window.incident_panel.lock_scale.setChecked(True)
    locked = painter.heat()[1]
    window.incident_panel.set_preset("last_90")
    assert painter.heat()[1] == locked                                       # fixed across windows
    window.incident_panel.lock_scale.setChecked(False)
    assert painter.heat()[1] != locked


def test_add_incident_by_clicking_the_map_and_undo(window, qtbot):
    buildings = window.project.to_metric("buildings")
    row = int(np.flatnonzero(buildings["address"] == "公滨路307-1号")[0])
    spot = shapely.point_on_surface(buildings.geometry.iloc[row])
    window.canvas.zoom_to_features("buildings", [row])
    window.canvas.render_now()
    picked = []
    window.tools.pointPicked.disconnect(window.incidents.add_at)          # no modal form in a test
    window.tools.pointPicked.connect(lambda x, y: picked.append((x, y)))
    window.actions["add_incident"].trigger()
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=viewport_point(window.canvas, spot.x, spot.y))
    assert len(picked) == 1
    before = len(window.project["incidents"])
    assert window.incidents.add_at(*picked[0], {"category": "water", "kind": "complaint", "source": "hotline_12345",
                                                "description": "停水"})
    new = window.project["incidents"].data.iloc[-1]
    assert len(window.project["incidents"]) == before + 1
    assert (new["address"], new["grid_code"], new["status"]) == ("公滨路307-1号", "230110004002006", "received")
    window.undo_stack.undo()
    assert len(window.project["incidents"]) == before


def test_workflow_edit_and_undo(window, monkeypatch):
    from gridmap.ui.case_entry import CaseEntryDialog
    forms = []

    def answer(dialog):                 # the dispatch form (no routing rules here): a department, OK
        forms.append(dialog)
        dialog.widgets["department"].setCurrentText("物业公司")
        dialog.accept()
        return dialog.result()
    monkeypatch.setattr(CaseEntryDialog, "exec", answer)
    layer = window.project["incidents"]
    row = int(np.flatnonzero(layer.data["status"] == "received")[0])
    assert window.incidents.edit(row, {"description": "已派网格员"}, "dispatched")
    assert forms and "No routing rule fits" in forms[0].rule_note.text()
    assert layer.data["status"].iloc[row] == "dispatched" and layer.data["description"].iloc[row] == "已派网格员"
    assert layer.data["dispatched_at"].notna().iloc[row] and layer.data["department"].iloc[row] == "物业公司"
    assert not window.incidents.edit(row, {}, "received")            # backwards: refused, shown as error
    assert "backwards" in window.last_error[1]
    window.undo_stack.undo()
    assert layer.data["status"].iloc[row] == "received"


def test_import_dialog_preview_run_and_apply(window, tmp_path):
    from gridmap.ui.import_dialog import ImportDialog
    rows = pd.DataFrame({"工单编号": ["X1", "X2", "X3"], "受理时间": ["2025-03-30 10:00"] * 3,
                         "诉求类别": ["供暖", "物业", "噪音"], "地址": ["公滨路307-1号", "红旗大街187-3号", "无此地址"]})
    rows.to_csv(tmp_path / "x.csv", index=False, encoding="gbk")
    dialog = ImportDialog(window.project, window)
    dialog.path_edit.setText(str(tmp_path / "x.csv"))
    assert dialog.load_preview()
    assert dialog.mapping_chosen()["reported_at"] == "受理时间" and dialog.preview.rowCount() == 3
    assert dialog.run()
    assert "imported 2, failed 1" in dialog.report.toPlainText() and dialog.save_failed.isEnabled()
    before = len(window.project["incidents"])
    window.incidents.apply_import(dialog.result)
    assert len(window.project["incidents"]) == before + 2
    window.undo_stack.undo()
    assert len(window.project["incidents"]) == before
