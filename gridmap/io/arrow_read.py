"""Reading a layer through Arrow with only the GDAL part under the native lock.

``pyogrio.read_dataframe`` holds the caller for the whole read, decoding included; here GDAL
fills an Arrow table under NATIVE_LOCK and the table becomes a (Geo)DataFrame outside it, so
two loader threads overlap: one decodes a million incidents while the other reads buildings.
Point geometries are decoded straight from their WKB bytes (21 bytes each) with numpy."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import shapely
from pyproj import CRS

from layers.point_array import LazyPointArray
from layers.validate import no_text

from .native import NATIVE_LOCK

_WKB_POINT_SIZE = 21          # byte order (1) + type (4) + x, y (8 + 8)


def read_arrow_frame(path: str, layer: str) -> pd.DataFrame:
    """The layer as a GeoDataFrame (a DataFrame for a table): same columns and values as
    ``pyogrio.read_dataframe(..., use_arrow=True)`` for text, integer and real fields; date-time
    fields become times when every value has its offset, else stay text for the layer validators
    to parse or to name the rows they cannot."""
    return arrow_to_frame(*read_arrow_table(path, layer))


def read_arrow_table(path: str, layer: str, fids: bool = False, coded=()):
    """(metadata, Arrow table) of the layer. With ``fids`` the table starts with the feature ids
    in a column named ``fid`` (layers.row_ids). The text columns named in ``coded`` (a layer's
    code columns: a handful of values repeated on every row) come dictionary-encoded, which
    pandas takes as categoricals (layers.coded).

    GDAL's calls (opening, each batch, closing) hold the native lock, one batch at a time: the
    other reading thread's GDAL reads go in between (the cells and roads no longer wait behind a
    million incidents), and copying a batch (``_owned``) holds nothing."""
    with NATIVE_LOCK:
        source = pyogrio.open_arrow(path, layer=layer, datetime_as_string=True, return_fids=fids, use_pyarrow=True)
        meta, reader = source.__enter__()
    try:
        schema = reader.schema
        encode = {i for i, f in enumerate(schema) if f.name in set(coded) and pa.types.is_string(f.type)}
        schema = pa.schema([pa.field(f.name, pa.dictionary(pa.int32(), f.type), metadata=f.metadata)
                            if i in encode else f for i, f in enumerate(schema)], metadata=schema.metadata)
        batches = []
        while True:
            with NATIVE_LOCK:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
            batches.append(_owned(batch, encode, schema))
            del batch                                   # GDAL's memory goes now, not with the next
    finally:
        with NATIVE_LOCK:
            source.__exit__(None, None, None)           # closes the dataset
    table = pa.Table.from_batches(batches, schema=schema)
    if fids:
        name = next((n for n in (meta.get("fid_column"), "OGC_FID", "fid") if n and n in table.column_names), None)
        if name is not None and name != "fid":
            table = table.rename_columns(["fid" if c == name else c for c in table.column_names])
    return meta, table


def _owned(batch: pa.RecordBatch, encode, schema: pa.Schema) -> pa.RecordBatch:
    """The batch with every column copied into memory of its own. GDAL hands a batch over as one
    allocation that lives until the last buffer of any of its columns is released: a frame that
    kept one text column of a GDAL table kept the whole table (ten million incidents: 1.8 GB of
    WKB, time texts and codes behind 100 MB of ids). Copied batch by batch, the read holds at most
    one of GDAL's batches at a time, and every column can be freed on its own. The columns at
    positions ``encode`` are dictionary-encoded instead (a new array too); ``schema`` says so."""
    return pa.RecordBatch.from_arrays([column.dictionary_encode() if i in encode else pa.concat_arrays([column])
                                       for i, column in enumerate(batch.columns)], schema=schema)


def geometry_column(meta, table) -> pa.ChunkedArray | None:
    """The WKB geometry column of a table from ``read_arrow_table`` (None for a plain table)."""
    name = meta["geometry_name"] or "wkb_geometry"
    return table.column(name) if meta["geometry_type"] is not None and name in table.column_names else None


def arrow_to_frame(meta, table) -> pd.DataFrame:
    """The (Geo)DataFrame of a table from ``read_arrow_table``."""
    wkb = geometry_column(meta, table)
    if wkb is not None:
        table = table.drop_columns([meta["geometry_name"] or "wkb_geometry"])
    # An empty text column (a contract column nobody filled: ten million rows, 80 MB each as
    # pandas text) becomes the one shared block of nulls without being converted.
    names = table.column_names
    empty = [name for name, field in zip(names, table.schema)
             if pa.types.is_string(field.type) and len(table) and table.column(name).null_count == len(table)]
    frame = _with_times(table.drop_columns(empty)).to_pandas()
    for name in empty:
        frame.insert(names.index(name), name, no_text(len(frame)))
    if wkb is None:
        return frame
    with NATIVE_LOCK:               # a PROJ object, made while no GDAL read runs
        crs = CRS.from_user_input(meta["crs"]) if meta["crs"] else None
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(decode_wkb(wkb), crs=crs), crs=crs)


def _with_times(table: pa.Table) -> pa.Table:
    """GDAL's DateTime fields (read as text) as UTC timestamps where Arrow's ISO 8601 cast takes
    every value ("2023-01-01T09:36:00.000+08:00"); a column with one value it cannot read stays text."""
    for i, field in enumerate(table.schema):
        if (field.metadata or {}).get(b"GDAL:OGR:type") != b"DateTime" or not pa.types.is_string(field.type):
            continue
        try:
            times = table.column(i).cast(pa.timestamp("us", tz="UTC"))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        table = table.set_column(i, field.name, times)
    return table


def decode_wkb(column: pa.ChunkedArray | pa.Array):
    """Shapely geometries of a WKB column; 2-D points without parsing each blob, held as
    coordinate arrays until something needs the objects (layers.point_array)."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    points = point_coordinates(array)
    if points is not None:
        return LazyPointArray(points[0], points[1])
    return shapely.from_wkb(array.to_numpy(zero_copy_only=False))


def point_coordinates(array: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """(x, y) when every value is a little-endian 2-D WKB point with finite coordinates; else None."""
    n = len(array)
    if n == 0 or array.null_count or not pa.types.is_binary(array.type.storage_type
                                                               if isinstance(array.type, pa.ExtensionType)
                                                               else array.type):
        return None
    storage = array.storage if isinstance(array, pa.ExtensionArray) else array
    offsets = np.frombuffer(storage.buffers()[1], dtype=np.int32)[storage.offset:storage.offset + n + 1]
    if not (np.diff(offsets) == _WKB_POINT_SIZE).all():
        return None
    data = np.frombuffer(storage.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]].reshape(n, _WKB_POINT_SIZE)
    if not ((data[:, 0] == 1).all() and (data[:, 1:5].copy().view("<u4")[:, 0] == 1).all()):
        return None
    x = data[:, 5:13].copy().view("<f8")[:, 0]
    y = data[:, 13:21].copy().view("<f8")[:, 0]
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        return None                                     # POINT EMPTY is NaN, NaN: let GEOS say so
    return x, y
