"""The grid planner on hand-built streets whose right answer is known, checked with plain shapely:
cells tile each community (no gap, no overlap), never cross a community border, never split a
building, hold MIN–MAX households, follow roads, and are numbered west→east, north→south."""
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, box

from gridmap.analysis.plan import move_block, plan_frames, plan_grid, polsby_popper
from gridmap.project import Project
from layers import BoundaryLayer, BuildingsLayer
from layers.communities import CommunitiesLayer
from layers.other import OtherLayer
from tests.analysis.coverage_fixtures import CRS, X0, Y0, frame

C1, C2 = "230110004001", "230110004002"


def street(communities, buildings, roads=()):
    """``communities``: [(code, (x0, y0, x1, y1))]; ``buildings``: [(x0, y0, x1, y1, households)];
    ``roads``: [((x, y), …, highway)] — metres from (X0, Y0)."""
    shift = lambda g: shapely.transform(g, lambda xy: xy + [X0, Y0])  # noqa: E731
    comm = [dict(community_code=c, name=f"社区{c[-1]}", geometry=shift(box(*r))) for c, r in communities]
    whole = shapely.union_all([c["geometry"] for c in comm])
    layers = [BoundaryLayer(frame([dict(name="测试街道", code="230110004", geometry=whole)])),
              CommunitiesLayer(frame(comm)),
              BuildingsLayer(frame([dict(building_id=f"B{k:03d}", use="residential", households=h, address="测试路", grid_code=None,
                                         geometry=shift(box(x0, y0, x1, y1)))
                                    for k, (x0, y0, x1, y1, h) in enumerate(buildings)]))]
    if roads:
        layers.append(OtherLayer(frame([dict(name="路", highway=r[-1], geometry=shift(LineString(r[:-1])))
                                        for r in roads]), layer_name="roads"))
    return Project(layers)


def row_of_buildings(x0, x1, y, households, width=20, gap=10):
    out, x = [], x0
    while x + width <= x1:
        out.append((x, y, x + width, y + 12, households))
        x += width + gap
    return out


def check_rules(project, result, low, high):
    cells = np.asarray(result.cells, dtype=object)
    comm = project.to_metric("communities")
    # tiling: the cells' union is the communities' union, the sum of areas equals the union's
    union = shapely.union_all(cells)
    whole = shapely.union_all(np.asarray(comm.geometry.values))
    assert shapely.symmetric_difference(union, whole).area < 0.01
    assert abs(shapely.area(cells).sum() - union.area) < 0.01
    assert set(shapely.get_type_id(cells)) == {3}                       # single polygons
    # never across a community border
    for cell, code in zip(cells, result.community):
        own = comm.geometry.values[list(comm["community_code"]).index(code)]
        assert shapely.intersection(cell, own).area == pytest.approx(cell.area, abs=0.01)
    # no building split: each lies wholly in one cell
    b = np.asarray(project.to_metric("buildings").geometry.values)
    inside = [int((shapely.area(shapely.intersection(cells, g)) > 0.01).sum()) for g in b]
    assert inside == [1] * len(b)
    # households by direct count
    hh = project["buildings"].data["households"].to_numpy()
    for k, cell in enumerate(cells):
        assert result.households[k] == hh[shapely.contains(cell, shapely.point_on_surface(b))].sum()


def test_a_road_divides_two_blocks_of_300():
    buildings = row_of_buildings(10, 190, 40, 50) + row_of_buildings(210, 390, 40, 50)
    project = street([(C1, (0, 0, 400, 100))], buildings, roads=[((200, -10), (200, 110), "secondary")])
    result = plan_grid(project, 200, 500)
    check_rules(project, result, 200, 500)
    assert result.codes == [C1 + "001", C1 + "002"]                    # west first
    areas = shapely.area(np.asarray(result.cells, dtype=object))
    assert areas.tolist() == pytest.approx([20000, 20000], abs=1)      # the road is the border
    assert result.households.tolist() == [300, 300]


def test_a_long_block_of_900_is_cut_between_buildings():
    buildings = row_of_buildings(0, 1200, 40, 25)                       # 40 buildings, 1000 households
    project = street([(C1, (0, 0, 1200, 100))], buildings)
    result = plan_grid(project, 200, 500)
    check_rules(project, result, 200, 500)
    assert len(result.cells) == 2 and all(200 <= h <= 500 for h in result.households)
    assert result.households.sum() == 25 * len(buildings)
    assert polsby_popper(result.cells).min() > 0.3


def test_small_blocks_merge_and_a_small_community_is_one_cell():
    roads = [((100, -10), (100, 110), "residential"), ((200, -10), (200, 110), "residential"),
             ((300, -10), (300, 110), "residential")]
    buildings = [(x + 20, 40, x + 60, 55, 120) for x in (0, 100, 200, 300)]
    project = street([(C1, (0, 0, 400, 100)), (C2, (0, 100, 400, 200))],
                     buildings + [(20, 140, 60, 160, 90)], roads)
    result = plan_grid(project, 200, 500)
    check_rules(project, result, 200, 500)
    first = [h for h, c in zip(result.households, result.community) if c == C1]
    assert sorted(first) == [240, 240]                                  # four blocks of 120 → two cells of 240
    second = [g for g, c in zip(result.cells, result.community) if c == C2]
    assert len(second) == 1 and second[0].area == pytest.approx(40000, abs=1)   # 90 households: one cell


def test_the_draft_as_frames_and_through_the_command(tmp_path):
    from tests.test_cli import run
    buildings = row_of_buildings(10, 190, 40, 50) + row_of_buildings(210, 390, 40, 50)
    project = street([(C1, (0, 0, 400, 100))], buildings, roads=[((200, -10), (200, 110), "secondary")])
    frames = plan_frames(project, plan_grid(project, 200, 500))
    cells = frames["grid_cells"]
    assert cells["grid_code"].tolist() == [C1 + "001", C1 + "002"] and cells["worker"].isna().all()
    codes = frames["buildings"]["grid_code"].tolist()
    assert codes == [C1 + "001"] * 6 + [C1 + "002"] * 6
    path = tmp_path / "s.gpkg"
    project.save(str(path))
    done = run("plan", str(path))
    assert done.returncode == 0, done.stderr
    assert "2 cells" in done.stdout and "100% within 200–500" in done.stdout
    again = Project.open(path)
    assert len(again["grid_cells"]) == 2
    refused = run("plan", str(path))                                    # cells now: not replaced silently
    assert refused.returncode == 2 and "--keep-existing" in refused.stderr


def test_the_demo_without_its_cells_meets_the_targets(demo_project):
    result = plan_grid(demo_project, 200, 500)
    s = result.summary
    assert s["in_range"] == 1.0 and s["split_buildings"] == 0
    assert s["polsby_popper"] >= 0.6 and s["main_roads_interior"] <= 0.10


def test_moving_a_block_to_the_neighbouring_cell_and_back():
    roads = [((100, -10), (100, 110), "residential"), ((200, -10), (200, 110), "residential"),
             ((300, -10), (300, 110), "residential")]
    buildings = [(x + 20, 40, x + 60, 55, 120) for x in (0, 100, 200, 300)]
    project = street([(C1, (0, 0, 400, 100))], buildings, roads)
    result = plan_grid(project, 200, 500)
    assert sorted(result.households.tolist()) == [240, 240]
    # the second block from the west goes to the eastern cell: 120 and 360
    target = move_block(project, result, X0 + 150, Y0 + 80)
    assert target is not None
    assert sorted(result.households.tolist()) == [120, 360]
    check_rules(project, result, 0, 10_000)
    assert result.summary["in_range"] == 0.5
    # a click on the same block moves it back
    move_block(project, result, X0 + 150, Y0 + 80)
    assert sorted(result.households.tolist()) == [240, 240]
    # a cell's only block does not move, and a point outside the draft changes nothing
    assert move_block(project, result, X0 + 5000, Y0) is None
