"""Facilities in the app: select the pump room → reach on map and panel; link/unlink, outage,
case and briefing, all undoable."""
import numpy as np
import pandas as pd

PUMP = "F-PUMP-001"


def select_facility(window, facility_id):
    facilities = window.project["facilities"]
    row = int(np.flatnonzero(facilities.data["facility_id"] == facility_id)[0])
    facilities.selection = [row]
    return row


def test_selecting_the_pump_room_shows_both_parties_and_cells(window):
    select_facility(window, PUMP)
    text = window.facility_panel.view.toPlainText()
    for expected in ("公滨路307号院", "哈尔滨市第二医院", "230110004002006", "230110004003006", "421", "市第五供水公司"):
        assert expected in text
    cells = window.project["grid_cells"].data.set_index("grid_code")
    assert cells.loc["230110004002006", "worker"] in text and cells.loc["230110004003006", "worker"] in text
    focus = window.project["facility_focus"].data
    assert (focus["kind"] == "served").sum() == 7 and (focus["kind"] == "link").sum() == 7
    assert "facility_focus" in window.canvas.order


def test_selecting_a_building_lists_its_facilities(window):
    buildings = window.project["buildings"]
    row = int(np.flatnonzero(buildings.data["address"] == "公滨路307-1号")[0])
    buildings.selection = [row]
    assert "公滨路307号院二次供水泵房" in window.facility_panel.view.toPlainText()


def test_link_unlink_undo(window):
    select_facility(window, "F-HEAT-006")       # the heat station that serves nothing
    buildings = window.project["buildings"]
    buildings.selection = [0, 1]
    before = len(window.project["facility_links"])
    window.facility_panel.role.setCurrentIndex(window.facility_panel.role.findData("served"))
    window.facility_panel.link_button.click()
    assert len(window.project["facility_links"]) == before + 2
    assert "2 buildings" in window.facility_panel.view.toPlainText()
    window.facility_panel.unlink_button.click()
    assert len(window.project["facility_links"]) == before
    window.undo_stack.undo()
    assert len(window.project["facility_links"]) == before + 2
    window.undo_stack.undo()
    assert len(window.project["facility_links"]) == before


def test_outage_case_and_briefing(window, tmp_path):
    select_facility(window, PUMP)
    window.facilities.mark_outage(pd.Timestamp("2025-01-14T00:00:00+08:00"), 300.0)
    report = window.facilities.report()
    assert len(report.related_incidents) == 12
    assert "12 probably related incidents" in window.facility_panel.view.toPlainText()
    focus = window.project["facility_focus"].data
    assert (focus["kind"] == "related").sum() == 12 and (focus["kind"] == "area").sum() == 1
    window.facilities.link_case()
    cases = window.project["incidents"].data["case_id"]
    assert (cases == "CASE-F-PUMP-001-20250114").sum() == 12
    path = window.facilities.export_briefing(str(tmp_path / "b.pdf"))
    assert (tmp_path / "b.pdf").stat().st_size > 10_000 and path
    window.undo_stack.undo()                          # the case link
    assert "case_id" not in window.project["incidents"].data or \
        window.project["incidents"].data["case_id"].isna().all()
    window.facility_panel.clear_button.click()        # clearing the outage restores the view
    assert window.facilities.report().related_incidents is None
    assert (window.project["facility_focus"].data["kind"] == "related").sum() == 0
    window.undo_stack.undo()                          # ... and undo brings the outage back
    assert window.facilities.report().related_incidents is not None
