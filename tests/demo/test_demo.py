"""The shipped demo: deterministic, tiles its boundary, and reproduces the Hongqi story's numbers.

The story figures are recomputed here from the GeoPackage with sqlite3 and the standard library,
independently of GridMap's own models.
"""
import collections
import datetime as dt
import hashlib
import re
import sqlite3

import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import Transformer

from gridmap.demo import write_demo
from gridmap.project import Project


def rows(path, sql):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def incidents(demo_path):
    out = []
    for r in rows(demo_path, "SELECT source, kind, category, reported_at, status, resolved_at, address, "
                             "description, building_id FROM incidents"):
        out.append(dict(zip(["source", "kind", "category", "reported_at", "status", "resolved_at", "address",
                             "description", "building_id"], r)))
        out[-1]["t"] = dt.datetime.fromisoformat(r[3])
    return out


def quarter(t):
    return t.year, (t.month - 1) // 3 + 1


def test_generator_is_deterministic_and_matches_shipped_demo(tmp_path, demo_project):
    a, b = write_demo(tmp_path / "a.gpkg"), write_demo(tmp_path / "b.gpkg")
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    fresh = Project.open(a)
    for name, layer in demo_project.layers.items():
        assert fresh[name].data.equals(layer.data), f"shipped demo layer {name} is out of date: run make demo"


def test_hotline_complaints_reproduce_the_story(incidents):
    hotline = collections.Counter(quarter(i["t"]) for i in incidents
                                  if i["source"] == "hotline_12345" and i["kind"] == "complaint")
    assert hotline[(2025, 1)] == 353
    assert hotline[(2024, 1)] == 459
    assert hotline[(2024, 1)] - hotline[(2025, 1)] == 106
    assert round((hotline[(2025, 1)] - hotline[(2024, 1)]) / hotline[(2024, 1)] * 100, 2) == -23.09
    y2023 = sum(v for (y, _q), v in hotline.items() if y == 2023)
    y2024 = sum(v for (y, _q), v in hotline.items() if y == 2024)
    assert round((y2024 - y2023) / y2023 * 100) == -52


def test_q1_2025_disputes_all_resolved(incidents):
    disputes = [i for i in incidents if i["kind"] == "dispute" and quarter(i["t"]) == (2025, 1)]
    assert len(disputes) == 43
    assert all(i["status"] in ("resolved", "closed") and i["resolved_at"] for i in disputes)
    assert all(dt.datetime.fromisoformat(i["resolved_at"]) >= i["t"] for i in disputes)


def test_heating_and_property_lead_in_the_heating_season(incidents):
    def heating_season(t):
        return (t.month, t.day) >= (10, 20) or (t.month, t.day) <= (4, 20)
    counts = collections.Counter(i["category"] for i in incidents
                                 if i["source"] == "hotline_12345" and heating_season(i["t"]))
    assert {c for c, _n in counts.most_common(2)} == {"heating", "property"}


def test_incidents_span_2023_to_q1_2025(incidents):
    times = [i["t"] for i in incidents]
    assert min(times).date() >= dt.date(2023, 1, 1) and max(times).date() <= dt.date(2025, 3, 31)
    assert all(t.utcoffset() == dt.timedelta(hours=8) for t in times)


def test_named_cases_are_in_it_without_personal_details(incidents, demo_path):
    pump = [i for i in incidents if i["category"] == "water" and "公滨路307" in (i["address"] or "")
            and dt.date(2025, 1, 10) <= i["t"].date() <= dt.date(2025, 1, 20)]
    hospital_ids = {r[0] for r in rows(demo_path, "SELECT building_id FROM buildings WHERE compound='哈尔滨市第二医院'")}
    at_hospital = [i for i in incidents if i["building_id"] in hospital_ids and i["category"] == "water"
                   and dt.date(2025, 1, 10) <= i["t"].date() <= dt.date(2025, 1, 20)]
    assert len(pump) >= 3 and len(at_hospital) >= 1
    land = {r[0] for r in rows(demo_path, "SELECT building_id FROM buildings WHERE name='原土地干校家属楼'")}
    drainage = [i for i in incidents if i["building_id"] in land and i["kind"] == "dispute"
                and i["category"] == "drainage" and dt.date(2025, 1, 1) <= i["t"].date() < dt.date(2025, 1, 29)]
    assert len(drainage) == 1 and "300元" in drainage[0]["description"]
    family = [i for i in incidents if i["kind"] == "dispute" and i["category"] == "family"
              and dt.date(2025, 1, 28) <= i["t"].date() <= dt.date(2025, 2, 4)]
    assert family
    phone = re.compile(r"1[3-9]\d{9}")
    reporters = {r[0] for r in rows(demo_path, "SELECT reporter FROM incidents WHERE reporter IS NOT NULL")}
    for case in pump + at_hospital + drainage + family:
        assert not phone.search(case["description"])
        assert not any(name in case["description"] for name in reporters)


@pytest.fixture(scope="module")
def metric(demo_path):
    to_m = Transformer.from_crs(4326, 4551, always_xy=True)

    def load(layer):
        frame = pyogrio.read_dataframe(str(demo_path), layer=layer)
        return frame, shapely.transform(np.asarray(frame.geometry.values), lambda xy: np.column_stack(
            to_m.transform(xy[:, 0], xy[:, 1])))
    return load


def test_cells_tile_the_boundary_exactly(metric):
    cells, geoms = metric("grid_cells")
    _b, boundary = metric("boundary")
    union = shapely.union_all(geoms)
    assert shapely.area(shapely.difference(boundary[0], union)) < 1e-3      # no gap (m²)
    assert shapely.area(shapely.difference(union, boundary[0])) < 1e-3      # nothing outside
    assert abs(shapely.area(geoms).sum() - shapely.area(union)) < 1e-3     # no overlap
    assert 1.3e6 < shapely.area(boundary[0]) < 1.7e6                          # about Hongqi's 1.5 km²
    assert 40 <= len(cells) <= 50


def test_grid_codes_follow_the_numbering_rule(metric, demo_path):
    cells, geoms = metric("grid_cells")
    communities = dict(rows(demo_path, "SELECT community_code, name FROM communities"))
    assert 6 <= len(communities) <= 8 and "香电社区" in communities.values()
    codes = cells["grid_code"].tolist()
    assert len(set(codes)) == len(codes)
    for code, community in zip(codes, cells["community_code"]):
        assert re.fullmatch(r"230110\d{9}", code) and code.startswith(community)
        assert community in communities
    # Within a community: numbered west→east, then north→south (a row: cells whose northern
    # edges are level, within the 40 m that streets wander).
    bounds = shapely.bounds(geoms)
    by_comm = collections.defaultdict(list)
    for code, (x0, _y0, _x1, top) in zip(codes, bounds):
        by_comm[code[:12]].append((code, x0, top))
    for members in by_comm.values():
        members.sort()
        assert [m[0][-3:] for m in members] == [f"{k:03d}" for k in range(1, len(members) + 1)]
        for (c1, x1, top1), (c2, x2, top2) in zip(members, members[1:]):
            same_row = abs(top1 - top2) < 40
            assert (same_row and x2 > x1) or (not same_row and top2 < top1), (c1, c2)


def test_households_per_cell_counted_from_buildings(metric):
    cells, cgeoms = metric("grid_cells")
    buildings, bgeoms = metric("buildings")
    tree = shapely.STRtree(cgeoms)
    b_idx, c_idx = tree.query(shapely.point_on_surface(bgeoms), predicate="within")
    totals = np.zeros(len(cells))
    np.add.at(totals, c_idx, buildings["households"].to_numpy()[b_idx])
    assert totals.min() >= 200 and totals.max() <= 500
    assert 6000 < totals.sum() < 25000


def test_deliberate_blind_spots(metric, demo_path):
    cells, cgeoms = metric("grid_cells")
    buildings, bgeoms = metric("buildings")
    outside = ~np.array([shapely.intersects(cgeoms, g).any() for g in bgeoms])
    assert outside.sum() == 1                                   # one building in no cell
    assert cells["worker"].isna().sum() == 1                    # one cell without a worker
    last = dict(rows(demo_path, "SELECT grid_code, max(visited_at) FROM patrols GROUP BY grid_code"))
    newest = max(dt.datetime.fromisoformat(v) for v in last.values())
    stale = [c for c in cells["grid_code"] if c not in last
             or newest - dt.datetime.fromisoformat(last[c]) > dt.timedelta(days=30)]
    assert len(stale) == 1                                      # one cell not patrolled for 30 days


def test_addresses_use_real_street_names(demo_path):
    streets = ("红旗大街", "公滨路", "珠江路", "香电街", "汉水路", "湘江路", "嵩山路", "农电街", "六顺街",
               "顺水街", "三辅街", "赣水路", "华山路", "乐山路", "锦山路", "高新路", "玉山路", "千山路", "苍山路",
               "香茗街", "香通街", "红民街", "民吉街", "升永街", "三辅二道街", "新地街", "赤水路")
    addresses = [r[0] for r in rows(demo_path, "SELECT address FROM buildings")]
    assert all(a.startswith(streets) and a.endswith("号") for a in addresses)
    assert len(set(addresses)) == len(addresses)
    assert "公滨路307-1号" in addresses
    used = {s for s in streets if any(a.startswith(s) for a in addresses)}
    assert {"红旗大街", "公滨路", "珠江路"} <= used


def test_shared_pump_room_serves_compound_and_hospital_in_two_cells(demo_path):
    served = rows(demo_path, """
        SELECT b.compound, b.grid_code FROM facility_links l
        JOIN facilities f ON f.facility_id = l.facility_id
        JOIN buildings b ON b.building_id = l.building_id
        WHERE f.kind = 'pump_room' AND l.role = 'served' AND f.facility_id IN (
            SELECT l2.facility_id FROM facility_links l2 JOIN buildings b2 ON b2.building_id = l2.building_id
            WHERE b2.address = '公滨路307-1号')""")
    compounds = {c for c, _g in served}
    assert compounds == {"公滨路307号院", "哈尔滨市第二医院"}
    assert len({g for _c, g in served}) == 2


def test_demo_sits_at_hongqi(demo_project):
    x0, y0, x1, y1 = demo_project.extent()
    assert 126.670 < x0 and x1 < 126.702 and 45.723 < y0 and y1 < 45.746
