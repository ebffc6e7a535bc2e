"""Reading the data people bring, in any of the formats GDAL reads or a spreadsheet with places.

GeoPackage, Shapefile (its .cpg honoured; GBK text detected; 10-character names kept as they are
for the column mapping), GeoJSON (a 2008 ``crs`` member honoured by GDAL), FlatGeobuf, KML/KMZ,
OpenStreetMap PBF/XML, and CSV/XLSX with a WKT column or longitude/latitude columns (WGS84, GCJ-02,
BD-09 or any EPSG). Everything comes back in EPSG:4326; a file whose coordinates are not
longitude/latitude and that names no CRS is refused with a message asking for ``--crs``."""
from __future__ import annotations

import os
import struct
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from layers.messages import add_messages, msg

from .errors import ReadError
from .gpkg import _check_readable, _reason
from .native import NATIVE_LOCK

add_messages({
    "src_format": {
        "zh": "{path}：不支持的文件类型（支持 .gpkg .shp .geojson .json .fgb .kml .kmz .osm.pbf .osm .csv .txt .xlsx）",
        "en": "{path}: unsupported file type (supported: .gpkg .shp .geojson .json .fgb .kml .kmz .osm.pbf .osm .csv "
              ".txt .xlsx)",
    },
    "src_no_crs": {
        "zh": "{path}：文件没有坐标系（如缺少 .prj），坐标也不是经纬度（例如 {x:.1f}, {y:.1f}）；请用 --crs 指定，例如 --crs EPSG:4549",
        "en": "{path}: the file names no coordinate system (.prj missing?) and its coordinates are not "
              "longitude/latitude (e.g. {x:.1f}, {y:.1f}); name it with --crs, e.g. --crs EPSG:4549",
    },
    "shp_parts_missing": {"zh": "{path}：Shapefile 缺少配套文件 {parts}",
                          "en": "{path}: the Shapefile lacks its companion file(s) {parts}"},
    "layer_not_in_file": {"zh": "{path}：没有图层 {layer}（有：{layers}）", "en": "{path}: no layer {layer} (it has: {layers})"},
    "not_vector": {"zh": "{path}：无法读取为矢量数据（{reason}）", "en": "{path}: cannot be read as vector data ({reason})"},
    "src_bad_crs": {"zh": "无法识别的坐标系：{crs}", "en": "unknown coordinate system: {crs}"},
    "src_no_place": {
        "zh": "{path}：表格没有 WKT 几何列，也没有经纬度列（列：{columns}）",
        "en": "{path}: the table has neither a WKT column nor longitude/latitude columns (columns: {columns})",
    },
    "src_bad_wkt": {"zh": "{path}：第 {row} 行 [{column}] 不是有效的 WKT：{value}",
                    "en": "{path}: row {row} [{column}] is not valid WKT: {value}"},
    "src_bad_lonlat": {"zh": "{path}：第 {row} 行的经纬度无效：{value}",
                       "en": "{path}: row {row} has an invalid longitude/latitude: {value}"},
})

class NoCrsError(ReadError):
    """The file names no CRS and its coordinates are not longitude/latitude: the user must say."""


VECTOR_SUFFIXES = (".gpkg", ".shp", ".geojson", ".json", ".fgb", ".kml", ".kmz", ".pbf", ".osm")
TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")
_WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "shape", "几何", "空间信息", "图形")


def source_layers(path: str | os.PathLike) -> list[str]:
    """Layer names of a vector file (a table has one, its file name)."""
    path = Path(path)
    _check_readable(path)
    if path.suffix.lower() in TABLE_SUFFIXES:
        return [path.stem]
    if path.suffix.lower() not in VECTOR_SUFFIXES:
        raise ReadError(msg("src_format", path=path))
    if path.suffix.lower() == ".shp":
        missing = [s for s in (".shx", ".dbf") if not path.with_suffix(s).exists()
                   and not path.with_suffix(s.upper()).exists()]
        if missing:
            raise ReadError(msg("shp_parts_missing", path=path, parts=", ".join(missing)))
    try:
        with warnings.catch_warnings(), NATIVE_LOCK:
            warnings.simplefilter("ignore", RuntimeWarning)
            return [str(n) for n, _g in pyogrio.list_layers(str(path))]
    except Exception as exc:
        raise ReadError(msg("not_gpkg", path=path, reason=_reason(exc))) from exc


def dbf_encoding(shp: Path) -> str | None:
    """The text encoding of a Shapefile without a .cpg: UTF-8 when its text decodes as UTF-8,
    GB18030 (a superset of GBK) when it decodes as that, None for plain ASCII (or no .dbf)."""
    dbf = next((p for p in (shp.with_suffix(".dbf"), shp.with_suffix(".DBF")) if p.exists()), None)
    if dbf is None:
        return None
    data = dbf.read_bytes()
    if len(data) < 32:
        return None
    header_len = struct.unpack("<H", data[8:10])[0]
    body = data[header_len:]
    names = data[32:header_len]
    sample = names + body[:2_000_000]
    if all(b < 128 for b in sample):
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return "UTF-8" if encoding == "utf-8" else "GB18030"
        except UnicodeDecodeError:
            continue
    return None


def read_source(path: str | os.PathLike, layer: str | None = None, encoding: str | None = None,
                crs: str | None = None) -> pd.DataFrame:
    """One layer of ``path`` as a GeoDataFrame in EPSG:4326 (a DataFrame for a table without places).

    ``encoding`` overrides the text encoding (Shapefile, CSV); ``crs`` names the CRS of a file that
    has none (or of a table's coordinates: wgs84, gcj02, bd09, EPSG:n). Raises ReadError naming the
    file (and row) for whatever cannot be read."""
    path = Path(path)
    names = source_layers(path)
    if layer is not None and layer not in names:
        raise ReadError(msg("layer_not_in_file", path=path, layer=layer, layers=", ".join(names)))
    if path.suffix.lower() in TABLE_SUFFIXES:
        return _read_table_with_places(path, encoding, crs)
    options = {}
    if path.suffix.lower() == ".shp" and not any(path.with_suffix(s).exists() for s in (".cpg", ".CPG")):
        found = encoding or dbf_encoding(path)
        if found:
            options["encoding"] = found
    elif encoding and path.suffix.lower() == ".shp":
        options["encoding"] = encoding
    try:
        with warnings.catch_warnings(), NATIVE_LOCK:
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pyogrio.read_dataframe(str(path), layer=layer or names[0], **options)
    except Exception as exc:
        raise ReadError(msg("not_vector", path=path, reason=_reason(exc))) from exc
    sidecar = path.with_suffix(".fields.json")
    if path.suffix.lower() == ".shp" and sidecar.exists():
        # full column names GridMap wrote beside its own Shapefile export (Shapefile keeps 10 characters)
        import json
        try:
            full = json.loads(sidecar.read_text(encoding="utf-8"))
            frame = frame.rename(columns={k: v for k, v in full.items() if k in frame.columns})
        except (ValueError, OSError, AttributeError):
            pass
    if not isinstance(frame, gpd.GeoDataFrame):
        return frame
    return to_lonlat(frame, path, crs)


def to_lonlat(frame: gpd.GeoDataFrame, path: Path, crs: str | None) -> gpd.GeoDataFrame:
    """``frame`` in EPSG:4326: ``crs`` (when given) names its CRS; without either, coordinates
    that are not longitude/latitude are refused."""
    if crs:
        try:
            frame = frame.set_crs(crs, allow_override=True)
        except Exception as exc:
            raise ReadError(msg("src_bad_crs", crs=crs)) from exc
    if frame.crs is None:
        if len(frame):
            x0, y0, x1, y1 = frame.total_bounds
            if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
                raise NoCrsError(msg("src_no_crs", path=path, x=x0, y=y0))
        return frame.set_crs(4326)
    return frame if frame.crs.equals("EPSG:4326") else frame.to_crs(4326)


def _read_table_with_places(path: Path, encoding: str | None, crs: str | None) -> pd.DataFrame:
    from .incident_fields import plain
    from .tabular import read_table
    raw, _info = read_table(path, encoding or "auto")
    by_plain = {plain(c): c for c in raw.columns}
    wkt = next((by_plain[plain(n)] for n in _WKT_NAMES if plain(n) in by_plain), None)
    if wkt is not None:
        text = raw[wkt].fillna("").astype(str).str.strip()
        values = np.array([t if t and t.lower() != "nan" else None for t in text], dtype=object)
        geoms = shapely.from_wkt(values, on_invalid="ignore")
        bad = np.flatnonzero(pd.isna(geoms) & (values != None))  # noqa: E711 - elementwise
        if len(bad):
            row = int(bad[0])
            raise ReadError(msg("src_bad_wkt", path=path, row=row + 2, column=wkt, value=text.iloc[row][:60]))
        frame = gpd.GeoDataFrame(raw.drop(columns=[wkt]), geometry=geoms)
        return to_lonlat(frame, path, None if (crs or "").lower() in ("", "wgs84") else crs)
    lon = next((by_plain[plain(n)] for n in ("lon", "lng", "longitude", "经度", "x") if plain(n) in by_plain), None)
    lat = next((by_plain[plain(n)] for n in ("lat", "latitude", "纬度", "y") if plain(n) in by_plain), None)
    if lon is None or lat is None:
        raise ReadError(msg("src_no_place", path=path, columns=", ".join(map(str, raw.columns))))
    import unicodedata
    x = pd.to_numeric(raw[lon].map(lambda v: unicodedata.normalize("NFKC", str(v)).strip()), errors="coerce")
    y = pd.to_numeric(raw[lat].map(lambda v: unicodedata.normalize("NFKC", str(v)).strip()), errors="coerce")
    bad = np.flatnonzero(~(np.isfinite(x) & np.isfinite(y)).to_numpy())
    if len(bad):
        row = int(bad[0])
        raise ReadError(msg("src_bad_lonlat", path=path, row=row + 2, value=f"{raw[lon].iloc[row]},{raw[lat].iloc[row]}"))
    system = (crs or "wgs84").lower().replace("-", "")
    if system in ("wgs84", "gcj02", "bd09"):
        from .chinacrs import to_wgs84
        gx, gy = to_wgs84(system, x.to_numpy(dtype=float), y.to_numpy(dtype=float))
        frame = gpd.GeoDataFrame(raw.drop(columns=[lon, lat]), geometry=shapely.points(gx, gy), crs=4326)
        return to_lonlat(frame, path, None)
    frame = gpd.GeoDataFrame(raw.drop(columns=[lon, lat]), geometry=shapely.points(x.to_numpy(float), y.to_numpy(float)))
    return to_lonlat(frame, path, crs)
