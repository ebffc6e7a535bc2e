"""Opening a big project in a background thread: layers arrive one by one (cells and buildings
first), the window stays usable and shows a progress bar."""
from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal

from layers.errors import DataError


class _Reader(QObject):
    meta = Signal(dict)
    layer = Signal(str, object)
    problem = Signal(str)
    progress = Signal(int, int, str)
    failed = Signal(str)
    done = Signal()

    def __init__(self, path) -> None:
        super().__init__()
        self.path = path
        self.cancelled = False

    def run(self) -> None:
        from ..io import list_layers
        from ..io.native import NATIVE_LOCK
        from ..project import Project
        try:
            total = len(list_layers(self.path))
            reader = Project.read_layers(self.path, strict=False)
            scratch = Project()
            k = 0
            while not self.cancelled:
                # Everything that touches GDAL/PROJ for a layer happens under the native lock:
                # pyproj objects made in two threads at once crash the process (see io/native.py).
                with NATIVE_LOCK:
                    try:
                        name, layer, problem = next(reader)
                    except StopIteration:
                        break
                    prepared = None
                    if k == 0:
                        scratch.meta.update(layer)
                    elif layer is not None and layer.is_spatial:
                        # The metric copies the canvas needs are made here, off the GUI thread.
                        scratch.add_layer(layer)
                        metric_crs = scratch.metric_crs if scratch.meta.get("metric_crs") or k > 1 else None
                        # Points need only their metric x/y to be drawn; their metric geometries are
                        # made when an analysis first asks (a million Points cost ~0.8 s).
                        points = layer.kind in ("incidents", "patrols")
                        prepared = (scratch.metric_crs, None if points else scratch.to_metric(name),
                                    scratch.metric_xy(name))
                        _ = metric_crs
                if k == 0:
                    self.meta.emit(layer)
                elif problem:
                    self.problem.emit(problem)
                else:
                    self.layer.emit(name, (layer, prepared))
                self.progress.emit(k, total, name)
                k += 1
        except DataError as exc:
            self.failed.emit(str(exc))
            return
        if not self.cancelled:
            self.done.emit()


class ProjectLoader(QObject):
    """Reads ``path`` in a QThread; emits each layer model in the GUI thread as it is ready."""

    meta = Signal(dict)
    layer = Signal(str, object)
    problem = Signal(str)
    progress = Signal(int, int, str)
    failed = Signal(str)
    done = Signal()

    def __init__(self, path, parent=None) -> None:
        super().__init__(parent)
        self.thread = QThread(self)
        self.thread.setStackSize(16 * 1024 * 1024)      # PROJ and GDAL need more than the default
        self.reader = _Reader(path)
        self.reader.moveToThread(self.thread)
        self.thread.started.connect(self.reader.run)
        for name in ("meta", "layer", "problem", "progress", "failed", "done"):
            getattr(self.reader, name).connect(getattr(self, name))
        self.reader.done.connect(self.thread.quit)
        self.reader.failed.connect(lambda _m: self.thread.quit())

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self.reader.cancelled = True
        self.thread.quit()
        self.thread.wait(5000)
