"""GCJ-02 / BD-09: the published offsets' size in Harbin and round trips under 1 cm."""
import numpy as np
import pytest
from pyproj import Geod

from gridmap.io.chinacrs import (bd09_to_wgs84, gcj02_to_wgs84, to_wgs84, wgs84_to_bd09, wgs84_to_gcj02)

GEOD = Geod(ellps="WGS84")


def harbin_points(n=1000, seed=1):
    rng = np.random.default_rng(seed)
    return rng.uniform(126.50, 126.78, n), rng.uniform(45.65, 45.83, n)


def metres(lon1, lat1, lon2, lat2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


def test_offsets_have_the_known_size_in_harbin():
    lon, lat = harbin_points()
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    b_lon, b_lat = wgs84_to_bd09(lon, lat)
    d_gcj, d_bd = metres(lon, lat, g_lon, g_lat), metres(lon, lat, b_lon, b_lat)
    # DOMAIN.md: GCJ-02 is ~500 m off in Harbin, BD-09 ~1.3 km.
    assert 350 < d_gcj.min() and d_gcj.max() < 650
    assert 1000 < d_bd.min() and d_bd.max() < 1600


def test_gcj02_matches_a_published_reference_point():
    # Tiananmen gate, widely published pair: WGS84 (116.391275, 39.906217) -> GCJ-02 (116.397511, 39.907614).
    lon, lat = wgs84_to_gcj02(116.391275, 39.906217)
    assert metres(lon, lat, 116.397511, 39.907614) < 3.0


@pytest.mark.parametrize(("forward", "inverse"), [(wgs84_to_gcj02, gcj02_to_wgs84), (wgs84_to_bd09, bd09_to_wgs84)])
def test_round_trip_under_one_centimetre_at_1000_points(forward, inverse):
    lon, lat = harbin_points()
    back_lon, back_lat = inverse(*forward(lon, lat))
    assert metres(lon, lat, back_lon, back_lat).max() < 0.01


def test_outside_china_is_unchanged_and_unknown_system_refused():
    lon, lat = wgs84_to_gcj02(np.array([2.35]), np.array([48.85]))
    assert lon[0] == 2.35 and lat[0] == 48.85
    with pytest.raises(ValueError, match="unknown coordinate system"):
        to_wgs84("mars", [1], [2])
