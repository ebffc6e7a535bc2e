"""One test opens a real window on an X server (Xvfb), not the offscreen platform."""
import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

SCRIPT = r"""
import sys
from PySide6.QtWidgets import QApplication
from gridmap.ui.app import make_application
from gridmap.ui.main_window import MainWindow
app = make_application()
from gridmap.ui.i18n import install_language
install_language("zh")
w = MainWindow(language="zh")
w.resize(1200, 800)
w.show()
w.open_project(sys.argv[1])
for _ in range(50):
    app.processEvents()
w.canvas.render_now()
app.processEvents()
shot = app.primaryScreen().grabWindow(0)   # the X screen itself, as a user would see it
img = shot.toImage()
colours = {img.pixel(x, y) for x in range(0, img.width(), 13) for y in range(0, img.height(), 13)}
print(app.platformName(), w.isVisible(), w.windowHandle().isExposed(), len(colours), w.file_menu.title())
"""


def test_main_window_on_xvfb(demo_path):
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (make test installs it)")
    display = f":{90 + os.getpid() % 100}"
    server = subprocess.Popen([xvfb, display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", GRIDMAP_NO_SETTINGS="1")
        result = subprocess.run([sys.executable, "-c", SCRIPT, str(demo_path)], capture_output=True, text=True,
                                env=env, cwd=ROOT, timeout=120)
        assert result.returncode == 0, result.stderr[-3000:]
        platform, visible, exposed, colours, title = result.stdout.split()
        assert platform == "xcb" and visible == "True" and exposed == "True"
        assert int(colours) > 50              # the map is on the screen, not a blank window
        assert title == "文件(&F)"
    finally:
        server.terminate()
        server.wait(timeout=10)
