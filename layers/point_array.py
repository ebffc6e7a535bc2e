"""Point geometries held as two coordinate arrays; shapely objects made only when asked for.

A million shapely Points cost ~350 MB and ~0.6 s (holding the GIL) to make; a city view, the
counts per cell, the filter and the heat map need only x and y. ``LazyPointArray`` is a
geopandas ``GeometryArray`` whose ``_data`` (the object array every geopandas operation reads)
is made from x/y the first time something reads it, so every geopandas and pandas operation
still works and gives what it gave before. What a layer does on its own hot paths (length,
bounds, missing values, slicing, taking rows, concatenating, reprojecting) stays on the arrays.

A missing geometry is NaN in x (a row taken with ``allow_fill``); the readers only build a
lazy array when every point is a finite 2-D point.
"""
from __future__ import annotations

import numbers
import os
import threading

import numpy as np
import pandas as pd
import shapely
from geopandas.array import GeometryArray, _get_common_crs

_TRACE = os.environ.get("GRIDMAP_TRACE_POINTS")
_MAKE_LOCK = threading.Lock()


class LazyPointArray(GeometryArray):
    """A GeometryArray of 2-D points kept as float64 ``x``/``y`` arrays (read-only views)."""

    def __init__(self, x, y, crs=None, points: np.ndarray | None = None):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        if x.ndim != 1 or x.shape != y.shape:
            raise ValueError("x and y must be 1-D arrays of one length")
        x, y = x.view(), y.view()
        x.flags.writeable = y.flags.writeable = False     # shared between copies: read-only views
        self._x, self._y = x, y
        self._points = points
        self._crs = None
        self.crs = crs
        self._sindex = None

    # -- the object array, made on first use --------------------------------------------
    @property
    def _data(self) -> np.ndarray:
        points = self._points
        if points is None:
            with _MAKE_LOCK:                       # two threads asking at once make it once
                points = self._points
                if points is None:
                    if _TRACE and len(self._x) >= int(_TRACE):
                        import traceback
                        traceback.print_stack(limit=12)
                    points = shapely.points(self._x, self._y)
                    missing = np.isnan(self._x)
                    if missing.any():
                        points[missing] = None
                    self._points = points
        return points

    @_data.setter
    def _data(self, value: np.ndarray) -> None:   # GeometryArray code assigning its storage
        self._points = value
        self._to_plain(value)

    def _to_plain(self, value: np.ndarray) -> None:
        """After an in-place change the arrays must describe the new objects: read back from
        them, or, when they are no longer all points, become a plain GeometryArray."""
        xy = as_point_xy(value)
        if xy is None:
            crs, sindex = self._crs, self._sindex
            self.__dict__.clear()
            self.__class__ = GeometryArray
            self.__dict__.update(_data=value, _crs=crs, _sindex=sindex)
            return
        self._x, self._y = LazyPointArray(*xy).xy

    @property
    def is_materialized(self) -> bool:
        """Whether the shapely objects exist (tests and memory accounting)."""
        return self._points is not None

    @property
    def xy(self) -> tuple[np.ndarray, np.ndarray]:
        """The coordinate arrays themselves (read-only; NaN where a row has no geometry)."""
        return self._x, self._y

    def __setitem__(self, key, value):
        xy = self._points_of(value) if self._points is None else None
        if xy is not None and (np.ndim(xy[0]) == 0 or not isinstance(key, numbers.Integral)):
            # points set into points not yet made: new coordinate arrays (others keep theirs)
            if not isinstance(key, (numbers.Integral, slice)):
                key = pd.api.indexers.check_array_indexer(self, key)
            x, y = self._x.copy(), self._y.copy()
            x[key], y[key] = xy
            self._x, self._y = LazyPointArray(x, y).xy
        else:                                       # something else than points: as geopandas does
            points = self._data.copy()
            holder = GeometryArray(points, crs=self.crs)
            holder[key] = value
            self._points = holder._data
            self._to_plain(self._points)
        self._sindex = None

    @staticmethod
    def _points_of(value):
        """(x, y) of a value being set when it is a 2-D point, a missing value or an array of
        them; else None."""
        if isinstance(value, pd.Series):
            value = value.values
        if value is None or isinstance(value, float) and np.isnan(value):
            return np.nan, np.nan
        if isinstance(value, shapely.Point):
            if value.is_empty or value.has_z or not (np.isfinite(value.x) and np.isfinite(value.y)):
                return None                 # not a plain point: NaN here would read as "missing"
            return value.x, value.y
        if isinstance(value, (GeometryArray, np.ndarray, list)):
            arr = value if isinstance(value, GeometryArray) else np.asarray(value, dtype=object)
            return as_point_xy(arr)
        return None

    # -- what stays on the arrays ------------------------------------------------------
    @property
    def size(self) -> int:
        return len(self._x)

    def _like(self, x, y, points=None) -> "LazyPointArray":
        return LazyPointArray(x, y, crs=self.crs, points=points)

    def __getitem__(self, idx):
        if isinstance(idx, numbers.Integral):
            if self._points is not None:
                return self._points[idx]
            x, y = self._x[idx], self._y[idx]
            return None if np.isnan(x) else shapely.Point(x, y)
        if isinstance(idx, slice) and idx == slice(None):
            result = self._like(self._x, self._y, self._points)
            result._sindex = self._sindex
            return result
        if not isinstance(idx, slice):
            idx = pd.api.indexers.check_array_indexer(self, idx)
        points = None if self._points is None else self._points[idx]
        return self._like(self._x[idx], self._y[idx], points)

    def take(self, indices, allow_fill: bool = False, fill_value=None):
        if allow_fill and fill_value is not None and not pd.isna(fill_value):
            return GeometryArray(self._data, crs=self.crs).take(indices, allow_fill=True, fill_value=fill_value)
        indices = np.asarray(indices, dtype=np.intp)
        if allow_fill:
            from pandas.api.extensions import take
            x = take(self._x, indices, allow_fill=True, fill_value=np.nan)
            y = take(self._y, indices, allow_fill=True, fill_value=np.nan)
            return self._like(x, y)
        points = None if self._points is None else self._points.take(indices)
        return self._like(self._x.take(indices), self._y.take(indices), points)

    def copy(self, *args, **kwargs):
        return self._like(self._x, self._y, None if self._points is None else self._points.copy())

    @classmethod
    def _concat_same_type(cls, to_concat):
        parts = [as_point_xy(a) for a in to_concat]
        if all(p is not None for p in parts):       # points everywhere: stays on the arrays
            return LazyPointArray(np.concatenate([p[0] for p in parts]),
                                  np.concatenate([p[1] for p in parts]), crs=_get_common_crs(to_concat))
        return GeometryArray._concat_same_type([GeometryArray(a._data, crs=a.crs) for a in to_concat])

    def isna(self) -> np.ndarray:
        return np.isnan(self._x)

    @property
    def is_empty(self) -> np.ndarray:
        return np.zeros(len(self._x), dtype=bool)

    @property
    def is_valid(self) -> np.ndarray:
        return ~np.isnan(self._x)

    @property
    def geom_type(self) -> np.ndarray:
        types = np.full(len(self._x), "Point", dtype=object)
        types[np.isnan(self._x)] = None
        return types

    @property
    def has_z(self) -> np.ndarray:
        return np.zeros(len(self._x), dtype=bool)

    @property
    def x(self) -> np.ndarray:
        return self._x.copy()

    @property
    def y(self) -> np.ndarray:
        return self._y.copy()

    @property
    def bounds(self) -> np.ndarray:
        return np.column_stack([self._x, self._y, self._x, self._y])

    @property
    def total_bounds(self) -> np.ndarray:
        present = ~np.isnan(self._x)
        if not present.any():
            return np.array([np.nan] * 4)
        x, y = self._x[present], self._y[present]
        return np.array([x.min(), y.min(), x.max(), y.max()])

    @property
    def nbytes(self) -> int:
        return self._x.nbytes + self._y.nbytes

    def to_crs(self, crs=None, epsg=None):
        from pyproj import CRS, Transformer
        if self.crs is None:
            raise ValueError("Cannot transform naive geometries.  Please set a crs on the object first.")
        target = CRS.from_user_input(crs if crs is not None else epsg)
        if self.crs.is_exact_same(target):
            return self
        transformer = Transformer.from_crs(self.crs, target, always_xy=True)   # this call's own
        x, y = transformer.transform(self._x, self._y)
        return LazyPointArray(np.asarray(x, float), np.asarray(y, float), crs=target)

    def __getstate__(self):
        return {"x": np.asarray(self._x), "y": np.asarray(self._y), "crs": self._crs}

    def __setstate__(self, state):
        if isinstance(state, dict) and "x" in state:
            self.__init__(state["x"].copy(), state["y"].copy(), crs=state["crs"])
        else:                                       # a pickle of a plain GeometryArray
            super().__setstate__(state)


def point_xy(geometry) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) float arrays of a point GeoSeries / GeometryArray / object array, without making
    shapely objects when the points are held lazily; NaN for a missing or empty geometry."""
    values = getattr(geometry, "values", geometry)
    if isinstance(values, LazyPointArray):
        return values.xy
    arr = np.asarray(values, dtype=object)
    x = np.full(len(arr), np.nan)
    y = np.full(len(arr), np.nan)
    present = ~shapely.is_missing(arr)
    if present.any():
        present &= ~shapely.is_empty(np.where(present, arr, None))
        x[present] = shapely.get_x(arr[present])
        y[present] = shapely.get_y(arr[present])
    return x, y


def as_point_xy(values) -> tuple[np.ndarray, np.ndarray] | None:
    """(x, y) when every value is a finite 2-D point or missing (a lazy array's own arrays); else None."""
    if isinstance(values, LazyPointArray):
        return values.xy
    arr = np.asarray(values._data if isinstance(values, GeometryArray) else values, dtype=object)
    missing = shapely.is_missing(arr)
    present = arr[~missing]
    if len(present) and not ((shapely.get_type_id(present) == 0).all() and not shapely.has_z(present).any()
                             and not shapely.is_empty(present).any()):
        return None
    x = np.full(len(arr), np.nan)
    y = np.full(len(arr), np.nan)
    x[~missing], y[~missing] = shapely.get_x(present), shapely.get_y(present)
    if not (np.isfinite(x[~missing]).all() and np.isfinite(y[~missing]).all()):
        return None                         # a NaN coordinate is not "no geometry": keep the objects
    return x, y


def lazy_points(x, y, crs=None):
    """A GeoSeries-ready lazy array of the points (x[i], y[i])."""
    return LazyPointArray(x, y, crs=crs)
