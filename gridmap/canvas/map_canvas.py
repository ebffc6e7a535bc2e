"""The map canvas: a pyqtgraph ViewBox for interaction, the map rendered as one image behind it.

Layers are rendered into a QImage off the GUI thread (QGIS's approach). While the user pans or
zooms, the ViewBox simply moves and scales the last image; when the view rests for a moment the
new render is started and swapped in when ready.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPixmap

from ..render import palette
from ..render.decorations import draw_north_arrow, draw_scale_bar
from ..render.qt_helpers import polygons_path, qcolor
from ..render.registry import HIDDEN_BY_DEFAULT, drawing_order, painter_for
from ..render.snapshot import ProjectSnapshot
from .render_job import RenderJob, render_image

RENDER_DELAY_MS = 40
FLASH_MS = 1500


def _name_of(painter) -> str:
    layer = getattr(painter, "layer", None)
    return layer.kind if layer is not None else getattr(painter, "name", "")


#: The smallest square (metres) zooming to features shows: a point alone would give no extent.
MIN_ZOOM_M = 300.0

class _MapImageItem(pg.GraphicsObject):
    """Shows the last rendered map image at the world rectangle it depicts (y up in the world)."""

    def __init__(self) -> None:
        super().__init__()
        self._pixmap: QPixmap | None = None
        self._world = QRectF()

    def set_image(self, image: QImage, world: QRectF) -> None:
        self.prepareGeometryChange()
        self._pixmap = QPixmap.fromImage(image)
        self._world = QRectF(world)
        self.update()

    def clear(self) -> None:
        self.prepareGeometryChange()
        self._pixmap = None
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._world)

    def paint(self, p: QPainter, *_args) -> None:
        if self._pixmap is None or self._world.isEmpty():
            return
        p.save()
        p.translate(self._world.left(), self._world.bottom())
        pw = self._pixmap.width() / self._pixmap.devicePixelRatio()
        ph = self._pixmap.height() / self._pixmap.devicePixelRatio()
        p.scale(self._world.width() / pw, -self._world.height() / ph)
        p.drawPixmap(QPointF(0, 0), self._pixmap)
        p.restore()


class _FlashItem(pg.GraphicsObject):
    """A short-lived highlight of features found by a search or clicked in the coverage panel."""

    def __init__(self) -> None:
        super().__init__()
        self.path = QPainterPath()
        self.points = np.empty((0, 2))
        self.setZValue(100)

    def set_geometry(self, path: QPainterPath, points: np.ndarray) -> None:
        self.prepareGeometryChange()
        self.path, self.points = path, points
        self.update()

    def boundingRect(self) -> QRectF:
        rect = self.path.boundingRect()
        if len(self.points):
            x0, y0 = self.points.min(axis=0)
            x1, y1 = self.points.max(axis=0)
            rect = rect.united(QRectF(x0 - 30, y0 - 30, x1 - x0 + 60, y1 - y0 + 60))
        return rect

    def paint(self, p: QPainter, *_args) -> None:
        pen = QPen(qcolor(palette.FLASH), 4)
        pen.setCosmetic(True)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(pen)
        p.setBrush(QColor(255, 0, 128, 60))
        p.drawPath(self.path)
        if len(self.points):
            t = p.transform()
            p.resetTransform()
            for x, y in self.points:
                c = t.map(QPointF(x, y))
                p.drawEllipse(c, 14, 14)


class _MapViewBox(pg.ViewBox):
    """The canvas's view box: a map tool that edits (the vertex tool) takes a drag before panning."""

    drag_handler = None          # callable(world_start, world_now, finished) -> bool (taken)

    def mouseDragEvent(self, ev, axis=None) -> None:
        handler = self.drag_handler
        if handler is not None and ev.button() == Qt.MouseButton.LeftButton:
            start = self.mapSceneToView(ev.buttonDownScenePos())
            now = self.mapSceneToView(ev.scenePos())
            if handler((start.x(), start.y()), (now.x(), now.y()), ev.isStart(), ev.isFinish()):
                ev.accept()
                return
        super().mouseDragEvent(ev, axis)


class MapCanvas(pg.GraphicsView):
    """The map widget. World coordinates are the project's metric CRS (metres, y north)."""

    rendered = Signal(float)                 # seconds the render took
    cursorMoved = Signal(float, float)       # world x, y under the mouse
    clicked = Signal(float, float, object)   # world x, y, the pyqtgraph click event
    doubleClicked = Signal(float, float)     # world x, y
    viewChanged = Signal()
    renderFailed = Signal(str)               # a render job's error (the map keeps its last image)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background=QColor(*palette.BACKGROUND))
        self.view = _MapViewBox(lockAspect=True, enableMenu=False, invertY=False, defaultPadding=0.02)
        self.key_handler = None              # callable(QKeyEvent) -> bool: a map tool's keys first
        self.view.setMouseMode(pg.ViewBox.PanMode)
        self.setCentralItem(self.view)
        self.image_item = _MapImageItem()
        self.view.addItem(self.image_item, ignoreBounds=True)
        self.flash_item = _FlashItem()
        self.view.addItem(self.flash_item, ignoreBounds=True)
        self.project = None
        self.language = "zh"
        self.layer_painters: dict[str, object] = {}
        self.order: list[str] = []
        self.last_render_seconds = 0.0
        self.asynchronous = True
        self._job_id = 0
        self._shown_job = 0
        self.previews: dict = {}            # point layers still being read, drawn from x/y
        self._drawn: dict[int, list[str]] = {}
        self._twins: dict[int, list] = {}      # job id -> (painter, frozen twin) pairs
        self._snapshots: dict = {}             # job id -> the ProjectSnapshot it renders
        self._last_snapshot = None
        self.last_drawn: list[str] = []     # layers (and previews) in the image on screen
        self._overview: set[str] | None = None  # a kept picture of the whole map, shown while it loads
        self._held = None                      # a render not shown yet (the picture has more layers)
        self.overview_target = None            # (path, fingerprint, still valid?) to keep the next full map
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # PROJ (a Transformer created while a render builds its caches) needs more stack than a
        # pool thread's default: measured here, creating one in a default pool thread crashed.
        self._pool.setStackSize(16 * 1024 * 1024)
        self._timer = QTimer(self, singleShot=True, interval=RENDER_DELAY_MS)
        self._timer.timeout.connect(self._start_render)
        app = QCoreApplication.instance()
        if app is not None:     # a render still running at exit would signal a deleted canvas
            app.aboutToQuit.connect(self.shutdown)
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(lambda: self.flash_item.set_geometry(QPainterPath(), np.empty((0, 2))))
        self.view.sigRangeChanged.connect(self._on_range_changed)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)

    # -- project and layers ------------------------------------------------------------------
    def set_project(self, project) -> None:
        """Show ``project``: a painter per spatial layer, in the default drawing order."""
        for painter in self.layer_painters.values():
            painter.detach()
        self.layer_painters = {}
        self.previews = {}
        self.project = project
        if self._overview is None:          # a kept picture stays until the map it shows is drawn
            self.image_item.clear()
        if project is None:
            self.clear_overview()
            self.image_item.clear()
            self.order = []
            return
        for name, layer in project.layers.items():
            painter = painter_for(project, layer)
            if painter is None:
                continue
            if name in HIDDEN_BY_DEFAULT:
                layer.visible = False
            self.layer_painters[name] = painter
            for signal in (layer.events.visible, layer.events.opacity, layer.events.data, layer.events.style,
                           layer.events.selection, layer.events.filter):
                signal.connect(self._on_layer_changed)
        self.order = drawing_order(list(self.layer_painters))
        self.zoom_full()

    def sync_layers(self) -> None:
        """Follow the project's layers after one was added, replaced or removed (view kept)."""
        if self.project is None:
            return
        names = [n for n, layer in self.project.layers.items() if layer.is_spatial]
        replaced = set()
        for name in list(self.layer_painters):
            if name not in names or self.layer_painters[name].layer is not self.project[name]:
                self.layer_painters.pop(name).detach()
                replaced.add(name)
        added = []
        for name in names:
            self.previews.pop(name, None)
            if name not in self.layer_painters:
                if name in HIDDEN_BY_DEFAULT and name not in replaced:
                    self.project[name].visible = False      # as when a project opens at once
                painter = painter_for(self.project, self.project[name])
                self.layer_painters[name] = painter
                for signal in (painter.layer.events.visible, painter.layer.events.opacity, painter.layer.events.data,
                               painter.layer.events.style, painter.layer.events.selection, painter.layer.events.filter):
                    signal.connect(self._on_layer_changed)
                added.append(name)
        kept = [n for n in self.order if n in self.layer_painters]
        for name in added:
            if name not in kept:
                full = drawing_order(kept + [name])
                kept.insert(full.index(name), name)
        self.order = kept
        self.request_render()

    def set_order(self, names_bottom_first: list[str]) -> None:
        """Drawing order, bottom first (layers not named keep their place at the bottom)."""
        rest = [n for n in self.order if n not in names_bottom_first]
        self.order = rest + [n for n in names_bottom_first if n in self.layer_painters]
        self.request_render()

    def painters_in_order(self):
        names = self.order
        if self.previews:
            names = drawing_order(list(dict.fromkeys(self.order + list(self.previews))))
        return [self.layer_painters[n] if n in self.layer_painters else self.previews[n]
                for n in names if n in self.layer_painters or n in self.previews]

    def set_preview(self, name: str, *arrays) -> None:
        """Draw layer ``name`` until the layer itself arrives: from its metric x/y (points) or from
        its features' metric boxes minx, miny, maxx, maxy (footprints, from the file's R-tree)."""
        from ..render.preview import FootprintsPreview, PointsPreview
        if name not in self.layer_painters:
            self.previews[name] = (PointsPreview if len(arrays) == 2 else FootprintsPreview)(name, *arrays)
            self.request_render()

    def clear_previews(self) -> None:
        if self.previews:
            self.previews = {}
            self.request_render()

    def _on_layer_changed(self, _value=None) -> None:
        self.request_render()

    # -- navigation --------------------------------------------------------------------------
    def full_extent(self) -> QRectF:
        rect = QRectF()
        for painter in self.layer_painters.values():
            b = painter.bounds()
            if not b.isEmpty() or (b.width() == 0 and b.height() == 0 and not b.isNull()):
                rect = b if rect.isNull() else rect.united(b)
        return rect

    def zoom_full(self) -> None:
        self.zoom_to_rect(self.full_extent())

    def zoom_to_rect(self, rect: QRectF, margin: float = 0.05, min_size: float = 60.0) -> None:
        """Show ``rect`` (world) with a relative margin; tiny rectangles (a point) get ``min_size`` metres."""
        if rect.isNull():
            return
        w, h = max(rect.width(), min_size), max(rect.height(), min_size)
        cx, cy = rect.center().x(), rect.center().y()
        w, h = w * (1 + 2 * margin), h * (1 + 2 * margin)
        self.view.setRange(QRectF(cx - w / 2, cy - h / 2, w, h), padding=0)

    def zoom_to_layer(self, name: str) -> None:
        if name in self.layer_painters:
            self.zoom_to_rect(self.layer_painters[name].bounds())

    def zoom_to_features(self, name: str, rows) -> QRectF:
        """Zoom to the features at ``rows`` of layer ``name``; returns their world rectangle."""
        rows = np.asarray(list(rows), dtype=int)
        if name not in self.layer_painters or len(rows) == 0:
            return QRectF()
        geoms = self.project.to_metric(name).geometry.values[rows]
        import shapely
        x0, y0, x1, y1 = shapely.total_bounds(geoms)
        rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        # A point (a case, a facility) or a tiny building: at least MIN_ZOOM_M around it.
        side = max(rect.width(), rect.height(), MIN_ZOOM_M)
        centre = rect.center()
        view = QRectF(centre.x() - side / 2, centre.y() - side / 2, side, side) if side > max(
            rect.width(), rect.height()) else rect
        self.zoom_to_rect(view, margin=0.25)
        return rect

    def view_rect(self) -> QRectF:
        return self.view.viewRect()

    def px_per_metre(self) -> float:
        rect = self.view_rect()
        return self.view.width() / rect.width() if rect.width() > 0 else 0.0

    def scale_denominator(self) -> float:
        """The map scale 1:N on this screen (from the screen's logical DPI)."""
        ppm = self.px_per_metre()
        if ppm <= 0:
            return 0.0
        dpi = self.logicalDpiX() or 96
        return (dpi / 0.0254) / ppm

    def flash_geometry(self, geoms) -> None:
        """Highlight metric-CRS geometries for a moment (coverage findings)."""
        import shapely
        geoms = np.asarray(geoms, dtype=object)
        kinds = shapely.get_type_id(geoms)
        polys = geoms[np.isin(kinds, (3, 6))]
        lines = geoms[np.isin(kinds, (1, 5))]
        path = polygons_path(polys)
        if len(lines):
            from ..render.qt_helpers import lines_path
            path.addPath(lines_path(lines))
        self.flash_item.set_geometry(path, shapely.get_coordinates(geoms[np.isin(kinds, (0, 4))]))
        self._flash_timer.start()

    def zoom_to_geometry(self, geoms, margin: float = 0.4) -> None:
        import shapely
        x0, y0, x1, y1 = shapely.total_bounds(np.asarray(geoms, dtype=object))
        self.zoom_to_rect(QRectF(x0, y0, x1 - x0, y1 - y0), margin=margin)

    def flash(self, name: str, rows) -> None:
        """Highlight features of ``name`` at ``rows`` for a moment."""
        rows = np.asarray(list(rows), dtype=int)
        if name not in self.layer_painters or len(rows) == 0:
            return
        geoms = self.project.to_metric(name).geometry.values[rows]
        import shapely
        polys = geoms[np.isin(shapely.get_type_id(geoms), (3, 6))]
        pts = shapely.get_coordinates(geoms[np.isin(shapely.get_type_id(geoms), (0, 4))])
        self.flash_item.set_geometry(polygons_path(polys), pts)
        self._flash_timer.start()

    # -- rendering ---------------------------------------------------------------------------
    def _on_range_changed(self, *_args) -> None:
        self.viewChanged.emit()
        self.request_render()

    def request_render(self) -> None:
        """Render soon (coalesces bursts of changes such as a wheel zoom)."""
        if self.asynchronous:
            self._timer.start()
        else:
            self.render_now()

    def _target(self):
        size = self.view.size()
        return self.view_rect(), max(1, int(size.width())), max(1, int(size.height())), self.devicePixelRatioF()

    def _start_render(self) -> None:
        if self.project is None:
            return
        world, w, h, dpr = self._target()
        if world.width() <= 0 or world.height() <= 0:
            return
        self._job_id += 1
        painters = self.painters_in_order()
        self._drawn[self._job_id] = [_name_of(p) for p in painters]
        twins = self._twins_of(painters)
        self._twins[self._job_id] = list(zip(painters, twins))
        self._snapshots[self._job_id] = self._last_snapshot
        job = RenderJob(self._job_id, twins, world, w, h, dpr, self.language)
        job.signals.finished.connect(self._on_job_finished, Qt.ConnectionType.QueuedConnection)
        job.signals.failed.connect(self._on_job_failed, Qt.ConnectionType.QueuedConnection)
        self._pool.start(job)

    def _twins_of(self, painters) -> list:
        """Frozen twins of ``painters`` reading a snapshot of the project: the render thread never
        touches the live project (docs/architecture.md). The snapshot is the public view — columns
        marked sensitive are empty — so no label, screenshot or print shows them. Previews are
        immutable x/y already."""
        snapshot = ProjectSnapshot.capture(self.project, public=True)
        self._last_snapshot = snapshot
        return [p.frozen(snapshot) if hasattr(p, "frozen") else p for p in painters]

    def _adopt_made(self, snapshot) -> None:
        """Metric copies a render had to make (the loader had not yet): the project keeps those
        of layers whose data is still the frame they were made from, so the next render has them."""
        project = self.project
        for name, (source, frame) in snapshot.made.items():
            layer = project.get(name) if project is not None else None
            if layer is not None and layer.data is source:
                project.adopt_metric_frame(name, project.metric_crs,
                                           frame.set_crs(project.metric_crs, allow_override=True))

    def _on_job_failed(self, job_id: int, reason: str) -> None:
        self._drawn.pop(job_id, None)
        self._twins.pop(job_id, None)
        self._snapshots.pop(job_id, None)
        self.renderFailed.emit(reason)

    def _on_job_finished(self, job_id: int, image: QImage, world: QRectF, seconds: float) -> None:
        drawn = self._drawn.pop(job_id, [])
        for old in [k for k in self._drawn if k < job_id]:
            self._drawn.pop(old)
        twins = self._twins.pop(job_id, [])
        for old in [k for k in self._twins if k < job_id]:
            self._twins.pop(old)
        snapshot = self._snapshots.pop(job_id, None)
        for old in [k for k in self._snapshots if k < job_id]:
            self._snapshots.pop(old)
        if snapshot is not None:
            self._adopt_made(snapshot)
        if job_id < self._shown_job:
            return
        for painter, twin in twins:
            if twin is not painter and self.layer_painters.get(_name_of(painter)) is painter:
                painter.adopt(twin)          # caches the render built, if the data is unchanged
        self._shown_job = job_id
        self._show(image, world, seconds, drawn)

    def _show(self, image: QImage, world: QRectF, seconds: float, drawn: list[str]) -> None:
        if self._overview is not None and not self._overview <= set(drawn):
            self._held = (image, QRectF(world), seconds, list(drawn))
            return
        self._overview, self._held = None, None
        self.last_drawn = list(drawn)
        self.image_item.set_image(image, world)
        self.last_render_seconds = seconds
        self.rendered.emit(seconds)
        if self.overview_target is not None:
            self._keep_overview(image, world, drawn)

    # -- the kept picture of a big project (canvas.overview_cache) -------------------------------
    @property
    def showing_overview(self) -> bool:
        """Whether the map on screen is the kept picture, not yet a render of the layers."""
        return self._overview is not None

    def show_overview(self, overview) -> None:
        """Show ``overview`` (an ``overview_cache.Overview``) until a render has its layers."""
        self._overview, self._held = set(overview.layers), None
        self.image_item.set_image(overview.image, overview.world)
        self.view.setRange(overview.world, padding=0)
        self.last_drawn = list(overview.layers)
        self.rendered.emit(0.0)

    def clear_overview(self) -> None:
        """Stop showing the kept picture: the newest render (if any) takes its place."""
        if self._overview is None:
            return
        self._overview = None
        held, self._held = self._held, None
        if held is not None:
            self._show(*held)

    def _keep_overview(self, image: QImage, world: QRectF, drawn: list[str]) -> None:
        """Keep ``image`` as the project's picture when it is the whole map, every layer drawn
        from its data (no preview) and the project unchanged since it was read."""
        from . import overview_cache
        path, fingerprint, still_valid = self.overview_target
        if not still_valid():
            self.overview_target = None
            return
        if self.previews or not set(self.layer_painters) <= set(drawn):
            return
        full = self.full_extent()
        if full.isNull() or not QRectF(world).contains(full):
            return
        self.overview_target = None
        overview_cache.save(path, fingerprint, image, world, drawn)

    def shutdown(self) -> None:
        """No more renders: drop queued ones and wait for the running one (the app is quitting)."""
        self._timer.stop()
        self._pool.clear()
        self._pool.waitForDone(30_000)

    def render_now(self) -> float:
        """Render synchronously in this thread (screenshots, tests); returns the seconds it took."""
        import time
        self._timer.stop()
        self._pool.waitForDone()
        if self.project is None:
            return 0.0
        world, w, h, dpr = self._target()
        start = time.perf_counter()
        painters = self.painters_in_order()
        drawn = [_name_of(p) for p in painters]
        twins = self._twins_of(painters)
        image, visible = render_image(twins, world, w, h, dpr, self.language)
        self._adopt_made(self._last_snapshot)
        for painter, twin in zip(painters, twins):
            if twin is not painter:
                painter.adopt(twin)
        seconds = time.perf_counter() - start
        self._job_id += 1
        self._shown_job = self._job_id
        self._show(image, visible, seconds, drawn)
        return seconds

    def wait_for_render(self) -> None:
        """Block until pending renders are done and shown (tests)."""
        from PySide6.QtWidgets import QApplication
        if self._timer.isActive():
            self._timer.stop()
            self._start_render()
        self._pool.waitForDone()
        QApplication.processEvents()

    # -- decorations and mouse ---------------------------------------------------------------
    def drawForeground(self, painter: QPainter, rect) -> None:
        super().drawForeground(painter, rect)
        if self.project is None:
            return
        painter.save()
        painter.resetTransform()
        vp = self.viewport().rect()
        draw_scale_bar(painter, QPointF(16, vp.height() - 14), self.px_per_metre())
        draw_north_arrow(painter, QPointF(vp.width() - 30, 36))
        credit = self.project.meta.get("credit", "")
        if credit:          # the data's licence asks for it wherever the map is shown (ODbL)
            from ..render.qt_helpers import map_font
            painter.setFont(map_font(7.5))
            painter.setPen(QColor(70, 70, 70))
            box = QRectF(vp.width() - 460, vp.height() - 20, 452, 16)
            painter.fillRect(box.adjusted(box.width() - painter.fontMetrics().horizontalAdvance(credit) - 10, 0, 0, 0),
                             QColor(255, 255, 255, 190))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), credit)
        painter.restore()

    def _on_mouse_moved(self, scene_pos) -> None:
        if self.view.sceneBoundingRect().contains(scene_pos):
            p = self.view.mapSceneToView(scene_pos)
            self.cursorMoved.emit(p.x(), p.y())

    def _on_mouse_clicked(self, event) -> None:
        p = self.view.mapSceneToView(event.scenePos())
        if event.double():
            self.doubleClicked.emit(p.x(), p.y())
            return
        self.clicked.emit(p.x(), p.y(), event)

    def keyPressEvent(self, event) -> None:
        if self.key_handler is not None and self.key_handler(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def world_tolerance(self, pixels: float = 6.0) -> float:
        """How many metres ``pixels`` screen pixels span at the current zoom."""
        ppm = self.px_per_metre()
        return pixels / ppm if ppm > 0 else 1.0

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_timer"):  # Qt resizes before __init__ has finished
            self.request_render()

