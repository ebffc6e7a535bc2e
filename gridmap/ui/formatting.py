"""How attribute values are shown in tables and panels (sensitive ones masked)."""
from __future__ import annotations

import numpy as np
import pandas as pd

MASK = "●●●●●●"


def display_value(value) -> str:
    """Text of one value: "" for missing, local time to the minute, whole floats without ".0"."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def display_column(series: pd.Series, codes: dict | None = None, language: str = "zh") -> np.ndarray:
    """Display strings of a whole column, vectorised (an object array). A code column (``codes``:
    its code list, layers.codes) shows its labels in ``language``: 已办结, not closed."""
    if codes and isinstance(series.dtype, pd.CategoricalDtype):
        from layers.codes import label
        categories = series.cat.categories
        shown = [label(codes, c, language) for c in categories]
        if len(set(shown)) == len(shown):           # labels as categories: each row is not touched
            series = series.cat.rename_categories(shown)
    if isinstance(series.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(series.dtype):
        text = series.dt.strftime("%Y-%m-%d %H:%M")
    elif pd.api.types.is_float_dtype(series.dtype):
        values = series.to_numpy(dtype=float)
        whole = np.isfinite(values) & (np.floor(values) == values)
        text = pd.Series(np.where(whole, np.nan_to_num(values).astype(np.int64).astype(str), values.astype(str)),
                         index=series.index)
    else:
        text = series.astype(object).astype(str)
    return text.where(series.notna(), "").astype(object).to_numpy()
