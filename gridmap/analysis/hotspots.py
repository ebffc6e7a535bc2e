"""Hot spots per grid cell: Getis-Ord Gi* with false-discovery-rate correction, classed at
90/95/99 % confidence as ArcGIS's Optimized Hot Spot Analysis does. Also counts and rates."""
from __future__ import annotations

import numpy as np
import shapely

CONFIDENCE = (0.90, 0.95, 0.99)


def contiguity_pairs(geoms: np.ndarray, tolerance: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """Queen contiguity: (i, j) for cells sharing a border or corner (within ``tolerance`` metres)."""
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms, predicate="dwithin", distance=tolerance)
    keep = i != j
    return i[keep], j[keep]


def distance_pairs(geoms: np.ndarray, distance: float | None = None) -> tuple[np.ndarray, np.ndarray, float]:
    """Cells whose centroids lie within ``distance`` metres; by default the smallest distance that
    gives every cell at least one neighbour. Returns (i, j, distance used)."""
    centres = shapely.centroid(geoms)
    tree = shapely.STRtree(centres)
    if distance is None:
        _idx, dist = tree.query_nearest(centres, exclusive=True, return_distance=True, all_matches=False)
        nearest = np.full(len(centres), np.inf)
        np.minimum.at(nearest, _idx[0], dist)
        distance = float(nearest.max()) * 1.0001 if len(nearest) > 1 else 0.0
    i, j = tree.query(centres, predicate="dwithin", distance=distance)
    keep = i != j
    return i[keep], j[keep], distance


def gi_star(values: np.ndarray, pairs_i: np.ndarray, pairs_j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Getis-Ord Gi* z-scores and two-sided p-values, binary weights with each cell its own neighbour.

    z_i = (Σ_j w_ij x_j − x̄ W_i) / (S √((n Σ_j w_ij² − W_i²)/(n − 1))). Raises ValueError for
    fewer than 3 cells; cells all equal give z = 0.
    """
    z, p = gi_star_steps(np.asarray(values, dtype=float)[None, :], pairs_i, pairs_j)
    return z[0], p[0]


def gi_star_steps(values: np.ndarray, pairs_i: np.ndarray, pairs_j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gi* of every row of ``values`` (steps × cells) at once, as ``gi_star`` computes one row."""
    from scipy.sparse import csr_matrix
    x = np.asarray(values, dtype=float)
    n = x.shape[1]
    if n < 3:
        raise ValueError(f"Gi* needs at least 3 cells, got {n}")
    neighbours = csr_matrix((np.ones(len(pairs_i)), (pairs_i, pairs_j)), shape=(n, n))
    lag = x + (neighbours @ x.T).T                   # the cell itself (star) and its neighbours
    w_sum = 1.0 + np.bincount(pairs_i, minlength=n)[:n]
    mean = x.mean(axis=1, keepdims=True)
    s = np.sqrt(np.maximum((x ** 2).mean(axis=1, keepdims=True) - mean ** 2, 0.0))
    denom = s * np.sqrt((n * w_sum - w_sum ** 2) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(denom > 0, (lag - mean * w_sum) / denom, 0.0)
    from scipy.special import ndtr     # here, not at start-up (scipy.special: 0.1 s to import)
    p = 2.0 * ndtr(-np.abs(z))        # two-sided normal tail
    return z, p


def fdr_significant(p: np.ndarray, alpha: float) -> np.ndarray:
    """Benjamini-Hochberg: which p-values are significant at false-discovery rate ``alpha``."""
    p = np.asarray(p, dtype=float)
    n = len(p)
    order = np.argsort(p)
    thresholds = alpha * np.arange(1, n + 1) / n
    passed = p[order] <= thresholds
    significant = np.zeros(n, dtype=bool)
    if passed.any():
        k = np.flatnonzero(passed).max()
        significant[order[: k + 1]] = True
    return significant


def hotspot_classes(z: np.ndarray, p: np.ndarray, fdr: bool = True) -> np.ndarray:
    """Per cell: +3/+2/+1 hot spot at 99/95/90 % confidence, −1/−2/−3 cold, 0 not significant."""
    classes = np.zeros(len(z), dtype=np.int8)
    for level, confidence in enumerate(CONFIDENCE, start=1):
        alpha = 1.0 - confidence
        significant = fdr_significant(p, alpha) if fdr else p <= alpha
        classes[significant] = level
    return (classes * np.sign(z)).astype(np.int8)


def counts_per_cell(cell_of_incident: np.ndarray, mask: np.ndarray | None, n_cells: int) -> np.ndarray:
    """How many (filtered) incidents lie in each cell."""
    cells = cell_of_incident if mask is None else cell_of_incident[mask]
    return np.bincount(cells[cells >= 0], minlength=n_cells)[:n_cells]


def rates_per_100_households(counts: np.ndarray, households: np.ndarray) -> np.ndarray:
    """Incidents per 100 households (NaN for cells without households)."""
    households = np.asarray(households, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(households > 0, counts * 100.0 / households, np.nan)
