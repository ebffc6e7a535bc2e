"""The work of opening a project in the background, done in threads: layers read (polygons in
one thread, points in another), validated, prepared for drawing, then warmed up for the analyses.
The results go out as Qt signals; ``loader.ProjectLoader`` relays them to the GUI thread."""
from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from layers.errors import DataError

#: Read in the second thread.
POINT_LAYERS = ("incidents", "patrols")
#: At most this long the points' reader waits for the polygons before building its geometries.
#: Point layers drawn from their bare x/y while they validate (patrols start hidden: no preview).
PREVIEWED = ("incidents",)
#: Polygon layers drawn from their R-tree boxes while they are read (a city of footprints), when
#: they have at least this many features.
BOX_PREVIEWED = ("buildings",)
BOX_PREVIEW_FROM = 20_000
#: Layers whose metric copy is made after every layer has arrived: the first frames draw them
#: from their metric x/y, and making the copy earlier would compete with the points' reader.
DEFERRED_METRIC = ("buildings",)


class ReaderSignals(QObject):
    """What a background open reports; the reader emits these, the loader relays the same ones."""

    meta = Signal(dict)
    layer = Signal(str, object)           # (layer model, prepared metric data)
    problem = Signal(str)
    progress = Signal(int, int, str)
    failed = Signal(str)
    done = Signal()
    metric = Signal(str, object)          # a deferred metric copy: (layer, metric CRS, frame)
    preview = Signal(str, object)         # a point layer's metric (x, y), before its model
    finished = Signal()

    NAMES = ("meta", "layer", "problem", "progress", "failed", "done", "metric", "preview", "finished")


class ProjectReader(ReaderSignals):
    """Reads a project's layers in the thread it is moved to (and one helper thread for points)."""

    def __init__(self, path) -> None:
        super().__init__()
        self.path = path
        self.cancelled = False
        self._lock = threading.Lock()
        self._total, self._done = 0, 0

    def run(self) -> None:
        try:
            from ..io.native import keep_proj_context
            keep_proj_context()             # a QThread: Qt's thread, as in a pool (io.native)
            self._run()
        finally:
            self.finished.emit()            # the thread may quit

    def _run(self) -> None:
        from ..project import Project
        try:
            meta, sensitive, names = Project.layer_plan(self.path)
            self._total, self._done = len(names) + 1, 0
            self.meta.emit(meta)
            self._step("gridmap_meta")
            first = [n for n in names if n not in POINT_LAYERS]
            points = [n for n in names if n in POINT_LAYERS]
            # Polygons here, points (the million incidents) in a second thread once the metric CRS
            # is known: only GDAL's part of a read holds the native lock, so the two overlap.
            scratch = Project(meta=dict(meta))
            helper = None
            for name in first:
                if self.cancelled:
                    break
                if name in BOX_PREVIEWED:
                    self._box_preview(name, scratch)
                self._read(name, scratch, sensitive)
                if helper is None and points and any(layer.is_spatial for layer in scratch.layers.values()):
                    scratch.pin_metric_crs(scratch.metric_crs)
                    helper = _Helper(self, points, scratch.metric_crs, meta, sensitive)
            if helper is None and points and not self.cancelled:
                helper = _Helper(self, points, None, meta, sensitive)
            if helper is not None:
                helper.join()
                if helper.error is not None:
                    raise helper.error
        except DataError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:        # a bug must not leave the window waiting for ever
            logging.getLogger(__name__).exception("reading %s failed", self.path)
            self.failed.emit(f"{self.path}: {type(exc).__name__}: {exc}")
            return
        from ..io.native import give_back_memory
        give_back_memory()                  # what the reads used and freed
        if not self.cancelled:
            self.done.emit()
            self._warm_up(scratch, helper.scratch if helper is not None else None)

    def _warm_up(self, scratch, points=None) -> None:
        """Metric copies deferred while reading, made now for the analyses and close-up views."""
        for name in DEFERRED_METRIC:
            if self.cancelled or name not in scratch:
                continue
            try:
                frame = scratch.to_metric(name)
            except Exception:           # the GUI makes it itself when it needs it
                logging.getLogger(__name__).exception("metric copy of %s failed", name)
                continue
            self.metric.emit(name, (scratch[name], scratch.metric_crs, frame))
        self._warm_up_analyses(scratch, points)

    def _warm_up_analyses(self, scratch, points) -> None:
        """What the first coverage check or count per cell computes first: the building -> cell
        assignment and the cell of every point, remembered for the very frames and x/y arrays
        the GUI's project adopted (so it finds them). A failure only means it computes them itself."""
        from ..analysis.coverage import warm_up
        from ..analysis.spatial_index import point_cells
        try:
            if not self.cancelled:
                warm_up(scratch)
            if points is None or "grid_cells" not in scratch:
                return
            cells = scratch.to_metric("grid_cells")
            for name in POINT_LAYERS:
                if not self.cancelled and name in points:
                    point_cells(cells, name, *points.metric_xy(name))
        except Exception:
            logging.getLogger(__name__).exception("warming up the analyses failed")

    def _read(self, name: str, scratch, sensitive: dict, preview: bool = False) -> None:
        """Read, validate and prepare one layer, then hand it to the GUI thread; with ``preview``
        the points are first handed over as bare metric x/y, to be drawn while they validate."""
        from ..io.native import NATIVE_LOCK
        from ..project import Project
        seed = None
        try:
            if preview:
                layer, seed = self._read_with_preview(name, scratch, sensitive)
            else:
                layer = Project.read_one(self.path, name, sensitive)
        except DataError as exc:
            self.problem.emit(str(exc))
            self._step(name)
            return
        prepared = None
        if layer.is_spatial:
            with NATIVE_LOCK:               # may reproject (PROJ objects must not overlap GDAL reads)
                scratch.add_layer(layer, saved=True)     # read from the file: its rows keep their ids
            if seed is not None:
                scratch.seed_metric_xy(name, *seed)
            # The metric copies the canvas needs are made here, off the GUI thread. Points need only
            # their metric x/y to be drawn; their metric geometries are made when an analysis asks.
            points = layer.kind in POINT_LAYERS
            frame = None if points or name in DEFERRED_METRIC else scratch.to_metric(name)
            prepared = (scratch.metric_crs, frame, scratch.metric_xy(name), scratch.xy_source(name))
            _derive(layer)
        self.layer.emit(name, (layer, prepared))
        self._step(name)

    def _box_preview(self, name: str, scratch) -> None:
        """Hand the GUI layer ``name``'s feature boxes from the GeoPackage's R-tree (metric) to draw
        while the layer is read; nothing when there is no file, index or metric CRS yet."""
        import numpy as np
        from ..io.crs import transformer
        from ..io.gpkg_boxes import feature_boxes
        if hasattr(self.path, "point_xy") or not any(l.is_spatial for l in scratch.layers.values()):
            return
        try:
            found = feature_boxes(self.path, name)
            if found is None or len(found[1]) < BOX_PREVIEW_FROM:
                return
            crs, _fids, minx, miny, maxx, maxy = found
            tr = transformer(crs, scratch.metric_crs)
            x0, y0 = tr.transform(minx, miny)
            x1, y1 = tr.transform(maxx, maxy)
        except Exception:           # only a preview: the layer itself follows
            logging.getLogger(__name__).exception("R-tree preview of %s failed", name)
            return
        self.preview.emit(name, tuple(np.asarray(a, dtype=float) for a in (x0, y0, x1, y1)))

    def _read_with_preview(self, name: str, scratch, sensitive: dict):
        """(layer, (lon, lat, x, y) or None): the table is read once; its point bytes give the
        preview's metric x/y before the frame is made and validated."""
        import numpy as np
        from pyproj import CRS
        from ..io.arrow_read import geometry_column, point_coordinates
        from ..io.crs import transformer
        from ..io.gpkg import frame_from_table, read_layer_table
        from ..io.native import NATIVE_LOCK
        from ..project import Project
        database = hasattr(self.path, "point_xy")
        if database:                        # a database project: the points first, as one MultiPoint
            lonlat, crs = self.path.point_xy(name), "EPSG:4326"
        else:
            meta, table = read_layer_table(self.path, name)
            wkb = geometry_column(meta, table)
            lonlat = point_coordinates(wkb.combine_chunks()) if wkb is not None and meta["crs"] else None
            crs = meta["crs"]
        seed = None
        if lonlat is not None and not self.cancelled:
            with NATIVE_LOCK:
                source = CRS.from_user_input(crs)
            x, y = transformer(source, scratch.metric_crs).transform(*lonlat)
            x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
            self.preview.emit(name, (x, y))
            seed = (lonlat[0], lonlat[1], x, y)
            # No waiting for the polygons: the points are x/y arrays (layers.point_array), no
            # longer a million objects made holding the GIL (waiting cost the city 0.6 s of its
            # open and the full map nothing).
        if database:
            layer = Project.read_one(self.path, name, sensitive)
            if seed is not None:            # rows may have come, gone or moved between the two reads
                from layers.point_array import point_xy
                px, py = point_xy(layer.data.geometry.values)
                if len(px) != len(seed[0]) or not (np.array_equal(px, seed[0]) and np.array_equal(py, seed[1])):
                    seed = None
            return layer, seed
        frame = frame_from_table(self.path, name, meta, table)
        del table, wkb                  # the WKB and time texts go before validation makes its columns
        return Project.make_layer(self.path, name, frame, sensitive), seed

    def _step(self, name: str) -> None:
        with self._lock:
            self._done += 1
            done = self._done
        self.progress.emit(done - 1, self._total, name)


class _Helper:
    """The second reading thread (point layers)."""

    def __init__(self, reader: ProjectReader, names: list[str], metric_crs, meta: dict, sensitive: dict) -> None:
        from ..project import Project
        self.reader, self.names, self.sensitive = reader, names, sensitive
        self.scratch = Project(meta=dict(meta))
        if metric_crs is not None:
            self.scratch.pin_metric_crs(metric_crs)
        self.error: BaseException | None = None
        previous = threading.stack_size(16 * 1024 * 1024)     # PROJ and GDAL need more than the default
        try:
            self.thread = threading.Thread(target=self._run, name="gridmap-points-reader", daemon=True)
            self.thread.start()
        finally:
            threading.stack_size(previous)

    def _run(self) -> None:
        try:
            for name in self.names:
                if self.reader.cancelled:
                    return
                self.reader._read(name, self.scratch, self.sensitive, preview=name in PREVIEWED)
        except BaseException as exc:    # handed to the main reader, which reports it
            self.error = exc

    def join(self) -> None:
        self.thread.join()


def _derive(layer) -> None:
    """What the panels will ask of ``layer`` first, computed here rather than in the GUI thread."""
    if layer.kind == "incidents":
        from ..analysis.derived import derived
        from ..analysis.incident_cube import IncidentCube
        from ..analysis.incident_filter import FilterIndex
        derived(layer.data, FilterIndex)
        derived(layer.data, IncidentCube)
