"""Change sets: what differs between the frames a project last read or saved and its frames now.

One change set serves saving to a GeoPackage (one SQLite transaction touching only those rows,
``gpkg_store.apply_changes``), the crash-recovery journal and, later, a server: the same idea as
QGIS's edit buffer and Mergin Maps' geodiff. Rows are matched by their id (``layers.row_ids``):
an id in the current frame but not in the saved one is an insert, one only in the saved frame a
delete, one in both whose values differ an update of just the columns that differ."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from layers.point_array import LazyPointArray
from layers.row_ids import FID


@dataclass
class LayerChange:
    """The changes of one layer. Positions index rows of ``frame`` (the current frame)."""

    name: str
    frame: pd.DataFrame
    file_fids: np.ndarray                      # per row of ``frame``: its id in the file (or to-be)
    inserts: np.ndarray                        # positions of rows to insert
    updates: dict[tuple[str, ...], np.ndarray]  # changed columns -> positions of rows with exactly those
    deletes: np.ndarray                        # file ids to delete
    base_rows: pd.DataFrame                    # saved rows of updated/deleted ids, indexed by file id
    new_columns: list[str] = field(default_factory=list)
    created: bool = False                      # the layer is not in the file yet

    @property
    def updated_positions(self) -> np.ndarray:
        parts = list(self.updates.values())
        return np.sort(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int64)

    def counts(self) -> dict[str, int]:
        return {"inserted": len(self.inserts), "updated": len(self.updated_positions), "deleted": len(self.deletes)}

    def __bool__(self) -> bool:
        return bool(self.created or len(self.inserts) or self.updates or len(self.deletes) or self.new_columns)


@dataclass
class ChangeSet:
    """Every layer's changes, and the project settings set or removed."""

    layers: dict[str, LayerChange] = field(default_factory=dict)
    meta_set: dict[str, str] = field(default_factory=dict)
    meta_deleted: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)      # layers the file holds and the project no longer

    def __bool__(self) -> bool:
        return bool(self.meta_set or self.meta_deleted or self.removed or any(self.layers.values()))

    def summary(self) -> dict[str, dict[str, int]]:
        return {name: change.counts() for name, change in self.layers.items() if change}


def resolve_ids(ids: np.ndarray, assigned: dict[int, int] | None) -> np.ndarray:
    """File ids of row ids: temporary ids that were saved before map to the id they got."""
    ids = np.asarray(ids, dtype=np.int64)
    if not assigned:
        return ids
    keys = np.fromiter(assigned.keys(), dtype=np.int64, count=len(assigned))
    values = np.fromiter(assigned.values(), dtype=np.int64, count=len(assigned))
    order = np.argsort(keys)
    keys, values = keys[order], values[order]
    pos = np.clip(np.searchsorted(keys, ids), 0, len(keys) - 1)
    hit = keys[pos] == ids
    return np.where(hit, values[pos], ids)


def columns_to_add(change: "LayerChange", present) -> list[str]:
    """Columns of the change's frame that the stored table (columns ``present``) lacks and that
    this change writes a value to: new columns, the columns of updated rows, columns with a value
    in an inserted row — an optional contract column the file never had (``department``, say)
    is added when a row first carries it, not dropped and not failing the save."""
    frame = change.frame
    skip = {FID, geometry_name(frame), "version"}
    wanted = set(change.new_columns)
    for columns in change.updates:
        wanted.update(columns)
    if len(change.inserts):
        inserted = frame.iloc[change.inserts]
        wanted.update(c for c in frame.columns if inserted[c].notna().any())
    return [c for c in frame.columns if c in wanted and c not in present and c not in skip]


def geometry_name(frame: pd.DataFrame) -> str | None:
    geometry = getattr(frame, "_geometry_column_name", None)
    return geometry if geometry in frame.columns else None


def values_differ(a: pd.Series | np.ndarray, b: pd.Series | np.ndarray, geometry: bool = False) -> np.ndarray:
    """Per position: whether ``a`` and ``b`` hold different values (two missing values are equal;
    geometries are equal when they have the same vertices in the same order)."""
    av = np.asarray(a.array if isinstance(a, pd.Series) else a, dtype=object)
    bv = np.asarray(b.array if isinstance(b, pd.Series) else b, dtype=object)
    na_a, na_b = pd.isna(av), pd.isna(bv)
    if geometry:
        same = np.zeros(len(av), dtype=bool)
        both = ~na_a & ~na_b
        if both.any():
            same[both] = shapely.equals_exact(av[both], bv[both], tolerance=0.0)
        return ~(same | (na_a & na_b))
    if not len(av):
        return np.zeros(0, dtype=bool)
    eq = np.zeros(len(av), dtype=bool)
    both = ~na_a & ~na_b                 # compare values only: NA == x is NA, which has no truth value
    if both.any():
        eq[both] = np.asarray(pd.array(av[both] == bv[both], dtype="boolean").fillna(False), dtype=bool)
    return ~(eq | (na_a & na_b))


def _points_moved(cur, old, common_c: np.ndarray, common_b: np.ndarray) -> np.ndarray | None:
    """Per common row, whether a point moved, when both sides hold their points as x/y arrays
    (layers.point_array); else None. Equal means the same coordinates exactly, as
    ``equals_exact(tolerance=0)`` says of two points; two missing geometries are equal."""
    if not (isinstance(cur, LazyPointArray) and isinstance(old, LazyPointArray)):
        return None
    (cx, cy), (ox, oy) = cur.xy, old.xy
    cx, cy, ox, oy = cx[common_c], cy[common_c], ox[common_b], oy[common_b]
    same = ((cx == ox) & (cy == oy)) | (np.isnan(cx) & np.isnan(ox))
    return ~same


def diff_layer(name: str, base: pd.DataFrame | None, current: pd.DataFrame,
               assigned: dict[int, int] | None = None) -> LayerChange:
    """The change from ``base`` (the frame as last read or saved; None: the layer is new) to
    ``current``. ``assigned`` maps temporary ids already saved to their file ids."""
    cur_ids = resolve_ids(current[FID].to_numpy(), assigned)
    empty = np.empty(0, dtype=np.int64)
    if base is None:
        return LayerChange(name, current, cur_ids, np.arange(len(current)), {}, empty,
                           current.iloc[0:0].set_index(pd.Index([], dtype=np.int64)), [], created=True)
    if base is current:
        return LayerChange(name, current, cur_ids, empty, {}, empty, current.iloc[0:0])
    base_ids = resolve_ids(base[FID].to_numpy(), assigned)
    if len(base_ids) == len(cur_ids) and np.array_equal(base_ids, cur_ids):
        common_c = common_b = np.arange(len(cur_ids))
        inserts, deletes = empty, empty
    else:
        base_pos = pd.Index(base_ids).get_indexer(cur_ids)
        inserts = np.flatnonzero(base_pos < 0)
        common_c = np.flatnonzero(base_pos >= 0)
        common_b = base_pos[common_c]
        deletes = base_ids[~np.isin(base_ids, cur_ids)]
    geometry = geometry_name(current)
    columns = [c for c in current.columns if c != FID]
    new_columns = [c for c in columns if c not in base.columns]
    changed = np.zeros((len(common_c), len(columns)), dtype=bool)
    for k, column in enumerate(columns):
        if column == geometry and column in base.columns:
            moved = _points_moved(current[column].values, base[column].values, common_c, common_b)
            if moved is not None:           # points held as x/y on both sides: no objects made
                changed[:, k] = moved
                continue
        cur = current[column].to_numpy(dtype=object) if column != geometry else np.asarray(current[column].values, object)
        if column in base.columns:
            old = np.asarray(base[column].values, object) if column == geometry else base[column].to_numpy(dtype=object)
            changed[:, k] = values_differ(cur[common_c], old[common_b], geometry=column == geometry)
        else:
            changed[:, k] = ~pd.isna(cur[common_c])
    rows = np.flatnonzero(changed.any(axis=1))
    updates: dict[tuple[str, ...], np.ndarray] = {}
    if len(rows):
        patterns, inverse = np.unique(changed[rows], axis=0, return_inverse=True)
        for p, pattern in enumerate(patterns):
            cols = tuple(c for c, on in zip(columns, pattern) if on)
            updates[cols] = common_c[rows[np.ravel(inverse) == p]]
    touched_b = np.concatenate([common_b[rows], np.flatnonzero(np.isin(base_ids, deletes))])
    base_rows = base.iloc[touched_b].copy()
    base_rows.index = pd.Index(base_ids[touched_b], dtype=np.int64)
    return LayerChange(name, current, cur_ids, inserts, updates, deletes, base_rows, new_columns)
