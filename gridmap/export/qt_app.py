"""Exports draw text, which needs a Qt GUI application even from the command line."""
from __future__ import annotations

import os
import sys


def ensure_gui_app():
    """The running QGuiApplication, or a new offscreen one (no display needed)."""
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(sys.argv[:1])
    return app
