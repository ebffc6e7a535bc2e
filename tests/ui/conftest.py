"""Widget fixtures: the main window on the demo, rendering synchronously for deterministic checks."""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF


@pytest.fixture
def window(qtbot, demo_path):
    from gridmap.ui.main_window import MainWindow
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_project(demo_path)
    w.canvas.asynchronous = False
    w.canvas.render_now()
    return w


def rgba_array(image):
    image = image.convertToFormat(image.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), dtype=np.uint8).reshape(
        image.height(), image.bytesPerLine() // 4, 4)[:, :image.width()].copy()


def map_pixel(canvas, x, y):
    """(column, row) in the canvas's current map image of world point (x, y)."""
    item = canvas.image_item
    world = item._world
    pm = item._pixmap
    return (int((x - world.left()) / world.width() * pm.width()),
            int((world.bottom() - y) / world.height() * pm.height()))


def viewport_point(canvas, x, y) -> QPoint:
    """The canvas viewport pixel showing world point (x, y)."""
    scene = canvas.view.mapViewToScene(QPointF(x, y))
    return canvas.mapFromScene(scene)
