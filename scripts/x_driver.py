"""Driving a GridMap window in this process through the X server, as the walkthrough scripts do:
map coordinates to screen pixels, xdotool for real mouse and key events, ``import -window root``
for screenshots. The window's own events are processed between steps."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path


def start_x(display: str):
    """An Xvfb server on ``display`` when there is no X display (returned, to stop; else None);
    Qt on xcb, Chinese text, no settings of the user's."""
    server = None
    if not os.environ.get("DISPLAY"):
        os.environ["DISPLAY"] = display
        server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ.setdefault("GRIDMAP_NO_SETTINGS", "1")
    os.environ.setdefault("LANG", "zh_CN.UTF-8")
    return server


def run_in_x(display: str, out: Path, walk) -> int:
    """``walk(out)`` with an X server (Xvfb on ``display`` if there is none) and a recovery
    journal of its own under ``out`` (not the user's); the server is stopped afterwards."""
    out.mkdir(parents=True, exist_ok=True)
    server = start_x(display)
    os.environ["XDG_DATA_HOME"] = str(out / "data")
    try:
        return walk(out)
    finally:
        if server is not None:
            server.terminate()


def open_window(source, width: int, height: int):
    """(app, window): the application in Chinese and a main window at the top left of the screen,
    opening ``source`` (a file or a database address)."""
    from gridmap.ui.app import make_application
    from gridmap.ui.i18n import install_language
    from gridmap.ui.main_window import MainWindow
    app = make_application()
    install_language("zh")
    window = MainWindow(language="zh")
    window.resize(width, height)
    window.move(0, 0)
    window.show()
    window.open_project(source)
    return app, window


class XDriver:
    def __init__(self, app, window, out: Path) -> None:
        self.app, self.window, self.out = app, window, out

    def settle(self, seconds: float = 0.4) -> None:
        end = time.time() + seconds
        while time.time() < end:
            self.app.processEvents()
            time.sleep(0.02)
        if self.window.project is not None:
            self.window.canvas.render_now()
        self.app.processEvents()

    def screen(self, x: float, y: float) -> tuple[int, int]:
        """The screen pixel of map point (x, y) in the metric CRS."""
        from PySide6.QtCore import QPointF
        canvas = self.window.canvas
        scene = canvas.view.mapViewToScene(QPointF(x, y))
        g = canvas.viewport().mapToGlobal(canvas.mapFromScene(scene))
        return g.x(), g.y()

    def xdo(self, *args) -> None:
        subprocess.run(["xdotool", *[str(a) for a in args]], check=True)
        self.settle(0.15)

    def move(self, x: float, y: float) -> None:
        self.xdo("mousemove", *self.screen(x, y))

    def click(self, x: float, y: float) -> None:
        self.move(x, y)
        self.xdo("click", 1)

    def key(self, *keys: str) -> None:
        self.xdo("key", *keys)

    def shot(self, name: str) -> Path:
        self.settle(0.5)
        path = self.out / f"{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        print("screenshot", path, flush=True)
        return path
