"""Incident editing: a click fills address and cell; the status workflow only moves forward."""
import pandas as pd
import pytest
import shapely

from gridmap.analysis.incident_edit import add_incident, set_status, update_incident
from gridmap.analysis.incidents import OVERDUE, incident_state
from layers import IncidentsLayer

NOW = pd.Timestamp("2025-03-31T10:00:00+08:00")


def test_a_click_on_a_building_fills_address_building_and_cell(fresh_demo):
    buildings = fresh_demo.to_metric("buildings")
    row = int((buildings["address"] == "公滨路307-1号").to_numpy().nonzero()[0][0])
    spot = shapely.point_on_surface(buildings.geometry.iloc[row])
    frame = add_incident(fresh_demo, spot.x, spot.y, {"category": "water", "kind": "complaint",
                                                      "source": "hotline_12345", "description": "停水"}, NOW)
    new = IncidentsLayer(frame).data.iloc[-1]
    assert (new["address"], new["building_id"], new["grid_code"]) == ("公滨路307-1号", buildings["building_id"].iloc[row],
                                                                       "230110004002006")
    assert new["status"] == "received" and new["reported_at"] == NOW
    assert new["incident_id"].startswith("I20250331-") and new["incident_id"] not in set(frame["incident_id"][:-1])


def test_status_workflow_forward_with_timestamps(fresh_demo):
    frame = fresh_demo["incidents"].data
    row = int((frame["status"] == "received").to_numpy().nonzero()[0][0])
    later = NOW + pd.Timedelta(hours=5)
    frame = set_status(frame, row, "dispatched", NOW)
    frame = set_status(frame, row, "resolved", later)        # in_progress skipped: stamped too
    validated = IncidentsLayer(frame).data
    assert validated["status"].iloc[row] == "resolved"
    assert validated["resolved_at"].iloc[row] == later and validated["dispatched_at"].iloc[row] == NOW
    assert validated["in_progress_at"].iloc[row] == later
    with pytest.raises(ValueError, match="backwards"):
        set_status(frame, row, "dispatched", later)
    with pytest.raises(ValueError, match="unknown status"):
        set_status(frame, row, "lost", later)


def test_overdue_follows_status(fresh_demo):
    frame = fresh_demo["incidents"].data
    as_of = pd.Timestamp("2025-03-31T20:15:00+08:00")
    row = int((incident_state(frame, as_of) == OVERDUE).nonzero()[0][0])
    done = set_status(frame, row, "resolved", as_of)
    assert incident_state(done, as_of)[row] == 0


def test_update_fields_but_not_status(fresh_demo):
    frame = fresh_demo["incidents"].data
    out = update_incident(frame, 0, {"description": "新描述", "category": "noise"})
    assert out["description"].iloc[0] == "新描述" and frame["description"].iloc[0] != "新描述"
    with pytest.raises(ValueError):
        update_incident(frame, 0, {"status": "closed"})
