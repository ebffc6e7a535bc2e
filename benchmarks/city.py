"""A seeded synthetic city of data-contract layers, for benchmarks (Harbin-sized by default).

Cells are the quads of a jittered street lattice, so they tile the boundary exactly; buildings
are slabs laid out inside each cell by bilinear interpolation, so they follow the blocks' shapes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.point_array import LazyPointArray
from pyproj import Transformer

from gridmap.project import Project
from layers import (BoundaryLayer, BuildingsLayer, CommunitiesLayer, GridCellsLayer, IncidentsLayer,
                    PatrolsLayer)
from layers.codes import INCIDENT_CATEGORY

CRS = "EPSG:4551"
ORIGIN = (126.55, 45.68)
QUAD_W, QUAD_H = 150.0, 125.0
LOCAL = dt.timezone(dt.timedelta(hours=8))


def _nodes(nx: int, ny: int, rng) -> np.ndarray:
    to_m = Transformer.from_crs(4326, 4551, always_xy=True)
    ox, oy = to_m.transform(*ORIGIN)
    ii, jj = np.meshgrid(np.arange(nx + 1), np.arange(ny + 1), indexing="ij")
    nodes = np.stack([ox + ii * QUAD_W, oy + jj * QUAD_H], axis=-1)
    return nodes + rng.uniform(-16, 16, size=nodes.shape)


def _bilinear(nodes, i, j, u, v):
    """Points at (u, v) inside quads (i, j); all arrays broadcast together."""
    n00, n10 = nodes[i, j], nodes[i + 1, j]
    n11, n01 = nodes[i + 1, j + 1], nodes[i, j + 1]
    u, v = u[..., None], v[..., None]
    return (1 - u) * (1 - v) * n00 + u * (1 - v) * n10 + u * v * n11 + (1 - u) * v * n01


def build_city(cells: int = 5000, buildings_per_cell: int = 40, incidents: int = 1_000_000,
               patrols: int = 500_000, seed: int = 7, metric: bool = True) -> Project:
    """A project with ``cells`` grid cells (one lattice quad each) and the other layers to scale.

    With ``metric`` the layers are held in EPSG:4551 (no reprojection in analysis benchmarks);
    otherwise in EPSG:4326 as the contract stores them.
    """
    rng = np.random.default_rng(seed)
    nx = int(round(np.sqrt(cells * 2)))
    ny = int(np.ceil(cells / nx))
    nodes = _nodes(nx, ny, rng)
    ii, jj = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    ii, jj = ii.ravel()[:cells], jj.ravel()[:cells]
    ring = np.stack([nodes[ii, jj], nodes[ii + 1, jj], nodes[ii + 1, jj + 1], nodes[ii, jj + 1], nodes[ii, jj]], axis=1)
    cell_geoms = shapely.polygons(ring)
    community = (ii // 10) * 100 + (jj // 5)
    street = community // 10
    comm_codes = np.array([f"230110{s % 1000:03d}{c % 1000:03d}" for s, c in zip(street, community)])
    seq = pd.Series(np.arange(cells)).groupby(comm_codes).cumcount().to_numpy() + 1
    grid_codes = np.array([f"{c}{q:03d}" for c, q in zip(comm_codes, seq)])
    # Buildings: rows x cols of slabs per cell.
    rows = 4
    cols = int(np.ceil(buildings_per_cell / rows))
    r, c = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    r, c = r.ravel()[:buildings_per_cell], c.ravel()[:buildings_per_cell]
    cell_of_b = np.repeat(np.arange(cells), buildings_per_cell)
    r, c = np.tile(r, cells), np.tile(c, cells)
    u0 = 0.06 + c * (0.88 / cols)
    u1 = u0 + 0.88 / cols * 0.7
    v0 = 0.08 + r * (0.84 / rows)
    v1 = v0 + 0.84 / rows * 0.45
    bi, bj = ii[cell_of_b], jj[cell_of_b]
    corners = [_bilinear(nodes, bi, bj, u, v) for u, v in ((u0, v0), (u1, v0), (u1, v1), (u0, v1), (u0, v0))]
    b_geoms = shapely.polygons(np.stack(corners, axis=1))
    n_b = len(b_geoms)
    households = rng.integers(4, 14, size=n_b)
    b_ids = np.char.add("B", np.arange(1, n_b + 1).astype(str))
    crs = CRS
    boundary = shapely.coverage_union_all(cell_geoms)
    comm_frame = gpd.GeoDataFrame({"community_code": comm_codes, "geometry": cell_geoms}, crs=crs) \
        .dissolve("community_code").reset_index()
    comm_frame["name"] = [f"社区{k + 1}" for k in range(len(comm_frame))]
    layers = [
        BoundaryLayer(gpd.GeoDataFrame({"name": ["城市"], "code": ["230110"]}, geometry=[boundary], crs=crs)),
        CommunitiesLayer(comm_frame),
        GridCellsLayer(gpd.GeoDataFrame({"grid_code": grid_codes, "name": grid_codes, "community_code": comm_codes,
                                         "worker": [f"网格员{k}" for k in range(cells)], "worker_phone": None,
                                         "households": None}, geometry=cell_geoms, crs=crs)),
        BuildingsLayer(gpd.GeoDataFrame({"building_id": b_ids, "address": np.char.add("测试路", b_ids),
                                         "use": "residential", "households": households,
                                         "grid_code": grid_codes[cell_of_b]}, geometry=b_geoms, crs=crs)),
    ]
    start = pd.Timestamp("2023-01-01T00:00:00+08:00")
    for kind, n in (("incidents", incidents), ("patrols", patrols)):
        if n == 0:
            continue
        which = rng.integers(0, n_b, size=n)
        centre = shapely.get_coordinates(shapely.centroid(b_geoms))[which] + rng.uniform(-2, 2, size=(n, 2))
        # held as the app holds points read from a file: x/y arrays (layers.point_array)
        points = gpd.GeoSeries(LazyPointArray(centre[:, 0], centre[:, 1]))
        seconds = np.sort(rng.integers(0, 820 * 86400, size=n))
        times = start + pd.to_timedelta(seconds, unit="s")
        if kind == "incidents":
            cats = np.array(list(INCIDENT_CATEGORY))[rng.integers(0, len(INCIDENT_CATEGORY), size=n)]
            frame = gpd.GeoDataFrame({"incident_id": np.char.add("I", np.arange(n).astype(str)),
                                      "source": "hotline_12345", "kind": "complaint", "category": cats,
                                      "reported_at": times, "status": "closed",
                                      "building_id": b_ids[which]}, geometry=points, crs=crs)
            layers.append(IncidentsLayer(frame))
        else:
            frame = gpd.GeoDataFrame({"patrol_id": np.char.add("P", np.arange(n).astype(str)),
                                      "worker": "网格员", "grid_code": grid_codes[cell_of_b[which]],
                                      "building_id": b_ids[which], "visited_at": times}, geometry=points, crs=crs)
            layers.append(PatrolsLayer(frame))
    # Streets along every lattice line (for routes along roads and for drawing).
    lines = [shapely.linestrings(nodes[:, j]) for j in range(ny + 1)] + [shapely.linestrings(nodes[i, :])
                                                                         for i in range(nx + 1)]
    from layers import OtherLayer
    layers.append(OtherLayer(gpd.GeoDataFrame({"name": [f"路{k}" for k in range(len(lines))], "highway": "residential"},
                                              geometry=lines, crs=crs), layer_name="roads"))
    project = Project(layers)
    if not metric:
        for layer in project.layers.values():
            layer.data = layer.data.to_crs(4326)
    return project


def city_gpkg(path: Path, **kwargs) -> Path:
    """Write the city (in EPSG:4326, as the contract stores it) to ``path`` once; reuse it after."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build_city(metric=False, **kwargs).save(path)
    return path
