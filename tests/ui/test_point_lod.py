"""Level of detail for many points: above the threshold a layer is drawn as one pixel per point
position in one image; those pixels are where the full dots are drawn, in the layer's colour."""
from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QRectF

from gridmap.canvas.render_job import render_image
from gridmap.project import Project
from gridmap.render import palette
from gridmap.render.points import IncidentsPainter
from gridmap.render.registry import painter_for
from layers import PatrolsLayer

from .conftest import rgba_array


def _pixels(image, background) -> np.ndarray:
    """Where the image differs from the background colour."""
    return np.any(np.abs(rgba_array(image)[..., :3].astype(int) - np.array(background[:3])) > 2, axis=2)


def test_many_patrols_are_drawn_as_single_pixels_where_the_dots_are(demo_project, monkeypatch):
    patrols = demo_project["patrols"].data
    many = pd.concat([patrols] * 6, ignore_index=True)           # 77,832 records > LOD threshold
    many["patrol_id"] = [f"P{i:07d}" for i in range(len(many))]
    project = Project([demo_project["grid_cells"], PatrolsLayer(many)])
    painter = painter_for(project, project["patrols"])
    x, y = project.metric_xy("patrols")
    world = QRectF(x.min() - 50, y.min() - 50, x.max() - x.min() + 100, y.max() - y.min() + 100)
    background = (255, 255, 255, 255)
    lod, _ = render_image([painter], world, 500, 400, background=background)
    monkeypatch.setattr(IncidentsPainter, "LOD_POINTS", 10**9)
    dots, _ = render_image([painter], world, 500, 400, background=background)
    lod_px, dot_px = _pixels(lod, background), _pixels(dots, background)
    # the occupied pixels, computed here from the view's scale (world fitted into 500x400, centred)
    scale = min(500 / world.width(), 400 / world.height())
    px = np.floor((x - world.center().x()) * scale + 250).astype(int)
    py = np.floor((world.center().y() - y) * scale + 200).astype(int)
    distinct = len(set(zip(px, py)))
    assert abs(int(lod_px.sum()) - distinct) <= 0.01 * distinct         # one pixel per occupied position
    assert lod_px.sum() < dot_px.sum()                                     # dots are wider
    assert (lod_px & ~dot_px).sum() == 0                                   # and cover every LOD pixel
    colour = lod.pixelColor(*map(int, np.argwhere(lod_px)[0][::-1]))
    r, g, b = palette.PATROL_COLOUR[:3]
    a = palette.PATROL_COLOUR[3] / 255
    expected = [round(c * a + 255 * (1 - a)) for c in (r, g, b)]
    assert np.allclose([colour.red(), colour.green(), colour.blue()], expected, atol=3)


def test_density_pixels_shade_by_count_and_leave_the_rest_untouched():
    """One point on one pixel, forty on another: the first gets the faint end of the ramp (at
    least alpha 140), the second the full end; every other pixel stays transparent."""
    from PySide6.QtGui import QImage, QPainter, QTransform
    from gridmap.render.context import RenderContext
    from gridmap.render.heat import LUT
    from gridmap.render.points import draw_density
    image = QImage(20, 10, QImage.Format.Format_RGBA8888)
    image.fill(0)
    ctx = RenderContext(transform=QTransform(), world_rect=QRectF(0, 0, 20, 10))
    x = np.r_[3.5, np.full(40, 12.5)]
    y = np.r_[2.5, np.full(40, 7.5)]
    painter = QPainter(image)
    draw_density(painter, ctx, x, y)
    painter.end()
    px = rgba_array(image)
    faint = LUT[int(np.log1p(1) / np.log1p(40) * 255)]
    assert tuple(px[2, 3, :3]) == tuple(faint[:3]) and px[2, 3, 3] == max(int(faint[3]), 140)
    assert tuple(px[7, 12, :3]) == tuple(LUT[255][:3])
    others = np.ones((10, 20), bool)
    others[2, 3] = others[7, 12] = False
    assert (px[others][:, 3] == 0).all()
