"""Coverage check on hand-built cases with known answers, and on the demo's documented blind spots."""
import numpy as np
import pandas as pd
import pytest
import shapely

from gridmap.analysis.coverage import CoverageOptions, check_coverage, report_json

from .coverage_fixtures import AS_OF, COMMUNITY, X0, Y0, b, base_parts, make_project


def run(parts, **options):
    return check_coverage(make_project(parts), CoverageOptions(as_of=AS_OF, **options))


def found(report):
    return {k: v for k, v in report.summary().items() if v}


def test_valid_tiling_reports_nothing():
    report = run(base_parts())
    assert report.ok, [(f.type, f.ids) for f in report.findings]


def test_a_0_3_m_sliver_gap_is_found_once_with_its_area():
    parts = base_parts()
    parts["grid_cells"][1]["geometry"] = b(100.3, 0, 200, 100)
    report = run(parts)
    assert found(report) == {"gap": 1}
    gap = report.of_type("gap")[0]
    assert gap.area_m2 == pytest.approx(0.3 * 100, rel=1e-6)
    assert gap.geometry.bounds == pytest.approx((X0 + 100, Y0, X0 + 100.3, Y0 + 100))
    # Users can filter gaps by minimum area, and a tolerance wider than the gap hides it.
    assert found(run(parts, min_gap_m2=31)) == {}
    assert found(run(parts, tolerance_m=0.5)) == {}


def test_intentional_holes_are_not_gaps():
    parts = base_parts()
    parts["grid_cells"][1]["geometry"] = b(100, 0, 200, 100).difference(b(120, 80, 140, 95))
    assert found(run(parts)) == {"gap": 1}
    project = make_project(parts)
    from layers import OtherLayer
    from .coverage_fixtures import frame
    project.add_layer(OtherLayer(frame([dict(name="湖", geometry=b(120, 80, 140, 95))]), layer_name="lakes"))
    assert check_coverage(project, CoverageOptions(as_of=AS_OF, holes_layer="lakes")).ok


def test_a_1_m2_overlap_is_found_once_naming_both_cells():
    parts = base_parts()
    parts["grid_cells"][0]["geometry"] = b(0, 0, 100, 100).union(b(100, 50, 101, 51))
    report = run(parts)
    assert found(report) == {"overlap": 1}
    overlap = report.of_type("overlap")[0]
    assert overlap.area_m2 == pytest.approx(1.0)
    assert overlap.ids == [COMMUNITY + "001", COMMUNITY + "002"]


def test_cell_outside_the_boundary():
    parts = base_parts()
    parts["grid_cells"][1]["geometry"] = b(100, 0, 205, 100)
    report = run(parts)
    assert found(report) == {"cell_outside": 1}
    assert report.of_type("cell_outside")[0].area_m2 == pytest.approx(500)


def test_building_straddling_50_50_is_split_3_97_is_not():
    parts = base_parts()
    parts["buildings"].append(dict(building_id="B5", address="测试路5号", name="商铺", compound="丙", use="commercial",
                                   floors=1, households=0, grid_code=COMMUNITY + "001", geometry=b(90, 40, 110, 55)))
    report = run(parts)
    assert found(report) == {"building_split": 1, "building_not_visited": 1}
    split = report.of_type("building_split")[0]
    assert split.ids == ["B5"] and split.detail["shares"] == [0.5, 0.5]
    parts["buildings"][-1].update(geometry=b(99.4, 40, 119.4, 55), grid_code=COMMUNITY + "002")
    report = run(parts)
    assert found(report) == {"building_not_visited": 1}      # 3 % in a second cell is not a split


def test_building_code_mismatch_and_unassigned():
    parts = base_parts()
    parts["buildings"][0]["grid_code"] = COMMUNITY + "002"
    report = run(parts)
    assert found(report) == {"building_code_mismatch": 1}
    assert report.of_type("building_code_mismatch")[0].detail == {"grid_code": COMMUNITY + "002",
                                                                  "lies_in": COMMUNITY + "001"}
    parts = base_parts()
    parts["boundary"][0]["geometry"] = b(0, 0, 260, 100)
    parts["grid_cells"][1]["geometry"] = b(100, 0, 260, 100)
    parts["buildings"][3]["geometry"] = b(270, 10, 290, 20)   # a building beyond every cell
    parts["buildings"][2]["households"] = 300                 # (its cell keeps its households)
    report = run(parts)
    assert found(report) == {"building_unassigned": 1}
    assert report.of_type("building_unassigned")[0].ids == ["B4"]


def test_duplicated_grid_code_is_one_finding():
    parts = base_parts()
    parts["grid_cells"][1]["grid_code"] = COMMUNITY + "001"
    for bd in parts["buildings"]:
        bd["grid_code"] = COMMUNITY + "001"
    report = run(parts)
    assert found(report) == {"grid_code_invalid": 1}
    dup = report.of_type("grid_code_invalid")[0]
    assert dup.rows == [0, 1] and dup.detail["reason"] == "duplicate"


@pytest.mark.parametrize(("code", "reason"), [("23011000400100", "not 15 digits"), ("2301100040010AB", "not 15 digits"),
                                              ("230110004002001", "does not start with its community code")])
def test_badly_formed_grid_codes(code, reason):
    parts = base_parts()
    parts["grid_cells"][0]["grid_code"] = code
    for bd in parts["buildings"][:2]:
        bd["grid_code"] = code
    report = run(parts)
    assert found(report) == {"grid_code_invalid": 1}
    assert report.of_type("grid_code_invalid")[0].detail["reason"] == reason


def test_cell_with_no_worker():
    parts = base_parts()
    parts["grid_cells"][1]["worker"] = None
    report = run(parts)
    assert found(report) == {"cell_no_worker": 1}
    assert report.of_type("cell_no_worker")[0].ids == [COMMUNITY + "002"]


def test_households_counted_from_buildings_not_the_cell_column():
    parts = base_parts()
    parts["grid_cells"][0]["households"] = 9999           # a stale column is not what counts
    assert run(parts).ok
    parts["buildings"][0]["households"] = 10               # the cell's buildings now hold 160
    report = run(parts)
    assert found(report) == {"cell_households": 1}
    assert report.of_type("cell_households")[0].detail["households"] == 160
    assert found(run(parts, households_min=150)) == {}


def test_a_building_with_no_patrol_in_31_days():
    parts = base_parts()
    parts["patrols"][2]["visited_at"] = "2025-02-28T11:00:00+08:00"   # 31 days and an hour before
    report = run(parts)
    assert found(report) == {"building_not_visited": 1}
    assert report.of_type("building_not_visited")[0].ids == ["B3"]
    assert found(run(parts, window_days=32)) == {}


def test_cell_not_patrolled_reports_days_since_last_patrol():
    parts = base_parts()
    parts["patrols"][2]["visited_at"] = "2025-02-20T12:00:00+08:00"
    parts["patrols"][3]["visited_at"] = "2025-02-21T12:00:00+08:00"
    report = run(parts)
    assert found(report) == {"building_not_visited": 2, "cell_not_patrolled": 1}
    assert report.of_type("cell_not_patrolled")[0].detail["days_since_last_patrol"] == 38.0
    assert report.cell_last_patrol_days[0] == pytest.approx(1 + 3 / 24)


def test_incident_outside_and_overdue():
    parts = base_parts()
    parts["incidents"].append(dict(parts["incidents"][0], incident_id="I9", geometry=shapely.Point(X0 + 250, Y0 + 50)))
    parts["incidents"].append(dict(parts["incidents"][0], incident_id="I10", status="in_progress", resolved_at=None,
                                   reported_at="2025-03-24T11:00:00+08:00"))
    report = run(parts)
    assert found(report) == {"incident_outside": 1, "incident_overdue": 1}
    assert report.of_type("incident_outside")[0].ids == ["I9"]
    assert report.of_type("incident_overdue")[0].detail["open_days"] == pytest.approx(7.04, abs=0.06)
    assert found(run(parts, overdue_days=8)) == {"incident_outside": 1}


def test_silent_populous_cell():
    parts = base_parts()
    parts["buildings"][2]["households"] = 300            # cell 2 is now the populous quarter
    parts["incidents"] = parts["incidents"][:1]           # and has no incident in the window
    report = run(parts, households_max=600)
    assert found(report) == {"silent_cell": 1}
    assert report.of_type("silent_cell")[0].ids == [COMMUNITY + "002"]


def test_facility_without_owner_and_unlinked_pump_room():
    parts = base_parts()
    parts["facilities"][0].update(owner=None, maintainer=None)
    parts["facility_links"] = []
    report = run(parts)
    assert found(report) == {"facility_unowned": 1, "facility_unlinked": 1}


def test_invalid_geometry_says_why():
    parts = base_parts()
    bow = shapely.Polygon([(X0 + 10, Y0 + 10), (X0 + 40, Y0 + 25), (X0 + 40, Y0 + 10), (X0 + 10, Y0 + 25)])
    parts["buildings"][0]["geometry"] = bow
    report = run(parts)
    invalid = report.of_type("invalid_geometry")
    assert len(invalid) == 1 and invalid[0].ids == ["B1"] and "Self-intersection" in invalid[0].detail["reason"]


def test_json_has_summary_findings_and_wgs84_wkt():
    parts = base_parts()
    parts["grid_cells"][1]["geometry"] = b(100.3, 0, 200, 100)
    project = make_project(parts)
    out = report_json(project, check_coverage(project, CoverageOptions(as_of=AS_OF)))
    assert out["summary"]["gap"] == 1 and sum(out["summary"].values()) == 1
    gap = out["findings"][0]
    assert gap["type"] == "gap" and gap["area_m2"] == pytest.approx(30.0, rel=1e-4)
    lon, lat = shapely.from_wkt(gap["wkt"]).centroid.coords[0]
    assert 126.6 < lon < 126.8 and 45.6 < lat < 45.8


def test_options_are_validated():
    with pytest.raises(ValueError, match="households range"):
        check_coverage(make_project(base_parts()), CoverageOptions(households_min=500, households_max=200))
    with pytest.raises(ValueError, match="holes layer"):
        check_coverage(make_project(base_parts()), CoverageOptions(holes_layer="lakes"))


def test_demo_blind_spots_are_found_exactly(demo_project):
    report = check_coverage(demo_project)
    ids = {t: sorted(i for f in report.of_type(t) for i in f.ids) for t in report.summary()}
    buildings = demo_project["buildings"].data
    incidents = demo_project["incidents"].data
    # Independent expectations, from data/README.md and the tables themselves.
    not_patrolled_cell = "230110004006002"
    expected_not_visited = sorted(buildings.loc[buildings["grid_code"] == not_patrolled_cell, "building_id"]) + ["B0509"]
    as_of = pd.Timestamp("2025-03-31T20:15:00+08:00")
    open_ = incidents["status"].isin(["received", "dispatched", "in_progress"])
    overdue = incidents.loc[open_ & ((as_of - incidents["reported_at"]) > pd.Timedelta(days=7)), "incident_id"]
    assert report.as_of == as_of
    assert ids["building_unassigned"] == ["B0509"]
    assert ids["cell_no_worker"] == ["230110004004003"]
    assert ids["cell_not_patrolled"] == [not_patrolled_cell]
    assert ids["silent_cell"] == ["230110004003004"]
    assert ids["facility_unowned"] == ["F-SUB-003"]
    assert ids["facility_unlinked"] == ["F-HEAT-006"]
    assert ids["building_not_visited"] == sorted(expected_not_visited)
    assert ids["incident_outside"] == sorted(incidents.loc[incidents["building_id"] == "B0509", "incident_id"])
    assert ids["incident_overdue"] == sorted(overdue) and len(overdue) == 10
    for kind in ("gap", "overlap", "cell_outside", "invalid_geometry", "building_split", "building_code_mismatch",
                 "cell_households", "grid_code_invalid"):
        assert ids[kind] == [], kind
    _ = np


def test_a_re_check_after_edits_sees_the_edited_cells_and_buildings():
    """Validity and the building -> cell assignment are remembered between checks: an edit of the
    cells or of the buildings must still change the answer, an incident edit must not."""
    project = make_project(base_parts())
    opts = CoverageOptions(as_of=AS_OF)
    assert check_coverage(project, opts).ok
    cells = project["grid_cells"].data.copy()
    cells.loc[0, "geometry"] = b(0, 0, 5, 5)            # cell 1 shrinks away from B1 and B2
    project["grid_cells"].data = cells
    report = check_coverage(project, opts)
    assert sorted(f.ids[0] for f in report.of_type("building_unassigned")) == ["B1", "B2"]
    project["grid_cells"].data = make_project(base_parts())["grid_cells"].data
    buildings = project["buildings"].data.copy()
    buildings.loc[3, "geometry"] = b(90, 60, 110, 75)   # B4 now straddles the border 50/50
    project["buildings"].data = buildings
    report = check_coverage(project, opts)
    assert [f.ids for f in report.of_type("building_split")] == [["B4"]]
    incidents = project["incidents"].data.copy()
    incidents.loc[0, "status"], incidents.loc[0, "resolved_at"] = "received", pd.NaT
    project["incidents"].data = incidents
    again = check_coverage(project, opts)
    assert [f.ids for f in again.of_type("building_split")] == [["B4"]]


def test_cell_households_come_from_buildings_else_the_cell_else_estimates():
    """Three cells: surveyed buildings (120 + 130), none (the cell's own 300 from another system),
    only OSM estimates (70 + 50, no own value). Worked out by hand."""
    import geopandas as gpd
    import shapely
    from layers import LAYER_CLASSES
    from gridmap.analysis.stats import cell_households
    from gridmap.project import Project
    lon0, lat0, d = 126.68, 45.73, 0.002
    squares = [shapely.box(lon0 + k * d, lat0, lon0 + (k + 1) * d, lat0 + d) for k in range(3)]
    cells = gpd.GeoDataFrame({"grid_code": [f"230110007001{k + 1:03d}" for k in range(3)], "name": ["A", "B", "C"],
                              "community_code": ["230110007001"] * 3, "worker": ["甲", "乙", "丙"],
                              "households": [999, 300, None]}, geometry=squares, crs=4326)

    def inner(k, dx):
        x = lon0 + k * d + dx
        return shapely.box(x, lat0 + 0.0005, x + 0.0003, lat0 + 0.0008)
    buildings = gpd.GeoDataFrame({"building_id": ["B1", "B2", "O1", "O2"], "households": [120, 130, 70, 50],
                                  "households_source": [None, None, "estimated", "estimated"],
                                  "use": ["residential"] * 4, "address": ["a", "b", "c", "d"], "grid_code": [None] * 4},
                                 geometry=[inner(0, 0.0002), inner(0, 0.001), inner(2, 0.0002), inner(2, 0.001)], crs=4326)
    project = Project([LAYER_CLASSES["grid_cells"](cells), LAYER_CLASSES["buildings"](buildings)])
    values, sources = cell_households(project)
    assert values.tolist() == [250, 300, 120]
    assert sources.tolist() == ["buildings", "cell", "estimated"]
