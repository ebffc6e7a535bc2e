"""Project: the layers of one GeoPackage, its CRS, loading and atomic saving."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from layers import LAYER_CLASSES, LayerModel, OtherLayer
from layers.errors import DataError
from layers.events import EventGroup
from layers.point_array import LazyPointArray, point_xy

from layers.row_ids import FID

from .io import STORAGE_CRS, list_layers, metric_crs_for_bounds, read_layer, write_layers
from .io.gpkg import slow_views
from .io.changeset import ChangeSet, diff_layer, resolve_ids
from .io.gpkg_store import LOCK_TIMEOUT_S, META_TABLE, apply_changes

#: Tables of a GeoPackage that are not layers of the project: its settings, and the styles QGIS
#: (and GridMap's defaults for QGIS) keep there.
NOT_LAYERS = {META_TABLE, "layer_styles", "qgis_projects"}
#: What was derived from a layer's frame is kept for its current frame and the one before (an
#: undo finds it ready); older frames, still held by the undo history, lose it.
KEEP_DERIVED_FRAMES = 2
from .io.native import NATIVE_LOCK, give_back_memory
from .io.crs import reproject_frame, transformer

Progress = Callable[[int, int, str], None]


class Project:
    """The layers of one project GeoPackage.

    Contract layers (``boundary`` … ``patrols``) are validated models; any other layer (such as
    ``roads``) is kept as an OtherLayer. All spatial layers share the storage CRS (EPSG:4326
    unless the project says otherwise); metric work uses ``metric_crs``, picked from the data's
    location (EPSG:4551 for Harbin) unless the project's settings name one.
    """

    def __init__(self, layers: Iterable[LayerModel] = (), *, path: str | os.PathLike | None = None,
                 meta: dict[str, str] | None = None, database=None) -> None:
        self.events = EventGroup("layers", "saved")
        self.path = Path(path) if path is not None else None
        #: The database the project lives in (a ``server.sync.DbLink``), or None for a file.
        self.database = database
        self.meta: dict[str, str] = dict(meta or {})
        self.problems: list[str] = []
        self._layers: dict[str, LayerModel] = {}
        self._metric_cache: dict[str, gpd.GeoDataFrame] = {}
        self._metric_crs: CRS | None = None
        self._xy_cache: dict[str, tuple] = {}
        self._xy_source: dict[str, tuple] = {}       # storage lon/lat the cached x/y came from
        self._xy_previous: dict[str, tuple] = {}     # (source, x/y) of the frame before an edit
        self._recent_frames: dict[str, list] = {}    # weak references to a layer's last frames
        # What the file holds, as far as this project knows: the frame of each layer as last read
        # from or written to it, the settings, and the file ids that rows made here got on saving.
        self._saved: dict[str, pd.DataFrame] = {}
        self._saved_meta: dict[str, str] = dict(self.meta) if path is not None or database is not None else {}
        self._assigned: dict[str, dict[int, int]] = {}
        for layer in layers:
            self.add_layer(layer)

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, *, strict: bool = True, progress: Progress | None = None) -> "Project":
        """Open the project GeoPackage at ``path``.

        With ``strict`` (the default) a layer that breaks the data contract raises DataError
        naming the file, layer and rows. Without it, such layers are skipped and their
        messages collected in ``project.problems``.

        Raises ReadError (a DataError) when the file is missing or not a GeoPackage. A
        ``postgresql://…?project=NAME`` address opens the project from the database instead
        (ValueError when it cannot be reached).
        """
        link = database_link(path)
        if link is not None:
            return link.open()
        path = Path(path)
        listing = list_layers(path)
        meta = _read_meta(path) if any(name == META_TABLE for name, _ in listing) else {}
        sensitive = json.loads(meta.get("sensitive", "{}") or "{}")
        project = cls(path=path, meta=meta)
        slow = slow_views(path)
        project.problems += list(slow.values())
        names = [name for name, _ in listing if name not in NOT_LAYERS and name not in slow]
        for done, name in enumerate(names, start=1):
            try:
                frame = read_layer(path, name)
                layer = _make_layer(name, frame, source=path.name, sensitive=sensitive.get(name, ()))
                project.add_layer(layer, saved=True)
            except DataError as exc:
                if strict:
                    raise
                project.problems.append(str(exc))
            if progress is not None:
                progress(done, len(names), name)
        give_back_memory()
        return project

    @staticmethod
    def layer_plan(path: str | os.PathLike) -> tuple[dict, dict, list[str]]:
        """(settings, sensitive columns per layer, layer names most useful first: cells and
        buildings before a million incidents) — what a viewer needs to read layers one by one.

        Raises ReadError when the file is missing or not a GeoPackage.
        """
        if hasattr(path, "layer_plan"):
            return path.layer_plan()            # a database project (server.sync.DbLink)
        path = Path(path)
        listing = list_layers(path)
        meta = _read_meta(path) if any(name == META_TABLE for name, _ in listing) else {}
        sensitive = json.loads(meta.get("sensitive", "{}") or "{}")
        slow = slow_views(path)
        listing = [(name, kind) for name, kind in listing if name not in slow]
        priority = ["boundary", "communities", "grid_cells", "roads", "buildings", "facilities", "facility_links",
                    "incidents", "patrols"]
        names = [name for name, _ in listing if name not in NOT_LAYERS]
        names.sort(key=lambda n: priority.index(n) if n in priority else len(priority) - 2)
        return meta, sensitive, names

    @staticmethod
    def make_layer(path: str | os.PathLike, name: str, frame: pd.DataFrame, sensitive: dict) -> LayerModel:
        """The validated model of layer ``name`` read from ``path`` as ``frame``. Raises DataError."""
        return _make_layer(name, frame, source=Path(path).name, sensitive=sensitive.get(name, ()))

    @staticmethod
    def read_one(path: str | os.PathLike, name: str, sensitive: dict) -> LayerModel:
        """The layer ``name`` of ``path`` as a validated model. Raises DataError naming the file,
        layer and rows when it cannot be read or breaks the data contract."""
        if hasattr(path, "read_one"):
            return path.read_one(name, sensitive)     # a database project (server.sync.DbLink)
        return Project.make_layer(path, name, read_layer(Path(path), name), sensitive)

    @property
    def source(self) -> str:
        """Where the project lives, for messages: its file or its database project."""
        if self.database is not None:
            return self.database.label
        return str(self.path) if self.path is not None else ""

    # -- layers --------------------------------------------------------------------------
    @property
    def layers(self) -> dict[str, LayerModel]:
        """Layer name -> model, contract layers first in drawing order, then the others."""
        return dict(self._layers)

    def layer_names(self) -> list[str]:
        return list(self._layers)

    def __getitem__(self, name: str) -> LayerModel:
        return self._layers[name]

    def __contains__(self, name: object) -> bool:
        return name in self._layers

    def get(self, name: str) -> LayerModel | None:
        return self._layers.get(name)

    def add_layer(self, layer: LayerModel, *, replace: bool = False, saved: bool = False) -> None:
        """Add ``layer`` under its kind's name, reprojected to the storage CRS when needed.
        ``saved``: the layer was just read from the project's file (its frame is what the file holds).

        Raises ValueError if a layer of that name exists and ``replace`` is false.
        """
        name = layer.kind
        if name in self._layers and not replace:
            raise ValueError(f"the project already has a layer {name!r}")
        if layer.is_spatial:
            target = self.storage_crs if self._layers else (layer.crs or STORAGE_CRS)
            if layer.crs is None:
                layer.data = layer.data.set_crs(target)
            elif not CRS.from_user_input(layer.crs).equals(target):
                layer.data = layer.data.to_crs(target)
        if saved:
            self._saved[name] = layer.data
            custom = json.loads(self.meta.get("layer_names", "{}") or "{}").get(name)
            if custom and layer.renamed is None:
                layer.reset_name(custom)       # the name the user gave it, kept in the project
        else:
            layer.take_new_row_ids()       # rows from anywhere else are new to this file
        self._layers[name] = layer
        self._order()
        layer.events.data.connect(lambda frame, n=name: self._on_new_frame(n, frame))
        self._on_new_frame(name, layer.data)
        self.events.layers.emit(self.layer_names())

    def restore_layer(self, layer: LayerModel) -> None:
        """Put back a layer ``remove_layer`` took out (undo): its rows keep their ids, so saving
        treats it as the layer the file already holds."""
        name = layer.kind
        self._layers[name] = layer
        self._order()
        layer.events.data.connect(lambda frame, n=name: self._on_new_frame(n, frame))
        self._on_new_frame(name, layer.data)
        self.events.layers.emit(self.layer_names())

    def remove_layer(self, name: str) -> LayerModel:
        """Remove and return the layer ``name``. Raises KeyError if there is none."""
        layer = self._layers.pop(name)
        self._forget(name)
        self.events.layers.emit(self.layer_names())
        return layer

    def _on_new_frame(self, name: str, frame) -> None:
        """Layer ``name`` holds ``frame`` now: drop its metric copies, and what was derived from
        frames older than the last few (analysis.derived: filter codes, period columns, the public
        view …). The undo history keeps old frames alive; without this every edit of a city's
        incidents kept another ~90 MB of values derived from the frame before it."""
        import weakref
        from .analysis.derived import forget
        self._forget(name)
        recent = [r for r in self._recent_frames.get(name, []) if r() is not None and r() is not frame]
        recent.append(weakref.ref(frame))
        for old in recent[:-KEEP_DERIVED_FRAMES]:
            old_frame = old()
            if old_frame is not None:
                forget(old_frame)
        self._recent_frames[name] = recent[-KEEP_DERIVED_FRAMES:]

    def _forget(self, name: str) -> None:
        """Drop what was derived from layer ``name`` (its metric copy, the metric CRS choice)."""
        self._metric_cache.pop(name, None)
        dropped = self._xy_cache.pop(name, None)
        if dropped is not None and name in self._xy_source:
            self._xy_previous[name] = (self._xy_source.pop(name), dropped)
        if not getattr(self, "_metric_crs_pinned", False):
            self._metric_crs = None

    def pin_metric_crs(self, crs) -> None:
        """Use ``crs`` as the metric CRS whatever layers are added later."""
        self._metric_crs, self._metric_crs_pinned = crs, True

    def adopt_metric(self, name: str, metric_crs, frame, xy, source=None) -> None:
        """Take a layer's metric copy made elsewhere (the background loader), keeping its CRS;
        ``source`` is what ``xy_source`` of that project gave (lets edits that move no point keep x/y)."""
        self._metric_crs, self._metric_crs_pinned = metric_crs, True
        if frame is not None:
            self._metric_cache[name] = frame
        self._xy_cache[name] = xy
        if source is not None:
            self._xy_source[name] = source

    def has_metric(self, name: str) -> bool:
        """Whether layer ``name``'s metric copy is made (``to_metric`` then costs nothing)."""
        return name in self._metric_cache

    def adopt_metric_frame(self, name: str, metric_crs, frame) -> bool:
        """Take a metric copy of layer ``name`` made elsewhere, unless one is cached already or
        the metric CRS differs; True if taken."""
        if name in self._metric_cache or not CRS.from_user_input(metric_crs).equals(self.metric_crs):
            return False
        self._metric_cache[name] = frame
        return True

    def seed_metric_xy(self, name: str, lon: np.ndarray, lat: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
        """Metric x/y of point layer ``name`` computed elsewhere from its storage ``lon``/``lat``
        (the loader's preview), so they are not computed again."""
        self._xy_cache[name] = (x, y)
        self._xy_source[name] = (lon, lat, str(self.metric_crs))

    def xy_source(self, name: str):
        """The storage lon/lat (and CRS) the cached metric x/y of point layer ``name`` came from."""
        return self._xy_source.get(name)

    def _order(self) -> None:
        contract = [n for n in LAYER_CLASSES if n in self._layers]
        others = [n for n in self._layers if n not in LAYER_CLASSES]
        self._layers = {n: self._layers[n] for n in contract + others}

    # -- coordinate systems ----------------------------------------------------------------
    @property
    def storage_crs(self) -> CRS:
        """The CRS every spatial layer is held and saved in."""
        for layer in self._layers.values():
            if layer.is_spatial and layer.crs is not None:
                return CRS.from_user_input(layer.crs)
        return STORAGE_CRS

    @property
    def metric_crs(self) -> CRS:
        """Projected CRS in metres for areas, distances and the map canvas."""
        if self.meta.get("metric_crs"):
            cached = getattr(self, "_meta_crs", None)
            if cached is None or cached[0] != self.meta["metric_crs"]:
                with NATIVE_LOCK:
                    cached = (self.meta["metric_crs"], CRS.from_user_input(self.meta["metric_crs"]))
                self._meta_crs = cached
            return cached[1]
        if self._metric_crs is None:
            extent = self._extent_for_crs()
            with NATIVE_LOCK:
                if extent is None:
                    return metric_crs_for_bounds((126.68, 45.73, 126.68, 45.73))
                chosen = metric_crs_for_bounds(extent, self.storage_crs)
            previous = getattr(self, "_metric_crs_used", None)
            if previous is not None and not previous.equals(chosen):
                # The data moved to another zone: every metric copy is in the old CRS.
                self._metric_cache.clear()
                self._xy_cache.clear()
                self._xy_source.clear()
                self._xy_previous.clear()
            self._metric_crs = self._metric_crs_used = chosen
        return self._metric_crs

    def extent(self) -> tuple[float, float, float, float] | None:
        """(minx, miny, maxx, maxy) over all spatial layers in the storage CRS; None if empty."""
        boxes = [layer.bounds for layer in self._layers.values() if layer.bounds is not None]
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))

    def _extent_for_crs(self) -> tuple[float, float, float, float] | None:
        """The extent the metric CRS is chosen by: the areas and lines (boundary, cells, buildings,
        roads) when the project has any — a stray incident at (0, 0) must not move a street to
        another zone, and a million points need not be measured on every incident edit — else
        every layer."""
        boxes = [layer.bounds for layer in self._layers.values()
                 if layer.is_spatial and not layer.is_point_layer and layer.bounds is not None]
        if not boxes:
            return self.extent()
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))

    def to_metric(self, name: str) -> gpd.GeoDataFrame:
        """The layer ``name`` reprojected to ``metric_crs`` (cached until its data changes)."""
        crs = self.metric_crs          # first: a change of zone drops every cached copy
        cached = self._metric_cache.get(name)
        if cached is None:
            layer = self._layers[name]
            if not layer.is_spatial:
                raise ValueError(f"layer {name!r} has no geometry")
            cached = reproject_frame(layer.data, crs)
            self._metric_cache[name] = cached
        return cached

    def metric_xy(self, name: str) -> tuple:
        """(x, y) in the metric CRS of each feature's point (the point itself, a polygon's
        centroid), cached. Transforms coordinates directly: for a million points about four
        times faster than building metric Point geometries with to_crs."""
        self.metric_crs                # first: a change of zone drops every cached copy
        cached = self._xy_cache.get(name)
        if cached is not None:
            return cached
        import numpy as np
        import shapely
        layer = self._layers[name]
        values = layer.data.geometry.values
        if isinstance(values, LazyPointArray):          # points held as x/y: no objects made
            geoms, all_points = None, bool(len(values)) and not np.isnan(values.xy[0]).any()
        else:
            geoms = np.asarray(values)
            all_points = bool(len(geoms)) and bool((shapely.get_type_id(geoms) == 0).all())
        if all_points:
            lon, lat = point_xy(values)
            previous = self._xy_previous.pop(name, None)
            if (previous is not None and previous[0][2] == str(self.metric_crs)
                    and np.array_equal(previous[0][0], lon, equal_nan=True)
                    and np.array_equal(previous[0][1], lat, equal_nan=True)):
                # An edit that moved no point (a status, a category): the very same arrays, so
                # what was derived from them (cells of the points) stays valid.
                self._xy_cache[name] = previous[1]
                self._xy_source[name] = previous[0]
                return previous[1]
            self._xy_source[name] = (lon, lat, str(self.metric_crs))
        if name in self._metric_cache:
            metric = self._metric_cache[name].geometry.values
            if all_points:
                x, y = point_xy(metric)
            else:
                pts = shapely.centroid(np.asarray(metric))
                x, y = shapely.get_x(pts), shapely.get_y(pts)
        else:
            if all_points:
                sx, sy = lon, lat
            else:
                pts = shapely.centroid(np.asarray(values))
                sx, sy = shapely.get_x(pts), shapely.get_y(pts)
            x, y = transformer(self.storage_crs, self.metric_crs).transform(sx, sy)
            x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self._xy_cache[name] = (x, y)
        return x, y

    # -- saving ----------------------------------------------------------------------------
    def _stored_layers(self) -> dict[str, LayerModel]:
        return {name: layer for name, layer in self._layers.items() if not getattr(layer, "transient", False)}

    def _meta_to_store(self) -> dict[str, str]:
        meta = dict(self.meta)
        extra = {name: [c for c in layer.sensitive_columns if c not in layer.spec.sensitive_columns]
                 for name, layer in self._layers.items()}
        extra = {k: v for k, v in extra.items() if v}
        if extra:
            meta["sensitive"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
        names = {n: layer.renamed for n, layer in self._stored_layers().items() if layer.renamed}
        meta.pop("layer_names", None)
        if names:
            meta["layer_names"] = json.dumps(names, ensure_ascii=False, sort_keys=True)
        return meta

    def mark_meta_saved(self) -> None:
        """The settings now in ``meta`` are what the file holds (a reader filled them)."""
        self._saved_meta = dict(self.meta)

    def changes(self) -> ChangeSet:
        """What differs between the layers now and what the file holds (the change set a save writes)."""
        out = ChangeSet()
        for name, layer in self._stored_layers().items():
            out.layers[name] = diff_layer(name, self._saved.get(name), layer.data, self._assigned.get(name))
        out.removed = [name for name in self._saved if name not in self._layers]
        meta = self._meta_to_store()
        out.meta_set = {k: v for k, v in meta.items() if self._saved_meta.get(k) != v}
        out.meta_deleted = [k for k in self._saved_meta if k not in meta]
        return out

    @property
    def modified(self) -> bool:
        """Whether the project holds edits its file does not (cheap: compares frame identities)."""
        if self.path is None and self.database is None:
            return bool(self._stored_layers())
        stored = self._stored_layers()
        if any(self._saved.get(name) is not layer.data for name, layer in stored.items()):
            return True
        if any(name not in self._layers for name in self._saved):
            return True                         # a layer was removed
        return self._meta_to_store() != self._saved_meta

    def _validated_rows(self, name: str, raw: pd.DataFrame) -> pd.DataFrame:
        """Rows of layer ``name`` as stored in the file, validated as on opening, indexed by fid."""
        layer = self._layers[name]
        model = _make_layer(name, raw, source=self.path.name, sensitive=layer.sensitive_columns)
        return model.data.set_index(FID, drop=False)

    def save(self, path: str | os.PathLike | None = None, *, progress: Progress | None = None,
             conflicts: str = "ask", lock_timeout: float | None = None) -> Path:
        """Save the project. Returns the path written.

        To its own file (``path`` None or the same file): only what changed since it was read or
        last saved — inserted, updated and deleted rows, new columns and layers, settings — is
        written, in one SQLite transaction inside the GeoPackage; nothing else in the file is
        touched. A row another program changed since it was read raises SaveConflict (nothing
        written) unless ``conflicts`` is "mine" (write ours) or "theirs" (take theirs into this
        project). To another file: a complete new GeoPackage, written beside it and renamed into
        place.

        Raises WriteError (a DataError) naming the file and the reason, LockedError when another
        program holds the file's lock longer than ``lock_timeout`` seconds (default 10), SaveConflict, ValueError if there is no path.
        """
        if path is None and self.database is not None:
            self.database.save(self)
            self.events.saved.emit(None)
            return None
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("the project has no file yet: give a path")
        same = (self.path is not None and target.exists() and self.path.exists()
                and os.path.samefile(target, self.path))
        if same:
            self._save_changes(target, conflicts, progress, lock_timeout)
        else:
            self._save_whole(target, progress)
        self.path = target if not same else self.path
        self.events.saved.emit(self.path)
        return self.path

    def _save_whole(self, target: Path, progress: Progress | None) -> None:
        frames: dict[str, pd.DataFrame] = {}
        assigned: dict[str, dict[int, int]] = {}
        for name, layer in self._stored_layers().items():
            frame = layer.data
            ids = resolve_ids(frame[FID].to_numpy(), self._assigned.get(name))
            fresh = ids <= 0
            if fresh.any():
                top = int(ids[~fresh].max()) if (~fresh).any() else 0
                ids = ids.copy()
                ids[fresh] = np.arange(top + 1, top + 1 + int(fresh.sum()))
            assigned[name] = dict(zip(frame[FID].to_numpy().tolist(), ids.tolist()))
            frames[name] = frame.assign(**{FID: ids})
        meta = self._meta_to_store()
        if meta:
            frames[META_TABLE] = pd.DataFrame({"key": list(meta), "value": list(meta.values())})
        write_layers(target, frames, progress=progress)
        self._assigned = {name: {k: v for k, v in m.items() if k != v} for name, m in assigned.items()}
        self._saved = {name: layer.data for name, layer in self._stored_layers().items()}
        self._saved_meta = meta

    def _save_changes(self, target: Path, conflicts: str, progress: Progress | None,
                      lock_timeout: float | None) -> None:
        changes = self.changes()
        if not changes:
            return
        created = {name: change for name, change in changes.layers.items() if change.created}
        if created:
            from .io.gpkg import append_layers
            frames, assigned = {}, {}
            for name, change in created.items():
                ids = np.arange(1, len(change.frame) + 1, dtype=np.int64)
                frames[name] = change.frame.assign(**{FID: ids})
                assigned[name] = dict(zip(change.frame[FID].to_numpy().tolist(), ids.tolist()))
            append_layers(target, frames)
            for name, frame in frames.items():
                self._assigned[name] = assigned[name]
                self._saved[name] = self._layers[name].data
                changes.layers.pop(name)
        result = apply_changes(target, changes, validate=self._validated_rows, policy=conflicts,
                               timeout=LOCK_TIMEOUT_S if lock_timeout is None else lock_timeout)
        for name, mapping in result.assigned.items():
            self._assigned.setdefault(name, {}).update(mapping)
        for name, change in changes.layers.items():
            self._saved[name] = change.frame
        for name in changes.removed:
            self._saved.pop(name, None)
            self._assigned.pop(name, None)
        self._saved_meta = {**self._saved_meta, **changes.meta_set}
        for key in changes.meta_deleted:
            self._saved_meta.pop(key, None)
        if progress is not None:
            progress(1, 1, "")
        for name in set(result.theirs) | {n for n, gone in result.deleted_by_them.items() if gone}:
            self._take_theirs(name, result.theirs.get(name), result.deleted_by_them.get(name, []))

    def _take_theirs(self, name: str, theirs: pd.DataFrame | None, deleted: list[int]) -> None:
        """Put rows another program wrote into layer ``name`` (the save kept theirs)."""
        layer = self._layers[name]
        frame = layer.data.copy()
        ids = resolve_ids(frame[FID].to_numpy(), self._assigned.get(name))
        theirs = theirs if theirs is not None else frame.iloc[0:0].set_index(FID, drop=False)
        pos = pd.Index(ids).get_indexer(theirs.index.to_numpy())
        for column in theirs.columns:
            if column in frame.columns and column != FID:
                values = frame[column].to_numpy(dtype=object).copy() if column != frame.geometry.name \
                    else np.asarray(frame[column].values, dtype=object).copy()
                values[pos[pos >= 0]] = theirs[column].to_numpy(dtype=object)[pos >= 0]
                frame[column] = values
        keep = ~np.isin(ids, np.asarray(deleted, dtype=np.int64))
        layer.data = frame[keep]
        self._saved[name] = layer.data

    def __repr__(self) -> str:
        counts = ", ".join(f"{n}={len(layer)}" for n, layer in self._layers.items())
        return f"<Project {self.path}: {counts}>"


def database_link(address):
    """A ``server.sync.DbLink`` for a ``postgresql://…?project=NAME`` address (or the link
    itself); None for a file path."""
    if hasattr(address, "layer_plan"):
        return address
    from .server.url import is_database
    if not is_database(address):
        return None
    from .server.sync import DbLink
    from .server.url import parse
    return DbLink(parse(str(address)))


def _make_layer(name: str, frame: pd.DataFrame, *, source: str, sensitive: Iterable[str]) -> LayerModel:
    cls = LAYER_CLASSES.get(name)
    if cls is None:
        return OtherLayer(frame, layer_name=name, source=source, sensitive=sensitive)
    return cls(frame, source=source, sensitive=sensitive)


def _read_meta(path: Path) -> dict[str, str]:
    frame = read_layer(path, META_TABLE)
    if not {"key", "value"} <= set(frame.columns):
        return {}
    return {str(k): str(v) for k, v in zip(frame["key"], frame["value"]) if pd.notna(k)}
