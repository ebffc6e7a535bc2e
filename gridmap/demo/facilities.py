"""Demo facilities and their links: pump rooms, heat stations, service centres, the shared pump room."""
from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Point

from .buildings import COMPOUND_307, HOSPITAL, HOSPITAL_NAME, LAND_SCHOOL_NAME, Building
from .layout import Layout
from .names import COMMUNITIES

WATER_COMPANY = "市第五供水公司"
HEAT_COMPANY = "香坊区热力公司"
POWER_COMPANY = "国网哈尔滨供电公司"
SHARED_PUMP_ID = "F-PUMP-001"
UNOWNED_ID = "F-SUB-003"        # a substation nobody owns or maintains (coverage: facility_unowned)
UNLINKED_ID = "F-HEAT-006"      # a heat station linked to no building (coverage: facility_unlinked)


def build_facilities(layout: Layout, buildings: list[Building], rng: np.random.Generator):
    """Return (facility rows, link rows); rows are dicts, facility rows carry a Point ``geometry``."""
    facilities: list[dict] = []
    links: list[dict] = []
    ids = {b_index: f"B{b_index + 1:04d}" for b_index in range(len(buildings))}

    def add(fid, kind, name, owner, maintainer, point, served=(), extra_roles=()):
        facilities.append(dict(facility_id=fid, kind=kind, name=name, owner=owner,
                               maintainer=maintainer, geometry=point))
        for k in served:
            links.append(dict(facility_id=fid, building_id=ids[k], role="served"))
        for k, role in extra_roles:
            links.append(dict(facility_id=fid, building_id=ids[k], role=role))

    by_quad: dict[tuple[int, int], list[int]] = {}
    for k, b in enumerate(buildings):
        by_quad.setdefault(b.quad, []).append(k)

    # The story's pump room: between the compound at 公滨路307-1号 and 市二院, serving both.
    compound = [k for k in by_quad[COMPOUND_307] if buildings[k].use == "residential"]
    hospital = [k for k in by_quad[HOSPITAL] if buildings[k].compound == HOSPITAL_NAME]
    pump_at = Point(layout.quad_point(*COMPOUND_307, 0.96, 0.30))
    add(SHARED_PUMP_ID, "pump_room", "公滨路307号院二次供水泵房", HOSPITAL_NAME, WATER_COMPANY, pump_at,
        served=compound + hospital, extra_roles=[(hospital[0], "owner")])

    # Pump rooms of the high-rise compounds (towers need secondary water supply).
    towers = [q for q, ks in by_quad.items() if any(buildings[k].tower for k in ks)
              and q in layout.community_of]
    for n, q in enumerate(sorted(towers, key=lambda q: (-q[1], q[0])), start=2):
        served = [k for k in by_quad[q] if buildings[k].use == "residential"]
        add(f"F-PUMP-{n:03d}", "pump_room", f"{buildings[served[0]].compound}二次供水泵房",
            buildings[served[0]].compound, WATER_COMPANY, Point(layout.quad_point(*q, 0.5, 0.5)), served=served)

    # Heat-exchange stations, each heating the residential buildings of a block of quads.
    centres = [(2, 3), (7, 3), (2, 5), (7, 5), (7, 8), (7, 11)]
    for n, (ci, cj) in enumerate(centres, start=1):
        fid = f"F-HEAT-{n:03d}"
        if fid == UNLINKED_ID:
            add(fid, "heat_station", "嵩山路换热站（停用）", HEAT_COMPANY, HEAT_COMPANY,
                Point(layout.quad_point(ci, cj, 0.5, 0.06)))
            continue
        block = [(ci + di, cj + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)]
        served = [k for q in block if q in layout.community_of for k in by_quad.get(q, [])
                  if buildings[k].use == "residential"]
        add(fid, "heat_station", f"{COMMUNITIES_BY_BLOCK.get(n, '红旗')}换热站{n}号", HEAT_COMPANY,
            HEAT_COMPANY, Point(layout.quad_point(ci, cj, 0.5, 0.06)), served=served)

    # Substations (配电室); one has neither owner nor maintainer on record.
    for n, q in enumerate([(3, 3), (8, 4), (5, 6)], start=1):
        fid = f"F-SUB-{n:03d}"
        owner = None if fid == UNOWNED_ID else POWER_COMPANY
        served = [k for k in by_quad[q] if buildings[k].use in ("residential", "commercial", "office")]
        add(fid, "substation", f"配电室{n}号", owner, owner, Point(layout.quad_point(*q, 0.5, 0.94)), served=served)

    # The drainage works under 原土地干校家属楼 (the pre-Spring-Festival dispute).
    land = [k for k, b in enumerate(buildings) if b.name == LAND_SCHOOL_NAME]
    b = buildings[land[0]]
    add("F-DRAIN-001", "drainage", "原土地干校家属楼排水管网", "原土地干校家属楼业主", "香电物业公司",
        Point(shapely.point_on_surface(b.polygon).x + 2.0, b.polygon.bounds[1] - 3.0), served=land)

    # One service centre per community, at the community's first residential building.
    for letter, (cname, _num) in sorted(COMMUNITIES.items(), key=lambda kv: kv[1][1]):
        quads = sorted((q for q, c in layout.community_of.items() if c == letter), key=lambda q: (-q[1], q[0]))
        q = quads[len(quads) // 2]
        add(f"F-SVC-{_num}", "service_center", f"{cname}服务站", cname, cname,
            Point(layout.quad_point(*q, 0.5, 0.06)))
    add("F-HLTH-001", "health_station", "红旗街道社区卫生服务中心", "香坊区卫生健康局", "红旗街道社区卫生服务中心",
        Point(layout.quad_point(6, 5, 0.12, 0.5)))
    add("F-HLTH-002", "health_station", "嵩山社区卫生服务站", "香坊区卫生健康局", "嵩山社区卫生服务站",
        Point(layout.quad_point(7, 11, 0.88, 0.5)))
    return facilities, links


COMMUNITIES_BY_BLOCK = {1: "公滨", 2: "汉水", 3: "香电", 4: "珠江", 5: "湘江", 6: "嵩山"}
