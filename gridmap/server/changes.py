"""Writing changes to a database project without overwriting anyone: every update or delete names
the row version it was made from; a row someone changed since is a conflict, reported with their
values, and nothing of the call is written (one transaction). Inserts never conflict: two desks
importing at once both keep their rows. No Qt."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd
import shapely

from layers.messages import add_messages, msg

from .store import _q, _values, connect
from .url import DbProject

add_messages({
    "db_conflicts": {"zh": "{layer}：{n} 行在你读取后已被他人修改或删除，本次未写入任何内容",
                     "en": "{layer}: {n} rows were changed or deleted by someone else since you read them; nothing was written"},
})


@dataclass
class RowConflict:
    layer: str
    fid: int
    yours: int                    # the version your change was made from
    theirs: int | None            # the version in the database (None: they deleted the row)
    values: dict | None = None    # their row


@dataclass
class ServerChanges:
    """One layer's changes: rows to insert (a frame of contract columns, geometry in EPSG:4326),
    updates {fid: (version read, {column: value})}, deletes {fid: version read}."""

    layer: str
    inserts: pd.DataFrame | None = None
    updates: dict = field(default_factory=dict)
    deletes: dict = field(default_factory=dict)
    new_columns: dict = field(default_factory=dict)     # column -> SQL type, added before the rows


class ConflictError(ValueError):
    def __init__(self, layer: str, conflicts: list[RowConflict]) -> None:
        super().__init__(msg("db_conflicts", layer=layer, n=len(conflicts)))
        self.conflicts = conflicts


def apply(project: DbProject, changes, user_connection=None, meta: dict | None = None,
          meta_deleted=()):
    """Write ``changes`` (one ServerChanges, or a list: every layer of a save) and the project
    settings ``meta`` set / ``meta_deleted`` in one transaction. Returns per layer {"inserted": new
    ids in the order of the rows, "updated": ids, "deleted": ids, "versions": {id: version now}} (a
    list of them for a list). Raises ConflictError naming every row whose version moved on, in any
    layer; then nothing at all is written."""
    batch = changes if isinstance(changes, list) else [changes]
    s = _q(project.schema)
    con = user_connection or connect(project)
    try:
        with con.transaction():
            conflicts = []
            for change in batch:
                conflicts += _check(con, s, change)
            if conflicts:
                layers = sorted({c.layer for c in conflicts})
                raise ConflictError(", ".join(layers), conflicts)
            results = [_write(con, s, change) for change in batch]
            for key, value in (meta or {}).items():
                con.execute(f"INSERT INTO {s}.gridmap_meta(key, value) VALUES (%s, %s) "
                            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (key, str(value)))
            if meta_deleted:
                con.execute(f"DELETE FROM {s}.gridmap_meta WHERE key = ANY(%s)", (list(meta_deleted),))
    finally:
        if user_connection is None:
            con.close()
    return results if isinstance(changes, list) else results[0]


def _check(con, s: str, changes: ServerChanges) -> list[RowConflict]:
    """Lock the rows ``changes`` updates or deletes; the conflicts among them."""
    t = _q(changes.layer)
    touched = sorted(set(changes.updates) | set(changes.deletes))
    current = {}
    if touched:
        for row in con.execute(f"SELECT fid, version, to_jsonb(x) - 'geom' FROM {s}.{t} x "
                               f"WHERE fid = ANY(%s) FOR UPDATE", (touched,)):
            current[int(row[0])] = (int(row[1]), row[2])
    conflicts = []
    for fid in touched:
        yours = changes.updates[fid][0] if fid in changes.updates else changes.deletes[fid]
        theirs = current.get(fid)
        if theirs is None or theirs[0] != yours:
            conflicts.append(RowConflict(changes.layer, fid, yours, None if theirs is None else theirs[0],
                                         None if theirs is None else theirs[1]))
    return conflicts


def _write(con, s: str, changes: ServerChanges) -> dict:
    t = _q(changes.layer)
    versions = {}
    if changes.new_columns:
        for column, kind in changes.new_columns.items():
            con.execute(f"ALTER TABLE {s}.{t} ADD COLUMN IF NOT EXISTS {_q(column)} {kind}")
        con.execute(f"UPDATE {s}.gridmap_layers SET columns = columns || %s::jsonb WHERE name = %s",
                    (json.dumps(list(changes.new_columns.items())), changes.layer))
    for fid, (_version, values) in changes.updates.items():
        cols = list(values)
        sets = ", ".join(f"{_q(c)} = " + ("ST_SetSRID(ST_GeomFromWKB(%s), 4326)" if c == "geom" else "%s")
                         for c in cols)
        params = [shapely.to_wkb(v) if c == "geom" and v is not None else v for c, v in values.items()]
        row = con.execute(f"UPDATE {s}.{t} SET {sets} WHERE fid = %s RETURNING version", (*params, fid)).fetchone()
        versions[int(fid)] = int(row[0])
    if changes.deletes:
        con.execute(f"DELETE FROM {s}.{t} WHERE fid = ANY(%s)", (sorted(changes.deletes),))
    new_ids = _insert(con, s, t, changes.inserts)
    versions.update({fid: 1 for fid in new_ids})
    return {"inserted": new_ids, "updated": sorted(changes.updates), "deleted": sorted(changes.deletes),
            "versions": versions}


def _insert(con, s: str, t: str, frame: pd.DataFrame | None) -> list[int]:
    if frame is None or not len(frame):
        return []
    geometry = getattr(frame, "_geometry_column_name", None)
    columns = [c for c in frame.columns if c not in ("fid", "version", geometry)]
    cols = [_q(c) for c in columns] + (["geom"] if geometry else [])
    marks = ["%s"] * len(columns) + (["ST_SetSRID(ST_GeomFromWKB(%s), 4326)"] if geometry else [])
    values = [_values(frame[c]) for c in columns]
    if geometry:
        values.append([None if g is None or g.is_empty else shapely.to_wkb(g) for g in frame.geometry.values])
    ids = []
    with con.cursor() as cur:
        cur.executemany(f"INSERT INTO {s}.{t} ({', '.join(cols)}) VALUES ({', '.join(marks)}) RETURNING fid",
                        list(zip(*values)), returning=True)
        while True:
            ids.append(int(cur.fetchone()[0]))
            if not cur.nextset():
                break
    return ids
