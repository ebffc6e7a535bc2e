"""Frozen views of a project for a render in another thread (QGIS's ``createMapRenderer`` idea).

The GUI thread owns the project: it edits layers, swaps frames on undo and keeps the metric copies
and their PROJ objects. A render thread must touch none of that. ``ProjectSnapshot`` is made on the
GUI thread just before a render job starts: it holds references to the layers' current frames
(frames are never changed in place, an edit assigns a new one), copies of the view state
(selection, filter, style, options) and the metric copies and x/y arrays the GUI thread computed.
What a painter reads during the render comes from here; nothing here calls PROJ, so the render
thread never uses a CRS or Transformer object of another thread.
"""
from __future__ import annotations

import threading

import numpy as np

_PER_THREAD = threading.local()


def thread_crs(text: str):
    """A pyproj CRS for ``text`` made in and kept for the calling thread (PROJ objects are not
    shared between threads here: sharing them crashed the app)."""
    cache = _PER_THREAD.__dict__.setdefault("crs", {})
    found = cache.get(text)
    if found is None:
        from pyproj import CRS
        from ..io.native import NATIVE_LOCK
        with NATIVE_LOCK:
            found = CRS.from_user_input(text)
        cache[text] = found
    return found


#: Polygon layers with more features than this are drawn from their centres at city zoom: the
#: snapshot carries those centres (computed once by the project) as well.
_CENTRES_FROM = 20_000


def blank_sensitive(frame, columns):
    """``frame`` with ``columns`` emptied (None), made once per frame object; ``frame`` itself when
    none of them is there. Code that reads such a column finds it, empty, and never crashes."""
    present = tuple(c for c in columns if c in frame.columns)
    if not present:
        return frame
    from ..analysis.derived import derived

    def blank(f):
        from ..analysis.derived import same_geometry
        out = f.copy(deep=False)        # the other columns are shared, not copied
        for column in present:
            out[column] = None
        same_geometry(out, f)           # what is derived from the geometry alone is shared
        return out
    return derived(frame, blank, key=("public", present))


def public_view(project) -> "ProjectSnapshot":
    """The project as a print, web map, screenshot or text report may show it: every column it
    marks sensitive (worker_phone, reporter, reporter_phone and any the project adds) is empty."""
    return ProjectSnapshot.capture(project, public=True)


class LayerSnapshot:
    """What a painter reads of a layer: its frame and view state at one moment, read-only."""

    def __init__(self, layer, public: bool = False) -> None:
        from layers.events import EventGroup
        self.events = EventGroup("data", "visible", "opacity", "selection", "style", "name", "filter")  # never emit
        self.kind = layer.kind
        self.spec = layer.spec
        self.name = layer.name
        self.source = layer.data            # the layer's own frame (never changed in place)
        self.data = blank_sensitive(layer.data, layer.sensitive_columns) if public else layer.data
        self.visible = layer.visible
        self.opacity = layer.opacity
        self.style = layer.style
        self.selection = np.array(layer.selection, dtype=np.int64, copy=True)
        mask = layer.filter_mask
        self.filter_mask = None if mask is None else np.array(mask, dtype=bool, copy=True)
        self.sensitive_columns = list(layer.sensitive_columns)
        self.is_spatial = layer.is_spatial
        self.is_point_layer = layer.is_point_layer
        self.transient = getattr(layer, "transient", False)
        self._options = dict(getattr(layer, "_options", {}))

    def option(self, key: str, default=None):
        return self._options.get(key, default)

    def public_data(self):
        return self.data.drop(columns=self.sensitive_columns)

    def __len__(self) -> int:
        return len(self.data)


class ProjectSnapshot:
    """The project as a render job sees it: layers (as LayerSnapshot), settings, metric data.

    Made on the GUI thread by ``capture``, which first makes sure every spatial layer has its
    metric copy (polygons, lines) or metric x/y (points) — cached by the project, so after the
    first render this costs dictionary look-ups only."""

    def __init__(self, layers: dict, meta: dict, metric: dict, xy: dict, crs_text: tuple[str, str],
                 path=None, deferred: dict | None = None) -> None:
        self._layers = layers
        self.meta = meta
        self.path = path
        self._metric = metric
        self._xy = xy
        self._crs_text = crs_text           # (metric, storage) as text: each thread makes its own CRS
        self._deferred = dict(deferred or {})   # name -> the layer's own frame, reprojected on demand
        self.made: dict = {}                # name -> (source frame, metric copy) made by a render

    @classmethod
    def capture(cls, project, public: bool = False) -> "ProjectSnapshot":
        """GUI thread only: freeze ``project`` for a render in another thread. With ``public`` every
        column the project marks sensitive is blank (the map, prints, web maps and reports)."""
        metric, xy, deferred = {}, {}, {}
        for name, layer in project.layers.items():
            if not layer.is_spatial:
                continue
            if layer.is_point_layer:
                xy[name] = project.metric_xy(name)
            elif len(layer) > _CENTRES_FROM:
                xy[name] = project.metric_xy(name)     # a city of footprints is drawn from centres
                if project.has_metric(name):
                    metric[name] = project.to_metric(name)
                else:
                    # Not made yet (the loader makes it after opening): a city-zoom frame needs only
                    # the centres; a close-up makes it in the render thread with its own PROJ objects
                    # rather than holding the GUI thread for a second or two.
                    deferred[name] = layer.data
            else:
                metric[name] = project.to_metric(name)
            if public and name in metric:       # the metric copy carries the attributes too
                metric[name] = blank_sensitive(metric[name], layer.sensitive_columns)
        layers = {name: LayerSnapshot(layer, public) for name, layer in project.layers.items()}
        crs_text = (project.metric_crs.srs, project.storage_crs.srs)
        return cls(layers, dict(project.meta), metric, xy, crs_text, project.path, deferred)

    @property
    def metric_crs(self):
        """The metric CRS, as an object of the calling thread's own."""
        return thread_crs(self._crs_text[0])

    @property
    def storage_crs(self):
        return thread_crs(self._crs_text[1])

    # -- the read-only part of Project's interface that painters use --------------------
    @property
    def layers(self) -> dict:
        return dict(self._layers)

    def layer_names(self) -> list[str]:
        return list(self._layers)

    def __getitem__(self, name: str) -> LayerSnapshot:
        return self._layers[name]

    def __contains__(self, name: object) -> bool:
        return name in self._layers

    def get(self, name: str):
        return self._layers.get(name)

    def to_metric(self, name: str):
        """The layer's metric copy as the GUI thread made it. A point layer's is made here from
        its metric x/y (no PROJ: the coordinates are metric already) and kept for this render."""
        found = self._metric.get(name)
        if found is not None:
            return found
        source = self._deferred.get(name)
        if source is not None:
            found = self._reproject(source)
            self.made[name] = (source, found)
            self._metric[name] = self._public(name, found)
            return self._metric[name]
        if name not in self._xy:
            raise KeyError(f"no metric data of layer {name!r} in this render snapshot")
        import geopandas as gpd
        from layers.point_array import LazyPointArray
        x, y = self._xy[name]
        data = self._layers[name].data
        geometry = data.geometry.name if hasattr(data, "geometry") else None
        found = gpd.GeoDataFrame(data.drop(columns=[geometry]) if geometry else data,
                                 geometry=gpd.GeoSeries(LazyPointArray(x, y), index=data.index))
        self._metric[name] = found
        return found

    def _reproject(self, frame):
        """``frame`` (the layer's own, in the storage CRS) in the metric CRS, made with PROJ objects
        of the calling thread: the same coordinates ``Project.to_metric`` gives."""
        import geopandas as gpd
        import shapely
        from ..io.crs import transformer
        tr = transformer(self._crs_text[1], self._crs_text[0])

        def move(coords):
            x, y = tr.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])
        out = frame.copy(deep=False)
        geometry = frame.geometry.name
        out[geometry] = gpd.GeoSeries(shapely.transform(np.asarray(frame.geometry.values), move),
                                      index=frame.index)
        return gpd.GeoDataFrame(out, geometry=geometry, crs=thread_crs(self._crs_text[0]))

    def _public(self, name: str, frame):
        """``frame`` as this snapshot shows layer ``name``: blank sensitive columns if its data is."""
        layer = self._layers[name]
        return blank_sensitive(frame, layer.sensitive_columns) if layer.data is not layer.source else frame

    def metric_xy(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        found = self._xy.get(name)
        if found is not None:
            return found
        import shapely
        geoms = np.asarray(self.to_metric(name).geometry.values)
        pts = geoms if len(geoms) and (shapely.get_type_id(geoms) == 0).all() else shapely.centroid(geoms)
        found = (shapely.get_x(pts), shapely.get_y(pts))
        self._xy[name] = found
        return found
