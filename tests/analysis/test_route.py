"""Patrol routes: every building once, 2-opt never longer, known optimum on simple layouts."""
import itertools

import numpy as np
import pytest
import shapely

from gridmap.analysis.route import (RoadNetwork, nearest_neighbour, patrol_route, tour_length, two_opt)


def squares(points, size=4.0):
    return np.array([shapely.box(x - size / 2, y - size / 2, x + size / 2, y + size / 2) for x, y in points])


def test_every_building_exactly_once_and_two_opt_never_longer():
    rng = np.random.default_rng(5)
    for trial in range(30):
        pts = rng.uniform(0, 300, size=(rng.integers(3, 25), 2))
        m = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
        nn = nearest_neighbour(m, 0)
        opt = two_opt(m, nn)
        assert sorted(opt.tolist()) == list(range(len(pts))) and opt[0] == 0
        assert tour_length(m, opt) <= tour_length(m, nn) + 1e-9


def test_no_single_reversal_shortens_the_result():
    """2-opt's promise, checked with plain loops: after it, reversing any stretch (the start
    fixed) gives no shorter path."""
    rng = np.random.default_rng(21)
    for trial in range(15):
        pts = rng.uniform(0, 200, size=(rng.integers(4, 30), 2))
        m = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
        opt = two_opt(m, nearest_neighbour(m, 0))
        length = tour_length(m, opt)
        for i in range(1, len(opt) - 1):
            for j in range(i + 1, len(opt)):
                other = np.concatenate([opt[:i], opt[i:j + 1][::-1], opt[j + 1:]])
                assert tour_length(m, other) >= length - 1e-6


def test_small_cases_reach_the_brute_force_optimum_or_close():
    rng = np.random.default_rng(9)
    for trial in range(10):
        pts = rng.uniform(0, 100, size=(7, 2))
        m = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
        best = min(tour_length(m, np.array((0,) + p)) for p in itertools.permutations(range(1, 7)))
        got = tour_length(m, two_opt(m, nearest_neighbour(m, 0)))
        assert got <= best * 1.15


def test_buildings_on_a_line_are_walked_in_order():
    xs = [0, 50, 10, 40, 20, 30]
    route = patrol_route(squares([(x, 0) for x in xs]), start_point=(-5, 0))
    assert [xs[i] for i in route.order] == [0, 10, 20, 30, 40, 50]
    assert route.length_m == pytest.approx(50.0)


def test_road_distances_follow_the_streets():
    # Two parallel streets joined only at x=0: crossing between them means walking round.
    roads = RoadNetwork(np.array([shapely.LineString([(0, 0), (100, 0)]), shapely.LineString([(0, 20), (100, 20)]),
                                  shapely.LineString([(0, 0), (0, 20)])]))
    m, _near, _info = roads.distances(np.array([[90.0, 2.0], [90.0, 18.0]]))
    assert m[0, 1] == pytest.approx(2 + 90 + 20 + 90 + 2)    # onto the street, along, across, back, off
    m2, _n, _i = roads.distances(np.array([[30.0, 3.0], [70.0, 4.0]]))
    assert m2[0, 1] == pytest.approx(3 + 40 + 4)             # the same street: straight along it
    route = patrol_route(squares([(90, 2), (90, 18)], 1.0), start_point=(90, 0), roads=roads)
    assert route.along_roads and route.length_m == pytest.approx(204.0)
    assert route.path.length == pytest.approx(204.0)          # drawn from building to building


def test_no_buildings_is_an_error():
    with pytest.raises(ValueError):
        patrol_route(np.array([]))
