"""User-facing messages of the Qt-free code, in Chinese (default) and English.

Qt's tr() cannot be used below the UI, yet error messages from models, readers and analysis
reach the user. Each message has a key and a template per language.
"""
from __future__ import annotations

import os

_LANGUAGE = "zh"

_CATALOG: dict[str, dict[str, str]] = {
    "missing_columns": {
        "zh": "{where}：缺少必需的列 {columns}（数据约定要求：{required}）",
        "en": "{where}: missing required column(s) {columns} (the data contract requires: {required})",
    },
    "not_a_frame": {
        "zh": "{where}：不是表格数据（得到 {got}）",
        "en": "{where}: not a table (got {got})",
    },
    "no_geometry_column": {
        "zh": "{where}：没有几何列，该图层需要 {expected} 几何",
        "en": "{where}: has no geometry column; this layer needs {expected} geometries",
    },
    "null_geometry": {
        "zh": "{where}：{count} 个要素没有几何（空几何），例如 {examples}",
        "en": "{where}: {count} feature(s) have no geometry, e.g. {examples}",
    },
    "nan_coordinate": {
        "zh": "{where}：{count} 个要素的坐标不是数字（NaN 或无穷大），例如 {examples}",
        "en": "{where}: {count} feature(s) have a coordinate that is not a number (NaN or infinite), e.g. {examples}",
    },
    "wrong_geometry": {
        "zh": "{where}：{count} 个要素的几何类型不对（需要 {expected}），例如 {examples}",
        "en": "{where}: {count} feature(s) have the wrong geometry type (expected {expected}), e.g. {examples}",
    },
    "multipart": {
        "zh": "{where}：{count} 个要素是多部件面（需要单个面），例如 {examples}",
        "en": "{where}: {count} feature(s) are multi-part polygons (a single polygon is required), e.g. {examples}",
    },
    "bad_number": {
        "zh": "{where}：列 {column} 有 {count} 个值不是{kind}，例如 {examples}",
        "en": "{where}: column {column} has {count} value(s) that are not {kind}, e.g. {examples}",
    },
    "bad_time": {
        "zh": "{where}：列 {column} 有 {count} 个值不是 ISO 8601 时间，例如 {examples}",
        "en": "{where}: column {column} has {count} value(s) that are not ISO 8601 times, e.g. {examples}",
    },
    "bad_code": {
        "zh": "{where}：列 {column} 有 {count} 个未知取值，例如 {examples}；允许的取值：{allowed}",
        "en": "{where}: column {column} has {count} unknown value(s), e.g. {examples}; allowed: {allowed}",
    },
    "row": {"zh": "第 {row} 行{ident}：{value}", "en": "row {row}{ident}: {value}"},
    "integer": {"zh": "整数", "en": "integers"},
    "number": {"zh": "数字", "en": "numbers"},
    "opacity_range": {
        "zh": "不透明度必须在 0 到 1 之间，得到 {value}",
        "en": "opacity must be between 0 and 1, got {value}",
    },
}


def set_language(language: str) -> None:
    """Choose the language of messages: ``"zh"`` or ``"en"``.

    Raises ValueError for any other language.
    """
    global _LANGUAGE
    if language not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', got {language!r}")
    _LANGUAGE = language


def language() -> str:
    """The current message language, ``"zh"`` or ``"en"``."""
    return _LANGUAGE


def language_from_environment() -> str:
    """``"zh"`` when LANGUAGE/LC_ALL/LC_MESSAGES/LANG names a Chinese locale, else ``"en"``."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def msg(key: str, **values: object) -> str:
    """The message ``key`` in the current language, formatted with ``values``."""
    return _CATALOG[key][_LANGUAGE].format(**values)


def add_messages(catalog: dict[str, dict[str, str]]) -> None:
    """Register more messages (used by gridmap.io, gridmap.analysis and the CLI)."""
    for key, templates in catalog.items():
        if set(templates) != {"zh", "en"}:
            raise ValueError(f"message {key!r} needs exactly 'zh' and 'en' templates")
        _CATALOG[key] = templates
