"""The incident filter shared by the map, the charts and the statistics: a time window and
category/kind/status/source choices, evaluated as one vectorised boolean mask."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

PRESETS = ("all", "last_7", "last_30", "last_90", "this_quarter", "this_year", "custom")


@dataclass
class IncidentFilter:
    """Which incidents to show. Empty category/kind/status/source sets mean "all"."""

    preset: str = "all"
    start: pd.Timestamp | None = None      # used when preset == "custom"
    end: pd.Timestamp | None = None
    categories: set = field(default_factory=set)
    kinds: set = field(default_factory=set)
    statuses: set = field(default_factory=set)
    sources: set = field(default_factory=set)

    def window(self, as_of: pd.Timestamp) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """(start, end) of the time window relative to ``as_of`` (the newest record or now).

        Raises ValueError for an unknown preset or a custom window that ends before it starts.
        """
        if self.preset not in PRESETS:
            raise ValueError(f"unknown time preset {self.preset!r}")
        if self.preset == "all":
            return None, None
        if self.preset.startswith("last_"):
            days = int(self.preset.split("_")[1])
            return as_of - pd.Timedelta(days=days), as_of
        if self.preset == "this_quarter":
            start = pd.Timestamp(year=as_of.year, month=3 * ((as_of.month - 1) // 3) + 1, day=1, tz=as_of.tz)
            return start, as_of
        if self.preset == "this_year":
            return pd.Timestamp(year=as_of.year, month=1, day=1, tz=as_of.tz), as_of
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("the time window ends before it starts")
        return self.start, self.end


class FilterIndex:
    """Integer codes of an incidents frame, computed once, so each filter change is cheap."""

    def __init__(self, incidents: pd.DataFrame) -> None:
        self.n = len(incidents)
        # UTC datetime64 (not tz-aware objects): comparisons over a million rows take milliseconds.
        # ``tz_convert(None)`` gives exactly that as a view of a tz-aware column (no copy of it).
        self.times = incidents["reported_at"].dt.tz_convert(None).to_numpy()
        self.codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for column in ("category", "kind", "status", "source"):
            values = incidents[column]
            if isinstance(values.dtype, pd.CategoricalDtype):
                # a code column (layers.validate): its codes are the index already; missing (-1) last
                uniques = list(values.cat.categories) + [""]
                codes = values.cat.codes.to_numpy()
                codes = np.where(codes < 0, len(uniques) - 1, codes)
            else:
                codes, uniques = pd.factorize(values.fillna(""))
            # a handful of codes: one byte per row, not eight (ten million rows: 70 MB less each)
            small = np.int8 if len(uniques) < 127 else np.int16 if len(uniques) < 32_000 else np.int32
            self.codes[column] = (codes.astype(small), np.asarray(uniques, dtype=object))

    def mask(self, flt: IncidentFilter, as_of: pd.Timestamp) -> np.ndarray:
        """Boolean mask of the incidents that pass ``flt``."""
        keep = np.ones(self.n, dtype=bool)
        start, end = flt.window(as_of)
        if start is not None:
            keep &= self.times >= np.datetime64(start.tz_convert("UTC").tz_localize(None), "us")
        if end is not None:
            keep &= self.times <= np.datetime64(end.tz_convert("UTC").tz_localize(None), "us")
        for column, chosen in (("category", flt.categories), ("kind", flt.kinds), ("status", flt.statuses),
                               ("source", flt.sources)):
            if chosen:
                codes, uniques = self.codes[column]
                allowed = np.flatnonzero(np.isin(uniques, list(chosen)))
                lookup = np.zeros(len(uniques) + 1, dtype=bool)
                lookup[allowed] = True
                keep &= lookup[codes]
        return keep
