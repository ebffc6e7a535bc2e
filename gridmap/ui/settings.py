"""Where the app remembers window state, recent files and language (QSettings)."""
from __future__ import annotations

import os
import tempfile

from PySide6.QtCore import QSettings

_TEST_SETTINGS = os.path.join(tempfile.gettempdir(), f"gridmap-test-settings-{os.getpid()}.ini")


def settings() -> QSettings:
    """The app's settings; a throw-away file when GRIDMAP_NO_SETTINGS is set (tests, screenshots)."""
    if os.environ.get("GRIDMAP_NO_SETTINGS"):
        return QSettings(_TEST_SETTINGS, QSettings.Format.IniFormat)
    return QSettings("GridMap", "GridMap")


MAX_RECENT = 8


def recent_files() -> list[str]:
    value = settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    return [v for v in (value or []) if v]


def add_recent_file(path: str) -> list[str]:
    path = os.path.abspath(path)
    files = [path] + [f for f in recent_files() if f != path]
    files = files[:MAX_RECENT]
    settings().setValue("recent_files", files)
    return files
