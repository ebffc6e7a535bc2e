"""The atlas's building texts, vectorised, equal the value-by-value rule they replace."""
import numpy as np
import pandas as pd

from gridmap.export.atlas_data import _texts


def one_by_one(series):
    values = series.astype(object)
    return values.where(values.notna(), "").map(lambda v: "" if str(v).strip().lower() in ("nan", "none", "<na>")
                                                else str(v).strip())


def test_texts_equal_the_one_by_one_rule():
    values = [" 红旗大街 12 号 ", None, np.nan, "nan", "None", "<NA>", "NaN ", "", "  ", "公滨路", pd.NA, "none of it",
              '=HYPERLINK("x")', "a\tb"]
    for series in (pd.Series(values, dtype=object), pd.Series(values, dtype=object).astype("string"),
                   pd.Series([3, 4, None], dtype="Int64"), pd.Series([1.5, np.nan, 2.0])):
        assert _texts(series).tolist() == one_by_one(series).tolist(), series.dtype
