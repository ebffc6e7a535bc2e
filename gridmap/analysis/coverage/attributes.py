"""Attribute checks of cells: worker, households, grid codes."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .model import CoverageOptions, Finding

_CODE = re.compile(r"^\d{15}$")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() in ("", "nan", "<NA>")


def cell_findings(cells: pd.DataFrame, geoms: np.ndarray, households: np.ndarray,
                  opts: CoverageOptions, sources: np.ndarray | None = None) -> list[Finding]:
    """cell_no_worker, cell_households (with where the figure comes from: buildings, the cell's own
    value, estimates) and grid_code_invalid."""
    out: list[Finding] = []
    codes = cells["grid_code"].astype(object).to_numpy()
    workers = cells["worker"].astype(object).to_numpy()
    communities = cells["community_code"].astype(object).to_numpy()
    for row in range(len(cells)):
        if _missing(workers[row]):
            out.append(Finding("cell_no_worker", "grid_cells", [row], [str(codes[row])], geometry=geoms[row]))
    for row in np.flatnonzero((households < opts.households_min) | (households > opts.households_max)):
        out.append(Finding("cell_households", "grid_cells", [int(row)], [str(codes[row])], geometry=geoms[row],
                           detail={"households": int(households[row]),
                                   "source": str(sources[row]) if sources is not None else "buildings",
                                   "range": [opts.households_min, opts.households_max]}))
    text = np.array(["" if _missing(c) else str(c).strip() for c in codes], dtype=object)
    counts = pd.Series(text).value_counts()
    for code in counts.index[(counts > 1) & (counts.index != "")]:
        rows = [int(r) for r in np.flatnonzero(text == code)]
        from shapely import union_all
        out.append(Finding("grid_code_invalid", "grid_cells", rows, [code] * len(rows),
                           geometry=union_all(geoms[rows]), detail={"reason": "duplicate"}))
    for row, code in enumerate(text):
        if not _CODE.match(code):
            out.append(Finding("grid_code_invalid", "grid_cells", [row], [code], geometry=geoms[row],
                               detail={"reason": "not 15 digits"}))
        elif not _missing(communities[row]) and not code.startswith(str(communities[row]).strip()):
            out.append(Finding("grid_code_invalid", "grid_cells", [row], [code], geometry=geoms[row],
                               detail={"reason": "does not start with its community code",
                                       "community_code": str(communities[row])}))
    return out
