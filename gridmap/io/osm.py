"""OpenStreetMap into a project: building footprints, roads (with name and highway class) and
facilities inside the boundary.

OSM has no households: they are estimated as footprint area × floors ÷ living area per household
(floors from ``building:levels``, else a default the user sets) for residential buildings, and
marked ``estimated`` in ``households_source`` so they are never taken for surveyed numbers.
Data © OpenStreetMap contributors, ODbL 1.0: the credit goes into the project's settings and from
there onto the map, every atlas page and the web map."""
from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from .errors import ReadError
from .gpkg import _reason
from .native import NATIVE_LOCK

OSM_CREDIT = "© OpenStreetMap contributors (ODbL)"
#: Living area per household (m²) used for the estimate unless the user says otherwise.
AREA_PER_HOUSEHOLD_M2 = 90.0
#: Floors of a residential building whose ``building:levels`` OSM does not know.
DEFAULT_FLOORS = 6

_USE = {
    "residential": ("residential", "apartments", "house", "dormitory", "detached", "terrace", "semidetached_house"),
    "hospital": ("hospital", "clinic"),
    "school": ("school", "university", "kindergarten", "college"),
    "commercial": ("commercial", "retail", "shop", "hotel", "supermarket", "mall"),
    "office": ("office", "government", "public", "civic"),
    "industrial": ("industrial", "warehouse", "factory", "manufacture"),
}
_FACILITY = [("pump_room", {"man_made": ("pumping_station", "water_works", "water_tower")}),
             ("substation", {"power": ("substation", "transformer")}),
             ("heat_station", {"man_made": ("heating_station",), "utility": ("heating",)}),
             ("drainage", {"man_made": ("wastewater_plant",)}),
             ("health_station", {"amenity": ("clinic", "doctors")}),
             ("service_center", {"amenity": ("community_centre", "social_facility")})]
_HSTORE = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')


def tags(other: object) -> dict[str, str]:
    """GDAL's ``other_tags`` (an hstore string) as a dict."""
    if not isinstance(other, str):
        return {}
    return {k.replace('\\"', '"'): v.replace('\\"', '"') for k, v in _HSTORE.findall(other)}


@dataclass
class OsmLayers:
    buildings: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    facilities: gpd.GeoDataFrame


def _read(path: Path, layer: str, bbox) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings(), NATIVE_LOCK:
            warnings.simplefilter("ignore", RuntimeWarning)
            return pyogrio.read_dataframe(str(path), layer=layer, bbox=bbox)
    except Exception as exc:
        raise ReadError(f"{path}: {layer}: {_reason(exc)}") from exc


def read_osm(path: str | os.PathLike, boundary, metric_crs, area_per_household: float = AREA_PER_HOUSEHOLD_M2,
             default_floors: int = DEFAULT_FLOORS) -> OsmLayers:
    """Buildings (whose centre lies in ``boundary``, a lon/lat polygon), named roads clipped to it
    and tagged facilities inside it, as contract frames in EPSG:4326."""
    path = Path(path)
    if not path.exists():
        raise ReadError(f"{path}: no such file")
    bbox = tuple(shapely.bounds(boundary))
    polys = _read(path, "multipolygons", bbox)
    lines = _read(path, "lines", bbox)
    points = _read(path, "points", bbox)
    return OsmLayers(_buildings(polys, boundary, metric_crs, area_per_household, default_floors),
                     _roads(lines, boundary), _facilities(points, polys, boundary))


def _inside(frame: gpd.GeoDataFrame, boundary) -> np.ndarray:
    centres = shapely.point_on_surface(np.asarray(frame.geometry.values))
    return shapely.contains(boundary, centres)


def _buildings(polys, boundary, metric_crs, area_per_household, default_floors) -> gpd.GeoDataFrame:
    polys = polys[polys["building"].notna()] if "building" in polys else polys.iloc[0:0]
    polys = polys[_inside(polys, boundary)] if len(polys) else polys
    rows = []
    for rec in polys.itertuples(index=False):
        t = tags(getattr(rec, "other_tags", None))
        kind = str(rec.building).lower()
        amenity = str(getattr(rec, "amenity", "") or "").lower()
        use = next((u for u, words in _USE.items() if kind in words or amenity in words), "other")
        levels = pd.to_numeric(t.get("building:levels"), errors="coerce")
        street, number = t.get("addr:street", ""), t.get("addr:housenumber", "")
        if number and number[-1].isdigit():
            number += "号"
        way = getattr(rec, "osm_way_id", None)
        osm_id = f"OSM-W{way}" if isinstance(way, str) and way else f"OSM-R{rec.osm_id}"
        rows.append({"building_id": osm_id, "address": (street + number) or None, "name": rec.name or None,
                     "compound": None, "use": use, "floors": None if pd.isna(levels) else int(levels),
                     "osm_floors_known": not pd.isna(levels), "geometry": rec.geometry})
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326) if rows else gpd.GeoDataFrame(
        {c: [] for c in ("building_id", "address", "name", "compound", "use", "floors")}, geometry=[], crs=4326)
    area = frame.to_crs(metric_crs).area.to_numpy() if len(frame) else np.zeros(0)
    floors = frame["floors"].fillna(default_floors).to_numpy(dtype=float) if len(frame) else np.zeros(0)
    residential = (frame["use"] == "residential").to_numpy() if len(frame) else np.zeros(0, bool)
    estimate = np.where(residential, np.round(area * floors / area_per_household), 0)
    frame["households"] = estimate.astype(np.int64)
    frame["households_source"] = "estimated"
    frame["grid_code"] = None
    return frame.drop(columns=["osm_floors_known"], errors="ignore")


def _roads(lines, boundary) -> gpd.GeoDataFrame:
    if not len(lines) or "highway" not in lines:
        return gpd.GeoDataFrame({"name": [], "highway": [], "osm_id": []}, geometry=[], crs=4326)
    # every road (a patrol route follows service roads and footways too); the name where OSM has one
    named = lines[lines["highway"].notna()]
    clipped = shapely.intersection(np.asarray(named.geometry.values), boundary)
    frame = gpd.GeoDataFrame({"name": named["name"].to_numpy(), "highway": named["highway"].to_numpy(),
                              "osm_id": named["osm_id"].astype(str).to_numpy()}, geometry=clipped, crs=4326)
    frame = frame[~frame.geometry.is_empty].explode(index_parts=False)
    frame = frame[frame.geometry.geom_type == "LineString"]
    return frame.reset_index(drop=True)


def _facilities(points, polys, boundary) -> gpd.GeoDataFrame:
    rows = []
    for frame, prefix in ((points, "N"), (polys, "W")):
        if not len(frame):
            continue
        inside = _inside(frame, boundary)
        for rec, ok in zip(frame.itertuples(index=False), inside):
            if not ok:
                continue
            t = tags(getattr(rec, "other_tags", None))
            for column in ("amenity", "man_made", "power"):
                value = getattr(rec, column, None)
                if isinstance(value, str):
                    t.setdefault(column, value)
            kind = next((k for k, rules in _FACILITY if any(t.get(key) in values for key, values in rules.items())), None)
            if kind is None:
                continue
            ident = getattr(rec, "osm_way_id", None) if prefix == "W" else rec.osm_id
            rows.append({"facility_id": f"OSM-{prefix}{ident or rec.osm_id}", "kind": kind, "name": rec.name or None,
                         "owner": t.get("operator"), "maintainer": None,
                         "geometry": shapely.point_on_surface(rec.geometry)})
    if not rows:
        return gpd.GeoDataFrame({c: [] for c in ("facility_id", "kind", "name", "owner", "maintainer")},
                                geometry=[], crs=4326)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
