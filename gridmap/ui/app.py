"""Starting the desktop app."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ..render.qt_helpers import CJK_FAMILIES


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, with a font that shows Chinese in Simplified forms."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setApplicationName("GridMap")
        app.setOrganizationName("GridMap")
        font = QFont(app.font())
        font.setFamilies(CJK_FAMILIES)
        app.setFont(font)
    return app


def run_app(path: Path | None = None, language: str | None = None) -> int:
    """Open the main window (on ``path`` if given) and run the event loop; returns the exit code."""
    app = make_application()
    from .i18n import install_language, preferred_language
    from .main_window import MainWindow
    language = language or preferred_language()
    install_language(language)
    window = MainWindow(language=language)
    window.show()
    if path is not None:
        window.open_project(path)
    return app.exec()
