"""Reading a layer from any vector file people bring: GeoPackage, GeoJSON, Shapefile, FlatGeobuf."""
from __future__ import annotations

import os
import warnings
from pathlib import Path

import pandas as pd
import pyogrio

from layers import LAYER_CLASSES, LayerModel, OtherLayer
from layers.messages import add_messages, msg

from .errors import ReadError
from .gpkg import _USE_ARROW, _check_readable, _reason

add_messages({
    "unsupported_format": {
        "zh": "{path}：不支持的文件类型（支持 .gpkg、.geojson、.json、.shp、.fgb）",
        "en": "{path}: unsupported file type (supported: .gpkg, .geojson, .json, .shp, .fgb)",
    },
    "not_vector": {"zh": "{path}：无法读取为矢量数据（{reason}）", "en": "{path}: cannot be read as vector data ({reason})"},
    "shp_parts_missing": {
        "zh": "{path}：Shapefile 缺少配套文件 {parts}",
        "en": "{path}: the Shapefile lacks its companion file(s) {parts}",
    },
    "no_crs_not_lonlat": {
        "zh": "{path}：没有坐标系信息（缺少 .prj），坐标也不是经纬度（例如 {x:.1f}, {y:.1f}）；请提供 .prj 文件",
        "en": "{path}: no coordinate system (.prj missing) and the coordinates are not longitude/latitude "
              "(e.g. {x:.1f}, {y:.1f}); please supply the .prj file",
    },
    "layer_not_in_file": {"zh": "{path}：没有图层 {layer}（有：{layers}）", "en": "{path}: no layer {layer} (it has: {layers})"},
    "unknown_kind": {"zh": "未知的图层类型 {kind}", "en": "unknown layer kind {kind}"},
})

VECTOR_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".fgb")


def vector_layers(path: str | os.PathLike) -> list[str]:
    """Names of the layers in a vector file. Raises ReadError for unreadable files."""
    path = Path(path)
    _check_readable(path)
    if path.suffix.lower() not in VECTOR_SUFFIXES:
        raise ReadError(msg("unsupported_format", path=path))
    if path.suffix.lower() == ".shp":
        missing = [s for s in (".shx", ".dbf") if not path.with_suffix(s).exists()
                   and not path.with_suffix(s.upper()).exists()]
        if missing:
            raise ReadError(msg("shp_parts_missing", path=path, parts=", ".join(missing)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return [str(name) for name, _geom in pyogrio.list_layers(str(path))]
    except Exception as exc:
        raise ReadError(msg("not_vector", path=path, reason=_reason(exc))) from exc


def read_vector(path: str | os.PathLike, layer: str | None = None) -> pd.DataFrame:
    """One layer of a vector file as a (Geo)DataFrame in EPSG:4326.

    A file without a CRS (a Shapefile with no .prj) is taken as longitude/latitude when its
    coordinates fit; otherwise ReadError asks for the .prj. Raises ReadError for any file that
    cannot be read, naming it.
    """
    path = Path(path)
    names = vector_layers(path)
    if layer is not None and layer not in names:
        raise ReadError(msg("layer_not_in_file", path=path, layer=layer, layers=", ".join(names)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pyogrio.read_dataframe(str(path), layer=layer or names[0], use_arrow=_USE_ARROW)
    except Exception as exc:
        raise ReadError(msg("not_vector", path=path, reason=_reason(exc))) from exc
    if hasattr(frame, "crs") and hasattr(frame, "geometry") and len(frame):
        if frame.crs is None:
            x0, y0, x1, y1 = frame.total_bounds
            if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
                raise ReadError(msg("no_crs_not_lonlat", path=path, x=x0, y=y0))
            frame = frame.set_crs(4326)
        elif not frame.crs.equals("EPSG:4326"):
            frame = frame.to_crs(4326)
    return frame


def guess_kind(path: str | os.PathLike, layer: str | None, frame: pd.DataFrame) -> str | None:
    """The contract layer a file most likely holds: by layer or file name, else by columns."""
    for name in (layer, Path(path).stem):
        if name and name.lower() in LAYER_CLASSES:
            return name.lower()
    columns = set(frame.columns)
    best, best_score = None, 0.0
    for kind, cls in LAYER_CLASSES.items():
        required = set(cls.spec.required_columns)
        score = len(required & columns) / len(required)
        if score > best_score:
            best, best_score = kind, score
    return best if best_score >= 0.99 else None


def load_layer(path: str | os.PathLike, kind: str | None, layer: str | None = None) -> LayerModel:
    """Read ``path`` as the contract layer ``kind`` (None: an "other" layer named after the file).

    Raises ReadError for unreadable files and LayerValidationError when the data breaks the contract.
    """
    frame = read_vector(path, layer)
    source = Path(path).name
    if kind is None:
        return OtherLayer(frame, layer_name=layer or Path(path).stem, source=source)
    if kind not in LAYER_CLASSES:
        raise ValueError(msg("unknown_kind", kind=kind))
    return LAYER_CLASSES[kind](frame, source=source)
