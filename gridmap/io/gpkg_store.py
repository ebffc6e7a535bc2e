"""Saving a change set into a GeoPackage as one SQLite transaction (no rewrite of the file).

SQLite's atomic commit is the guarantee: a kill at any moment leaves the old or the new state and
no file but SQLite's own ``-journal``/``-wal``. Only the changed rows of the app's layers are
written (insert, update of the changed columns, delete by fid), so tables, views, triggers,
``layer_styles`` and metadata that other programs put in the file stay as they are, and a program
holding the file open (QGIS keeps GeoPackages in WAL mode) reads a consistent state throughout.

GDAL's R-tree triggers call ``ST_IsEmpty`` and ``ST_MinX``… — SQL functions GDAL registers in its
own connections. This connection registers the same functions (from the GeoPackage geometry header),
so the triggers run and the spatial index stays right.
"""
from __future__ import annotations

import os
import sqlite3
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import shapely

from layers.errors import DataError
from layers.messages import msg
from layers.row_ids import FID

from .changeset import ChangeSet, LayerChange, columns_to_add, geometry_name, values_differ
from .errors import WriteError
from .gpkg import current_stamp

#: Name of the table holding project settings (key, value) inside the GeoPackage.
META_TABLE = "gridmap_meta"

#: How long a save waits for another program's write lock before it gives up.
LOCK_TIMEOUT_S = 10.0

#: (layer name, raw rows read from the file) -> the rows validated as on opening, indexed by fid.
Validate = Callable[[str, pd.DataFrame], pd.DataFrame]


@dataclass
class Conflict:
    """A row another program changed (or deleted: ``theirs`` is None) since the project read it."""

    layer: str
    fid: int
    columns: list[str]
    theirs: dict | None


class SaveConflict(DataError):
    """Rows changed by someone else since they were read; nothing was written."""

    def __init__(self, path, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        listing = ", ".join(f"{c.layer} #{c.fid}" for c in conflicts[:8]) + (" …" if len(conflicts) > 8 else "")
        super().__init__(msg("save_conflict", path=path, count=len(conflicts), rows=listing))


class LockedError(WriteError):
    """Another program held the file's write lock for longer than we wait."""


@dataclass
class ApplyResult:
    assigned: dict[str, dict[int, int]] = field(default_factory=dict)   # layer -> {row id: file fid}
    theirs: dict[str, pd.DataFrame] = field(default_factory=dict)       # layer -> their rows (policy theirs)
    deleted_by_them: dict[str, list[int]] = field(default_factory=dict)


# -- GeoPackage geometry blobs -------------------------------------------------------------------
_ENVELOPE_LEN = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _header(blob: bytes):
    """(empty, envelope or None, wkb offset) of a GeoPackage geometry blob."""
    flags = blob[3]
    indicator = (flags >> 1) & 0x07
    size = _ENVELOPE_LEN.get(indicator, 0)
    endian = "<" if flags & 1 else ">"
    envelope = struct.unpack(endian + "4d", blob[8:40]) if size else None
    return bool(flags & 0x10), envelope, 8 + size


def _bounds(blob):
    if blob is None or len(blob) < 8 or blob[:2] != b"GP":
        return None
    empty, envelope, offset = _header(blob)
    if empty:
        return None
    if envelope is not None:
        minx, maxx, miny, maxy = envelope
        return minx, maxx, miny, maxy
    x0, y0, x1, y1 = shapely.bounds(shapely.from_wkb(bytes(blob[offset:])))
    return x0, x1, y0, y1


def _st_is_empty(blob):
    if blob is None:
        return None
    return 1 if _bounds(blob) is None else 0


def _register_functions(con: sqlite3.Connection) -> None:
    con.create_function("ST_IsEmpty", 1, _st_is_empty, deterministic=True)
    for k, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        con.create_function(name, 1, lambda blob, k=k: (lambda b: None if b is None else b[k])(_bounds(blob)),
                            deterministic=True)


def geometry_blobs(geoms: np.ndarray, srs_id: int) -> list[bytes | None]:
    """GeoPackage binary geometries (little-endian, ISO WKB; an xy envelope except for points)."""
    geoms = np.asarray(geoms, dtype=object)
    out: list[bytes | None] = [None] * len(geoms)
    present = ~pd.isna(geoms)
    if not present.any():
        return out
    g = geoms[present]
    wkb = shapely.to_wkb(g, byte_order=1, flavor="iso")
    empty = shapely.is_empty(g)
    point = shapely.get_type_id(g) == 0
    bounds = shapely.bounds(g)
    for k, pos in enumerate(np.flatnonzero(present)):
        if empty[k]:
            head = b"GP\x00" + bytes([0x01 | 0x10]) + struct.pack("<i", srs_id)
        elif point[k]:
            head = b"GP\x00\x01" + struct.pack("<i", srs_id)
        else:
            x0, y0, x1, y1 = bounds[k]
            head = b"GP\x00\x03" + struct.pack("<i4d", srs_id, x0, x1, y0, y1)
        out[pos] = head + wkb[k]
    return out


# -- values ----------------------------------------------------------------------------------------
def column_kind(series: pd.Series) -> str:
    """What a column holds, for a database's column type: time, bool, int, float or text."""
    kind = series.dtype
    if isinstance(kind, pd.DatetimeTZDtype):
        return "time"
    if pd.api.types.is_bool_dtype(kind):
        return "bool"
    if pd.api.types.is_integer_dtype(kind):
        return "int"
    if pd.api.types.is_float_dtype(kind):
        return "float"
    return "text"


def plain_values(series: pd.Series) -> list:
    """A column's values as plain Python for a database driver: missing values as None, numpy
    scalars as bool/int/float, a stray Timestamp as ISO text."""
    out = []
    for v in series.to_numpy(dtype=object):
        if v is None or (not isinstance(v, (str, bytes)) and pd.isna(v)):
            out.append(None)
        elif isinstance(v, (np.bool_, bool)):
            out.append(bool(v))
        elif isinstance(v, np.integer):
            out.append(int(v))
        elif isinstance(v, np.floating):
            out.append(float(v))
        elif isinstance(v, pd.Timestamp):
            out.append(v.isoformat())
        else:
            out.append(v)
    return out


def _sql_values(series: pd.Series) -> list:
    """Python values SQLite stores as GDAL would: times as ISO text with +08:00, NaN as NULL."""
    from layers.validate import LOCAL_TZ
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        local = series.dt.tz_convert(LOCAL_TZ)
        return [None if pd.isna(v) else v.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00" for v in local]
    return [int(v) if isinstance(v, bool) else v for v in plain_values(series)]


_SQLITE_TYPES = {"time": "DATETIME", "bool": "BOOLEAN", "int": "INTEGER", "float": "REAL", "text": "TEXT"}


def _sql_type(series: pd.Series) -> str:
    return _SQLITE_TYPES[column_kind(series)]


def quote(name: str) -> str:
    """An SQL identifier, quoted (layer and column names are data: any text must work)."""
    return '"' + str(name).replace('"', '""') + '"'


# -- the store -------------------------------------------------------------------------------------
class _Table:
    def __init__(self, con: sqlite3.Connection, name: str) -> None:
        info = con.execute(f"PRAGMA table_info({quote(name)})").fetchall()
        if not info:
            raise WriteError(msg("write_failed", path=name, reason=f"table {name!r} is missing"))
        self.name = name
        self.columns = {row[1]: row[2] for row in info}
        pk = [row[1] for row in info if row[5]]
        self.fid = pk[0] if pk else "rowid"
        geom = con.execute("SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE lower(table_name)=lower(?)",
                           (name,)).fetchone()
        self.geometry, self.srs_id = (geom[0], int(geom[1])) if geom else (None, 0)


def open_connection(path: Path, timeout: float = LOCK_TIMEOUT_S) -> sqlite3.Connection:
    """A connection to the GeoPackage at ``path`` (symlinks followed: the target is written)."""
    real = os.path.realpath(path)
    con = sqlite3.connect(real, timeout=timeout, isolation_level=None)
    _register_functions(con)
    return con


def apply_changes(path: str | os.PathLike, changes: ChangeSet, *, validate: Validate, policy: str = "ask",
                  timeout: float = LOCK_TIMEOUT_S) -> ApplyResult:
    """Write ``changes`` into the GeoPackage at ``path`` in one transaction.

    Inside the transaction the rows to update or delete are read back (through this connection:
    a second SQLite library in this process, such as GDAL's, closing the same file would drop this
    connection's POSIX locks) and ``validate(layer, raw rows)`` makes them comparable with the rows
    as they were read, to see whether another program changed a row since. With
    ``policy`` "ask" such rows raise SaveConflict and nothing is written; "mine" writes ours over
    theirs; "theirs" leaves theirs in the file and returns them (``ApplyResult.theirs``).

    New layers (``LayerChange.created``) must already exist as tables (``create_layers``).
    Raises LockedError when another writer holds the lock past ``timeout`` seconds, WriteError for
    anything else; on every error the file is as it was.
    """
    path = Path(path)
    result = ApplyResult()
    try:
        con = open_connection(path, timeout)
    except sqlite3.Error as exc:
        raise WriteError(msg("write_failed", path=path, reason=str(exc))) from exc
    try:
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise LockedError(msg("file_locked", path=path, seconds=f"{timeout:g}")) from exc
            raise
        try:
            conflicts = []
            skip: dict[str, set[int]] = {}
            for name, change in changes.layers.items():
                if not change or change.created:
                    continue
                found, gone = _check_rows(con, name, change, validate)
                conflicts += found
                result.deleted_by_them[name] = gone
                if policy == "theirs" and found:
                    skip[name] = {c.fid for c in found}
                    theirs = [c for c in found if c.theirs is not None]
                    if theirs:
                        result.theirs[name] = pd.DataFrame([c.theirs for c in theirs],
                                                           index=pd.Index([c.fid for c in theirs], dtype=np.int64))
            if conflicts and policy == "ask":
                raise SaveConflict(path, conflicts)
            for name, change in changes.layers.items():
                if change:
                    result.assigned[name] = _write_layer(con, change, skip.get(name, set()))
            for name in changes.removed:
                _drop_layer(con, name)
            _write_meta(con, changes)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    except (DataError, KeyboardInterrupt, SystemExit):
        raise
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise LockedError(msg("file_locked", path=path, seconds=f"{timeout:g}")) from exc
        raise WriteError(msg("write_failed", path=path, reason=str(exc))) from exc
    except Exception as exc:
        raise WriteError(msg("write_failed", path=path, reason=f"{type(exc).__name__}: {exc}")) from exc
    finally:
        con.close()
    return result


def read_rows(con: sqlite3.Connection, name: str, fids) -> pd.DataFrame:
    """The file's rows ``fids`` of table ``name`` as they are stored (times as text, geometries as
    shapely objects in a ``geometry`` column of a GeoDataFrame), with their ids in ``fid``."""
    import geopandas as gpd
    table = _Table(con, name)
    fids = [int(f) for f in fids]
    found = []
    for start in range(0, len(fids), 500):
        chunk = fids[start:start + 500]
        cursor = con.execute(f"SELECT * FROM {quote(name)} WHERE {quote(table.fid)} IN ({','.join('?' * len(chunk))})",
                             chunk)
        names = [d[0] for d in cursor.description]
        found += cursor.fetchall()
    frame = pd.DataFrame.from_records(found, columns=names) if found else pd.DataFrame(columns=names)
    frame = frame.rename(columns={table.fid: FID})
    if table.geometry is None:
        return frame
    blobs = frame.pop(table.geometry).to_numpy(dtype=object)
    geoms = np.array([None if b is None else shapely.from_wkb(bytes(b[_header(b)[2]:])) for b in blobs], dtype=object)
    srs = con.execute("SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id=?",
                      (table.srs_id,)).fetchone()
    crs = f"{srs[0]}:{srs[1]}" if srs and srs[0] and srs[1] is not None else None
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, index=frame.index), crs=crs)


def _check_rows(con, name: str, change: LayerChange, validate: Validate) -> tuple[list[Conflict], list[int]]:
    """Rows we change or delete that someone else changed or deleted since we read them."""
    base = change.base_rows
    if not len(base):
        return [], []
    theirs = validate(name, read_rows(con, name, base.index.to_numpy()))
    updated_fids = set(change.file_fids[change.updated_positions].tolist())
    conflicts, gone = [], []
    geometry = geometry_name(base)
    columns = [c for c in base.columns if c != FID and c in theirs.columns]
    present = base.index.isin(theirs.index)
    for fid in base.index[~present]:
        gone.append(int(fid))
        if int(fid) in updated_fids:            # they deleted a row we changed
            conflicts.append(Conflict(name, int(fid), [], None))
    if present.any():
        mine_base = base[present]
        their_rows = theirs.loc[mine_base.index]
        differ = np.zeros((len(mine_base), len(columns)), dtype=bool)
        for k, column in enumerate(columns):
            differ[:, k] = values_differ(mine_base[column], their_rows[column], geometry=column == geometry)
        for r in np.flatnonzero(differ.any(axis=1)):
            fid = int(mine_base.index[r])
            row = their_rows.iloc[r]
            conflicts.append(Conflict(name, fid, [c for c, d in zip(columns, differ[r]) if d],
                                      {c: row[c] for c in their_rows.columns}))
    return conflicts, gone


def _next_fid(con, table: _Table) -> int:
    top = con.execute(f"SELECT max({quote(table.fid)}) FROM {quote(table.name)}").fetchone()[0] or 0
    try:
        seq = con.execute("SELECT seq FROM sqlite_sequence WHERE name=?", (table.name,)).fetchone()
    except sqlite3.OperationalError:
        seq = None
    return max(int(top), int(seq[0]) if seq and seq[0] is not None else 0) + 1


def _columns_values(change: LayerChange, table: _Table, positions: np.ndarray, columns) -> tuple[list[str], list[list]]:
    frame = change.frame
    geometry = geometry_name(frame)
    names, values = [], []
    for column in columns:
        if column == FID:
            continue
        if column == geometry:
            if table.geometry is None:
                continue
            names.append(table.geometry)
            values.append(geometry_blobs(np.asarray(frame[column].values[np.asarray(positions, dtype=np.intp)], object), table.srs_id))
        else:
            names.append(column)
            values.append(_sql_values(frame[column].iloc[positions]))
    return names, values


def _write_layer(con: sqlite3.Connection, change: LayerChange, skip: set[int]) -> dict[int, int]:
    """Deletes, updates and inserts of one layer; returns {row id: file fid} of inserted rows."""
    table = _Table(con, change.name)
    frame = change.frame
    for column in columns_to_add(change, table.columns):
        con.execute(f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(column)} {_sql_type(frame[column])}")
        table.columns[column] = _sql_type(frame[column])
    deletes = [int(f) for f in change.deletes if int(f) not in skip]
    if deletes:
        con.executemany(f"DELETE FROM {quote(table.name)} WHERE {quote(table.fid)}=?", [(f,) for f in deletes])
    for columns, positions in change.updates.items():
        fids = change.file_fids[positions]
        keep = np.asarray([int(f) not in skip for f in fids], dtype=bool)
        positions, fids = positions[keep], fids[keep]
        if not len(positions):
            continue
        names, values = _columns_values(change, table, positions, columns)
        if not names:
            continue
        setters = ", ".join(f"{quote(n)}=?" for n in names)
        rows = [tuple(v[k] for v in values) + (int(fids[k]),) for k in range(len(positions))]
        con.executemany(f"UPDATE {quote(table.name)} SET {setters} WHERE {quote(table.fid)}=?", rows)
    assigned: dict[int, int] = {}
    if len(change.inserts):
        positions = change.inserts
        columns = [c for c in frame.columns if c != FID and (c in table.columns or c == geometry_name(frame))]
        names, values = _columns_values(change, table, positions, columns)
        ids = frame[FID].to_numpy()[positions]
        wanted = change.file_fids[positions]
        taken = set()
        if (wanted > 0).any():
            probe = [int(f) for f in wanted[wanted > 0]]
            for start in range(0, len(probe), 500):
                chunk = probe[start:start + 500]
                taken.update(r[0] for r in con.execute(
                    f"SELECT {quote(table.fid)} FROM {quote(table.name)} WHERE {quote(table.fid)} IN "
                    f"({','.join('?' * len(chunk))})", chunk))
        nxt = _next_fid(con, table)
        fids = []
        for w in wanted:
            if w > 0 and int(w) not in taken:
                fids.append(int(w))
                taken.add(int(w))
            else:
                while nxt in taken:
                    nxt += 1
                fids.append(nxt)
                taken.add(nxt)
                nxt += 1
        cols = ", ".join(quote(n) for n in [table.fid] + names)
        marks = ", ".join("?" * (len(names) + 1))
        rows = [(fids[k],) + tuple(v[k] for v in values) for k in range(len(positions))]
        con.executemany(f"INSERT INTO {quote(table.name)} ({cols}) VALUES ({marks})", rows)
        assigned = {int(i): f for i, f in zip(ids, fids)}
    _touch_contents(con, table)
    return assigned


def _drop_layer(con: sqlite3.Connection, name: str) -> None:
    """Remove layer ``name`` and what the GeoPackage keeps about it (its triggers go with the table;
    its spatial index is a table of its own). Styles other programs saved for it are left alone."""
    table = _Table(con, name)
    if table.geometry is not None:
        con.execute(f"DROP TABLE IF EXISTS {quote(f'rtree_{name}_{table.geometry}')}")
    con.execute(f"DROP TABLE {quote(name)}")
    for meta_table in ("gpkg_contents", "gpkg_geometry_columns", "gpkg_extensions", "gpkg_ogr_contents",
                       "gpkg_data_columns"):
        if con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (meta_table,)).fetchone():
            con.execute(f"DELETE FROM {meta_table} WHERE lower(table_name)=lower(?)", (name,))


def _touch_contents(con: sqlite3.Connection, table: _Table) -> None:
    """gpkg_contents: a valid last_change, and the extent from the spatial index."""
    stamp = current_stamp()
    con.execute("UPDATE gpkg_contents SET last_change=? WHERE lower(table_name)=lower(?)", (stamp, table.name))
    if table.geometry is None:
        return
    rtree = f"rtree_{table.name}_{table.geometry}"
    if con.execute("SELECT 1 FROM sqlite_master WHERE name=?", (rtree,)).fetchone():
        box = con.execute(f"SELECT min(minx), min(miny), max(maxx), max(maxy) FROM {quote(rtree)}").fetchone()
        if box and box[0] is not None:
            con.execute("UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=? WHERE lower(table_name)=lower(?)",
                        (*box, table.name))


def _write_meta(con: sqlite3.Connection, changes: ChangeSet) -> None:
    if not changes.meta_set and not changes.meta_deleted:
        return
    if not con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (META_TABLE,)).fetchone():
        con.execute(f"CREATE TABLE {quote(META_TABLE)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "
                    "key TEXT, value TEXT)")
        stamp = current_stamp()
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, last_change) VALUES (?, ?, ?, ?)",
                    (META_TABLE, "attributes", META_TABLE, stamp))
    for key in changes.meta_deleted:
        con.execute(f"DELETE FROM {quote(META_TABLE)} WHERE key=?", (key,))
    for key, value in changes.meta_set.items():
        con.execute(f"DELETE FROM {quote(META_TABLE)} WHERE key=?", (key,))
        con.execute(f"INSERT INTO {quote(META_TABLE)} (key, value) VALUES (?, ?)", (key, value))
