"""A project's layers in PostgreSQL/PostGIS: one schema per project (``gm_<name>``), a table per
layer with a row version, a history of every change (who, when, before, after) and a NOTIFY per
change; ``push`` a GeoPackage project in (all or nothing), ``pull`` a snapshot out. No Qt."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.messages import add_messages, msg
from layers.row_ids import FID

from ..io.gpkg_store import column_kind, plain_values, quote as _q
from .url import DbProject

add_messages({
    "db_no_postgis": {"zh": "{db} 中没有 PostGIS 扩展，且当前用户无权创建（请管理员执行 CREATE EXTENSION postgis）",
                      "en": "{db} has no PostGIS and this user may not create it (ask for CREATE EXTENSION postgis)"},
    "db_no_project": {"zh": "数据库中没有项目 {name}（先运行 gridmap db init）", "en": "the database has no project {name} "
                      "(run gridmap db init first)"},
    "db_connect": {"zh": "无法连接数据库 {url}：{reason}", "en": "cannot connect to {url}: {reason}"},
})

META = "gridmap_meta"
HISTORY = "history"
LAYERS = "gridmap_layers"


def connect(project: DbProject, **kwargs):
    """A psycopg connection; ValueError naming the address (never its password) when it fails."""
    import psycopg
    try:
        return psycopg.connect(project.conninfo, **kwargs)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ValueError(msg("db_connect", url=project.conninfo, reason=reason)) from exc


def init(project: DbProject) -> None:
    """PostGIS, the project's schema, its settings, layer list and history tables and the trigger
    function that versions rows, records history and notifies listeners. Safe to run again."""
    s = _q(project.schema)
    with connect(project) as con:
        with con.transaction():
            try:
                con.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            except Exception as exc:  # noqa: BLE001 - psycopg's InsufficientPrivilege and kin
                raise ValueError(msg("db_no_postgis", db=project.conninfo)) from exc
        with con.transaction():
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {s}")
            con.execute(f"CREATE TABLE IF NOT EXISTS {s}.{META} (key text PRIMARY KEY, value text)")
            con.execute(f"CREATE TABLE IF NOT EXISTS {s}.{LAYERS} (name text PRIMARY KEY, position integer, "
                        "geometry boolean, columns jsonb)")   # columns: [[name, SQL type], …] in the layer's order
            con.execute(f"CREATE TABLE IF NOT EXISTS {s}.{HISTORY} (id bigserial PRIMARY KEY, layer text, fid bigint, "
                        "op text, who text DEFAULT current_user, at timestamptz DEFAULT now(), before jsonb, after jsonb)")
            con.execute(f"ALTER TABLE {s}.{HISTORY} ADD COLUMN IF NOT EXISTS street text")
            channel = project.channel.replace("'", "''")
            con.execute(f"""
CREATE OR REPLACE FUNCTION {s}.track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_id bigint;
BEGIN
  IF TG_OP = 'UPDATE' THEN NEW.version := OLD.version + 1; END IF;
  row_id := CASE WHEN TG_OP = 'DELETE' THEN OLD.fid ELSE NEW.fid END;
  -- TG_ARGV[0]: the table's street column (history rows are visible to that street's users only)
  INSERT INTO {s}.{HISTORY}(layer, fid, op, before, after, street) VALUES (TG_TABLE_NAME, row_id, TG_OP,
    CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END, CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END,
    CASE WHEN TG_NARGS > 0 AND TG_ARGV[0] <> '' THEN
      COALESCE(CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) ->> TG_ARGV[0] END, to_jsonb(OLD) ->> TG_ARGV[0]) END);
  PERFORM pg_notify('{channel}', json_build_object('layer', TG_TABLE_NAME, 'fid', row_id, 'op', TG_OP,
    'version', CASE WHEN TG_OP = 'DELETE' THEN OLD.version ELSE NEW.version END,
    'user', current_user, 'at', now())::text);
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$""")
            from .roles import ensure_groups
            ensure_groups(con, project)


_PG_TYPES = {"time": "timestamptz", "bool": "boolean", "int": "bigint", "float": "double precision", "text": "text"}


def _sql_type(series: pd.Series) -> str:
    return _PG_TYPES[column_kind(series)]


def _values(series: pd.Series) -> list:
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return [None if pd.isna(v) else v.to_pydatetime() for v in series]
    return plain_values(series)


def push(gpkg_project, project: DbProject) -> dict[str, int]:
    """Put every stored layer of ``gpkg_project`` (a Project) into the database project, replacing
    what it held, in one transaction: all or nothing. Returns rows per layer."""
    s = _q(project.schema)
    counts = {}
    with connect(project) as con:
        exists = con.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (project.schema,)).fetchone()
        if not exists:
            raise ValueError(msg("db_no_project", name=project.name))
        with con.transaction():
            for (name,) in con.execute(f"SELECT name FROM {s}.{LAYERS}").fetchall():
                con.execute(f"DROP TABLE IF EXISTS {s}.{_q(name)}")
            con.execute(f"DELETE FROM {s}.{LAYERS}")
            con.execute(f"DELETE FROM {s}.{META}")
            for key, value in gpkg_project.meta.items():
                con.execute(f"INSERT INTO {s}.{META}(key, value) VALUES (%s, %s)", (key, str(value)))
            for position, name in enumerate(gpkg_project.layer_names()):
                layer = gpkg_project[name]
                if getattr(layer, "transient", False):
                    continue
                counts[name] = _push_layer(con, s, name, position, layer.data, gpkg_project.storage_crs)
                from .roles import secure_layer
                secure_layer(con, project, name, [c for c in layer.data.columns
                                                  if c not in (FID, getattr(layer.data, "_geometry_column_name", None))])
            con.execute(f"INSERT INTO {s}.{HISTORY}(layer, op, after) VALUES (NULL, 'PUSH', %s)",
                        (json.dumps(counts),))
    return counts


def _push_layer(con, s: str, name: str, position: int, frame: pd.DataFrame, crs) -> int:
    geometry = getattr(frame, "_geometry_column_name", None) if isinstance(frame, gpd.GeoDataFrame) else None
    columns = [c for c in frame.columns if c not in (FID, geometry)]
    parts = ["fid bigserial PRIMARY KEY", "version integer NOT NULL DEFAULT 1"]
    parts += [f"{_q(c)} {_sql_type(frame[c])}" for c in columns]
    if geometry:
        parts.append("geom geometry(Geometry, 4326)")
    con.execute(f"CREATE TABLE {s}.{_q(name)} ({', '.join(parts)})")
    con.execute(f"INSERT INTO {s}.{LAYERS}(name, position, geometry, columns) VALUES (%s, %s, %s, %s)",
                (name, position, bool(geometry), json.dumps([[c, _sql_type(frame[c])] for c in columns])))
    n = len(frame)
    if n:
        ids = frame[FID].to_numpy() if FID in frame else np.arange(1, n + 1)
        ids = np.where(ids > 0, ids, 0)
        free = np.arange(1, n + 1) + int(max(ids.max(), 0))
        ids = np.where(ids > 0, ids, free)            # rows not saved yet get ids after the others
        cols = ["fid"] + [_q(c) for c in columns]
        values = [[int(i) for i in ids]] + [_values(frame[c]) for c in columns]
        if geometry:
            geoms = frame.to_crs(4326).geometry.values if crs is not None and not crs.equals(4326) \
                else frame.geometry.values
            geoms = np.asarray(geoms, dtype=object)
            empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
            hexes = shapely.to_wkb(shapely.set_srid(np.where(empty, None, geoms), 4326), hex=True, include_srid=True)
            values.append(hexes.tolist())
            cols.append("geom")
        # COPY: a million rows in seconds (the geometry as hex EWKB text, which PostGIS reads)
        with con.cursor() as cur:
            with cur.copy(f"COPY {s}.{_q(name)} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in zip(*values):
                    copy.write_row(row)
        con.execute("SELECT setval(pg_get_serial_sequence(%s, 'fid'), %s)", (f"{s}.{_q(name)}", int(ids.max())))
    if geometry:
        con.execute(f"CREATE INDEX ON {s}.{_q(name)} USING gist (geom)")
    from .roles import STREET_COLUMN
    street = STREET_COLUMN.get(name) if STREET_COLUMN.get(name) in columns else ""
    con.execute(f"CREATE TRIGGER track BEFORE INSERT OR UPDATE OR DELETE ON {s}.{_q(name)} "
                f"FOR EACH ROW EXECUTE FUNCTION {s}.track('{street}')")
    return n


def pull(project: DbProject):
    """The database project as a Project (EPSG:4326, row ids kept): a snapshot to take offline."""
    from .sync import DbLink
    return DbLink(project).open(keep_link=False)


def watch(project: DbProject, seconds: float | None, emit, ready=None) -> int:
    """Call ``emit(dict)`` for every change anyone makes to the project (LISTEN/NOTIFY) until
    ``seconds`` have passed (None: until interrupted); ``ready()`` once listening. Returns the count."""
    import time
    con = connect(project, autocommit=True)
    count = 0
    try:
        con.execute(f"LISTEN {_q(project.channel)}")
        if ready is not None:
            ready()
        end = None if seconds is None else time.monotonic() + seconds
        while end is None or time.monotonic() < end:
            wait = 1.0 if end is None else max(0.0, min(1.0, end - time.monotonic()))
            for note in con.notifies(timeout=wait):
                emit(json.loads(note.payload))
                count += 1
    finally:
        con.close()
    return count
