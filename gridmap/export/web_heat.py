"""The intensity scale of the web map's heatmap, so that it opens neither saturated nor faint.

Leaflet.heat sums the weights of the points falling in square cells of ``radius / 2`` screen
pixels, multiplies the sums by ``1 / 2 ** (maxZoom - zoom)`` and draws a cell fully hot when its
sum reaches the ``max`` option (1 by default). With thousands of incidents a street office map
opens all red. Here the weights are summed for the view the page opens on (the zoom
``fit_bounds`` picks) over windows of ``radius`` pixels (a cell's blurred circle overlaps its
neighbours, so what one sees hot is about four of Leaflet.heat's cells), and ``max`` is set to a
high percentile of those sums: only the densest few percent of the map are drawn fully hot.
"""
from __future__ import annotations

import numpy as np

TILE = 256                      # Leaflet's world size in pixels at zoom 0
VIEWPORT = (1280, 760)          # a typical browser window, for the opening zoom


def world_pixels(lat: np.ndarray, lon: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates at ``zoom``, as Leaflet's ``project`` computes them."""
    scale = TILE * 2.0 ** zoom
    phi = np.radians(np.clip(lat, -85.0511287798, 85.0511287798))
    x = (np.asarray(lon, dtype=float) + 180.0) / 360.0 * scale
    y = (1.0 - np.log(np.tan(phi) + 1.0 / np.cos(phi)) / np.pi) / 2.0 * scale
    return x, y


def fit_zoom(south: float, west: float, north: float, east: float, viewport=VIEWPORT, max_zoom: int = 20) -> int:
    """The largest integer zoom at which the bounds fit the viewport (Leaflet's getBoundsZoom)."""
    for zoom in range(max_zoom, -1, -1):
        x, y = world_pixels(np.array([south, north]), np.array([west, east]), zoom)
        if abs(x[1] - x[0]) <= viewport[0] and abs(y[1] - y[0]) <= viewport[1]:
            return zoom
    return 0


def heat_max(lat: np.ndarray, lon: np.ndarray, weights: np.ndarray, zoom: int, radius: float,
             max_zoom: int, percentile: float = 95.0) -> float:
    """The ``max`` option for Leaflet.heat: the ``percentile`` of the non-empty window sums at ``zoom``,
    windows being squares of ``radius`` pixels, sums scaled as Leaflet.heat scales them below ``max_zoom``.

    Never less than one point's contribution, so a sparse map is not drawn hotter than its data.
    """
    factor = 1.0 / 2.0 ** max(0, min(max_zoom - zoom, 12))
    if len(lat) == 0:
        return factor
    x, y = world_pixels(np.asarray(lat, dtype=float), np.asarray(lon, dtype=float), zoom)
    cell = float(radius)
    keys = np.column_stack([np.floor(x / cell), np.floor(y / cell)]).astype(np.int64)
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    sums = np.bincount(inverse.ravel(), weights=np.asarray(weights, dtype=float)) * factor
    return float(max(np.percentile(sums, percentile), factor))
