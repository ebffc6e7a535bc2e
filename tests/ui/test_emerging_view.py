"""Emerging hot spots in the window: the cells' style, the time slider through each month's Gi*
map, the identify panel's category, trend and chart — checked against the analysis the command
line prints (itself checked against esda and a spatial join) and against the pixels drawn."""
import numpy as np
import pytest
import shapely

from gridmap.analysis.emerging import CATEGORIES, CATEGORY_LABELS
from gridmap.analysis.hotspots import gi_star, hotspot_classes
from gridmap.analysis.space_time import HotspotQuery, emerging
from gridmap.render import palette
from gridmap.render.cell_incidents import cell_values

from .conftest import rgba_array


def choose_emerging(w):
    panel = w.incident_panel
    panel.set_preset("all")
    panel.cells_view.setCurrentIndex(panel.cells_view.findData("emerging"))
    w.canvas.render_now()
    return panel


def test_cells_coloured_by_category_with_a_slider_over_every_month(window):
    w = window
    panel = choose_emerging(w)
    project = w.project
    cells = project["grid_cells"]
    assert cells.style == "emerging" and panel.emerging.isVisibleTo(panel)
    expected = emerging(project, HotspotQuery(step="month"))
    assert panel.emerging.slider.maximum() == len(expected.steps) == 27
    values = cell_values(project, cells, "emerging")
    assert [CATEGORIES[int(v)] for v in values] == list(expected.category)
    # the pixels of the cells drawn alone: a hot-pattern cell reddish, a no-pattern cell not
    from PySide6.QtCore import QRectF
    from gridmap.canvas.render_job import render_image
    from gridmap.render.registry import painter_for
    metric = np.asarray(project.to_metric("grid_cells").geometry.values)
    x0, y0, x1, y1 = shapely.total_bounds(metric)
    picture, visible = render_image([painter_for(project, cells)], QRectF(x0, y0, x1 - x0, y1 - y0), 900, 900)
    image = rgba_array(picture)
    hot = [k for k, c in enumerate(expected.category) if c.endswith("_hot")]
    plain = [k for k, c in enumerate(expected.category) if c == "no_pattern"]
    assert hot and plain

    def colour(k):
        """The commonest colour of the pixels inside cell k (labels and outlines are few)."""
        bx0, by0, bx1, by1 = metric[k].bounds
        gx, gy = np.meshgrid(np.linspace(bx0, bx1, 25), np.linspace(by0, by1, 25))
        pts = shapely.points(gx.ravel(), gy.ravel())
        pts = pts[shapely.contains(shapely.buffer(metric[k], -8.0), pts)]
        cols = ((shapely.get_x(pts) - visible.left()) / visible.width() * image.shape[1]).astype(int)
        rows = ((visible.bottom() - shapely.get_y(pts)) / visible.height() * image.shape[0]).astype(int)
        found, counts = np.unique(image[rows, cols, :3], axis=0, return_counts=True)
        return found[counts.argmax()].astype(int)
    assert all(colour(k)[0] > colour(k)[2] + 30 for k in hot)
    assert all(abs(colour(k)[0] - colour(k)[2]) < 30 for k in plain[:10])
    legend = [text for text, _sym in w.canvas.layer_painters["grid_cells"].legend("en")]
    assert {CATEGORY_LABELS[c][1] for c in set(expected.category)} == set(legend)
    # the slider: month 15 shows that month's Gi* map, classed as the hot spot map classes it
    panel.emerging.slider.setValue(15)
    assert cells.option("emerging_step") == 14
    month = cell_values(project, cells, "emerging")
    i, j = __import__("gridmap.analysis.space_time", fromlist=["x"]).neighbour_pairs(project)
    z, p = gi_star(expected.counts[14].astype(float), i, j)
    assert (month == hotspot_classes(z, p, fdr=True)).all()
    assert expected.labels[14] in panel.emerging.where.text()
    w.canvas.render_now()
    assert "grid_cells" in w.canvas.last_drawn
    panel.emerging.slider.setValue(0)
    assert cells.option("emerging_step") is None


def test_identify_a_cell_shows_category_trend_and_its_z_scores(window):
    w = window
    choose_emerging(w)
    project = w.project
    expected = emerging(project, HotspotQuery(step="month"))
    k = int(np.flatnonzero(expected.category == "consecutive_hot")[0])
    w.identify_panel.set_results(project, [("grid_cells", k)])
    shown = w.identify_panel.shown_values()
    assert shown["Emerging hot spot"] == CATEGORY_LABELS["consecutive_hot"][1] or \
        shown["Emerging hot spot"] == CATEGORY_LABELS["consecutive_hot"][0]
    assert shown["Trend (Mann-Kendall)"] == f"τ = {expected.trend_tau[k]:+.2f}, p = {expected.trend_p[k]:.3f}"
    chart = w.identify_panel.chart
    assert chart.isVisibleTo(w.identify_panel)
    curves = chart.plot.getPlotItem().listDataItems()
    line_x, line_y = curves[0].getData()
    assert np.allclose(line_y, expected.z[:, k]) and len(line_x) == 27
    hot_x, hot_y = curves[1].getData()                     # the significant hot steps, marked
    assert list(hot_x) == list(np.flatnonzero(expected.hot[:, k]))
    assert project["grid_cells"].data["grid_code"].iloc[k] in chart.heading.text()
    assert "worker_phone" in shown and "1" not in shown["worker_phone"]      # still masked
    # on another style the panel shows the attributes alone
    project["grid_cells"].style = "default"
    w.identify_panel.set_results(project, [("grid_cells", k)])
    assert "Emerging hot spot" not in w.identify_panel.shown_values()
    assert not chart.isVisibleTo(w.identify_panel)


def test_a_window_too_short_shows_no_pattern_and_says_why(window):
    w = window
    panel = choose_emerging(w)
    panel.set_preset("last_7")
    values = cell_values(w.project, w.project["grid_cells"], "emerging")
    assert (values == CATEGORIES.index("no_pattern")).all()
    assert "at least 3" in panel.emerging.where.text()
    w.canvas.render_now()                               # draws, no exception
    assert "grid_cells" in w.canvas.last_drawn
