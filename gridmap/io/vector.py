"""Add layer: which contract layer a file holds, and that layer read from it (through sources)."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from layers import LAYER_CLASSES, LayerModel, OtherLayer
from layers.messages import add_messages, msg

from .sources import read_source, source_layers

add_messages({
    "unknown_kind": {"zh": "未知的图层类型 {kind}", "en": "unknown layer kind {kind}"},
})

#: Reading is sources.read_source (every format, encodings, CRS checks): Add layer and Load data
#: share it.
vector_layers = source_layers
read_vector = read_source


def guess_kind(path: str | os.PathLike, layer: str | None, frame: pd.DataFrame) -> str | None:
    """The contract layer a file most likely holds: by layer or file name, else by columns."""
    for name in (layer, Path(path).stem):
        if name and name.lower() in LAYER_CLASSES:
            return name.lower()
    columns = set(frame.columns)
    best, best_score = None, 0.0
    for kind, cls in LAYER_CLASSES.items():
        required = set(cls.spec.required_columns)
        score = len(required & columns) / len(required)
        if score > best_score:
            best, best_score = kind, score
    return best if best_score >= 0.99 else None


def load_layer(path: str | os.PathLike, kind: str | None, layer: str | None = None) -> LayerModel:
    """Read ``path`` as the contract layer ``kind`` (None: an "other" layer named after the file).

    Raises ReadError for unreadable files and LayerValidationError when the data breaks the contract.
    """
    frame = read_vector(path, layer)
    source = Path(path).name
    if kind is None:
        return OtherLayer(frame, layer_name=layer or Path(path).stem, source=source)
    if kind not in LAYER_CLASSES:
        raise ValueError(msg("unknown_kind", kind=kind))
    return LAYER_CLASSES[kind](frame, source=source)
