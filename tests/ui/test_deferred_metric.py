"""A city's footprints reach the map before their metric copy: drawn from the R-tree's boxes while
read, from their centres at city zoom, and a close-up render makes the metric copy in its own
thread (the GUI thread never waits for it)."""
import numpy as np
import shapely


def test_feature_boxes_are_the_rtree_bounds_of_every_feature(demo_path):
    import pyogrio
    from gridmap.io.gpkg_boxes import feature_boxes
    crs, fids, minx, miny, maxx, maxy = feature_boxes(demo_path, "buildings")
    frame = pyogrio.read_dataframe(demo_path, layer="buildings", fid_as_index=True)
    assert crs == "EPSG:4326" and sorted(fids) == sorted(frame.index)
    expected = shapely.bounds(np.asarray(frame.loc[fids].geometry.values))
    ours = np.column_stack([minx, miny, maxx, maxy])
    # 32-bit floats rounded outward (up to two float32 steps, 1.5e-5 degrees at 126 E): each box
    # holds its feature and is within 2.5e-5 degrees (two metres) of its bounds
    assert (ours[:, :2] <= expected[:, :2]).all() and (ours[:, 2:] >= expected[:, 2:]).all()
    assert np.abs(ours - expected).max() < 2.5e-5
    assert feature_boxes(demo_path, "no_such_layer") is None


def test_feature_boxes_of_a_file_without_an_index_or_not_a_geopackage(tmp_path, demo_path):
    import shutil
    import sqlite3
    from gridmap.io.gpkg_boxes import feature_boxes
    copy = tmp_path / "copy.gpkg"
    shutil.copy(demo_path, copy)
    with sqlite3.connect(copy) as con:
        con.execute("DELETE FROM gpkg_extensions WHERE table_name = 'buildings' AND extension_name = 'gpkg_rtree_index'")
    assert feature_boxes(copy, "buildings") is None
    text = tmp_path / "not.gpkg"
    text.write_text("hello")
    assert feature_boxes(text, "buildings") is None
    assert feature_boxes(tmp_path / "missing.gpkg", "buildings") is None


def test_a_snapshot_leaves_a_big_layers_metric_copy_to_the_render(fresh_demo, monkeypatch):
    """Capturing takes no metric copy of a city-sized layer; asking the snapshot makes it with the
    calling thread's own PROJ objects: the same coordinates as geopandas' to_crs, sensitive columns
    blank in the snapshot and kept in the copy handed back."""
    from gridmap.render import snapshot as snap
    monkeypatch.setattr(snap, "_CENTRES_FROM", 10)
    project = fresh_demo
    project._metric_cache.clear()
    shot = snap.ProjectSnapshot.capture(project, public=True)
    assert not project.has_metric("grid_cells") and not project.has_metric("buildings")
    cells = shot.to_metric("grid_cells")
    independent = project["grid_cells"].data.to_crs(project.metric_crs)
    assert np.allclose(shapely.get_coordinates(cells.geometry.values),
                       shapely.get_coordinates(independent.geometry.values), atol=1e-6)
    assert cells["worker_phone"].isna().all() and project["grid_cells"].data["worker_phone"].notna().any()
    source, made = shot.made["grid_cells"]
    assert source is project["grid_cells"].data and made["worker_phone"].equals(source["worker_phone"])
    assert not project.has_metric("grid_cells")          # the snapshot never touches the project


def test_a_close_up_render_makes_and_hands_back_the_deferred_copy(qtbot, fresh_demo, monkeypatch):
    from gridmap.render import snapshot as snap
    from gridmap.ui.main_window import MainWindow
    monkeypatch.setattr(snap, "_CENTRES_FROM", 10)
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    w.set_project(fresh_demo)
    fresh_demo._metric_cache.clear()
    w.canvas.zoom_full()
    w.canvas.request_render()
    w.canvas.wait_for_render()
    assert "buildings" in w.canvas.last_drawn
    assert fresh_demo.has_metric("buildings")             # made by the render, adopted by the GUI
    ours = fresh_demo.to_metric("buildings")
    independent = fresh_demo["buildings"].data.to_crs(fresh_demo.metric_crs)
    assert np.allclose(shapely.get_coordinates(ours.geometry.values),
                       shapely.get_coordinates(independent.geometry.values), atol=1e-6)
    assert ours.crs == fresh_demo.metric_crs
    # an edit after the render: a copy made from the old frame is not taken
    fresh_demo._metric_cache.clear()
    shot = snap.ProjectSnapshot.capture(fresh_demo, public=True)
    shot.to_metric("buildings")
    layer = fresh_demo["buildings"]
    layer.data = layer.data.copy()
    fresh_demo._metric_cache.pop("buildings", None)
    w.canvas._adopt_made(shot)
    assert not fresh_demo.has_metric("buildings")


def test_the_loader_previews_a_city_of_footprints_from_their_boxes(qtbot, demo_path, demo_project, monkeypatch):
    from gridmap.ui import project_reader
    from gridmap.ui.main_window import MainWindow
    monkeypatch.setattr(project_reader, "BOX_PREVIEW_FROM", 10)
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    seen = {}
    real = w.canvas.set_preview
    w.canvas.set_preview = lambda name, *a: (seen.__setitem__(name, a), real(name, *a))
    with qtbot.waitSignal(w.projectLoaded, timeout=30000):
        w.open_project(demo_path, background=True)
    assert set(seen) == {"incidents", "buildings"} and len(seen["buildings"]) == 4
    minx, miny, maxx, maxy = seen["buildings"]
    x, y = demo_project.metric_xy("buildings")           # centroids, metric
    inside = (minx.min() - 1 <= x) & (x <= maxx.max() + 1) & (miny.min() - 1 <= y) & (y <= maxy.max() + 1)
    assert len(minx) == len(demo_project["buildings"]) and inside.all()
    bounds = shapely.bounds(np.asarray(demo_project.to_metric("buildings").geometry.values))
    assert abs(np.sort((minx + maxx) / 2) - np.sort((bounds[:, 0] + bounds[:, 2]) / 2)).max() < 3.0
    assert w.canvas.previews == {}                          # replaced by the layer
