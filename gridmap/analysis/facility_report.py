"""Who depends on a facility, who answers for it, and what an outage touches. No Qt."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from layers.codes import FACILITY_KIND, LINK_ROLE, label

from .assignment import assign_buildings
from .timeref import reference_time

#: Which incident categories an outage of each facility kind plausibly causes.
KIND_CATEGORIES = {"pump_room": ("water",), "heat_station": ("heating",), "drainage": ("drainage",),
                   "substation": ("other",)}


@dataclass
class FacilityReport:
    facility_id: str
    name: str | None
    kind: str
    owner: str | None
    maintainer: str | None
    shared: bool
    shared_because: list[str]
    buildings: pd.DataFrame                       # served buildings: id, address, compound, use, households, grid_code
    roles: pd.DataFrame                           # every link: building_id, role
    households: int
    compounds: list[str]
    organisations: list[str]                      # non-residential compounds (the hospital) and the owner/maintainer
    cells: list[dict]                             # grid_code, name, worker (no phone)
    related_incidents: pd.DataFrame | None = None
    outage_since: pd.Timestamp | None = None
    area_wkt: str | None = None
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        out = {
            "facility_id": self.facility_id, "name": self.name, "kind": self.kind,
            "kind_label": label(FACILITY_KIND, self.kind, "zh"), "owner": self.owner, "maintainer": self.maintainer,
            "shared": self.shared, "shared_because": self.shared_because, "households": self.households,
            "compounds": self.compounds, "organisations": self.organisations, "cells": self.cells,
            "buildings": self.buildings.to_dict("records"),
            "links": self.roles.to_dict("records"),
        }
        if self.related_incidents is not None:
            out["outage_since"] = self.outage_since.isoformat()
            incidents = self.related_incidents.copy()
            incidents["reported_at"] = incidents["reported_at"].map(lambda t: t.isoformat())
            out["related_incidents"] = incidents.to_dict("records")
            out["affected_area_wkt"] = self.area_wkt
        return out


def _text(value):
    return None if value is None or (isinstance(value, float) and np.isnan(value)) or str(value) in ("", "nan") \
        else str(value)


def building_cells(project) -> np.ndarray:
    """Grid code of the cell holding each building (by area, not by its own column), None if none."""
    cells = project["grid_cells"].data["grid_code"].to_numpy()
    primary = assign_buildings(np.asarray(project.to_metric("grid_cells").geometry.values),
                               np.asarray(project.to_metric("buildings").geometry.values)).primary
    return np.where(primary >= 0, cells[np.maximum(primary, 0)], None)


def facility_report(project, facility_id: str) -> FacilityReport:
    """The dependants and the responsible parties of one facility.

    Raises KeyError when the facility does not exist.
    """
    facilities = project["facilities"].data
    rows = np.flatnonzero((facilities["facility_id"] == facility_id).to_numpy())
    if len(rows) == 0:
        raise KeyError(facility_id)
    f = facilities.iloc[int(rows[0])]
    links = project["facility_links"].data if "facility_links" in project else \
        pd.DataFrame(columns=["facility_id", "building_id", "role"])
    mine = links[links["facility_id"] == facility_id]
    buildings = project["buildings"].data
    cells_of = pd.Series(building_cells(project), index=buildings["building_id"].to_numpy())
    served_ids = mine.loc[mine["role"] == "served", "building_id"].astype(str).tolist()
    served = buildings[buildings["building_id"].isin(served_ids)]
    table = pd.DataFrame({
        "building_id": served["building_id"].to_numpy(), "address": served["address"].to_numpy(),
        "name": served["name"].to_numpy(), "compound": served["compound"].to_numpy(), "use": served["use"].to_numpy(),
        "households": served["households"].fillna(0).astype(int).to_numpy(),
        "grid_code": cells_of.reindex(served["building_id"].to_numpy()).to_numpy(),
    })
    table = table.astype(object).where(table.notna(), None)
    compounds = sorted({c for c in table["compound"] if _text(c)})
    organisations = sorted({c for c, u in zip(table["compound"], table["use"]) if _text(c) and u != "residential"})
    for who in (_text(f.get("owner")), _text(f.get("maintainer"))):
        if who and who not in organisations:
            organisations.append(who)
    cells = []
    if "grid_cells" in project:
        grid = project["grid_cells"].data.set_index("grid_code")
        for code in sorted({c for c in table["grid_code"] if c}):
            cells.append({"grid_code": code, "name": _text(grid.loc[code, "name"]) if code in grid.index else None,
                          "worker": _text(grid.loc[code, "worker"]) if code in grid.index else None})
    because = []
    if len(compounds) > 1:
        because.append("compounds")
    if len(cells) > 1:
        because.append("cells")
    return FacilityReport(
        facility_id=facility_id, name=_text(f.get("name")), kind=str(f["kind"]), owner=_text(f.get("owner")),
        maintainer=_text(f.get("maintainer")), shared=bool(because), shared_because=because, buildings=table,
        roles=mine[["building_id", "role"]].reset_index(drop=True), households=int(table["households"].sum()),
        compounds=compounds, organisations=organisations, cells=cells)


def facilities_of_building(project, building_id: str) -> pd.DataFrame:
    """The facilities a building is linked to, with the role and the facility's kind and name."""
    links = project["facility_links"].data
    mine = links[links["building_id"] == building_id]
    facilities = project["facilities"].data[["facility_id", "kind", "name", "owner", "maintainer"]]
    return mine.merge(facilities, on="facility_id", how="left")[["facility_id", "kind", "name", "role", "owner",
                                                                  "maintainer"]]


def outage_report(project, facility_id: str, since, distance_m: float = 300.0, window_days: float = 7.0,
                  before_hours: float = 12.0) -> FacilityReport:
    """The facility report plus what an outage starting at ``since`` touches.

    Affected area: the served buildings (and the facility) buffered by 20 m. Related incidents:
    a category that fits the facility kind (water for a pump room, heating for a heat station),
    reported from ``before_hours`` before the start to ``window_days`` after it (or the newest
    record), within ``distance_m`` of the facility or of a served building.

    Raises ValueError for a negative distance or window.
    """
    if distance_m < 0 or window_days <= 0:
        raise ValueError("the distance must be >= 0 m and the window > 0 days")
    report = facility_report(project, facility_id)
    since = pd.Timestamp(since)
    tz = project["incidents"].data["reported_at"].dt.tz if "incidents" in project else None
    if since.tzinfo is None and tz is not None:
        since = since.tz_localize(tz)
    report.outage_since = since
    facilities = project.to_metric("facilities")
    point = facilities.geometry.values[np.flatnonzero((facilities["facility_id"] == facility_id).to_numpy())[0]]
    b_metric = project.to_metric("buildings")
    served = np.asarray(b_metric.geometry.values[b_metric["building_id"].isin(report.buildings["building_id"]).to_numpy()])
    area = shapely.union_all(np.concatenate([served, [point]])).buffer(20.0)
    from pyproj import Transformer
    to_wgs = Transformer.from_crs(project.metric_crs, 4326, always_xy=True)
    report.area_wkt = shapely.transform(area, lambda xy: np.column_stack(to_wgs.transform(xy[:, 0], xy[:, 1]))).wkt
    columns = ["incident_id", "reported_at", "category", "kind", "status", "address", "grid_code", "description"]
    empty = pd.DataFrame(columns=columns + ["distance_m"])
    if "incidents" not in project:
        report.related_incidents = empty
        return report
    incidents = project["incidents"].data
    metric = np.asarray(project.to_metric("incidents").geometry.values)
    near_to = shapely.union_all(np.concatenate([served, [point]]))
    end = min(since + pd.Timedelta(days=window_days), max(reference_time(project), since))
    categories = KIND_CATEGORIES.get(report.kind, ())
    in_time = ((incidents["reported_at"] >= since - pd.Timedelta(hours=before_hours))
               & (incidents["reported_at"] <= end)).to_numpy()
    fits = incidents["category"].isin(categories).to_numpy()
    candidates = np.flatnonzero(in_time & fits)
    distance = shapely.distance(metric[candidates], near_to) if len(candidates) else np.empty(0)
    chosen = candidates[distance <= distance_m]
    related = incidents.iloc[chosen][columns].copy()
    related["distance_m"] = np.round(distance[distance <= distance_m], 1)
    report.related_incidents = related.sort_values("reported_at").reset_index(drop=True)
    return report


def link_buildings(links: pd.DataFrame, facility_id: str, building_ids, role: str) -> pd.DataFrame:
    """The links table with ``building_ids`` linked to ``facility_id`` in ``role`` (no duplicates).

    Raises ValueError for an unknown role.
    """
    if role not in LINK_ROLE:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(LINK_ROLE)}")
    new = pd.DataFrame({"facility_id": facility_id, "building_id": list(building_ids), "role": role})
    out = pd.concat([links, new], ignore_index=True)
    return out.drop_duplicates(["facility_id", "building_id", "role"]).reset_index(drop=True)


def unlink_buildings(links: pd.DataFrame, facility_id: str, building_ids, role: str | None = None) -> pd.DataFrame:
    """The links table without the links of ``building_ids`` to ``facility_id`` (in ``role``, or any)."""
    drop = (links["facility_id"] == facility_id) & links["building_id"].isin(list(building_ids))
    if role is not None:
        drop &= links["role"] == role
    return links[~drop].reset_index(drop=True)


def focus_frame(project, report: FacilityReport):
    """The facility's reach as features (storage CRS): the facility, served buildings, a line to each,
    and with an outage the affected area and the related incidents. Column ``kind`` says which."""
    import geopandas as gpd
    facilities = project.to_metric("facilities")
    point = facilities.geometry.values[np.flatnonzero((facilities["facility_id"] == report.facility_id).to_numpy())[0]]
    b_metric = project.to_metric("buildings")
    served = np.asarray(b_metric.geometry.values[b_metric["building_id"].isin(report.buildings["building_id"]).to_numpy()])
    centres = shapely.point_on_surface(served)
    lines = [shapely.LineString([point, c]) for c in centres]
    geoms = [point] + list(served) + lines
    kinds = ["facility"] + ["served"] * len(served) + ["link"] * len(lines)
    if report.related_incidents is not None:
        geoms.append(shapely.union_all(np.concatenate([served, [point]])).buffer(20.0))
        kinds.append("area")
        inc = project.to_metric("incidents")
        related = np.asarray(inc.geometry.values[inc["incident_id"].isin(report.related_incidents["incident_id"]).to_numpy()])
        geoms += list(related)
        kinds += ["related"] * len(related)
    frame = gpd.GeoDataFrame({"kind": kinds}, geometry=gpd.GeoSeries(geoms, crs=project.metric_crs))
    return frame.to_crs(project.storage_crs)


def assign_case(incidents: pd.DataFrame, incident_ids, case_id: str) -> pd.DataFrame:
    """The incidents frame with ``case_id`` set on ``incident_ids`` (one case for the operator)."""
    out = incidents.copy()
    if "case_id" not in out.columns:
        out["case_id"] = None
    out.loc[out["incident_id"].isin(list(incident_ids)), "case_id"] = case_id
    return out
