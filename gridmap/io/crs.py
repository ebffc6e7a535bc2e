"""Coordinate reference systems: the storage CRS and the metric CRS picked from the data."""
from __future__ import annotations

import math
import threading

from pyproj import CRS

#: Storage CRS of the contract: WGS84 longitude/latitude.
STORAGE_CRS = CRS.from_epsg(4326)

# CGCS2000 3-degree Gauss-Kruger "CM" systems: EPSG:4534 (CM 75E) ... EPSG:4554 (CM 135E).
_CGCS2000_CM_FIRST_EPSG, _CGCS2000_CM_FIRST, _CGCS2000_CM_LAST = 4534, 75, 135
# Mainland China and its islands, roughly (lon 73.5-135.1 E, lat 3.8-53.6 N).
_CHINA = (73.0, 3.0, 136.0, 54.0)


def metric_crs_for(lon: float, lat: float) -> CRS:
    """A projected CRS in metres suited to data centred at (lon, lat).

    Inside China: the CGCS2000 3-degree Gauss-Kruger zone whose central meridian is nearest
    (EPSG:4551, CM 126E, for Harbin). Elsewhere: the WGS84 UTM zone.

    Raises ValueError for coordinates that are not longitude/latitude.
    """
    if not (math.isfinite(lon) and math.isfinite(lat)) or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"not a longitude/latitude: ({lon}, {lat})")
    west, south, east, north = _CHINA
    if west <= lon <= east and south <= lat <= north:
        cm = int(round(lon / 3.0)) * 3
        cm = min(max(cm, _CGCS2000_CM_FIRST), _CGCS2000_CM_LAST)
        return CRS.from_epsg(_CGCS2000_CM_FIRST_EPSG + (cm - _CGCS2000_CM_FIRST) // 3)
    zone = min(int((lon + 180) // 6) + 1, 60)
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


def metric_crs_for_bounds(bounds: tuple[float, float, float, float], crs=STORAGE_CRS) -> CRS:
    """The metric CRS for data with ``bounds`` (minx, miny, maxx, maxy) in ``crs``.

    A CRS that is already projected in metres is returned as it is.
    """
    crs = CRS.from_user_input(crs)
    if crs.is_projected:
        return crs
    minx, miny, maxx, maxy = bounds
    return metric_crs_for((minx + maxx) / 2.0, (miny + maxy) / 2.0)


_PER_THREAD = threading.local()


def transformer(source, target):
    """An always-x/y Transformer, cached per thread. pyproj gives each thread its own PROJ copy
    of a transformer, made on first use in that thread (~0.1 s here); this makes it once per
    thread and under NATIVE_LOCK (PROJ objects created while GDAL reads in another thread crash
    the process). Using it needs no lock."""
    from pyproj import Transformer
    from .native import NATIVE_LOCK
    cache = _PER_THREAD.__dict__.setdefault("transformers", {})
    key = (str(source), str(target))         # a CRS prints its definition string: no PROJ call
    found = cache.get(key)
    if found is None:
        with NATIVE_LOCK:
            found = Transformer.from_crs(source, target, always_xy=True)
            found.transform(0.0, 0.0)           # makes this thread's PROJ object now, under the lock
        cache[key] = found
    return found


def reproject_frame(frame, crs):
    """``frame.to_crs(crs)`` with the transformer made under the native lock and the
    coordinates transformed outside it."""
    import geopandas as gpd
    import numpy as np
    import shapely
    crs = CRS.from_user_input(crs)
    if frame.crs is None:
        raise ValueError("the frame has no CRS to reproject from")
    if CRS.from_user_input(frame.crs).equals(crs):
        return frame.set_crs(crs, allow_override=True)
    tr = transformer(frame.crs, crs)

    def move(coords):
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])
    geoms = shapely.transform(np.asarray(frame.geometry.values), move)
    out = frame.copy(deep=False)
    out[frame.geometry.name] = gpd.GeoSeries(geoms, index=frame.index, crs=crs)
    return out.set_crs(crs, allow_override=True)
