"""Kernel density: mass is conserved, the peak sits on the points, the grid ignores the view."""
import numpy as np
import pytest

from gridmap.analysis.density import kernel_density, scale_max


def test_total_mass_equals_the_number_of_points():
    rng = np.random.default_rng(0)
    x, y = rng.uniform(0, 1000, 500), rng.uniform(0, 800, 500)
    grid = kernel_density(x, y, (0, 0, 1000, 800), bandwidth=50, cell=10)
    km2_per_cell = (grid.cell / 1000) ** 2
    assert grid.values.sum() * km2_per_cell == pytest.approx(500, rel=1e-3)


def test_single_point_peak_matches_the_gaussian():
    grid = kernel_density(np.array([505.0]), np.array([505.0]), (0, 0, 1000, 1000), bandwidth=40, cell=10)
    j, i = np.unravel_index(np.argmax(grid.values), grid.values.shape)
    cx, cy = grid.x0 + (i + 0.5) * grid.cell, grid.y0 + (j + 0.5) * grid.cell
    assert (cx, cy) == (505.0, 505.0)
    # Peak of a 2-D Gaussian of one point, σ = 40 m, per km²: 1/(2πσ²) per m² × 1e6.
    expected = 1e6 / (2 * np.pi * 40 ** 2)
    assert grid.values.max() == pytest.approx(expected, rel=0.05)


def test_grid_depends_on_extent_not_on_points():
    a = kernel_density(np.array([10.0]), np.array([10.0]), (0, 0, 500, 500), bandwidth=30)
    b = kernel_density(np.array([400.0, 20.0]), np.array([400.0, 30.0]), (0, 0, 500, 500), bandwidth=30)
    assert (a.x0, a.y0, a.cell, a.values.shape) == (b.x0, b.y0, b.cell, b.values.shape)
    assert scale_max(b) > 0
    with pytest.raises(ValueError):
        kernel_density(np.array([1.0]), np.array([1.0]), (0, 0, 10, 10), bandwidth=0)
