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
    w.canvas.render_now()


def test_background_open_of_a_broken_file(qtbot, tmp_path):
    from gridmap.ui.main_window import MainWindow
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(b"nope")
    assert not w.open_project(bad, background=True)
    assert "bad.gpkg" in w.last_error[1]
    _ = (QEventLoop, QTimer)
