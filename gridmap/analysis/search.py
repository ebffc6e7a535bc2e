"""Find features by grid code, address, building or compound name, worker or facility name, and
cases by their number."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .address import normalise_address, normalise_addresses, plain_keys

#: (layer, column, kind) searched, in the order matches are listed.
_FIELDS = [
    ("grid_cells", "grid_code", "grid_code"),
    ("grid_cells", "name", "cell_name"),
    ("grid_cells", "worker", "worker"),
    ("buildings", "address", "address"),
    ("buildings", "name", "building_name"),
    ("buildings", "compound", "compound"),
    ("facilities", "name", "facility_name"),
    ("communities", "name", "community"),
    ("incidents", "incident_id", "incident_id"),      # a case by its number (never its text or reporter)
]
SEARCHED_LAYERS = tuple(dict.fromkeys(layer for layer, _c, _k in _FIELDS))
#: What a hit's label shows, per layer.
_LABEL_COLUMNS = {
    "grid_cells": ("grid_code", "name", "worker"),
    "buildings": ("address", "compound", "name"),
    "facilities": ("name",),
    "communities": ("name",),
    "incidents": ("incident_id", "address"),
}
_RANK = {"exact": 0, "prefix": 1, "contains": 2, "fuzzy": 3}


@dataclass(frozen=True)
class Match:
    """One search hit: the feature (layer, row), what matched and a label to show."""

    layer: str
    row: int
    kind: str
    text: str
    label: str
    quality: str


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")


class SearchIndex:
    """A searchable view of a project's names, codes and addresses (rebuild after data edits)."""

    def __init__(self, project) -> None:
        self._columns: list[tuple[str, str, str, np.ndarray, np.ndarray, np.ndarray]] = []
        self._cases = None
        for layer, column, kind in _FIELDS:
            if layer not in project or column not in project[layer].data:
                continue
            raw = project[layer].data[column]
            present = raw.notna().to_numpy()
            values = raw.astype(object).where(raw.notna(), "").astype(str).to_numpy()
            keys = normalise_addresses(values) if kind == "address" else plain_keys(values)
            if kind == "incident_id":
                # A city's million case numbers: found by prefix in a sorted copy (a keystroke costs
                # a binary search, not a scan), never by "contains" or fuzzy matching.
                order = np.argsort(keys, kind="stable")
                self._cases = (layer, values, keys[order], order)
                continue
            self._columns.append((layer, column, kind, values, keys, present))
        self._frames = {layer: project[layer].data for layer in _LABEL_COLUMNS if layer in project}

    def _label(self, layer: str, row: int, fallback: str) -> str:
        """What a hit shows: the code/address with the name and worker or compound beside it."""
        frame = self._frames.get(layer)
        if frame is None:
            return fallback
        parts = []
        for column in _LABEL_COLUMNS[layer]:
            value = frame[column].iloc[row] if column in frame else None
            if isinstance(value, str) and value.strip():
                parts.append(value.strip())
        return " ".join(parts) or fallback

    def search(self, query: str, limit: int = 50) -> list[Match]:
        """Matches of ``query``: exact first, then prefix, then substring; at most ``limit``."""
        q_plain = _plain(query or "")
        if not q_plain:
            return []
        q_address = normalise_address(query)
        hits: list[tuple[int, int, Match]] = []
        seen: set[tuple[str, int]] = set()
        for order, (layer, _column, kind, values, keys, present) in enumerate(self._columns):
            q = q_address if kind == "address" else q_plain
            if not q:
                continue
            keys_s = pd.Series(keys)
            contains = keys_s.str.contains(q, regex=False).to_numpy() & present
            for row in np.flatnonzero(contains):
                key = keys[row]
                quality = "exact" if key == q else "prefix" if key.startswith(q) else "contains"
                if (layer, int(row)) in seen:
                    continue
                seen.add((layer, int(row)))
                label = self._label(layer, int(row), values[row])
                hits.append((_RANK[quality], order, Match(layer, int(row), kind, values[row], label, quality)))
        hits += self._case_hits(q_plain, limit, len(self._columns))
        if not hits and len(q_plain) >= 2:
            hits = self._fuzzy(q_plain)
        hits.sort(key=lambda h: (h[0], h[1], h[2].text))
        return [h[2] for h in hits[:limit]]

    def _case_hits(self, q: str, limit: int, order: int) -> list[tuple[int, int, Match]]:
        """Cases whose number starts with ``q`` (at most ``limit``, the exact one first)."""
        if self._cases is None:
            return []
        layer, values, keys, rows = self._cases
        lo = int(np.searchsorted(keys, q, side="left"))
        hi = int(np.searchsorted(keys, q + "\U0010ffff", side="left"))
        out = []
        for k in range(lo, min(hi, lo + limit)):
            row = int(rows[k])
            quality = "exact" if keys[k] == q else "prefix"
            out.append((_RANK[quality], order, Match(layer, row, "incident_id", values[row],
                                                     self._label(layer, row, values[row]), quality)))
        return out

    def _fuzzy(self, q: str) -> list[tuple[int, int, Match]]:
        """The query's characters in order, others between: "市二院" finds "哈尔滨市第二医院"."""
        pattern = ".*".join(re.escape(ch) for ch in q)
        hits, seen = [], set()
        for order, (layer, _column, kind, values, keys, present) in enumerate(self._columns):
            if kind == "address":
                continue
            found = pd.Series(keys).str.contains(pattern, regex=True).to_numpy() & present
            for row in np.flatnonzero(found):
                if (layer, int(row)) not in seen:
                    seen.add((layer, int(row)))
                    label = self._label(layer, int(row), values[row])
                    hits.append((_RANK["fuzzy"], order, Match(layer, int(row), kind, values[row], label, "fuzzy")))
        return hits
