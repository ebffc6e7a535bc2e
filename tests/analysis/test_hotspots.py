"""Gi* against PySAL esda's G_Local on the same weights; FDR against a hand-computed case."""
import numpy as np
import pytest
import shapely

from gridmap.analysis.hotspots import (contiguity_pairs, counts_per_cell, distance_pairs, fdr_significant, gi_star,
                                       hotspot_classes, rates_per_100_households)
from gridmap.analysis.stats import cell_of_points

esda = pytest.importorskip("esda")
libpysal = pytest.importorskip("libpysal")


def esda_z(values, i, j):
    neighbours = {k: [] for k in range(len(values))}
    for a, b in zip(i, j):
        neighbours[int(a)].append(int(b))
    w = libpysal.weights.W(neighbours, silence_warnings=True)
    g = esda.G_Local(np.asarray(values, dtype=float), w, transform="B", star=True, permutations=0)
    return g.Zs


@pytest.fixture(scope="module")
def demo_cells(demo_project):
    geoms = np.asarray(demo_project.to_metric("grid_cells").geometry.values)
    where = cell_of_points(demo_project, np.asarray(demo_project.to_metric("incidents").geometry.values))
    return demo_project, geoms, where


@pytest.mark.parametrize("weights", ["contiguity", "distance"])
def test_gi_star_equals_esda_on_the_demo(demo_cells, weights):
    project, geoms, where = demo_cells
    cats = project["incidents"].data["category"].isin(["property", "heating"]).to_numpy()
    counts = counts_per_cell(where, cats, len(geoms))
    i, j = contiguity_pairs(geoms) if weights == "contiguity" else distance_pairs(geoms)[:2]
    z, p = gi_star(counts, i, j)
    assert np.allclose(z, esda_z(counts, i, j), atol=1e-9)
    assert np.allclose(p, 2 * __import__("scipy").stats.norm.sf(np.abs(z)))


def test_gi_star_equals_esda_on_random_rates():
    rng = np.random.default_rng(3)
    grid = np.array([shapely.box(x, y, x + 1, y + 1) for x in range(12) for y in range(9)])
    values = rng.gamma(2.0, 3.0, size=len(grid))
    i, j = contiguity_pairs(grid)
    assert np.allclose(gi_star(values, i, j)[0], esda_z(values, i, j), atol=1e-9)


def test_queen_contiguity_on_a_3x3_grid():
    grid = np.array([shapely.box(x, y, x + 1, y + 1) for y in range(3) for x in range(3)])
    i, j = contiguity_pairs(grid)
    degree = np.bincount(i, minlength=9)
    assert degree.tolist() == [3, 5, 3, 5, 8, 5, 3, 5, 3]


def test_benjamini_hochberg_by_hand():
    p = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.060, 0.074, 0.205, 0.212, 0.216])
    # Thresholds 0.05*k/10: 0.005, 0.010, 0.015, ... -> only the first two pass.
    assert fdr_significant(p, 0.05).tolist() == [True, True] + [False] * 8


def test_hot_and_cold_classes_with_and_without_fdr():
    z = np.array([3.0, 2.0, 1.7, 0.5, -1.7, -2.0, -3.0])
    p = 2 * __import__("scipy").stats.norm.sf(np.abs(z))
    assert hotspot_classes(z, p, fdr=False).tolist() == [3, 2, 1, 0, -1, -2, -3]
    with_fdr = hotspot_classes(z, p, fdr=True)
    assert with_fdr[0] == 3 and with_fdr[-1] == -3 and abs(with_fdr[2]) <= 1


def test_a_planted_cluster_is_hot():
    grid = np.array([shapely.box(x, y, x + 1, y + 1) for y in range(10) for x in range(10)])
    counts = np.full(100, 5.0)
    counts[[44, 45, 54, 55]] = 40.0
    i, j = contiguity_pairs(grid)
    classes = hotspot_classes(*gi_star(counts, i, j))
    assert classes[[44, 45, 54, 55]].min() == 3 and classes[0] == 0


def test_rates_per_100_households():
    rates = rates_per_100_households(np.array([5, 0, 3]), np.array([250, 100, 0]))
    assert rates[0] == 2.0 and rates[1] == 0.0 and np.isnan(rates[2])
