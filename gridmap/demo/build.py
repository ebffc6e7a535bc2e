"""Assemble the demo project: a fictional Hongqi Subdistrict at its real place in Harbin."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers import (BoundaryLayer, BuildingsLayer, CaseEventsLayer, CommunitiesLayer, FacilitiesLayer, FacilityLinksLayer,
                    GridCellsLayer, IncidentsLayer, OtherLayer, PatrolsLayer)

from ..project import Project
from .buildings import build_buildings, share_households
from .facilities import build_facilities
from .cases import build_case_events
from .incidents import build_incidents
from .layout import METRIC_EPSG, build_layout, community_code, road_lines
from .names import COMMUNITIES, STREET_CODE, STREET_NAME, person_names, phone_numbers
from .patrols import build_patrols

SEED = 20250331
#: The deliberate blind spots (documented in data/README.md).
NO_WORKER_CELL = "230110004004003"       # its worker left on 14 March 2025
NOT_PATROLLED_CELL = "230110004006002"   # last patrol on 20 February 2025
STALE_HOUSEHOLDS_CELL = "230110004007004"  # households column not updated after a move-out
SILENT_CELL = "230110004003004"          # populous, but nothing reported in March 2025
_WORKER_LEFT = dt.date(2025, 3, 14)
_LAST_PATROL = dt.date(2025, 2, 20)

CREDIT = "演示数据（虚构）：红旗街道，哈尔滨市香坊区；街路名称为真实名称，几何与人员均为虚构"


def build_demo(seed: int = SEED) -> Project:
    """Build the demo project in memory (deterministic for a given ``seed``)."""
    rng = np.random.default_rng(seed)
    layout = build_layout(rng)
    n_cells = len(layout.cell_quads)
    cell_of_quad = {q: c for c, quads in enumerate(layout.cell_quads) for q in quads}
    buildings = build_buildings(layout, rng, cell_of_quad)
    for b in buildings:
        c = cell_of_quad.get(b.quad)
        b.grid_code = layout.cell_codes[c] if c is not None else None
    targets = {code: int(rng.integers(230, 471)) for code in layout.cell_codes}
    targets[SILENT_CELL] = 485
    share_households(buildings, targets)
    building_ids = [f"B{k + 1:04d}" for k in range(len(buildings))]

    workers = person_names(rng, n_cells + 1)
    phones = phone_numbers(rng, n_cells)
    cells = []
    for c in range(n_cells):
        code = layout.cell_codes[c]
        letter = layout.cell_community[c]
        households = sum(b.households for b in buildings if b.grid_code == code)
        cells.append(dict(
            grid_code=code, name=f"{COMMUNITIES[letter][0]}第{int(code[-3:])}网格",
            community_code=community_code(letter),
            worker=None if code == NO_WORKER_CELL else workers[c],
            worker_phone=None if code == NO_WORKER_CELL else phones[c],
            households=households + (64 if code == STALE_HOUSEHOLDS_CELL else 0),
            geometry=layout.cell_polygon(c)))
    patrolling = [dict(grid_code=c["grid_code"], worker=c["worker"] or workers[n_cells]) for c in cells]
    by_cell: dict[str, list] = {}
    for bid, b in zip(building_ids, buildings):
        if b.grid_code:
            by_cell.setdefault(b.grid_code, []).append((bid, b.polygon))
    patrols = build_patrols(patrolling, by_cell,
                            {NO_WORKER_CELL: _WORKER_LEFT, NOT_PATROLLED_CELL: _LAST_PATROL}, rng)
    facilities, links = build_facilities(layout, buildings, rng)
    incidents = build_incidents(buildings, building_ids,
                                {c["grid_code"]: c["worker"] for c in cells}, SILENT_CELL, rng)

    crs = f"EPSG:{METRIC_EPSG}"

    def frame(rows, columns):
        return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns + ["geometry"]), geometry="geometry",
                                crs=crs).to_crs(4326)

    boundary = frame([dict(name=STREET_NAME, code=STREET_CODE, geometry=layout.boundary())], ["name", "code"])
    communities = frame([dict(community_code=community_code(l), name=COMMUNITIES[l][0],
                              geometry=layout.community_polygon(l))
                         for l in sorted(COMMUNITIES, key=lambda l: COMMUNITIES[l][1])],
                        ["community_code", "name"])
    grid = frame(cells, ["grid_code", "name", "community_code", "worker", "worker_phone", "households"])
    bframe = frame([dict(building_id=bid, address=b.address, name=b.name, compound=b.compound, use=b.use,
                         floors=b.floors, households=b.households, grid_code=b.grid_code, geometry=b.polygon)
                    for bid, b in zip(building_ids, buildings)],
                   ["building_id", "address", "name", "compound", "use", "floors", "households", "grid_code"])
    fframe = frame(facilities, ["facility_id", "kind", "name", "owner", "maintainer"])
    lframe = pd.DataFrame(links, columns=["facility_id", "building_id", "role"])
    iframe = frame(incidents, ["incident_id", "source", "kind", "category", "reported_at", "status",
                               "resolved_at", "address", "building_id", "grid_code", "description",
                               "reporter", "reporter_phone", "department", "level", "due_at"])
    cases = pd.DataFrame(build_case_events(incidents), columns=["event_id", "incident_id", "at", "kind", "department",
                                                                "level", "parties", "reason", "outcome", "terms"])
    pframe = frame(patrols, ["patrol_id", "worker", "grid_code", "building_id", "visited_at"])
    rframe = gpd.GeoDataFrame(pd.DataFrame([dict(name=n, highway=h, geometry=g) for n, h, g in road_lines(layout)]),
                              geometry="geometry", crs=crs).to_crs(4326)
    for f in (iframe, pframe):
        for col in ("reported_at", "resolved_at", "visited_at", "due_at"):
            if col in f.columns:
                f[col] = pd.to_datetime(f[col].astype(object).where(f[col].notna(), None), utc=True) \
                    .dt.tz_convert(dt.timezone(dt.timedelta(hours=8)))
    source = "demo"
    project = Project([
        BoundaryLayer(boundary, source=source), CommunitiesLayer(communities, source=source),
        GridCellsLayer(grid, source=source), BuildingsLayer(bframe, source=source),
        FacilitiesLayer(fframe, source=source), FacilityLinksLayer(lframe, source=source),
        IncidentsLayer(iframe, source=source), PatrolsLayer(pframe, source=source),
        OtherLayer(rframe, layer_name="roads", source=source), CaseEventsLayer(cases, source=source),
    ], meta={"title": "红旗街道（演示项目）", "metric_crs": crs, "credit": CREDIT,
             "generator": f"gridmap.demo seed={seed}"})
    return project


def write_demo(path: str | os.PathLike, seed: int = SEED) -> Path:
    """Build the demo and save it atomically as a GeoPackage at ``path``; returns the path. The same
    seed gives the same bytes (last_change is fixed)."""
    from ..export.qgis_styles import write_default_styles
    from ..io.gpkg import reproducible_dates
    with reproducible_dates():
        project = build_demo(seed)
        path = project.save(path)
        write_default_styles(path, project)
    return path


def check_tiling(project: Project) -> float:
    """Area (m²) by which the cells fail to tile the boundary: gaps plus overlaps (0 for the demo)."""
    cells = project.to_metric("grid_cells").geometry.values
    boundary = project.to_metric("boundary").geometry.union_all()
    union = shapely.union_all(cells)
    overlap = float(np.sum(shapely.area(cells)) - shapely.area(union))
    return float(shapely.area(shapely.symmetric_difference(union, boundary))) + overlap
