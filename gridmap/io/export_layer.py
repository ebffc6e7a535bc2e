"""Writing one project layer for other programs: GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML,
CSV and XLSX (geometry as WKT). Columns marked sensitive are left out unless asked for; text cells of
CSV/XLSX that start like a formula stay text (safe_cells)."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyogrio
import shapely

from layers.messages import add_messages, msg
from layers.row_ids import without_ids

from .errors import WriteError
from .gpkg import _for_writing, _reason, times_as_text
from .native import NATIVE_LOCK
from .safe_cells import neutralise_frame

add_messages({
    "export_failed": {"zh": "导出到 {path} 失败（{reason}）", "en": "Exporting to {path} failed ({reason})"},
    "export_format": {"zh": "{path}：不支持的导出格式（支持 .gpkg .shp .geojson .fgb .kml .csv .xlsx）",
                      "en": "{path}: unsupported export format (supported: .gpkg .shp .geojson .fgb .kml .csv .xlsx)"},
})

DRIVERS = {".gpkg": "GPKG", ".shp": "ESRI Shapefile", ".geojson": "GeoJSON", ".json": "GeoJSON",
           ".fgb": "FlatGeobuf", ".kml": "KML"}


def export_layer(layer, path: str | os.PathLike, encoding: str = "utf-8", include_sensitive: bool = False) -> int:
    """Write ``layer`` to ``path`` (the format from its suffix); returns the number of features.

    Raises ValueError for an unknown format and WriteError naming the file when writing fails."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in DRIVERS and suffix not in (".csv", ".xlsx"):
        raise ValueError(msg("export_format", path=path))
    frame = without_ids(layer.data if include_sensitive else layer.public_data())
    frame = _for_writing(frame) if suffix == ".gpkg" else times_as_text(frame)
    try:
        if suffix in (".csv", ".xlsx"):
            table = pd.DataFrame(frame.drop(columns=[frame.geometry.name])) if hasattr(frame, "geometry") else frame
            if hasattr(frame, "geometry"):
                table["WKT"] = shapely.to_wkt(frame.to_crs(4326).geometry.values, rounding_precision=8)
            table = neutralise_frame(table)
            if suffix == ".csv":
                table.to_csv(path, index=False, encoding="utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
            else:
                table.to_excel(path, index=False, sheet_name=str(layer.kind)[:31])
        else:
            if path.exists() and suffix != ".shp":
                path.unlink()
            options = {"encoding": encoding.upper()} if suffix == ".shp" else {}
            out = frame.to_crs(4326) if suffix == ".kml" and hasattr(frame, "crs") else frame
            if suffix == ".shp":
                out = out.rename(columns=write_field_names(path, [c for c in out.columns if c != out.geometry.name]))
            with NATIVE_LOCK:
                pyogrio.write_dataframe(out, str(path), layer=str(layer.kind), driver=DRIVERS[suffix], **options)
    except Exception as exc:  # noqa: BLE001 - GDAL, pandas and encoding errors alike, named for the user
        raise WriteError(msg("export_failed", path=path, reason=_reason(exc))) from exc
    return len(frame)


def write_field_names(shp: Path, columns: list[str]) -> dict[str, str]:
    """Shapefile field names (at most 10 characters, unique) for ``columns``; the full names are
    written beside the file (``NAME.fields.json``) so that ``gridmap load`` gets them back."""
    import json
    short: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        name = column[:10]
        k = 1
        while name.lower() in taken:
            tail = f"_{k}"
            name = column[:10 - len(tail)] + tail
            k += 1
        taken.add(name.lower())
        short[column] = name
    shp.with_suffix(".fields.json").write_text(
        json.dumps({s: c for c, s in short.items() if s != c}, ensure_ascii=False, indent=1), encoding="utf-8")
    return short
