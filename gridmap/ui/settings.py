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


def _source_key(layer: str, headers: list[str]) -> str:
    import hashlib
    return "load_mapping/" + hashlib.sha1(("\x1f".join([layer] + sorted(headers))).encode("utf-8")).hexdigest()[:16]


def remembered_mapping(layer: str, headers: list[str]) -> dict[str, str]:
    """The field mapping last used to load a file with these columns into ``layer`` (e.g. the
    personnel office's quarterly list, always with the same headers); {} if none."""
    import json
    try:
        value = json.loads(settings().value(_source_key(layer, headers), "{}") or "{}")
    except (TypeError, ValueError):
        return {}
    return {k: v for k, v in value.items() if v in headers} if isinstance(value, dict) else {}


def remember_mapping(layer: str, headers: list[str], mapping: dict[str, str]) -> None:
    import json
    settings().setValue(_source_key(layer, headers), json.dumps(mapping, ensure_ascii=False))
