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
                        # Points need only their metric x/y to be drawn; their metric geometries are
                        # made when an analysis first asks (a million Points cost ~0.8 s).
                        points = layer.kind in ("incidents", "patrols")
                        prepared = (scratch.metric_crs, None if points else scratch.to_metric(name),
                                    scratch.metric_xy(name))
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
    """Reads ``path`` in a QThread; emits each layer model in the GUI thread as it is ready.

    The reader's signals are relayed through this object, which lives in the GUI thread, so that
    plain Python callables connected here run in the GUI thread (a callable connected to the
    reader directly would have no receiver and would run in the worker thread)."""

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


def open_in_background(window, path) -> bool:
    """Open ``path`` for ``window`` in the background; layers join its project as they arrive."""
    from PySide6.QtWidgets import QProgressBar
    from ..io import list_layers
    from ..project import Project
    from .settings import add_recent_file
    try:
        list_layers(path)               # a missing or broken file is refused at once
    except DataError as exc:
        window._error(window.tr("Cannot open project"), str(exc))
        return False
    if getattr(window, "_loader", None) is not None:
        window._loader.cancel()
    bar = QProgressBar()
    bar.setMaximumWidth(220)
    window.statusBar().addWidget(bar)
    loader = ProjectLoader(path, window)
    window._loader = loader
    project = Project(path=path)
    state = {"first": True, "problems": []}

    def on_meta(meta):
        project.meta.update(meta)

    def on_layer(name, payload):
        layer, prepared = payload
        project.add_layer(layer)
        if prepared is not None:
            project.adopt_metric(name, *prepared)
        if state["first"] and layer.is_spatial:
            state["first"] = False
            window.set_project(project)
            window.canvas.zoom_full()

    def on_progress(done, total, name):
        bar.setRange(0, total)
        bar.setValue(done + 1)
        bar.setFormat(f"{name} %v/%m")

    def on_done():
        window.statusBar().removeWidget(bar)
        bar.deleteLater()
        if window.project is not project:   # no spatial layer at all arrived
            window.set_project(project)
        else:
            window._setup_panels(project)   # every panel sees every layer; the view stays
        add_recent_file(str(path))
        window._fill_recent_menu()
        window.projectLoaded.emit(project)
        if state["problems"]:
            window._error(window.tr("Some layers were not loaded"), "\n\n".join(state["problems"]))

    def on_failed(text):
        window.statusBar().removeWidget(bar)
        bar.deleteLater()
        window._error(window.tr("Cannot open project"), text)

    loader.meta.connect(on_meta)
    loader.layer.connect(on_layer)
    loader.problem.connect(state["problems"].append)
    loader.progress.connect(on_progress)
    loader.done.connect(on_done)
    loader.failed.connect(on_failed)
    loader.start()
    return True
