"""Opening a big project in a background thread: layers arrive one by one (cells and buildings
first), the window stays usable and shows a progress bar."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QThread

from layers.errors import DataError

from .project_reader import ProjectReader, ReaderSignals

#: How long quitting waits for the reader to finish the layer it is reading.
_CANCEL_WAIT_MS = 60_000


class ProjectLoader(ReaderSignals):
    """Reads ``path`` in a QThread; emits each layer model in the GUI thread as it is ready.

    The reader's signals are relayed through this object, which lives in the GUI thread, so that
    plain Python callables connected here run in the GUI thread (a callable connected to the
    reader directly would have no receiver and would run in the worker thread)."""

    def __init__(self, path, parent=None) -> None:
        super().__init__(parent)
        self.thread = QThread(self)
        self.thread.setStackSize(16 * 1024 * 1024)      # PROJ and GDAL need more than the default
        self.reader = ProjectReader(path)
        self.reader.moveToThread(self.thread)
        self.thread.started.connect(self.reader.run)
        for name in ReaderSignals.NAMES:
            getattr(self.reader, name).connect(getattr(self, name))
        self.reader.finished.connect(self.thread.quit)

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:             # quitting mid-read must not destroy a running thread
            app.aboutToQuit.connect(self.cancel)
        self.thread.start()

    def cancel(self) -> None:
        """Stop after the layer being read (a reader checks between layers) and wait for it."""
        self.reader.cancelled = True
        self.thread.quit()
        self.thread.wait(_CANCEL_WAIT_MS)


def open_in_background(window, path) -> bool:
    """Open ``path`` for ``window`` in the background; layers join its project as they arrive."""
    from PySide6.QtWidgets import QProgressBar
    from ..io import list_layers
    from ..project import Project
    from .settings import add_recent_file
    from ..project import database_link
    link = database_link(path)
    try:
        if link is None:
            list_layers(path)           # a missing or broken file is refused at once
        else:
            link.layer_plan()           # an unreachable server or a missing project too
    except (DataError, ValueError) as exc:
        window._error(window.tr("Cannot open project"), str(exc))
        return False
    if getattr(window, "_loader", None) is not None:
        window._loader.cancel()
    bar = QProgressBar()
    bar.setMaximumWidth(220)
    window.statusBar().addWidget(bar)
    loader = ProjectLoader(path if link is None else link, window)
    window._loader = loader
    project = Project(path=path) if link is None else Project(database=link)
    state = {"first": True, "problems": []}
    keep = _show_kept_picture(window, path) if link is None else None

    def on_meta(meta):
        project.meta.update(meta)
        project.mark_meta_saved()

    def on_layer(name, payload):
        layer, prepared = payload
        project.add_layer(layer, saved=True)
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
        window.canvas.clear_overview()      # the newest render, complete unless a layer failed
        window.canvas.clear_previews()      # of a layer that failed to load; the others are gone
        if keep is not None and not state["problems"]:
            stack = window.undo_stack
            marks = (stack.count(), stack.index())
            window.canvas.overview_target = (
                path, keep, lambda: window.project is project and (stack.count(), stack.index()) == marks)
        if window.project is not project:   # no spatial layer at all arrived
            window.set_project(project)
        else:
            window._setup_panels(project)   # every panel sees every layer; the view stays
        add_recent_file(str(path))
        window._fill_recent_menu()
        window.projectLoaded.emit(project)
        window.saving.offer_recovery()
        if state["problems"]:
            window._error(window.tr("Some layers were not loaded"), "\n\n".join(state["problems"]))

    def on_failed(text):
        window.statusBar().removeWidget(bar)
        bar.deleteLater()
        window.canvas.clear_overview()
        window.canvas.clear_previews()
        window._error(window.tr("Cannot open project"), text)

    def on_preview(name, xy):
        if window.project is project:
            window.canvas.set_preview(name, *xy)

    def on_metric(name, payload):
        layer, crs, frame = payload
        if project.get(name) is layer:
            project.adopt_metric_frame(name, crs, frame)

    loader.meta.connect(on_meta)
    loader.metric.connect(on_metric)
    loader.preview.connect(on_preview)
    loader.layer.connect(on_layer)
    loader.problem.connect(state["problems"].append)
    loader.progress.connect(on_progress)
    loader.done.connect(on_done)
    loader.failed.connect(on_failed)
    loader.start()
    return True


def _show_kept_picture(window, path) -> str | None:
    """Show the kept picture of a big project file while it loads (canvas.overview_cache). Returns
    the fingerprint to keep a new picture under, or None (one is shown, or the file is small)."""
    from ..canvas import overview_cache
    window.canvas.clear_overview()
    window.canvas.overview_target = None
    if not overview_cache.wanted(path):
        return None
    fingerprint = overview_cache.fingerprint(path, window.language)
    found = overview_cache.load(path, fingerprint)
    if found is None:
        return fingerprint
    window.canvas.show_overview(found)
    return None
