"""The web heatmap's intensity scale, against hand-built cases and PROJ's Web Mercator."""
import numpy as np
import pytest
from pyproj import Transformer

from gridmap.export.web_heat import fit_zoom, heat_max, world_pixels

HALF = 20037508.342789244          # half the Web Mercator world, metres


def test_world_pixels_match_web_mercator():
    lat, lon = np.array([45.73, -33.9, 0.0]), np.array([126.68, 18.4, 0.0])
    mx, my = Transformer.from_crs(4326, 3857, always_xy=True).transform(lon, lat)
    zoom = 15
    size = 256 * 2 ** zoom
    x, y = world_pixels(lat, lon, zoom)
    np.testing.assert_allclose(x, (mx + HALF) / (2 * HALF) * size, atol=1e-6)
    np.testing.assert_allclose(y, (HALF - my) / (2 * HALF) * size, atol=1e-6)


def test_fit_zoom_is_the_largest_that_fits():
    # 0.01° of longitude at the equator is 0.01/360 * 256 * 2**z px: 932 px at z=17, 1864 at z=18.
    assert fit_zoom(0.0, 0.0, 0.0001, 0.01, viewport=(1280, 760)) == 17
    assert fit_zoom(0.0, 0.0, 0.0001, 0.01, viewport=(900, 760)) == 16
    # 358° of longitude: 1018 px at z=2, 2036 at z=3; ±60° latitude: 429 px tall at z=2
    assert fit_zoom(-60.0, -179.0, 60.0, 179.0) == 2
    # ±80° latitude: 794 px tall at z=2, more than 760, so z=1
    assert fit_zoom(-80.0, -179.0, 80.0, 179.0) == 1


def test_points_in_one_window_set_the_scale():
    lat, lon = np.full(1, 45.73), np.full(1, 126.68)
    # one location with weight 40; at zoom 15 below max_zoom 17 Leaflet.heat scales by 1/4
    assert heat_max(lat, lon, np.array([40]), zoom=15, radius=18, max_zoom=17) == pytest.approx(10.0)


def test_a_single_point_never_scales_below_its_own_weight():
    assert heat_max(np.array([45.73]), np.array([126.68]), np.array([1]), zoom=17, radius=18, max_zoom=17) == 1.0
    assert heat_max(np.array([]), np.array([]), np.array([]), zoom=13, radius=18, max_zoom=17) == 1 / 16


def test_a_few_hot_windows_do_not_set_the_scale():
    # 19 windows with 1 incident each, far apart, and one with 100: the 95th percentile of
    # [1]*19 + [100] with linear interpolation is 1 + 0.05 * 99 = 5.95 (not 100).
    lat = np.r_[45.70 + 0.002 * np.arange(19), 45.80]
    lon = np.full(20, 126.68)
    weights = np.r_[np.ones(19), 100]
    assert heat_max(lat, lon, weights, zoom=17, radius=18, max_zoom=17) == pytest.approx(5.95)
