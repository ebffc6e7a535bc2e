"""Exports draw text, which needs a Qt GUI application even from the command line."""
from __future__ import annotations

import os
import sys


def ensure_gui_app():
    """The running Qt application, or a new offscreen one (no display needed).

    A QApplication, not a bare QGuiApplication: widgets may follow in the same process (the app,
    the tests), and Qt allows only one application object per process.
    """
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication
    app = QGuiApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1])
    return app
