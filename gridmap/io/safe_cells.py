"""Text for spreadsheets: a cell that starts like a formula is written so that it stays text.

Excel, WPS and LibreOffice run a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, after a tab
or carriage return, the same) as a formula: ``=HYPERLINK(...)`` from a 12345 export or a hostile
address would run on the machine of whoever opens the file. OWASP's advice is followed: such a
cell gets a leading apostrophe, which spreadsheets show as text and do not print."""
from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` made safe for a spreadsheet cell (text starting like a formula gets a ``'``)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are safe for a spreadsheet."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out
