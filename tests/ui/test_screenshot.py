"""``gridmap screenshot``: a real picture of the app, with the map drawn where it should be."""
import subprocess
import sys

import numpy as np
import shapely
from PySide6.QtGui import QImage

from gridmap.render import palette
from tests.conftest import ROOT

from .conftest import rgba_array, viewport_point


def blend(fg, bg):
    a = fg[3] / 255
    return np.array([round(fg[i] * a + bg[i] * (1 - a)) for i in range(3)])


def clear_spot(project, cell_row):
    """A point of a cell far from everything else drawn (buildings, roads, points, outlines, labels)."""
    cells = project.to_metric("grid_cells")
    cell = cells.geometry.iloc[cell_row]
    label_at = shapely.point_on_surface(cell)
    others = [project.to_metric(n).geometry.values for n in ("buildings", "roads", "incidents", "facilities")]
    clutter = shapely.union_all(np.concatenate(others))
    x0, y0, x1, y1 = cell.bounds
    for x in np.linspace(x0, x1, 40):
        for y in np.linspace(y0, y1, 40):
            p = shapely.Point(x, y)
            if (cell.contains(p) and p.distance(cell.exterior) > 12 and p.distance(clutter) > 10
                    and p.distance(label_at) > 70):
                return x, y
    raise AssertionError("no clear spot")


def test_screenshot_shows_the_map_with_the_grid_cell_colour(window):
    """In-process, so that the pixel of a known place can be found in the grabbed window."""
    window.project["patrols"].visible = False
    window.canvas.zoom_full()
    window.canvas.render_now()
    image = window.grab().toImage()
    pixels = rgba_array(image)
    assert len(np.unique(pixels.reshape(-1, 4)[::7], axis=0)) > 100        # not blank
    x, y = clear_spot(window.project, 20)
    pos = window.canvas.mapTo(window, viewport_point(window.canvas, x, y))
    dpr = image.devicePixelRatio()
    got = pixels[int(pos.y() * dpr), int(pos.x() * dpr), :3].astype(int)
    expected = blend(palette.GRID_FILL, palette.BACKGROUND)
    assert np.abs(got - expected).max() <= 3, (got, expected)
    x0, _y0, _x1, y1 = window.project.to_metric("boundary").total_bounds
    outside = window.canvas.mapTo(window, viewport_point(window.canvas, x0, y1))
    # The bounding box's north-west corner lies outside the L-shaped street: background there.
    got_bg = pixels[int(outside.y() * dpr) + 3, int(outside.x() * dpr) + 3, :3].astype(int)
    assert np.abs(got_bg - np.array(palette.BACKGROUND[:3])).max() <= 3


def test_screenshot_command_writes_a_png_of_the_requested_size(tmp_path, demo_path):
    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "screenshot", str(demo_path), "-o", str(out),
                             "--size", "1200x800", "--lang", "zh"], capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    pixels = rgba_array(image)
    grid_blue = np.array(palette.GRID_OUTLINE[:3])
    assert (np.abs(pixels[..., :3].astype(int) - grid_blue).max(axis=-1) < 20).sum() > 500  # cell outlines drawn
    boundary_red = np.array(palette.BOUNDARY_OUTLINE[:3])
    assert (np.abs(pixels[..., :3].astype(int) - boundary_red).max(axis=-1) < 20).sum() > 500


def test_screenshot_of_a_missing_project_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "screenshot", str(tmp_path / "x.gpkg"),
                             "-o", str(tmp_path / "x.png")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_screenshot_never_shows_sensitive_values(window):
    """The window as grabbed shows no phone: tables and identify mask them by default."""
    window.show_attribute_table()
    window.table.show_layer("grid_cells")
    model = window.table.model
    col = model.columns.index("worker_phone")
    assert all(model.data(model.index(r, col)) == "●●●●●●" for r in range(model.rowCount()))


def test_screenshot_of_a_big_project_waits_for_its_layers(tmp_path, demo_path, monkeypatch, qapp):
    """A file big enough to open in the background must still be pictured whole: the command
    opens it at once (it used to grab the window while the layers were still arriving)."""
    from gridmap.ui.main_window import MainWindow
    from gridmap.ui.screenshot import take_screenshot
    monkeypatch.setattr(MainWindow, "BACKGROUND_OPEN_BYTES", 0)     # every file counts as big
    out = take_screenshot(demo_path, tmp_path / "big.png", (1000, 700), "zh")
    pixels = rgba_array(QImage(str(out)))
    grid_blue = np.array(palette.GRID_OUTLINE[:3])
    assert (np.abs(pixels[..., :3].astype(int) - grid_blue).max(axis=-1) < 20).sum() > 500
