"""Hot spots of a project's incidents: Gi* for one window (as the map shows it) and the emerging
hot spots over the steps of a window (``emerging``), with the filter of the map or the command line."""
from __future__ import annotations

import hashlib
import threading
import weakref
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from layers.validate import LOCAL_TZ

from .derived import derived
from .emerging import EmergingResult, emerging_hotspots, space_time_counts, step_index
from .hotspots import contiguity_pairs, counts_per_cell, distance_pairs, gi_star, hotspot_classes
from .incident_filter import FilterIndex, IncidentFilter
from .spatial_index import cell_of_features
from .timeref import reference_time

WEIGHTS = ("queen", "distance")


@dataclass
class HotspotQuery:
    """What to analyse: the window (local dates, inclusive; None: from the first incident, to the
    project's reference time), the incidents (empty sets: all) and the neighbours."""

    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    categories: set = field(default_factory=set)
    kinds: set = field(default_factory=set)
    sources: set = field(default_factory=set)
    weights: str = "queen"
    step: str = "month"

    def incident_filter(self) -> IncidentFilter:
        return IncidentFilter(preset="custom", start=self.start, end=self.end, categories=set(self.categories),
                              kinds=set(self.kinds), sources=set(self.sources))


def local_day(text: str, last: bool = False) -> pd.Timestamp:
    """The start (or, with ``last``, the last instant) of local day ``text`` (YYYY-MM-DD)."""
    day = pd.Timestamp(text).normalize()
    day = day.tz_localize(LOCAL_TZ) if day.tzinfo is None else day.tz_convert(LOCAL_TZ).normalize()
    return day + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1) if last else day


def neighbour_pairs(project, weights: str = "queen") -> tuple[np.ndarray, np.ndarray]:
    """(i, j) neighbour pairs of the grid cells (without the cell itself), kept with the cells."""
    if weights not in WEIGHTS:
        raise ValueError(f"unknown weights {weights!r}: queen or distance")
    cells = project.to_metric("grid_cells")
    geoms = np.asarray(cells.geometry.values)

    def make(_frame):
        return contiguity_pairs(geoms) if weights == "queen" else distance_pairs(geoms)[:2]
    return derived(cells, make, key=("neighbour_pairs", weights))


def _selected(project, query: HotspotQuery) -> np.ndarray:
    incidents = project["incidents"].data
    index = derived(incidents, FilterIndex)
    return index.mask(query.incident_filter(), reference_time(project))


def _require(project) -> None:
    for name in ("grid_cells", "incidents"):
        if name not in project:
            raise ValueError(f"the project has no layer {name!r}: hot spots need grid cells and incidents")
    if len(project["grid_cells"]) < 3:
        raise ValueError(f"hot spots need at least 3 grid cells, the project has {len(project['grid_cells'])}")


def window_hotspots(project, query: HotspotQuery) -> list[dict]:
    """Gi* per cell over the window, FDR-corrected and classed as the map classes it."""
    _require(project)
    n = len(project["grid_cells"])
    counts = counts_per_cell(cell_of_features(project, "incidents"), _selected(project, query), n)
    i, j = neighbour_pairs(project, query.weights)
    z, p = gi_star(counts.astype(float), i, j)
    classes = hotspot_classes(z, p, fdr=True)
    codes = project["grid_cells"].data["grid_code"].tolist()
    out = []
    for k in range(n):
        level = int(classes[k])
        out.append({"grid_code": None if pd.isna(codes[k]) else str(codes[k]), "count": int(counts[k]),
                    "z": round(float(z[k]), 6), "p": round(float(p[k]), 6),
                    "confidence": (0, 90, 95, 99)[abs(level)],
                    "category": "hot" if level > 0 else "cold" if level < 0 else "not_significant"})
    return out


def emerging(project, query: HotspotQuery, mask: np.ndarray | None = None) -> EmergingResult:
    """The emerging hot spot analysis of the incidents that pass ``query`` over its window's steps;
    with ``mask``, of those incidents instead (the map's filter), from the step of the first of
    them to the step of the project's reference time."""
    _require(project)
    n = len(project["grid_cells"])
    incidents = project["incidents"].data
    keep = _selected(project, query) if mask is None else np.asarray(mask, dtype=bool)
    local = incidents["reported_at"].dt.tz_convert(LOCAL_TZ).dt.tz_localize(None).to_numpy()
    steps = step_index(local.astype("datetime64[s]"), query.step)
    first = _step_of(query.start, query.step) if query.start is not None else (
        int(steps[keep].min()) if keep.any() else _step_of(reference_time(project), query.step))
    last = _step_of(query.end if query.end is not None else reference_time(project), query.step)
    if last < first:
        raise ValueError("the time window ends before it starts")
    cell_of = np.where(keep, cell_of_features(project, "incidents"), -1)
    counts = space_time_counts(cell_of, steps, first, last, n)
    i, j = neighbour_pairs(project, query.weights)
    return emerging_hotspots(counts, i, j, list(range(first, last + 1)), query.step)


def _step_of(stamp: pd.Timestamp, step: str) -> int:
    local = stamp.tz_convert(LOCAL_TZ).tz_localize(None) if stamp.tzinfo is not None else stamp
    return int(step_index(np.array([local.to_datetime64()]).astype("datetime64[s]"), step)[0])


_SHOWN: dict = {}
_SHOWN_LOCK = threading.Lock()


def emerging_shown(project, step: str = "month", weights: str = "queen") -> EmergingResult:
    """The emerging hot spots of the incidents the map shows (their filter), remembered for the
    current incidents, cells and filter: the map, the identify panel and the chart ask in turn."""
    incidents = project["incidents"]
    mask = incidents.filter_mask
    cells = project.to_metric("grid_cells")
    digest = None if mask is None else hashlib.blake2b(np.packbits(mask).tobytes(), digest_size=16).digest()
    key = (id(incidents.data), id(cells), digest, step, weights)
    with _SHOWN_LOCK:
        found = _SHOWN.get(key)
        if found is not None and found[0]() is incidents.data and found[1]() is cells:
            return found[2]
    result = emerging(project, HotspotQuery(step=step, weights=weights), mask=mask)
    with _SHOWN_LOCK:
        _SHOWN.clear()                  # one remembered: a filter change makes a new one
        _SHOWN[key] = (weakref.ref(incidents.data), weakref.ref(cells), result)   # ids are reused
    return result
