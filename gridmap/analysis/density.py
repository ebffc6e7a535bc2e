"""Kernel density of incidents on a fixed world grid, so the colours mean the same at every zoom."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter

MAX_CELLS = 4_000_000


@dataclass
class DensityGrid:
    """Incidents per km² on a grid: cell (i, j) covers x0 + i·cell … and y0 + j·cell … (row 0 south)."""

    x0: float
    y0: float
    cell: float
    values: np.ndarray     # shape (ny, nx)

    @property
    def extent(self) -> tuple[float, float, float, float]:
        ny, nx = self.values.shape
        return self.x0, self.y0, self.x0 + nx * self.cell, self.y0 + ny * self.cell


def grid_for(extent: tuple[float, float, float, float], bandwidth: float, cell: float = 10.0) -> tuple:
    """(x0, y0, cell, nx, ny) of a world grid covering ``extent`` plus three bandwidths."""
    x0, y0, x1, y1 = extent
    pad = 3.0 * bandwidth
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    while ((x1 - x0) / cell) * ((y1 - y0) / cell) > MAX_CELLS:
        cell *= 2.0
    nx, ny = int(np.ceil((x1 - x0) / cell)), int(np.ceil((y1 - y0) / cell))
    return x0, y0, cell, nx, ny


def kernel_density(x: np.ndarray, y: np.ndarray, extent, bandwidth: float = 60.0, cell: float = 10.0) -> DensityGrid:
    """Gaussian kernel density (σ = ``bandwidth`` metres) of points, in incidents per km².

    The grid depends only on ``extent`` (use the project's), never on the view. Counting uses
    np.bincount (histogram2d is ~10× slower). Raises ValueError for a non-positive bandwidth.
    """
    if bandwidth <= 0:
        raise ValueError(f"bandwidth must be > 0 m, got {bandwidth}")
    x0, y0, cell, nx, ny = grid_for(extent, bandwidth, cell)
    i = np.floor((np.asarray(x) - x0) / cell).astype(np.int64)
    j = np.floor((np.asarray(y) - y0) / cell).astype(np.int64)
    inside = (i >= 0) & (i < nx) & (j >= 0) & (j < ny)
    counts = np.bincount(j[inside] * nx + i[inside], minlength=nx * ny).reshape(ny, nx).astype(np.float32)
    smooth = gaussian_filter(counts, sigma=bandwidth / cell, mode="constant", truncate=3.0)
    return DensityGrid(x0, y0, cell, smooth * (1e6 / (cell * cell)))


def scale_max(grid: DensityGrid, quantile: float = 0.995) -> float:
    """A robust top of the colour scale: a high quantile of the non-zero densities."""
    positive = grid.values[grid.values > 1e-9]
    return float(np.quantile(positive, quantile)) if len(positive) else 1.0


def project_extent_m(project) -> tuple[float, float, float, float]:
    """Metric extent of the boundary, cells and incidents: the heatmap's fixed world grid."""
    boxes = [project.to_metric(n).total_bounds for n in ("boundary", "grid_cells") if n in project and len(project[n])]
    if "incidents" in project and len(project["incidents"]):
        x, y = project.metric_xy("incidents")
        boxes.append((np.nanmin(x), np.nanmin(y), np.nanmax(x), np.nanmax(y)))
    boxes = np.array(boxes)
    return boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()


def incident_heat(project, mask: np.ndarray | None, bandwidth: float) -> tuple[DensityGrid, float]:
    """Density of the shown incidents on the project's grid, and its automatic colour-scale top."""
    x, y = project.metric_xy("incidents")
    if mask is not None:
        x, y = x[mask], y[mask]
    grid = kernel_density(x, y, project_extent_m(project), bandwidth)
    return grid, scale_max(grid)
