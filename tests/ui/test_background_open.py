"""A big project opens in the background: the map appears early, every layer arrives, panels follow."""
from PySide6.QtCore import QEventLoop, QTimer


def test_background_open_brings_every_layer(qtbot, demo_path, demo_project):
    from gridmap.ui.main_window import MainWindow
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    w.show()
    seen = []
    w.projectChanged.connect(lambda p: seen.append(list(p.layer_names()) if p else None))
    with qtbot.waitSignal(w.projectLoaded, timeout=30000):
        assert w.open_project(demo_path, background=True)
    assert set(w.project.layer_names()) == set(demo_project.layer_names())
    assert seen and seen[0] == ["boundary"]          # the map appeared with the first layer
    assert set(w.canvas.layer_painters) == {n for n, l in demo_project.layers.items() if l.is_spatial}
    assert w.incident_panel.isEnabled() and len(w.project["incidents"]) == 5840
    # the same layers shown as when the project opens at once (patrols start hidden)
    assert {n: l.visible for n, l in w.project.layers.items()} == {"boundary": True, "communities": True,
                                                                  "grid_cells": True, "roads": True,
                                                                  "buildings": True, "facilities": True,
                                                                  "facility_links": True, "incidents": True,
                                                                  "patrols": False, "case_events": True}
    w.canvas.render_now()


def test_two_reading_threads_give_the_same_project_as_a_plain_open(qtbot, demo_path, demo_project):
    """Points are read in a second thread: every frame, the metric CRS and the metric x/y the
    canvas draws equal what a plain, single-threaded open computes."""
    import numpy as np
    import pandas as pd
    from gridmap.ui.main_window import MainWindow
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.projectLoaded, timeout=30000):
        w.open_project(demo_path, background=True)
    project = w.project
    assert project.metric_crs == demo_project.metric_crs
    # the buildings' metric copy arrives after the layers, made in the reader thread
    qtbot.waitUntil(lambda: "buildings" in project._metric_cache, timeout=30000)
    import shapely
    ours = shapely.get_coordinates(project._metric_cache["buildings"].geometry.values)
    assert np.allclose(ours, shapely.get_coordinates(demo_project.to_metric("buildings").geometry.values), atol=1e-6)
    # ... and so do the cells of the points (remembered for the cells frame and x/y the project
    # holds), equal to a containment test of the metric points
    from gridmap.analysis import spatial_index
    from gridmap.analysis.stats import cell_of_points
    cells = project.to_metric("grid_cells")
    qtbot.waitUntil(lambda: all(spatial_index.point_cells_ready(cells, n, project.metric_xy(n)[0])
                                for n in ("incidents", "patrols")), timeout=30000)
    for name in ("incidents", "patrols"):
        adopted = spatial_index.cell_of_features(project, name)
        expected = cell_of_points(demo_project, np.asarray(demo_project.to_metric(name).geometry.values))
        assert (adopted == expected).all()
    for name, layer in demo_project.layers.items():
        pd.testing.assert_frame_equal(pd.DataFrame(project[name].data), pd.DataFrame(layer.data))
        if layer.is_spatial:
            x, y = project.metric_xy(name)
            ex, ey = demo_project.metric_xy(name)
            assert np.allclose(x, ex, atol=1e-6) and np.allclose(y, ey, atol=1e-6), name


def test_a_failure_while_reading_is_reported_not_a_hang(qtbot, demo_path, monkeypatch):
    from gridmap.project import Project
    from gridmap.ui.main_window import MainWindow
    real = Project.make_layer

    def broken(path, name, frame, sensitive):
        if name == "incidents":
            raise RuntimeError("disk went away")
        return real(path, name, frame, sensitive)
    monkeypatch.setattr(Project, "make_layer", staticmethod(broken))
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    loaded = []
    w.projectLoaded.connect(loaded.append)
    assert w.open_project(demo_path, background=True)
    qtbot.waitUntil(lambda: getattr(w, "last_error", None) is not None, timeout=30000)
    assert "disk went away" in w.last_error[1] and "hongqi_demo.gpkg" in w.last_error[1]
    assert not loaded


def test_background_open_of_a_broken_file(qtbot, tmp_path):
    from gridmap.ui.main_window import MainWindow
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(b"nope")
    assert not w.open_project(bad, background=True)
    assert "bad.gpkg" in w.last_error[1]
    _ = (QEventLoop, QTimer)


def test_quitting_while_a_project_opens_exits_cleanly(demo_path, tmp_path):
    """Quitting while the reader still works (here: its metric warm-up made slow) waits for it
    and for the running render: no 'QThread: Destroyed while thread is still running' abort and
    no traceback from a render signalling a deleted canvas."""
    import os
    import subprocess
    import sys
    script = tmp_path / "quit.py"
    script.write_text(
        "import sys, time\n"
        "from gridmap.ui import project_reader\n"
        "from gridmap.ui.app import make_application\n"
        "from gridmap.ui.main_window import MainWindow\n"
        "real = project_reader.ProjectReader._warm_up\n"
        "def slow(self, *args):\n"
        "    time.sleep(1.0)\n"
        "    real(self, *args)\n"
        "project_reader.ProjectReader._warm_up = slow\n"
        "app = make_application()\n"
        "w = MainWindow(language='en'); w.show()\n"
        "w.projectLoaded.connect(lambda _p: (w.canvas.request_render(), app.quit()))\n"
        f"w.open_project({str(demo_path)!r}, background=True)\n"
        "app.exec()\n"
        "print('clean exit', w._loader.thread.isRunning())\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GRIDMAP_NO_SETTINGS": "1"}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0 and "clean exit False" in out.stdout, out.stderr[-2000:]
    assert "Destroyed while thread" not in out.stderr and "Traceback" not in out.stderr, out.stderr[-2000:]


def test_incidents_are_previewed_from_their_bytes_then_replaced(qtbot, demo_path, demo_project):
    """While the incidents validate, the canvas draws them from the metric x/y decoded from
    their WKB bytes: the very positions the loaded layer has. Once loaded, no preview is left."""
    import numpy as np
    from gridmap.ui.main_window import MainWindow
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    seen = {}
    real = w.canvas.set_preview
    w.canvas.set_preview = lambda name, x, y: (seen.__setitem__(name, (x, y)), real(name, x, y))
    with qtbot.waitSignal(w.projectLoaded, timeout=30000):
        w.open_project(demo_path, background=True)
    assert set(seen) == {"incidents"}
    x, y = demo_project.metric_xy("incidents")
    assert np.allclose(seen["incidents"][0], x, atol=1e-6) and np.allclose(seen["incidents"][1], y, atol=1e-6)
    assert w.canvas.previews == {} and "incidents" in w.canvas.layer_painters
    w.canvas.render_now()
    assert "incidents" in w.canvas.last_drawn


def test_a_preview_of_many_points_draws_what_the_layer_draws(demo_project):
    """At city zoom the preview's density image is pixel for pixel the incidents layer's."""
    import numpy as np
    import pandas as pd
    from PySide6.QtCore import QRectF
    from gridmap.canvas.render_job import render_image
    from gridmap.project import Project
    from gridmap.render.preview import PointsPreview
    from gridmap.render.registry import painter_for
    from layers import IncidentsLayer
    incidents = demo_project["incidents"].data
    many = pd.concat([incidents] * 11, ignore_index=True)          # 64,240 > the density threshold
    many["incident_id"] = [f"I{k:07d}" for k in range(len(many))]
    project = Project([type(demo_project["grid_cells"])(demo_project["grid_cells"].data.copy()), IncidentsLayer(many)])
    x, y = project.metric_xy("incidents")
    world = QRectF(x.min() - 100, y.min() - 100, np.ptp(x) + 200, np.ptp(y) + 200)
    layer_image, _ = render_image([painter_for(project, project["incidents"])], world, 800, 500)
    preview_image, _ = render_image([PointsPreview("incidents", x, y)], world, 800, 500)
    a = np.frombuffer(layer_image.constBits(), dtype=np.uint8)
    b = np.frombuffer(preview_image.constBits(), dtype=np.uint8)
    assert (a != b).sum() == 0 and (a != a[0]).sum() > 1000
