"""What one patrol page shows, prepared from the project (no drawing here)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..analysis.facilities import shared_facilities
from ..analysis.route import RoadNetwork, Route, patrol_route
from ..analysis.stats import households_by_cell
from ..analysis.timeref import reference_time


@dataclass
class CellPage:
    row: int
    grid_code: str
    name: str
    community: str
    worker: str
    geometry: object                  # metric
    buildings: pd.DataFrame           # in visiting order: no, building_id, address, households, last_visit, geometry
    route: Route | None
    neighbours: list                  # (grid_code, geometry)
    facilities: pd.DataFrame          # kind, name, shared, geometry (in or near the cell)
    incidents: pd.DataFrame           # category, geometry (last N days, in the cell; no personal data)
    households: int


class AtlasData:
    """Everything the pages share, computed once for the whole atlas."""

    def __init__(self, project, days: float = 30.0) -> None:
        self.project = project
        self.as_of = reference_time(project)
        self.days = days
        self.cells = project["grid_cells"].data
        self.cell_geoms = np.asarray(project.to_metric("grid_cells").geometry.values)
        self.cell_tree = shapely.STRtree(self.cell_geoms)
        self.households = households_by_cell(project)
        communities = project["communities"].data if "communities" in project else None
        self.community_names = dict(zip(communities["community_code"], communities["name"])) if communities is not None else {}
        self.street = project["boundary"].data["name"].iloc[0] if "boundary" in project and len(project["boundary"]) else ""
        b = project.to_metric("buildings") if "buildings" in project else None
        self.b_geoms = np.asarray(b.geometry.values) if b is not None else np.empty(0, object)
        self.b_tree = shapely.STRtree(self.b_geoms) if b is not None else None
        self.b_data = project["buildings"].data if b is not None else None
        self.last_visit = pd.Series(dtype="object")
        if "patrols" in project:
            p = project["patrols"].data
            self.last_visit = p.groupby("building_id")["visited_at"].max()
        self.roads = None
        if "roads" in project and len(project["roads"]):
            lines = np.asarray(project.to_metric("roads").geometry.values)
            lines = lines[np.isin(shapely.get_type_id(lines), (1, 5))]
            if len(lines):
                self.roads = RoadNetwork(lines)
        self.facilities = None
        if "facilities" in project:
            f = project.to_metric("facilities")
            shared = shared_facilities(project["facilities"].data, project["facility_links"].data,
                                       project["buildings"].data) if "facility_links" in project else np.zeros(len(f), bool)
            self.facilities = pd.DataFrame({"kind": f["kind"].to_numpy(), "name": f["name"].to_numpy(), "shared": shared,
                                            "geometry": np.asarray(f.geometry.values)})
            self.centres = self.facilities[self.facilities["kind"] == "service_center"]
        self.incidents = None
        if "incidents" in project:
            inc = project.to_metric("incidents")
            recent = (inc["reported_at"] >= self.as_of - pd.Timedelta(days=days)) & (inc["reported_at"] <= self.as_of)
            # Only what a patrol map may show: category and place. No reporter, no phone, no text.
            self.incidents = pd.DataFrame({"category": inc["category"][recent].to_numpy(),
                                           "geometry": np.asarray(inc.geometry.values)[recent.to_numpy()]})

    def rows_for(self, codes=None, community: str | None = None) -> list[int]:
        """Cell rows to print, in grid-code order."""
        cells = self.cells
        mask = np.ones(len(cells), dtype=bool)
        if codes:
            mask &= cells["grid_code"].isin(list(codes)).to_numpy()
        if community:
            mask &= (cells["community_code"] == community).to_numpy()
        rows = np.flatnonzero(mask)
        return [int(r) for r in rows[np.argsort(cells["grid_code"].to_numpy()[rows], kind="stable")]]

    def page(self, row: int) -> CellPage:
        cell = self.cells.iloc[row]
        geom = self.cell_geoms[row]
        in_cell = np.empty(0, dtype=int)
        if self.b_tree is not None:
            cand = self.b_tree.query(geom, predicate="intersects")
            centres = shapely.point_on_surface(self.b_geoms[cand])
            in_cell = np.sort(cand[shapely.contains(geom, centres)])
        route = None
        ordered = in_cell
        if len(in_cell):
            start = None
            if self.facilities is not None:
                comm = self.community_names.get(cell["community_code"])
                centres_f = self.centres[self.centres["name"].astype(str).str.startswith(str(comm or "—"))]
                if len(centres_f):
                    start = shapely.get_coordinates(np.asarray([centres_f["geometry"].iloc[0]]))[0]
            if start is None:
                x0, y0, _x1, _y1 = geom.bounds
                start = (x0, y0)
            route = patrol_route(self.b_geoms[in_cell], start, self.roads)
            ordered = in_cell[route.order]
        b = self.b_data.iloc[ordered] if len(ordered) else self.b_data.iloc[[]]
        last = self.last_visit.reindex(b["building_id"].to_numpy()).to_numpy() if len(b) else []
        buildings = pd.DataFrame({"no": np.arange(1, len(b) + 1), "building_id": b["building_id"].to_numpy(),
                                  "address": b["address"].to_numpy(), "households": b["households"].fillna(0).astype(int).to_numpy(),
                                  "use": b["use"].to_numpy(), "last_visit": last, "geometry": self.b_geoms[ordered]})
        neighbours = [(self.cells["grid_code"].iloc[k], self.cell_geoms[k])
                      for k in self.cell_tree.query(geom.buffer(1.0), predicate="intersects") if k != row]
        near = geom.buffer(30.0)
        facilities = self.facilities[shapely.intersects(near, np.asarray(self.facilities["geometry"]))] \
            if self.facilities is not None else pd.DataFrame(columns=["kind", "name", "shared", "geometry"])
        incidents = self.incidents[shapely.contains(geom, np.asarray(self.incidents["geometry"]))] \
            if self.incidents is not None and len(self.incidents) else pd.DataFrame(columns=["category", "geometry"])
        worker = cell.get("worker")
        return CellPage(row=row, grid_code=str(cell["grid_code"]), name=str(cell.get("name") or ""),
                        community=str(self.community_names.get(cell["community_code"], cell["community_code"])),
                        worker=str(worker) if isinstance(worker, str) and worker else "",
                        geometry=geom, buildings=buildings, route=route, neighbours=neighbours,
                        facilities=facilities, incidents=incidents, households=int(self.households[row]))
