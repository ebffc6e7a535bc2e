"""Loading a file into a project layer: read it, map its columns to the contract, validate.

The caller adds the returned layer to the project and saves (one transaction): a load either
completes or changes nothing. Every refusal names the file, the column and the rows."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from layers import LAYER_CLASSES, LayerModel, OtherLayer
from layers.messages import add_messages, msg

from .layer_fields import guess_layer_mapping
from .sources import read_source

add_messages({
    "load_exists": {"zh": "项目已有图层 {layer}；要替换请加 --replace", "en": "the project already has a layer {layer}; "
                    "add --replace to replace it"},
    "load_map_missing": {"zh": "{path}：--map 指定的列 {column} 不存在（有：{columns}）",
                         "en": "{path}: the column {column} given with --map is not in the file (it has: {columns})"},
    "load_bad_map": {"zh": "--map 的格式应为 字段=列，而不是 {value}", "en": "--map takes FIELD=COLUMN, not {value}"},
})


@dataclass
class LoadResult:
    path: Path
    layer: str
    rows: int
    mapping: dict[str, str]
    derived: list[str] = field(default_factory=list)     # contract columns computed from others
    model: LayerModel | None = None


def parse_map(items: list[str]) -> dict[str, str]:
    """``["grid_code=网格编码", …]`` as {contract column: file column}. Raises ValueError."""
    out = {}
    for item in items or []:
        if "=" not in item:
            raise ValueError(msg("load_bad_map", value=item))
        column, source = item.split("=", 1)
        out[column.strip()] = source.strip()
    return out


def prepare_load(project, layer: str, path: str | os.PathLike, *, source_layer: str | None = None,
                 mapping: dict[str, str] | None = None, encoding: str | None = None, crs: str | None = None,
                 replace: bool = False) -> LoadResult:
    """The validated layer ``layer`` read from ``path``, ready to add to ``project``.

    Raises ValueError when the layer exists and ``replace`` is false or a mapping names a missing
    column, ReadError for an unreadable file, LayerValidationError naming file, column and rows
    when the data breaks the contract."""
    path = Path(path)
    if layer in project and not replace:
        raise ValueError(msg("load_exists", layer=layer))
    frame = read_source(path, source_layer, encoding, crs)
    headers = [str(c) for c in frame.columns if c != getattr(frame, "_geometry_column_name", None)]
    for column, source in (mapping or {}).items():
        if source not in headers:
            raise ValueError(msg("load_map_missing", path=path.name, column=source, columns=", ".join(headers)))
    chosen = guess_layer_mapping(layer, headers, mapping)
    renamed = frame.rename(columns={source: column for column, source in chosen.items()})
    # a file column whose name is a contract column it was not chosen for would shadow it: keep it aside
    duplicated = renamed.columns.duplicated(keep="first")
    if duplicated.any():
        renamed = renamed.loc[:, ~duplicated]
    derived = []
    if layer == "grid_cells" and "grid_code" in renamed and "community_code" not in renamed:
        codes = renamed["grid_code"].astype(str).str.strip()
        # the first 12 digits of a 15-digit grid code are its community's code (DOMAIN.md)
        renamed["community_code"] = np.where(codes.str.fullmatch(r"\d{15}"), codes.str[:12], None)
        derived.append("community_code")
    cls = LAYER_CLASSES.get(layer)
    if cls is None:
        model = OtherLayer(renamed, layer_name=layer, source=path.name)
    else:
        model = cls(renamed, source=path.name)
    return LoadResult(path, layer, len(model), chosen, derived, model)


def frame_types(frame: pd.DataFrame) -> dict[str, int]:
    """Geometry type -> count, for reports."""
    if not hasattr(frame, "geometry"):
        return {}
    return {str(k): int(v) for k, v in frame.geometry.geom_type.value_counts().items()}
