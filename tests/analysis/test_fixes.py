"""Fixes for coverage findings, checked by re-running the check and by hand-computed answers."""
import numpy as np
import pytest
import shapely

from gridmap.analysis import fixes
from gridmap.analysis.coverage import CoverageOptions, check_coverage

from .coverage_fixtures import AS_OF, COMMUNITY, X0, Y0, b, base_parts, make_project


def apply(project, frames):
    for name, frame in frames.items():
        project[name].data = frame
    return check_coverage(project, CoverageOptions(as_of=AS_OF))


def summary(report):
    return {k: v for k, v in report.summary().items() if v}


def test_assign_a_building_in_a_hole_grows_the_nearest_cell_only():
    parts = base_parts()
    parts["grid_cells"][1]["geometry"] = b(100, 0, 200, 100).difference(b(145, 55, 190, 95))
    project = make_project(parts)
    before = check_coverage(project, CoverageOptions(as_of=AS_OF))
    assert summary(before) == {"gap": 1, "building_unassigned": 1, "cell_households": 1}
    hole_area = before.of_type("gap")[0].area_m2
    after = apply(project, fixes.assign_to_cells(project, [3]))
    assert "building_unassigned" not in summary(after) and "overlap" not in summary(after)
    assert project["buildings"].data["grid_code"].iloc[3] == COMMUNITY + "002"
    # The gap shrank by at least the building's footprint; what is left is still reported.
    assert after.of_type("gap")[0].area_m2 <= hole_area - 30 * 15 + 1e-6


def test_assign_sets_the_code_of_the_containing_cell():
    parts = base_parts()
    parts["buildings"][0]["grid_code"] = None
    project = make_project(parts)
    assert summary(check_coverage(project, CoverageOptions(as_of=AS_OF))) == {"building_code_mismatch": 1}
    assert apply(project, fixes.assign_to_cells(project, [0])).ok


def test_renumber_follows_db11_and_carries_codes_to_buildings():
    parts = base_parts()
    parts["grid_cells"][0]["grid_code"], parts["grid_cells"][1]["grid_code"] = COMMUNITY + "002", COMMUNITY + "001"
    for bd in parts["buildings"]:
        bd["grid_code"] = COMMUNITY + ("002" if bd["building_id"] in ("B1", "B2") else "001")
    project = make_project(parts)
    report = apply(project, fixes.renumber_community(project, COMMUNITY))
    assert report.ok
    assert project["grid_cells"].data["grid_code"].tolist() == [COMMUNITY + "001", COMMUNITY + "002"]
    assert project["buildings"].data.set_index("building_id")["grid_code"].to_dict() == {
        "B1": COMMUNITY + "001", "B2": COMMUNITY + "001", "B3": COMMUNITY + "002", "B4": COMMUNITY + "002"}


def test_db11_order_rows_north_to_south_west_to_east():
    # Six 10 m squares in two rows, given shuffled; the northern row's edges wander by 2 m.
    squares = {"a": (0, 12), "b": (10, 10), "c": (20, 11), "d": (0, 0), "e": (10, 0), "f": (20, 0)}
    names = ["e", "c", "a", "f", "b", "d"]
    geoms = np.array([shapely.box(squares[n][0], squares[n][1], squares[n][0] + 10, squares[n][1] + 10)
                      for n in names])
    assert [names[i] for i in fixes.db11_order(geoms)] == ["a", "b", "c", "d", "e", "f"]


def test_split_then_merge_keeps_the_tiling():
    parts = base_parts()
    parts["buildings"].append(dict(parts["buildings"][0], building_id="B5", address="测试路9号",
                                   geometry=b(70, 40, 90, 55), households=10))
    parts["patrols"].append(dict(parts["patrols"][0], patrol_id="P9", building_id="B5",
                                 geometry=shapely.Point(X0 + 80, Y0 + 47)))
    project = make_project(parts)
    line = shapely.LineString([(X0 + 60, Y0 - 5), (X0 + 60, Y0 + 105)])
    report = apply(project, fixes.split_cell(project, 0, line))
    cells = project["grid_cells"].data
    assert len(cells) == 3 and cells["grid_code"].tolist() == [COMMUNITY + "001", COMMUNITY + "002",
                                                               COMMUNITY + "003"]
    areas = shapely.area(np.asarray(project.to_metric("grid_cells").geometry.values))
    assert areas == pytest.approx([6000, 10000, 4000], rel=1e-6)
    codes = project["buildings"].data.set_index("building_id")["grid_code"]
    assert codes["B5"] == COMMUNITY + "003" and codes["B1"] == COMMUNITY + "001"
    # No gap, no overlap; the new cell awaits a worker and is below the household range.
    assert summary(report) == {"cell_no_worker": 1, "cell_households": 1}
    report = apply(project, fixes.merge_cells(project, [0, 2]))
    assert report.ok
    assert project["buildings"].data.set_index("building_id")["grid_code"]["B5"] == COMMUNITY + "001"
    assert len(project["grid_cells"]) == 2


def test_split_with_a_line_that_misses_is_refused():
    project = make_project(base_parts())
    with pytest.raises(ValueError, match="cross the cell"):
        fixes.split_cell(project, 0, shapely.LineString([(X0 + 300, Y0), (X0 + 300, Y0 + 100)]))


def test_merge_refuses_cells_that_do_not_touch():
    parts = base_parts()
    parts["boundary"][0]["geometry"] = b(0, 0, 300, 100)
    parts["grid_cells"].append(dict(parts["grid_cells"][1], grid_code=COMMUNITY + "003", geometry=b(200, 0, 300, 100)))
    project = make_project(parts)
    with pytest.raises(ValueError, match="do not touch"):
        fixes.merge_cells(project, [0, 2])


def test_make_valid_repairs_a_bow_tie():
    parts = base_parts()
    parts["buildings"][0]["geometry"] = shapely.Polygon([(X0 + 10, Y0 + 10), (X0 + 40, Y0 + 25), (X0 + 40, Y0 + 10),
                                                         (X0 + 10, Y0 + 25)])
    project = make_project(parts)
    frames = fixes.make_valid(project, "buildings", [0])
    assert frames["buildings"].geometry.iloc[0].is_valid
    assert "invalid_geometry" not in summary(apply(project, frames))
