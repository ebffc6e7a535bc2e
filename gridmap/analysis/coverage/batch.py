"""Findings kept as columns: a check that finds 180,000 buildings not visited makes no 180,000 Python
objects. ``FindingBatch`` holds one finding type over many features (one feature each) as arrays and
makes a ``Finding`` only when one is asked for; ``Findings`` is the report's sequence of them."""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from operator import attrgetter

import numpy as np

from .model import FINDING_TYPES, Finding


class FindingBatch(Sequence):
    """Findings of ``type`` in ``layer``, one per row: ``rows``, ``ids``, ``geometries`` are
    parallel arrays; ``detail`` is shared (and never modified)."""

    def __init__(self, type: str, layer: str, rows, ids, geometries, detail: dict) -> None:
        self.type, self.layer, self.detail = type, layer, detail
        self.rows = np.asarray(rows, dtype=np.int64)
        self.ids = np.asarray(ids, dtype=object)
        self.geometries = np.asarray(geometries, dtype=object)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return self._take(np.arange(len(self))[k])
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return Finding(self.type, self.layer, [int(self.rows[k])], [str(self.ids[k])], self.geometries[k], None,
                       self.detail)

    def _take(self, order) -> "FindingBatch":
        return FindingBatch(self.type, self.layer, self.rows[order], self.ids[order], self.geometries[order], self.detail)

    def sorted(self) -> "FindingBatch":
        """In report order: by feature id (as a one-id Finding list sorts)."""
        return self._take(np.argsort(self.ids.astype(str), kind="stable"))


class Findings(Sequence):
    """The findings of a report, in order: plain lists of Finding and FindingBatches, one after
    another. Counting and slicing by type need no Finding objects."""

    def __init__(self, parts=()) -> None:
        self.parts = [p for p in parts if len(p)]
        self._ends = np.cumsum([len(p) for p in self.parts]).tolist()

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def __iter__(self):
        for part in self.parts:
            if isinstance(part, FindingBatch):
                for k in range(len(part)):
                    yield part[k]
            else:
                yield from part

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(len(self))[k]]
        if k < 0:
            k += len(self)
        p = bisect.bisect_right(self._ends, k)
        if p >= len(self.parts):
            raise IndexError(k)
        return self.parts[p][k - (self._ends[p - 1] if p else 0)]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for part in self.parts:
            if isinstance(part, FindingBatch):
                out[part.type] = out.get(part.type, 0) + len(part)
            else:
                for f in part:
                    out[f.type] = out.get(f.type, 0) + 1
        return out

    def of_type(self, kind: str) -> "Findings":
        parts = []
        for part in self.parts:
            if isinstance(part, FindingBatch):
                if part.type == kind:
                    parts.append(part)
            else:
                parts.append([f for f in part if f.type == kind])
        return Findings(parts)


def in_report_order(items: list) -> Findings:
    """Findings and batches by type in FINDING_TYPES order, then by feature ids."""
    singles: dict[str, list[Finding]] = {}
    batches: dict[str, list[FindingBatch]] = {}
    for item in items:
        if isinstance(item, FindingBatch):
            batches.setdefault(item.type, []).append(item)
        else:
            singles.setdefault(item.type, []).append(item)
    parts: list = []
    kinds = set(singles) | set(batches)
    for kind in FINDING_TYPES + sorted(kinds - set(FINDING_TYPES)):
        group, many = singles.get(kind, []), batches.get(kind, [])
        if len(many) == 1 and not group:
            parts.append(many[0].sorted())          # the common case: one batch, sorted as columns
            continue
        group = group + [f for batch in many for f in batch]
        group.sort(key=attrgetter("ids"))
        parts.append(group)
    return Findings(parts)
