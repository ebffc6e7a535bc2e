"""GeoPackage reading and atomic writing through pyogrio (with Arrow where available)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Mapping

import pandas as pd
import pyogrio

from layers.coded import code_columns
from layers.messages import msg
from layers.validate import LOCAL_TZ

from . import messages  # noqa: F401  (registers the io messages)
from .errors import ReadError, WriteError
from .native import NATIVE_LOCK

from .arrow_read import arrow_to_frame, read_arrow_table

#: Reads go through Arrow (pyarrow is a dependency): 4-9x faster than row by row.
_USE_ARROW = True

#: A fixed timestamp for gpkg_contents.last_change (in the format the GeoPackage standard asks
#: for, with milliseconds), so the demo's same data gives the same bytes. Other files get the time
#: they were written.
FIXED_GDAL_DATE = "2025-03-31T00:00:00.000Z"
#: GeoPackage version written: 1.3, which QGIS 3.22's GDAL 3.6 reads without "may only be
#: partially supported" warnings (GDAL 3.12 would write 1.4).
GPKG_VERSION = "1.3"

_FIXED_DATE: list[str] = []


def current_stamp() -> str:
    """Now as GeoPackage wants timestamps (UTC, milliseconds), or the fixed date inside
    ``reproducible_dates``."""
    if _FIXED_DATE:
        return _FIXED_DATE[-1]
    import time
    now = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}Z"


class reproducible_dates:
    """``with reproducible_dates():`` files written inside carry FIXED_GDAL_DATE as last_change."""

    def __enter__(self):
        _FIXED_DATE.append(FIXED_GDAL_DATE)
        return self

    def __exit__(self, *exc) -> None:
        _FIXED_DATE.pop()


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise ReadError(msg("no_such_file", path=path))
    if path.is_dir():
        raise ReadError(msg("is_directory", path=path))


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def list_layers(path: str | os.PathLike) -> list[tuple[str, str | None]]:
    """(layer name, geometry type or None for a table) for every layer of the GeoPackage.

    Raises ReadError when the file is missing or is not a GeoPackage.
    """
    path = Path(path)
    _check_readable(path)
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise ReadError(msg("not_gpkg", path=path, reason=_reason(exc))) from exc
    if header != b"SQLite format 3\x00":
        raise ReadError(msg("not_gpkg", path=path, reason="not an SQLite file"))
    try:
        import warnings
        with warnings.catch_warnings(), NATIVE_LOCK:
            warnings.simplefilter("ignore", RuntimeWarning)
            layers = pyogrio.list_layers(str(path))
    except Exception as exc:  # pyogrio raises DataSourceError and friends
        raise ReadError(msg("not_gpkg", path=path, reason=_reason(exc))) from exc
    return [(str(name), None if geom is None else str(geom)) for name, geom in layers]


#: How long a view of the file may take to count its rows before it is refused unread.
VIEW_BUDGET_S = 3.0


def slow_views(path: str | os.PathLike, budget_s: float = VIEW_BUDGET_S) -> dict[str, str]:
    """Views listed in the GeoPackage that do not finish counting their rows within ``budget_s``
    (a recursive view never does): name -> reason. Reading such a view through GDAL would hang the
    program, so callers leave them out and say why. Plain tables are not probed."""
    import sqlite3
    import time
    out: dict[str, str] = {}
    try:
        con = sqlite3.connect(f"file:{os.path.realpath(path)}?mode=ro", uri=True, timeout=2.0)
    except sqlite3.Error:
        return out
    try:
        views = [r[0] for r in con.execute(
            "SELECT c.table_name FROM gpkg_contents c JOIN sqlite_master m ON m.name = c.table_name "
            "WHERE m.type = 'view'")]
        for name in views:
            deadline = time.monotonic() + budget_s
            con.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)
            try:
                quoted = '"' + name.replace('"', '""') + '"'
                con.execute(f"SELECT count(*) FROM {quoted}").fetchone()
            except sqlite3.OperationalError as exc:
                reason = (msg("view_too_slow", seconds=f"{budget_s:g}") if "interrupt" in str(exc)
                          else _reason(exc))
                out[name] = msg("unreadable_layer", path=Path(path), layer=name, reason=reason)
            finally:
                con.set_progress_handler(None, 0)
    except sqlite3.Error:
        pass
    finally:
        con.close()
    return out


def read_layer_table(path: str | os.PathLike, layer: str):
    """(metadata, Arrow table) of one layer, for a caller that looks at the raw columns before
    ``frame_from_table`` makes the frame (the loader previews points from their bytes).

    Raises ReadError naming the file and layer when GDAL cannot read it.
    """
    path = Path(path)
    _check_readable(path)
    try:
        return read_arrow_table(str(path), layer, fids=True, coded=code_columns(layer))
    except Exception as exc:
        raise ReadError(msg("unreadable_layer", path=path, layer=layer, reason=_reason(exc))) from exc


def frame_from_table(path: str | os.PathLike, layer: str, meta, table) -> pd.DataFrame:
    """The frame of a table from ``read_layer_table``. Raises ReadError like ``read_layer``."""
    try:
        return arrow_to_frame(meta, table)
    except Exception as exc:
        raise ReadError(msg("unreadable_layer", path=Path(path), layer=layer, reason=_reason(exc))) from exc


def read_layer(path: str | os.PathLike, layer: str) -> pd.DataFrame:
    """Read one layer: a GeoDataFrame for a spatial layer, a DataFrame for a table. Only GDAL's
    part holds the native lock, so reads in two threads overlap.

    Raises ReadError naming the file and layer when GDAL cannot read it.
    """
    return frame_from_table(path, layer, *read_layer_table(path, layer))


def _for_writing(frame: pd.DataFrame) -> pd.DataFrame:
    """Times become GeoPackage DATETIME columns holding local time with its offset
    ("2023-01-01T09:36:00+08:00"), to the second: GDAL and QGIS read them as date-times and show the
    street's own clock (stored as UTC "Z", QGIS 3.22 would show 01:36 for an incident at 09:36)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            out[column] = series.dt.tz_convert(LOCAL_TZ).dt.floor("s")
    return out


def times_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Times as ISO 8601 text in local time ("2023-01-01T09:36:00+08:00"): for formats without a
    date-time type that keeps the offset (Shapefile, CSV, Excel, KML)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            text = series.dt.tz_convert(LOCAL_TZ).dt.strftime("%Y-%m-%dT%H:%M:%S+08:00")
            out[column] = text.astype(object).where(series.notna(), None)
    return out


def write_layers(path: str | os.PathLike, frames: Mapping[str, pd.DataFrame],
                 progress: Callable[[int, int, str], None] | None = None) -> None:
    """Write ``frames`` (layer name -> frame) as a new GeoPackage at ``path``, atomically.

    Everything goes to a private folder (mode 0700: the copy holds phone numbers) beside ``path``;
    the finished file is flushed to disk and renamed over ``path``: a crash, a full disk or an error
    mid-write leaves the old file byte for byte as it was. A symlink at ``path`` is written through
    to its target. ``progress(done, total, layer)`` is called after each layer. Saving a project to
    its own file does not come here: that is a transaction of the changed rows (gpkg_store).

    Raises WriteError naming the file and the reason.
    """
    path = Path(os.path.realpath(path))
    folder = path.parent
    if not folder.is_dir():
        raise WriteError(msg("no_folder", path=folder))
    work: Path | None = None
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{path.stem}.", suffix=".saving", dir=folder))
        os.chmod(work, 0o700)
        tmp = work / path.name
        if _FIXED_DATE:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_DATE[-1]})
        total = len(frames)
        for done, (name, frame) in enumerate(frames.items(), start=1):
            _write_one(tmp, name, frame)
            if progress is not None:
                progress(done, total, name)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if path.exists():
            try:
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            except OSError:
                pass
        os.replace(tmp, path)
        _fsync_folder(folder)
    except BaseException as exc:
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise WriteError(msg("write_failed", path=path, reason=_reason(exc))) from exc
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


def append_layers(path: str | os.PathLike, frames: Mapping[str, pd.DataFrame]) -> None:
    """Add new layers to the existing GeoPackage at ``path`` through GDAL (which keeps the file's
    other contents). Raises WriteError naming the file and the reason."""
    path = Path(os.path.realpath(path))
    try:
        for name, frame in frames.items():
            _write_one(path, name, frame)
    except Exception as exc:
        raise WriteError(msg("write_failed", path=path, reason=_reason(exc))) from exc


def _write_one(path: Path, name: str, frame: pd.DataFrame) -> None:
    options = {} if path.exists() else {"dataset_options": {"VERSION": GPKG_VERSION}}
    pyogrio.write_dataframe(_for_writing(frame), str(path), layer=name, driver="GPKG", **options)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
