"""Hand-built projects whose coverage answers are known (EPSG:4551 metres near Harbin)."""
import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box

from gridmap.project import Project
from layers import (BoundaryLayer, BuildingsLayer, FacilitiesLayer, FacilityLinksLayer, GridCellsLayer,
                    IncidentsLayer, PatrolsLayer)

X0, Y0 = 553000.0, 5066000.0
CRS = "EPSG:4551"
AS_OF = "2025-03-31T12:00:00+08:00"
COMMUNITY = "230110004001"
RECENT = "2025-03-30T09:00:00+08:00"


def b(x0, y0, x1, y1):
    return box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def frame(rows, crs=CRS):
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=crs)


def base_parts():
    """Two 100 m cells side by side tiling a 200x100 m boundary; two buildings each; all patrolled."""
    cells = [dict(grid_code=COMMUNITY + "001", name="第1网格", community_code=COMMUNITY, worker="王伟",
                  worker_phone="13800000001", households=300, geometry=b(0, 0, 100, 100)),
             dict(grid_code=COMMUNITY + "002", name="第2网格", community_code=COMMUNITY, worker="李娜",
                  worker_phone="13800000002", households=300, geometry=b(100, 0, 200, 100))]
    buildings = [dict(building_id="B1", address="测试路1-1号", name="1号楼", compound="甲", use="residential",
                      floors=6, households=150, grid_code=COMMUNITY + "001", geometry=b(10, 10, 40, 25)),
                 dict(building_id="B2", address="测试路1-2号", name="2号楼", compound="甲", use="residential",
                      floors=6, households=150, grid_code=COMMUNITY + "001", geometry=b(10, 60, 40, 75)),
                 dict(building_id="B3", address="测试路3-1号", name="1号楼", compound="乙", use="residential",
                      floors=6, households=150, grid_code=COMMUNITY + "002", geometry=b(150, 10, 180, 25)),
                 dict(building_id="B4", address="测试路3-2号", name="2号楼", compound="乙", use="residential",
                      floors=6, households=150, grid_code=COMMUNITY + "002", geometry=b(150, 60, 180, 75))]
    return {"boundary": [dict(name="测试街道", code="230110004", geometry=b(0, 0, 200, 100))],
            "grid_cells": cells, "buildings": buildings,
            "patrols": [dict(patrol_id=f"P{k}", worker="王伟", grid_code=bd["grid_code"], building_id=bd["building_id"],
                             visited_at=RECENT, geometry=bd["geometry"].centroid) for k, bd in enumerate(buildings)],
            "incidents": [dict(incident_id=f"I{k}", source="hotline_12345", kind="complaint", category="heating",
                               reported_at="2025-03-20T10:00:00+08:00", status="closed",
                               resolved_at="2025-03-21T10:00:00+08:00", address="测试路", building_id=None,
                               grid_code=None, description="", reporter=None, reporter_phone=None,
                               geometry=Point(X0 + 50 + 100 * k, Y0 + 45)) for k in range(2)],
            "facilities": [dict(facility_id="F1", kind="pump_room", name="泵房", owner="甲物业", maintainer="水司",
                                geometry=Point(X0 + 45, Y0 + 45))],
            "facility_links": [dict(facility_id="F1", building_id="B1", role="served")]}


CLASSES = {"boundary": BoundaryLayer, "grid_cells": GridCellsLayer, "buildings": BuildingsLayer,
           "patrols": PatrolsLayer, "incidents": IncidentsLayer, "facilities": FacilitiesLayer,
           "facility_links": FacilityLinksLayer}


def make_project(parts) -> Project:
    layers = []
    for name, rows in parts.items():
        data = pd.DataFrame(rows, columns=["facility_id", "building_id", "role"]) if name == "facility_links" \
            else frame(rows)
        layers.append(CLASSES[name](data))
    return Project(layers)
