"""The coverage overlay as data: cells by days since their last patrol, and every finding's shape."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from .model import CoverageReport


def overlay_frame(project, report: CoverageReport) -> gpd.GeoDataFrame:
    """Rows of kind ``cell_patrol`` (with ``days``) and one row per finding that has a geometry,
    in the project's storage CRS. ``finding`` indexes ``report.findings`` (-1 for cell rows)."""
    geoms, kinds, days, index = [], [], [], []
    if "grid_cells" in project and report.cell_last_patrol_days is not None and "patrols" in project:
        cells = np.asarray(project.to_metric("grid_cells").geometry.values)
        geoms += list(cells)
        kinds += ["cell_patrol"] * len(cells)
        days += list(np.asarray(report.cell_last_patrol_days, dtype=float))
        index += [-1] * len(cells)
    for k, finding in enumerate(report.findings):
        if finding.geometry is None:
            continue
        geoms.append(finding.geometry)
        kinds.append(finding.type)
        days.append(np.nan)
        index.append(k)
    frame = gpd.GeoDataFrame(pd.DataFrame({"kind": kinds, "days": days, "finding": index}),
                             geometry=gpd.GeoSeries(geoms, crs=project.metric_crs), crs=project.metric_crs)
    return frame.to_crs(project.storage_crs)
