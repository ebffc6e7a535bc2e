"""Shared facilities: the demo's pump room, independent sums, related incidents, link editing."""
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import shapely

from gridmap.analysis.facility_report import (facilities_of_building, facility_report, link_buildings,
                                              outage_report, unlink_buildings)
from layers import FacilityLinksLayer, IncidentsLayer
from tests.conftest import ROOT

PUMP = "F-PUMP-001"


def test_pump_room_names_both_cells_and_both_parties(demo_project):
    report = facility_report(demo_project, PUMP)
    assert report.shared and set(report.shared_because) == {"compounds", "cells"}
    assert report.compounds == ["公滨路307号院", "哈尔滨市第二医院"]
    assert "哈尔滨市第二医院" in report.organisations and "市第五供水公司" in report.organisations
    assert [c["grid_code"] for c in report.cells] == ["230110004002006", "230110004003006"]
    cells = demo_project["grid_cells"].data.set_index("grid_code")
    assert [c["worker"] for c in report.cells] == [cells.loc[c["grid_code"], "worker"] for c in report.cells]


def test_households_equal_an_independent_sum(demo_project):
    links = demo_project["facility_links"].data
    served = links[(links["facility_id"] == PUMP) & (links["role"] == "served")]["building_id"]
    buildings = demo_project["buildings"].data
    expected = int(buildings[buildings["building_id"].isin(served)]["households"].sum())
    assert facility_report(demo_project, PUMP).households == expected == 421


def test_building_lists_its_facilities(demo_project):
    building = demo_project["buildings"].data.set_index("address").loc["公滨路337号", "building_id"]
    deps = facilities_of_building(demo_project, building)
    assert set(zip(deps["facility_id"], deps["role"])) >= {(PUMP, "served"), (PUMP, "owner")}


def test_outage_lists_the_story_complaints_only(fresh_demo):
    report = outage_report(fresh_demo, PUMP, "2025-01-14T00:00:00+08:00")
    related = report.related_incidents
    assert len(related) == 12 and set(related["category"]) == {"water"}
    assert related["reported_at"].min() >= pd.Timestamp("2025-01-13T12:00:00+08:00")
    # Add a heating complaint at the compound (wrong category) and a water complaint 2 km away.
    incidents = fresh_demo["incidents"].data
    near = incidents[incidents["incident_id"] == related["incident_id"].iloc[0]].copy()
    wrong = near.assign(incident_id="T-WRONG", category="heating")
    far = near.assign(incident_id="T-FAR")
    far["geometry"] = shapely.transform(far.geometry.values, lambda xy: xy + [0.02, 0.0])   # ~1.6 km east
    fresh_demo["incidents"].data = pd.concat([incidents, wrong, far], ignore_index=True)
    again = outage_report(fresh_demo, PUMP, "2025-01-14T00:00:00+08:00").related_incidents
    assert "T-WRONG" not in set(again["incident_id"]) and "T-FAR" not in set(again["incident_id"])
    assert len(again) == 12
    wide = outage_report(fresh_demo, PUMP, "2025-01-14T00:00:00+08:00", distance_m=3000).related_incidents
    assert "T-FAR" in set(wide["incident_id"])
    _ = IncidentsLayer


def test_link_and_unlink(demo_project):
    links = demo_project["facility_links"].data
    grown = link_buildings(links, "F-HEAT-006", ["B0001", "B0002", "B0001"], "served")
    assert len(grown) == len(links) + 2
    FacilityLinksLayer(grown)   # still follows the contract
    assert unlink_buildings(grown, "F-HEAT-006", ["B0001"]).shape[0] == len(links) + 1
    with pytest.raises(ValueError, match="unknown role"):
        link_buildings(links, PUMP, ["B0001"], "friend")
    with pytest.raises(KeyError):
        facility_report(demo_project, "F-NONE")


def test_cli_facility_json_and_briefing(tmp_path, demo_path):
    out = tmp_path / "briefing.pdf"
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "facility", str(demo_path), PUMP, "--json",
                          "--outage-since", "2025-01-14T00:00", "--briefing", str(out)],
                         capture_output=True, text=True, timeout=120, env={**__import__("os").environ,
                                                                          "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["households"] == 421 and len(data["related_incidents"]) == 12
    assert {c["grid_code"] for c in data["cells"]} == {"230110004002006", "230110004003006"}
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    # pdftotext reports some CJK glyphs as Kangxi radicals (⼆ for 二): NFKC folds them back.
    text = __import__("unicodedata").normalize("NFKC", text)
    assert "公滨路307号院" in text and "哈尔滨市第二医院" in text and "230110004003006" in text
    assert "421" in text
    project = __import__("gridmap.project", fromlist=["Project"]).Project.open(demo_path)
    workers = set(project["grid_cells"].data["worker"].dropna())   # named on purpose: they answer for cells
    without_workers = text
    for name in sorted(workers, key=len, reverse=True):
        without_workers = without_workers.replace(name, "")
    for column, layer in (("worker_phone", "grid_cells"), ("reporter_phone", "incidents"), ("reporter", "incidents")):
        for value in set(project[layer].data[column].dropna().unique()):
            assert value not in without_workers
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "Pages:           1" in pages
    bad = subprocess.run([sys.executable, str(ROOT / "main.py"), "facility", str(demo_path), "F-NONE"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "F-NONE" in bad.stderr and "Traceback" not in bad.stderr
    _ = np
