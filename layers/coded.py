"""Code columns (source, kind, status, category, level, use, role …) held as pandas categoricals
over the contract's code list: one byte per row instead of a text's offsets and bytes (the four
code columns of ten million incidents held ~680 MB as text, ~40 MB coded).

A categorical refuses a value outside its categories at the moment it is set, before the layer's
validation could name the row and accept a label (街道级 for street): ``settable`` turns such a
column back into text for the edit, and the layer codes it again when the frame is assigned."""
from __future__ import annotations

import pandas as pd


def coded(text: pd.Series, codes) -> pd.Series:
    """``text`` (every value a code or missing) as a categorical over ``codes``, in their order."""
    return pd.Series(pd.Categorical(text, categories=list(codes)), index=text.index, name=text.name)


def is_coded(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.CategoricalDtype)


def settable(frame: pd.DataFrame, column: str, *values) -> None:
    """Let ``frame[column]`` take ``values``: a code column that does not list one of them becomes
    text (validation codes it again, or names the row whose value is not a code)."""
    if column not in frame.columns or not is_coded(frame[column]):
        return
    categories = frame[column].cat.categories
    if any(v is not None and not pd.isna(v) and v not in categories for v in values):
        frame[column] = frame[column].astype("str")


def code_columns(layer_name: str) -> tuple[str, ...]:
    """The code columns of the contract's layer ``layer_name`` (none for another layer)."""
    from . import LAYER_CLASSES
    from .schema import CODE
    cls = LAYER_CLASSES.get(layer_name)
    return tuple(c.name for c in cls.spec.columns if c.type == CODE) if cls is not None else ()
