"""The main window opens a project and draws every spatial layer."""
import numpy as np
import pytest

from gridmap.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_path):
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    assert w.open_project(demo_path)
    w.canvas.render_now()
    return w


def image_array(image):
    image = image.convertToFormat(image.Format.Format_RGBA8888)
    ptr = image.constBits()
    return np.frombuffer(ptr, dtype=np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)[:, :image.width()]


def test_every_spatial_layer_has_a_painter_and_is_drawn(window, demo_project):
    spatial = {n for n, layer in demo_project.layers.items() if layer.is_spatial}
    assert set(window.canvas.layer_painters) == spatial
    assert set(window.canvas.order) == spatial
    pixels = image_array(window.canvas.image_item._pixmap.toImage())
    distinct = np.unique(pixels.reshape(-1, 4), axis=0)
    assert len(distinct) > 50          # a map, not a blank or single-colour image


def test_broken_project_keeps_the_current_one(window, tmp_path):
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"not a geopackage")
    before = window.project
    assert not window.open_project(broken)
    assert window.project is before
    assert "broken.gpkg" in window.last_error[1]
