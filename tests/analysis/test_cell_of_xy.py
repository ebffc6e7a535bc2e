"""Points into cells from bare x/y: the same answer as a containment test of every point against
every cell, first cell in table order on shared borders and overlaps."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

from gridmap.analysis.spatial_index import cell_of_features
from gridmap.analysis.stats import cell_of_xy
from gridmap.project import Project
from layers import GridCellsLayer


def _plain(cells: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    out = np.full(len(x), -1)
    for k in range(len(x)):
        for row, cell in enumerate(cells):
            if cell is not None and shapely.contains_xy(cell, x[k], y[k]):
                out[k] = row
                break
    return out


def test_demo_cells_agree_with_a_plain_test(demo_project):
    cells = np.asarray(demo_project.to_metric("grid_cells").geometry.values)
    x0, y0, x1, y1 = shapely.total_bounds(cells)
    rng = np.random.default_rng(3)
    x = rng.uniform(x0 - 200, x1 + 200, 3000)
    y = rng.uniform(y0 - 200, y1 + 200, 3000)
    # vertices of the cells: points on borders shared by two or three cells
    corners = shapely.get_coordinates(cells)[::7]
    x, y = np.r_[x, corners[:, 0], np.nan], np.r_[y, corners[:, 1], 5.0]
    got = cell_of_xy(demo_project, x, y)
    assert (got == _plain(cells, x, y)).all()
    assert (got >= 0).sum() > 1000 and (got == -1).sum() > 100


def _project(geoms) -> Project:
    n = len(geoms)
    frame = gpd.GeoDataFrame({"grid_code": [f"230110004001{k + 1:03d}" for k in range(n)],
                              "name": [f"{k}" for k in range(n)], "community_code": ["230110004001"] * n,
                              "worker": ["w"] * n, "households": [300] * n}, geometry=geoms, crs="EPSG:4551")
    return Project([GridCellsLayer(frame)])


def test_overlaps_holes_and_a_huge_cell():
    x0, y0 = 553000.0, 5066000.0
    ring = shapely.Polygon(box(x0, y0, x0 + 100, y0 + 100).exterior.coords,
                           [box(x0 + 40, y0 + 40, x0 + 60, y0 + 60).exterior.coords])
    geoms = [ring, box(x0 + 90, y0, x0 + 150, y0 + 50),            # overlaps the ring: ring first
             box(x0 - 5000, y0 - 5000, x0 - 4000, y0 + 5000),        # a long cell far away
             box(x0 + 45, y0 + 45, x0 + 55, y0 + 55)]                # inside the ring's hole
    project = _project(geoms)
    rng = np.random.default_rng(8)
    x = np.r_[rng.uniform(x0 - 5100, x0 + 200, 4000), x0 + 95, x0 + 50, x0 + 41]
    y = np.r_[rng.uniform(y0 - 5100, y0 + 5100, 4000), y0 + 10, y0 + 50, y0 + 41]
    got = cell_of_xy(project, x, y)
    assert (got == _plain(np.asarray(geoms, dtype=object), x, y)).all()
    assert list(got[-3:]) == [0, 3, -1]


def test_cells_are_kept_after_an_edit_that_moves_no_point(demo_project):
    project = Project([type(demo_project[n])(demo_project[n].data.copy()) for n in ("grid_cells", "incidents")])
    first = cell_of_features(project, "incidents")
    incidents = project["incidents"].data.copy()
    incidents.loc[0, "category"] = "other"                  # an attribute edit
    project["incidents"].data = incidents
    assert cell_of_features(project, "incidents") is first
    moved = project["incidents"].data.copy()
    moved.loc[0, "geometry"] = shapely.Point(0.0, 0.0)       # a point moved far away
    project["incidents"].data = moved
    again = cell_of_features(project, "incidents")
    assert again is not first and again[0] == -1 and (again[1:] == first[1:]).all()
