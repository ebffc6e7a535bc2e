"""The main window opens a project and draws every spatial layer."""
import numpy as np

from .conftest import rgba_array


def test_every_spatial_layer_has_a_painter_and_is_drawn(window, demo_project):
    spatial = {n for n, layer in demo_project.layers.items() if layer.is_spatial}
    assert set(window.canvas.layer_painters) == spatial
    assert set(window.canvas.order) == spatial
    pixels = rgba_array(window.canvas.image_item._pixmap.toImage())
    distinct = np.unique(pixels.reshape(-1, 4), axis=0)
    assert len(distinct) > 50          # a map, not a blank or single-colour image


def test_broken_project_keeps_the_current_one(window, tmp_path):
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"not a geopackage")
    before = window.project
    assert not window.open_project(broken)
    assert window.project is before
    assert "broken.gpkg" in window.last_error[1]
