"""Reading a database project's layers fast: the server writes the rows as CSV (``COPY … TO STDOUT``)
and Arrow parses them in parallel, the same columnar path a GeoPackage read takes; geometries travel
as hex WKB and are made in one vectorised call. Used to open a project, to pull a snapshot, and to
fetch the rows another desk changed. Every frame keeps its row id (``fid``) and row version. No Qt."""
from __future__ import annotations

import io

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.row_ids import FID
from layers.validate import LOCAL_TZ

from ..io.gpkg_store import quote as _q

#: The row-version column every server table has (the frames the app edits do not carry it).
VERSION = "version"



def _arrow_type(sql_type: str):
    import pyarrow as pa
    return {"bigint": pa.int64(), "double precision": pa.float64(), "boolean": pa.bool_(),
            "timestamptz": pa.timestamp("us", tz="UTC")}.get(sql_type, pa.string())


def layer_list(con, schema: str) -> list[tuple[str, bool, dict]]:
    """(name, has geometry, {column: SQL type}) of every layer, in the project's order."""
    return [(name, bool(geometry), dict(columns)) for name, geometry, columns in con.execute(
        f"SELECT name, geometry, columns FROM {_q(schema)}.gridmap_layers ORDER BY position").fetchall()]


def _where(fids=None, bbox=None) -> str:
    if fids is not None:
        ids = ",".join(str(int(f)) for f in fids) or "NULL"
        return f" WHERE fid IN ({ids})"           # integers written by us: nothing to quote
    if bbox is not None:
        x0, y0, x1, y1 = (float(v) for v in bbox)
        return f" WHERE geom && ST_MakeEnvelope({x0!r}, {y0!r}, {x1!r}, {y1!r}, 4326)"
    return ""


def copy_out(con, sql: str) -> bytes:
    """The bytes of ``COPY … TO STDOUT``. Straight from libpq: the server sends one message per row,
    and a million rows through psycopg's iterator cost seconds more than the data."""
    import psycopg
    from psycopg import pq
    pg = con.pgconn
    pg.send_query(sql.encode())
    result = pg.get_result()
    if result.status != pq.ExecStatus.COPY_OUT:
        message = (result.error_message or b"").decode(errors="replace").strip()
        state = result.error_field(pq.DiagnosticField.SQLSTATE)
        while pg.get_result() is not None:
            pass
        raise psycopg.errors.lookup(state.decode() if state else "XX000")(message)
    parts = []
    get = pg.get_copy_data
    while True:
        n, data = get(0)
        if n < 0:
            break
        parts.append(data)
    while pg.get_result() is not None:
        pass
    return b"".join(parts)


def point_xy(con, schema: str, name: str):
    """(lon, lat) of every row of a point layer in id order, read as one MultiPoint (21 bytes a
    point, no text): what the map draws while the rows themselves still travel. None when some
    row has no point or the layer holds other geometries."""
    data, count = con.execute(f"SELECT ST_AsBinary(ST_Collect(geom ORDER BY fid)), count(*) "
                              f"FROM {_q(schema)}.{_q(name)}", binary=True).fetchone()
    if data is None:
        return (np.empty(0), np.empty(0)) if count == 0 else None
    data = bytes(data)
    if data[0] != 1 or int.from_bytes(data[1:5], "little") != 4 or len(data) - 9 != 21 * count:
        return None
    xy = np.frombuffer(data, dtype=np.uint8, offset=9).reshape(-1, 21)[:, 5:].copy().view("<f8")
    return xy[:, 0].copy(), xy[:, 1].copy()


def read_rows(con, schema: str, name: str, geometry: bool, columns: dict,
              fids=None, bbox=None) -> pd.DataFrame:
    """Rows of layer ``name`` (all; those with ids in ``fids``; or those meeting ``bbox`` in
    EPSG:4326 through the spatial index) as a frame: ``fid``, ``version``, the columns, and the
    geometry in EPSG:4326 when the layer has one. Ordered by id."""
    import pyarrow as pa
    from pyarrow import csv

    cols = list(columns)
    select = ["fid", VERSION] + [_q(c) for c in cols]
    if geometry:
        select.append("encode(ST_AsBinary(geom), 'hex')")
    where = _where(fids, bbox)
    sql = f"COPY (SELECT {', '.join(select)} FROM {_q(schema)}.{_q(name)}{where} ORDER BY fid) TO STDOUT (FORMAT csv)"
    con.execute("SET TimeZone = 'UTC'")
    data = copy_out(con, sql)
    names = [FID, VERSION] + cols + (["__wkb"] if geometry else [])
    types = {FID: pa.int64(), VERSION: pa.int64(), "__wkb": pa.string()}
    types.update({c: _arrow_type(t) for c, t in columns.items()})
    if data:
        table = csv.read_csv(io.BytesIO(data), read_options=csv.ReadOptions(column_names=names),
                             convert_options=csv.ConvertOptions(
                                 column_types=types, null_values=[""], strings_can_be_null=True,
                                 quoted_strings_can_be_null=False, true_values=["t"], false_values=["f"],
                                 timestamp_parsers=["%Y-%m-%d %H:%M:%S%z", csv.ISO8601]))
    else:
        table = pa.table({n: pa.array([], type=types[n]) for n in names})
    frame = table.to_pandas()
    for c, kind in columns.items():
        if kind == "timestamptz":
            frame[c] = pd.to_datetime(frame[c], utc=True).dt.tz_convert(LOCAL_TZ)
        elif kind == "bigint":
            frame[c] = frame[c].astype("Int64")
        elif kind == "boolean":
            frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    frame[FID] = frame[FID].astype(np.int64)
    frame[VERSION] = frame[VERSION].astype(np.int64)
    if geometry:
        geoms = shapely.from_wkb(frame.pop("__wkb").to_numpy(dtype=object, na_value=None))
        frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=4326, index=frame.index), crs=4326)
    return frame


def split_versions(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, int]]:
    """(the frame without its version column, {fid: version})."""
    versions = dict(zip(frame[FID].tolist(), frame[VERSION].tolist()))
    return frame.drop(columns=[VERSION]), versions
