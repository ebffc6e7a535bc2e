"""Updating attributes of existing features from a table (CSV/XLSX, UTF-8 or GBK, Chinese headers):
the personnel office's quarterly list of workers keyed by 网格编码, a housing survey keyed by
楼栋编号. All or nothing: every unknown key, repeated key and invalid value is reported with its
spreadsheet row, and then nothing changes. An empty cell in the table leaves the value as it is.
No Qt."""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from layers import LAYER_CLASSES
from layers.errors import LayerValidationError
from layers.messages import add_messages, msg
from layers.validate import validate_frame

from .layer_fields import guess_layer_mapping
from .tabular import read_table

add_messages({
    "upd_no_layer": {"zh": "项目没有图层 {layer}", "en": "the project has no layer {layer}"},
    "upd_no_key": {"zh": "{path}：找不到关键列 {keycol}（现有列：{columns}）",
                   "en": "{path}: no key column {keycol} (columns: {columns})"},
    "upd_key_not_in_layer": {"zh": "图层 {layer} 没有字段 {keycol}", "en": "layer {layer} has no column {keycol}"},
    "upd_nothing": {"zh": "{path}：除关键列外没有能对应到 {layer} 字段的列（现有列：{columns}；可用 --map 字段=列）",
                    "en": "{path}: no column besides the key matches a field of {layer} (columns: {columns}; "
                          "use --map FIELD=COLUMN)"},
    "upd_unknown": {"zh": "第 {row} 行：{keycol}={value} 在图层中不存在", "en": "row {row}: {keycol}={value} is not in the layer"},
    "upd_blank_key": {"zh": "第 {row} 行：关键列 {keycol} 为空", "en": "row {row}: the key {keycol} is empty"},
    "upd_repeated": {"zh": "第 {row} 行：{keycol}={value} 与第 {first} 行重复", "en": "row {row}: {keycol}={value} repeats row {first}"},
    "upd_invalid": {"zh": "第 {row} 行（{keycol}={value}）：{reason}", "en": "row {row} ({keycol}={value}): {reason}"},
    "upd_bad_value": {"zh": "{column}（表中列 {source}）的值 {value!r} 应为{expected}",
                      "en": "{column} (column {source}) is {value!r}, expected {expected}"},
    "exp_int": {"zh": "整数", "en": "a whole number"}, "exp_float": {"zh": "数字", "en": "a number"},
    "exp_time": {"zh": "时间（如 2025-01-15 09:30）", "en": "a time (e.g. 2025-01-15 09:30)"},
    "exp_code": {"zh": "以下之一：{codes}", "en": "one of: {codes}"},
    "upd_key_twice": {"zh": "图层 {layer} 中 {keycol}={value} 不唯一", "en": "{keycol}={value} is not unique in layer {layer}"},
})


@dataclass
class UpdateResult:
    path: Path
    layer: str
    key: str                                  # the layer's key column
    mapping: dict[str, str]                   # layer column -> table column
    frame: pd.DataFrame | None = None         # the layer's new frame (None when problems)
    problems: list[str] = field(default_factory=list)
    changed: dict[str, int] = field(default_factory=dict)   # column -> features whose value changed
    rows: int = 0                             # table rows applied


def _norm(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text.endswith(".0") and text[:-2].isdigit():      # Excel's number for a code
        text = text[:-2]
    return text or None


def value_problem(spec, row: pd.DataFrame, column: str, text: str | None) -> str | None:
    """Why the contract refuses ``text`` for ``column`` of the one-row frame ``row`` (None: it takes it)."""
    from layers.schema import CODE, FLOAT, INT, TIME
    if text is None:
        return None
    trial = row.copy()
    trial[column] = pd.Series([text], index=trial.index, dtype=object)
    try:
        validate_frame(spec, trial)
    except LayerValidationError:
        spec_column = {c.name: c for c in spec.columns}.get(column)
        kind = getattr(spec_column, "type", None)
        if kind == CODE:
            return msg("exp_code", codes=", ".join(spec_column.codes))
        return {INT: msg("exp_int"), FLOAT: msg("exp_float"), TIME: msg("exp_time")}.get(kind, "—")
    return None


def _which_value(spec, row: pd.DataFrame, values: dict[str, str], record) -> str:
    """The first of a table row's values the contract refuses, said plainly."""
    for (column, source), value in zip(values.items(), record):
        expected = value_problem(spec, row, column, _norm(value))
        if expected is not None:
            return msg("upd_bad_value", column=column, source=source, value=_norm(value), expected=expected)
    return "—"


def prepare_update(project, layer: str, path: str | os.PathLike, key: str, mapping: dict[str, str] | None = None,
                   encoding: str = "auto") -> UpdateResult:
    """The new frame of ``layer`` with the table's values, or the problems that stop it.

    ``key`` is a column of the layer (grid_code) or of the table (网格编码). Raises ValueError or
    ReadError when the layer, the file or the key column is not there."""
    path = Path(path)
    if layer not in project:
        raise ValueError(msg("upd_no_layer", layer=layer))
    table, info = read_table(path, encoding or "auto")
    headers = list(table.columns)
    current = project[layer].data
    columns = [c for c in current.columns if c not in ("fid", getattr(current, "_geometry_column_name", None))]
    chosen = guess_layer_mapping(layer, headers, mapping) if layer in LAYER_CLASSES else \
        {c: c for c in headers if c in columns}
    chosen = {c: s for c, s in chosen.items() if c in columns}
    if key in chosen:
        layer_key = key
    elif key in headers:
        layer_key = next((c for c, s in chosen.items() if s == key), key)
        chosen[layer_key] = key
    else:
        raise ValueError(msg("upd_no_key", path=path.name, keycol=key, columns=", ".join(headers)))
    if layer_key not in current.columns:
        raise ValueError(msg("upd_key_not_in_layer", layer=layer, keycol=layer_key))
    result = UpdateResult(path, layer, layer_key, chosen)
    values = {c: s for c, s in chosen.items() if c != layer_key}
    if not values:
        raise ValueError(msg("upd_nothing", path=path.name, layer=layer, columns=", ".join(headers)))
    keys = [_norm(v) for v in current[layer_key]]
    where: dict[str, int] = {}
    for pos, k in enumerate(keys):
        if k is not None:
            if k in where:
                result.problems.append(msg("upd_key_twice", layer=layer, keycol=layer_key, value=k))
            where[k] = pos
    first_row = int(info.get("first_row", 2))
    frame = current.copy()
    seen: dict[str, int] = {}
    cls = LAYER_CLASSES.get(layer)
    for i, record in enumerate(table[[chosen[layer_key], *values.values()]].itertuples(index=False)):
        row_no = first_row + i
        k = _norm(record[0])
        if k is None:
            result.problems.append(msg("upd_blank_key", row=row_no, keycol=chosen[layer_key]))
            continue
        if k in seen:
            result.problems.append(msg("upd_repeated", row=row_no, keycol=chosen[layer_key], value=k, first=seen[k]))
            continue
        seen[k] = row_no
        if k not in where:
            result.problems.append(msg("upd_unknown", row=row_no, keycol=chosen[layer_key], value=k))
            continue
        pos = where[k]
        trial = frame.iloc[[pos]].copy()
        for column, value in zip(values, record[1:]):
            text = _norm(value)
            if text is not None:
                trial[column] = pd.Series([text], index=trial.index, dtype=object)
        if cls is not None:
            try:
                checked = validate_frame(cls.spec, trial, path.name)
            except LayerValidationError:
                result.problems.append(msg("upd_invalid", row=row_no, keycol=chosen[layer_key], value=k,
                                           reason=_which_value(cls.spec, frame.iloc[[pos]], values, record[1:])))
                continue
        else:
            checked = trial
        for column in values:
            new = checked[column].iloc[0]
            old = frame[column].iloc[pos]
            if _norm(new) != _norm(old):
                if frame[column].dtype != object:
                    frame[column] = frame[column].astype(object)     # the layer types it again on setting
                frame.iat[pos, frame.columns.get_loc(column)] = new
                result.changed[column] = result.changed.get(column, 0) + 1
        result.rows += 1
    if not result.problems:
        result.frame = frame
    return result
