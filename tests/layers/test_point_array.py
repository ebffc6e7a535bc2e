"""Points held as x/y (layers.point_array) give what shapely Points give, without making them."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from layers import IncidentsLayer
from layers.errors import LayerValidationError
from layers.point_array import LazyPointArray, point_xy

RNG = np.random.default_rng(7)
X = RNG.uniform(126.5, 126.8, 500)
Y = RNG.uniform(45.6, 45.9, 500)


def frames():
    """The same frame twice: points as x/y, and as shapely objects (the independent reference)."""
    attrs = {"v": np.arange(len(X)), "k": np.where(np.arange(len(X)) % 3 == 0, "a", "b")}
    lazy = gpd.GeoDataFrame(attrs, geometry=gpd.GeoSeries(LazyPointArray(X, Y)), crs=4326)
    plain = gpd.GeoDataFrame(attrs, geometry=shapely.points(X, Y), crs=4326)
    return lazy, plain


def same_points(a, b) -> bool:
    av, bv = np.asarray(a.geometry.values, object), np.asarray(b.geometry.values, object)
    return len(av) == len(bv) and bool(shapely.equals_exact(av, bv, tolerance=0).all())


def test_frame_operations_keep_points_as_arrays_and_give_the_same_points():
    lazy, plain = frames()
    mask = (lazy["k"] == "a").to_numpy()
    order = RNG.permutation(len(X))[:50]
    cases = [
        (lazy[mask], plain[mask]),
        (lazy.iloc[order], plain.iloc[order]),
        (lazy.copy(), plain.copy()),
        (lazy.drop(columns="k"), plain.drop(columns="k")),
        (lazy.reset_index(drop=True), plain.reset_index(drop=True)),
        (pd.concat([lazy, lazy.iloc[:3]], ignore_index=True), pd.concat([plain, plain.iloc[:3]], ignore_index=True)),
    ]
    for got, want in cases:
        values = got.geometry.values
        assert isinstance(values, LazyPointArray) and not values.is_materialized
        np.testing.assert_array_equal(got.total_bounds, want.total_bounds)
        assert len(got) == len(want)
    for got, want in cases:                      # now make the objects: the very same points
        assert same_points(got, want)


def test_reprojection_equals_geopandas_and_stays_lazy():
    lazy, plain = frames()
    got, want = lazy.to_crs(4547), plain.to_crs(4547)
    assert isinstance(got.geometry.values, LazyPointArray) and not got.geometry.values.is_materialized
    gx, gy = point_xy(got.geometry)
    np.testing.assert_allclose(gx, shapely.get_x(np.asarray(want.geometry.values)), rtol=0, atol=1e-6)
    np.testing.assert_allclose(gy, shapely.get_y(np.asarray(want.geometry.values)), rtol=0, atol=1e-6)
    assert got.crs.equals(want.crs)


def test_missing_rows_from_reindex_and_setting_values():
    lazy, plain = frames()
    got = lazy.reindex([0, 1, 10_000])
    assert got.geometry.isna().tolist() == [False, False, True]
    assert got.geometry.values.geom_type.tolist() == ["Point", "Point", None]
    edited = lazy.copy()
    edited.loc[5, "geometry"] = shapely.Point(1.5, 2.5)
    values = edited.geometry.values
    assert isinstance(values, LazyPointArray) and not values.is_materialized     # a move stays on the arrays
    assert edited.geometry.iloc[5].equals(shapely.Point(1.5, 2.5))
    assert lazy.geometry.iloc[5].equals(plain.geometry.iloc[5])                  # the original is untouched
    edited.loc[6, "geometry"] = shapely.box(0, 0, 1, 1)                          # not a point any more
    assert edited.geometry.iloc[6].geom_type == "Polygon"
    assert edited.geometry.iloc[5].equals(shapely.Point(1.5, 2.5))


def refusals(spec, *frames_) -> list[str]:
    """The validation message for each frame (each must be refused)."""
    from layers.validate import _check_geometry
    messages = []
    for frame in frames_:
        with pytest.raises(LayerValidationError) as err:
            _check_geometry(spec, frame, "t.gpkg")
        messages.append(str(err.value))
    return messages


def test_layer_validation_names_the_same_rows_either_way():
    from layers.validate import _check_geometry
    lazy, _plain = frames()
    x = X.copy()
    x[[3, 7]] = np.inf
    bad = gpd.GeoDataFrame({"v": np.arange(len(X))}, geometry=gpd.GeoSeries(LazyPointArray(x, Y)), crs=4326)
    bad_plain = gpd.GeoDataFrame({"v": np.arange(len(X))}, geometry=shapely.points(x, Y), crs=4326)
    lazy_message, plain_message = refusals(IncidentsLayer.spec, bad, bad_plain)
    assert lazy_message == plain_message and "2" in lazy_message
    assert _check_geometry(IncidentsLayer.spec, lazy, "t.gpkg").geometry.values.is_materialized is False


def test_point_xy_of_plain_and_lazy_arrays_agree():
    lazy, plain = frames()
    for a, b in zip(point_xy(lazy.geometry), point_xy(plain.geometry)):
        np.testing.assert_array_equal(a, b)
    with_missing = gpd.GeoSeries([shapely.Point(1, 2), None, shapely.Point()])
    x, y = point_xy(with_missing)
    assert x[0] == 1 and y[0] == 2 and np.isnan(x[1:]).all() and np.isnan(y[1:]).all()


def test_points_where_polygons_are_required_are_refused_the_same_way():
    from layers import BuildingsLayer
    lazy, plain = frames()
    lazy_message, plain_message = refusals(BuildingsLayer.spec, lazy, plain)
    assert lazy_message == plain_message and "500" in lazy_message


def test_a_nan_coordinate_set_into_points_is_named_as_such():
    """Not mistaken for a missing geometry (NaN is how the arrays mark one)."""
    lazy, plain = frames()
    for frame in (lazy, plain):
        frame.loc[4, "geometry"] = shapely.Point(float("nan"), 45.7)
    lazy_message, plain_message = refusals(IncidentsLayer.spec, lazy, plain)
    assert lazy_message == plain_message and "NaN" in lazy_message
