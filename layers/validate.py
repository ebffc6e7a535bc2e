"""Validation and type coercion of a table against a LayerSpec.

Everything is vectorised (pandas/shapely): a million incidents validate in about a second.
Errors name the layer, the source file, the column and the first offending rows.
"""
from __future__ import annotations

import datetime as _dt

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .coded import coded, is_coded
from .codes import lookup_table
from .errors import LayerValidationError
from .messages import msg
from .point_array import LazyPointArray
from .schema import CODE, FLOAT, INT, STR, TIME, LayerSpec

#: Local time of the contract: Asia/Shanghai, UTC+08:00 all year (no daylight saving since 1991).
LOCAL_TZ = _dt.timezone(_dt.timedelta(hours=8))

_TYPE_IDS = {"Point": 0, "LineString": 1, "Polygon": 3, "MultiPoint": 4, "MultiLineString": 5,
             "MultiPolygon": 6, "GeometryCollection": 7}
_TYPE_NAMES = {v: k for k, v in _TYPE_IDS.items()}
_MULTI_OF = {"Polygon": "MultiPolygon", "Point": "MultiPoint"}
_MAX_EXAMPLES = 3


def where(spec: LayerSpec, source: str | None) -> str:
    """``"buildings (demo.gpkg)"``: how a message names the layer and its file."""
    return f"{spec.name} ({source})" if source else spec.name


def _examples(frame: pd.DataFrame, spec: LayerSpec, positions: np.ndarray, values) -> str:
    """Format the first offending rows as "row 5 (building_id=B0005): value"."""
    parts = []
    for pos, value in list(zip(positions, values))[:_MAX_EXAMPLES]:
        ident = ""
        if spec.id_column and spec.id_column in frame.columns:
            ident_value = frame[spec.id_column].iloc[pos]
            if not _is_missing(ident_value):
                ident = f" ({spec.id_column}={ident_value})"
        parts.append(msg("row", row=int(pos) + 1, ident=ident, value=value))
    return "; ".join(parts)


def _is_missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def validate_frame(spec: LayerSpec, frame: pd.DataFrame, source: str | None = None) -> pd.DataFrame:
    """Check ``frame`` against ``spec`` and return a new, typed copy.

    Missing optional columns are added empty; integer columns become nullable ``Int64``;
    time columns become timezone-aware datetimes in UTC+08:00; coded columns accept the code
    or its Chinese/English label and hold the code. Geometry must be present and of the
    layer's type; single-part Multi geometries are unwrapped where a single part is required.
    Invalid (self-intersecting) geometry is kept: finding it is the coverage check's work.

    Raises LayerValidationError naming the layer, ``source`` and the first offending rows.
    """
    here = where(spec, source)
    if not isinstance(frame, pd.DataFrame):
        raise LayerValidationError(msg("not_a_frame", where=here, got=type(frame).__name__))
    missing = [c for c in spec.required_columns if c not in frame.columns]
    if missing:
        raise LayerValidationError(msg("missing_columns", where=here, columns=", ".join(missing),
                                       required=", ".join(spec.required_columns)))
    # A shallow copy: with pandas' copy-on-write the caller's frame never changes, and columns
    # that are already right are shared, not copied (an edit of one incident of a million then
    # costs one column, not the whole frame, in memory and in the undo history).
    frame = frame.copy(deep=False)
    frame.index = pd.RangeIndex(len(frame))
    if spec.geometry_types is not None:
        frame = _check_geometry(spec, frame, here)
    elif isinstance(frame, gpd.GeoDataFrame) or "geometry" in frame.columns:
        frame = pd.DataFrame(frame.drop(columns=["geometry"], errors="ignore"))
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    for column in spec.columns:
        if column.name not in frame.columns:
            # an optional column the file lacks goes before a trailing geometry (a read keeps it last)
            at = len(frame.columns) - 1 if geometry is not None and frame.columns[-1] == geometry else len(frame.columns)
            frame.insert(at, column.name, _empty_column(column.type, len(frame)).set_axis(frame.index))
            continue
        frame[column.name] = _coerce(spec, frame, column, here)
    return frame


def _empty_column(kind: str, n: int) -> pd.Series:
    if kind == INT:
        return pd.Series(pd.array([pd.NA] * n, dtype="Int64"))
    if kind == FLOAT:
        return pd.Series(np.full(n, np.nan))
    if kind == TIME:
        return _no_time(n)
    return no_text(n)


def _check_geometry(spec: LayerSpec, frame: pd.DataFrame, here: str) -> gpd.GeoDataFrame:
    expected = "/".join(spec.geometry_types)
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame.columns:
        raise LayerValidationError(msg("no_geometry_column", where=here, expected=expected))
    geoms = frame.geometry.values
    lazy = isinstance(geoms, LazyPointArray)        # points as x/y: checked without making objects
    if lazy:
        x, y = geoms.xy
        missing = np.isnan(x)
    else:
        missing = shapely.is_missing(np.asarray(geoms)) | shapely.is_empty(np.asarray(geoms))
    if missing.any():
        positions = np.flatnonzero(missing)
        raise LayerValidationError(msg("null_geometry", where=here, count=len(positions),
                                       examples=_examples(frame, spec, positions, ["∅"] * len(positions))))
    if lazy:
        owner = np.arange(len(x))
        not_finite = ~(np.isfinite(x) & np.isfinite(y))
    else:
        coords, owner = shapely.get_coordinates(np.asarray(geoms), return_index=True)
        not_finite = ~np.isfinite(coords).all(axis=1)
    if not_finite.any():
        # A NaN or infinite coordinate breaks every measurement (GEOS refuses it): refused here,
        # naming the rows, rather than failing later inside an analysis.
        positions = np.unique(owner[not_finite])
        raise LayerValidationError(msg("nan_coordinate", where=here, count=len(positions),
                                       examples=_examples(frame, spec, positions, ["NaN"] * len(positions))))
    type_ids = (np.full(len(geoms), _TYPE_IDS["Point"]) if lazy
                else shapely.get_type_id(np.asarray(geoms)))
    allowed = {_TYPE_IDS[t] for t in spec.geometry_types}
    # A single-part Multi geometry where a single geometry is required is unwrapped.
    unwrap = {_TYPE_IDS[_MULTI_OF[t]]: t for t in spec.geometry_types
              if t in _MULTI_OF and _MULTI_OF[t] not in spec.geometry_types}
    if lazy:                                        # every row is a point
        bad = np.full(len(type_ids), _TYPE_IDS["Point"] not in allowed | set(unwrap))
    else:
        bad = ~np.isin(type_ids, list(allowed | set(unwrap)))
    if bad.any():
        positions = np.flatnonzero(bad)
        names = [_TYPE_NAMES.get(int(t), str(t)) for t in type_ids[positions]]
        raise LayerValidationError(msg("wrong_geometry", where=here, count=len(positions),
                                       expected=expected, examples=_examples(frame, spec, positions, names)))
    if unwrap and not lazy:
        multi = np.isin(type_ids, list(unwrap))
        if multi.any():
            arr = np.asarray(geoms).copy()
            parts = shapely.get_num_geometries(arr[multi])
            if (parts > 1).any():
                positions = np.flatnonzero(multi)[parts > 1]
                raise LayerValidationError(msg("multipart", where=here, count=len(positions),
                                               examples=_examples(frame, spec, positions,
                                                                  [f"{p}" for p in parts[parts > 1]])))
            arr[multi] = shapely.get_geometry(arr[multi], 0)
            frame = frame.set_geometry(gpd.GeoSeries(arr, index=frame.index, crs=frame.crs))
    return frame


def _coerce(spec: LayerSpec, frame: pd.DataFrame, column, here: str) -> pd.Series:
    series = frame[column.name]
    if column.type == STR:
        return _as_text(series)
    if column.type in (INT, FLOAT):
        return _as_number(spec, frame, series, column, here)
    if column.type == TIME:
        times = _as_time(spec, frame, series, column, here)
        if len(times) and not times.notna().any():
            return _no_time(len(times))         # an empty column: one shared block of NaT
        return times
    if column.type == CODE:
        return _as_code(spec, frame, series, column, here)
    raise ValueError(f"unknown column type {column.type!r}")


def _as_text(series: pd.Series) -> pd.Series:
    if pd.api.types.is_integer_dtype(series.dtype):
        return series.astype("Int64").astype("str").where(series.notna(), None).astype("str")
    if pd.api.types.is_float_dtype(series.dtype):
        # Excel turns codes like 230110005001001 into floats: write whole numbers without ".0".
        values = series.to_numpy(dtype=float)
        whole = np.isfinite(values) & (np.floor(values) == values)
        out = series.astype(object)
        out[whole] = [str(int(v)) for v in values[whole]]
        out[~np.isfinite(values)] = None
        return out.astype("str")
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        arrow = getattr(series.array, "_pa_array", None)
        if arrow is not None and len(series) and arrow.null_count == len(series) and series.dtype == _TEXT:
            return no_text(len(series))    # an empty column: one shared block of nulls
        return series
    return series.astype("str")


_TEXT = pd.Series([], dtype="str").dtype
_NO_TEXT: dict[int, object] = {}


def no_text(n: int) -> pd.Series:
    """A text column of ``n`` missing values. Every empty text column of that length shares one
    immutable Arrow array (each behind its own pandas wrapper, so setting a value in one column
    replaces that column's array only): a city's archive has a dozen empty columns, ~80 MB each
    per ten million rows."""
    import pyarrow as pa
    shared = _NO_TEXT.get(n)
    if shared is None:
        if len(_NO_TEXT) >= 4:
            _NO_TEXT.pop(next(iter(_NO_TEXT)))
        shared = _NO_TEXT[n] = pa.chunked_array([pa.nulls(n, pa.large_string())])
    template = pd.Series([], dtype="str").array
    return pd.Series(type(template)(shared, dtype=_TEXT))


_NO_TIME: dict[int, pd.Series] = {}


def _no_time(n: int) -> pd.Series:
    """A time column of ``n`` missing values (local time). Like ``no_text``, every empty time
    column of that length shares one block: each is a shallow copy, and pandas' copy-on-write
    gives a column its own array the first time a value is set in it (~80 MB per ten million
    rows that an archive's empty 办结/时限 columns no longer hold twice)."""
    shared = _NO_TIME.get(n)
    if shared is None:
        if len(_NO_TIME) >= 4:
            _NO_TIME.pop(next(iter(_NO_TIME)))
        shared = _NO_TIME[n] = pd.Series(pd.NaT, index=pd.RangeIndex(n),
                                         dtype="datetime64[us, UTC]").dt.tz_convert(LOCAL_TZ)
    return shared.copy(deep=False)


def _recode_categories(series: pd.Series, column) -> pd.Series | None:
    """A categorical read from a file (its own categories, in the file's order; codes or labels)
    as one over the code list, mapping its few categories rather than its rows; None when a
    category is no code (the text path then names the rows)."""
    codes = list(column.codes)
    table = lookup_table(column.codes)
    where = {code: k for k, code in enumerate(codes)}
    mapping = np.empty(len(series.cat.categories) + 1, dtype=np.int16)
    for k, value in enumerate(series.cat.categories):
        code = value if value in where else table.get(str(value).strip().lower())
        if code is None:
            return None
        mapping[k] = where[code]
    mapping[-1] = -1                                    # a missing value stays missing
    old = series.cat.codes.to_numpy()
    return pd.Series(pd.Categorical.from_codes(mapping[old], categories=codes), index=series.index,
                     name=series.name)


def _as_number(spec, frame, series, column, here) -> pd.Series:
    if column.type == INT and pd.api.types.is_integer_dtype(series.dtype):
        return series.astype("Int64")
    text = series.astype("str").str.strip() if not pd.api.types.is_numeric_dtype(series.dtype) else series
    numbers = pd.to_numeric(text.replace("", None) if hasattr(text, "str") else text, errors="coerce")
    bad = series.notna().to_numpy() & numbers.isna().to_numpy()
    if column.type == INT:
        finite = numbers.notna().to_numpy()
        bad |= finite & (np.floor(numbers.fillna(0).to_numpy(dtype=float)) != numbers.fillna(0).to_numpy(dtype=float))
    if bad.any():
        positions = np.flatnonzero(bad)
        kind = msg("integer") if column.type == INT else msg("number")
        raise LayerValidationError(msg("bad_number", where=here, column=column.name, count=len(positions),
                                       kind=kind, examples=_examples(frame, spec, positions,
                                                                     [repr(v) for v in series.iloc[positions]])))
    if column.type == INT:
        return numbers.round().astype("Int64")
    return numbers.astype(float)


_OFFSET_RE = r"(?:Z|z|[+-]\d{2}(?::?\d{2})?)$"


def _parse_offset_times(series: pd.Series) -> pd.Series:
    """"2025-01-15T09:30:00+08:00" texts (fractions of a second allowed) as UTC times (NaT where a
    text has another form): Arrow's ISO 8601 cast, which runs without the GIL (a million in
    ~0.05 s), else pandas'."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow is a declared dependency
        pa = None
    if pa is not None:
        try:
            parsed = pc.cast(pa.array(series, type=pa.string(), from_pandas=True), pa.timestamp("us", tz="UTC"))
            return pd.Series(parsed.to_pandas(), index=series.index).astype("datetime64[us, UTC]")
        except (pa.ArrowException, TypeError, ValueError):
            pass                    # e.g. values that are not text: pandas decides
    return pd.to_datetime(series, format="%Y-%m-%dT%H:%M:%S%z", errors="coerce", utc=True)


def _as_time(spec, frame, series, column, here) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        if getattr(series.dt, "tz", None) is None:
            return series.dt.tz_localize(LOCAL_TZ)
        if series.dt.tz == LOCAL_TZ:
            return series                       # already local time: shared, not copied
        return series.dt.tz_convert(LOCAL_TZ)
    # Fast path: GridMap's own files store "2025-01-15T09:30:00+08:00"; one C-level parse.
    if pd.api.types.is_string_dtype(series.dtype):
        fast = _parse_offset_times(series)
        if (fast.notna() | series.isna()).all():
            return fast.dt.tz_convert(LOCAL_TZ)
    text = series.astype("str").str.strip()
    text = text.where(text != "", None)
    present = text.notna().to_numpy()
    has_offset = text.str.contains(_OFFSET_RE, regex=True, na=False).to_numpy()
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us, UTC]")
    if has_offset.any():
        result[has_offset] = pd.to_datetime(text[has_offset], format="ISO8601", utc=True, errors="coerce")
    naive = present & ~has_offset
    if naive.any():
        # A time without an offset is local time (UTC+08:00), as the contract says.
        parsed = pd.to_datetime(text[naive], format="ISO8601", errors="coerce")
        result[naive] = parsed.dt.tz_localize(LOCAL_TZ).dt.tz_convert("UTC")
    bad = present & result.isna().to_numpy()
    if bad.any():
        positions = np.flatnonzero(bad)
        raise LayerValidationError(msg("bad_time", where=here, column=column.name, count=len(positions),
                                       examples=_examples(frame, spec, positions,
                                                          [repr(v) for v in series.iloc[positions]])))
    return result.dt.tz_convert(LOCAL_TZ)


def _as_code(spec, frame, series, column, here) -> pd.Series:
    if is_coded(series):
        if list(series.cat.categories) == list(column.codes):
            return series                       # already coded: shared, not converted again
        recoded = _recode_categories(series, column)
        if recoded is not None:
            return recoded
    text = series.astype("str")
    known = text.isin(list(column.codes)) | text.isna()
    if known.all():
        return coded(text, column.codes)
    table = lookup_table(column.codes)
    mapped = text.str.strip().str.lower().map(table)
    bad = (text.notna() & mapped.isna()).to_numpy()
    if bad.any():
        positions = np.flatnonzero(bad)
        raise LayerValidationError(msg("bad_code", where=here, column=column.name, count=len(positions),
                                       examples=_examples(frame, spec, positions,
                                                          [repr(v) for v in series.iloc[positions]]),
                                       allowed=", ".join(column.codes)))
    return coded(mapped.where(text.notna(), None).astype("str"), column.codes)
