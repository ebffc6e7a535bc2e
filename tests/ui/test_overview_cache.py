"""The kept picture of a big project: shown at once on the next open of the unchanged file, until
the layers themselves are drawn; never for a changed file or another language."""
import os
import shutil

import numpy as np
import pytest
from PySide6.QtGui import QImage


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(bytes(image.constBits()), np.uint8).reshape(image.height(), image.bytesPerLine())


@pytest.fixture
def big(tmp_path, demo_path, monkeypatch):
    """A copy of the demo treated as big (the threshold lowered), with its own picture folder."""
    from gridmap.canvas import overview_cache
    monkeypatch.setattr(overview_cache, "OVERVIEW_FROM_BYTES", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "street.gpkg"
    shutil.copy(demo_path, path)
    return path


def open_window(qtbot, path, language="en", record=None):
    from gridmap.ui.main_window import MainWindow
    w = MainWindow(language=language)
    qtbot.addWidget(w)
    w.resize(900, 700)
    w.show()
    if record is not None:
        w.canvas.rendered.connect(lambda _s: record.append((w.canvas.showing_overview, list(w.canvas.last_drawn))))
    with qtbot.waitSignal(w.projectLoaded, timeout=30000):
        assert w.open_project(str(path), background=True)
        if record is not None:
            record.append(("opened", w.canvas.showing_overview))
    return w


def test_second_open_shows_the_kept_picture_until_every_layer_is_drawn(qtbot, big):
    from gridmap.canvas import overview_cache
    first = open_window(qtbot, big)
    picture = overview_cache._picture_path(big)
    qtbot.waitUntil(picture.exists, timeout=30000)
    assert oct(os.stat(picture).st_mode & 0o777) == "0o600"
    assert oct(os.stat(picture.parent).st_mode & 0o777) == "0o700"
    kept = overview_cache.load(big, overview_cache.fingerprint(big, "en"))
    assert kept is not None and set(kept.layers) == set(first.canvas.layer_painters)
    # the picture is the map: the same world rendered again here, at the picture's size, gives
    # the same pixels
    from gridmap.canvas.render_job import render_image
    canvas = first.canvas
    again, _world = render_image(canvas._twins_of(canvas.painters_in_order()), kept.world,
                                 kept.image.width(), kept.image.height(), 1.0, "en")
    assert again.size() == kept.image.size()
    assert (pixels(again) == pixels(kept.image)).all()

    events = []
    second = open_window(qtbot, big, record=events)
    assert events[0] == (True, kept.layers)              # shown before the reader delivered anything
    assert events[1] == ("opened", True)
    # while it shows, no partial map replaced it: every later image has all its layers
    for showing, drawn in events[2:]:
        assert set(kept.layers) <= set(drawn) or showing is False
    second.canvas.wait_for_render()
    assert not second.canvas.showing_overview
    assert set(second.canvas.last_drawn) >= set(kept.layers)


def test_a_changed_file_or_another_language_gets_no_picture(qtbot, big):
    from gridmap.canvas import overview_cache
    open_window(qtbot, big)
    picture = overview_cache._picture_path(big)
    qtbot.waitUntil(picture.exists, timeout=30000)
    events = []
    open_window(qtbot, big, language="zh", record=events)
    assert ("opened", False) in events and not any(e[0] is True for e in events)
    # another program writes the file: size or time differs, the picture is not shown
    st = os.stat(big)
    os.utime(big, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    events = []
    open_window(qtbot, big, record=events)
    assert ("opened", False) in events and not any(e[0] is True for e in events)


def test_an_edit_before_the_first_full_map_keeps_no_picture(qtbot, big):
    """The picture is of the file: once the user has changed the project, nothing is kept."""
    from gridmap.canvas import overview_cache
    from gridmap.ui.main_window import MainWindow
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.projectLoaded, timeout=30000):
        w.open_project(str(big), background=True)
    # an edit pushed before the full render arrives
    layer = w.project["grid_cells"]
    from gridmap.ui.undo import apply_frames
    frame = layer.data.copy()
    frame.loc[frame.index[0], "name"] = "改过的网格"
    apply_frames(w.undo_stack, w.project, {"grid_cells": frame}, "rename")
    w.canvas.wait_for_render()
    assert not overview_cache._picture_path(big).exists()
