"""Drawing and deleting buildings and facilities (metric input, new frames out, no Qt): a new
building gets the next free id and the cell it lies in; a new facility the next id of its kind;
deleting takes the features' links with them. What follows in the cells follows (follow_edits)."""
from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.messages import add_messages, msg

from .follow_edits import follow_features
from .topology import TopologyError, to_storage

add_messages({
    "fe_no_layer": {"zh": "项目没有图层 {layer}", "en": "the project has no layer {layer}"},
    "fe_bad_shape": {"zh": "楼栋轮廓无效（自相交或不足三个点）", "en": "the building outline is not a valid polygon"},
    "fe_nothing": {"zh": "请先选择要删除的楼栋或设施", "en": "select buildings or facilities to delete first"},
})


def next_id(existing, prefix: str, width: int) -> str:
    """``prefix`` + the next number after the largest ``prefix``NNN in ``existing``."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    used = [int(m.group(1)) for m in (pattern.match(str(v)) for v in existing) if m]
    return f"{prefix}{(max(used) + 1 if used else 1):0{width}d}"


def _append(project, name: str, row: dict, geom_m) -> gpd.GeoDataFrame:
    frame = project[name].data
    added = gpd.GeoDataFrame([row], geometry=list(to_storage(project, [geom_m])), crs=frame.crs)
    if added.geometry.name != frame.geometry.name:
        added = added.rename_geometry(frame.geometry.name)
    return gpd.GeoDataFrame(pd.concat([frame, added], ignore_index=True), geometry=frame.geometry.name, crs=frame.crs)


def draw_building(project, polygon_m, use: str = "residential") -> dict[str, pd.DataFrame]:
    """A new building with the outline ``polygon_m`` (metric)."""
    if "buildings" not in project:
        raise TopologyError(msg("fe_no_layer", layer="buildings"))
    if not shapely.is_valid(polygon_m) or polygon_m.area <= 0:
        raise TopologyError(msg("fe_bad_shape"))
    ids = project["buildings"].data["building_id"]
    frame = _append(project, "buildings", {"building_id": next_id(ids, "B", 4), "use": use}, polygon_m)
    return follow_features(project, {"buildings": frame}, [polygon_m])


def add_facility(project, point_m, kind: str = "other") -> dict[str, pd.DataFrame]:
    """A new facility of ``kind`` at ``point_m`` (metric)."""
    if "facilities" not in project:
        raise TopologyError(msg("fe_no_layer", layer="facilities"))
    prefix = {"pump_room": "F-PUMP-", "heat_station": "F-HEAT-", "substation": "F-SUB-", "drainage": "F-DRAIN-",
              "service_center": "F-SVC-", "health_station": "F-HEALTH-"}.get(kind, "F-OTHER-")
    ids = project["facilities"].data["facility_id"]
    return {"facilities": _append(project, "facilities", {"facility_id": next_id(ids, prefix, 3), "kind": kind},
                                  point_m)}


def delete_features(project, name: str, rows) -> dict[str, pd.DataFrame]:
    """Delete ``rows`` of buildings or facilities, with their facility links."""
    rows = sorted(int(r) for r in rows)
    if not rows or name not in ("buildings", "facilities") or name not in project:
        raise TopologyError(msg("fe_nothing"))
    frame = project[name].data
    gone_m = np.asarray(project.to_metric(name).geometry.values)[rows]
    key = "building_id" if name == "buildings" else "facility_id"
    gone_ids = set(frame[key].iloc[rows].dropna().astype(str))
    frames = {name: frame.drop(index=frame.index[rows]).reset_index(drop=True)}
    if "facility_links" in project and len(project["facility_links"]):
        links = project["facility_links"].data
        keep = ~links[key].astype(str).isin(gone_ids)
        if not keep.all():
            frames["facility_links"] = links[keep.to_numpy()].reset_index(drop=True)
    return follow_features(project, frames, gone_m) if name == "buildings" else frames
