"""Reading the tables people bring (CSV in any Chinese encoding, Excel, GeoJSON, Open311 JSON)
as raw text columns, with the encoding detected and the file named in every error."""
from __future__ import annotations

import io
import json
import os
import warnings
from pathlib import Path

import pandas as pd

from layers.messages import add_messages, msg

from .errors import ReadError
from .gpkg import _check_readable, _reason

add_messages({
    "bad_encoding": {
        "zh": "{path}：无法按 {encoding} 解码（第 {line} 行附近）；请指定 --encoding（如 gbk、utf-8）",
        "en": "{path}: cannot be decoded as {encoding} (near line {line}); give --encoding (e.g. gbk, utf-8)",
    },
    "not_table": {"zh": "{path}：无法作为表格读取（{reason}）", "en": "{path}: cannot be read as a table ({reason})"},
    "empty_table": {"zh": "{path}：文件中没有数据行", "en": "{path}: the file has no data rows"},
    "bad_json": {"zh": "{path}：不是有效的 JSON（{reason}）", "en": "{path}: not valid JSON ({reason})"},
    "not_open311": {"zh": "{path}：不是 Open311 服务请求列表", "en": "{path}: not a list of Open311 service requests"},
    "geojson_crs": {"zh": "{path}：无法使用 GeoJSON 的 crs 成员 {crs}（应为 EPSG 等名称）；请转换为 WGS84 或用 --crs 指定",
                    "en": "{path}: cannot honour the GeoJSON crs member {crs} (a named CRS such as EPSG:4490 is "
                          "needed); convert the file to WGS84 or name the CRS with --crs"},
    "table_format": {"zh": "{path}：不支持的表格类型（支持 .csv、.txt、.xlsx、.geojson、.json）",
                     "en": "{path}: unsupported table type (supported: .csv, .txt, .xlsx, .geojson, .json)"},
})

_ENCODINGS = {"auto": None, "utf8": "utf-8", "utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gbk": "gb18030",
              "gb2312": "gb18030", "gb18030": "gb18030", "big5": "big5"}


def decode(data: bytes, encoding: str, path) -> tuple[str, str]:
    """(text, encoding used). ``auto``: a UTF-8 BOM, else strict UTF-8, else GB18030 (⊃ GBK).

    GBK is read as GB18030, its superset, so a file labelled GBK with rarer characters still reads.
    Raises ReadError naming the line that cannot be decoded.
    """
    key = (encoding or "auto").lower()
    if key not in _ENCODINGS and key not in ("latin1", "latin-1", "cp1252"):
        raise ReadError(msg("bad_encoding", path=path, encoding=encoding, line=1))
    chosen = _ENCODINGS.get(key, key)
    candidates = [chosen] if chosen else (["utf-8-sig"] if data.startswith(b"\xef\xbb\xbf") else ["utf-8", "gb18030"])
    last_error = None
    for name in candidates:
        try:
            return data.decode(name), name
        except UnicodeDecodeError as exc:
            last_error = exc
    line = data[: last_error.start].count(b"\n") + 1 if last_error else 1
    raise ReadError(msg("bad_encoding", path=path, encoding=candidates[-1] if chosen else "UTF-8/GBK", line=line))


def read_table(path: str | os.PathLike, encoding: str = "auto") -> tuple[pd.DataFrame, dict]:
    """The file as a DataFrame of text (geometry, if any, as ``__lon``/``__lat`` columns).

    Returns (frame, info) where info has ``format`` (csv, excel, geojson, open311), ``encoding``
    and ``first_row`` (the spreadsheet row number of the first data row).
    Raises ReadError for a missing, unreadable, empty or undecodable file.
    """
    path = Path(path)
    _check_readable(path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        text, used = decode(path.read_bytes(), encoding, path)
        sep = "\t" if suffix == ".tsv" or (text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",")) else ","
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep, skipinitialspace=True)
        except Exception as exc:  # pandas ParserError and friends
            raise ReadError(msg("not_table", path=path, reason=_reason(exc))) from exc
        info = {"format": "csv", "encoding": used, "first_row": 2}
    elif suffix in (".xlsx", ".xlsm"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        except Exception as exc:
            raise ReadError(msg("not_table", path=path, reason=_reason(exc))) from exc
        info = {"format": "excel", "encoding": None, "first_row": 2}
    elif suffix in (".json", ".geojson"):
        frame, info = _read_json(path)
    elif suffix == ".xml":
        frame, info = _read_open311_xml(path)
    else:
        raise ReadError(msg("table_format", path=path))
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    if len(frame) == 0:
        raise ReadError(msg("empty_table", path=path))
    return frame.reset_index(drop=True), info


def _geojson_crs(data: dict, path: Path) -> str | None:
    """The CRS a GeoJSON names in its (2008-style) ``crs`` member, as "EPSG:n" (or the name as
    given when it has no EPSG code); None when it names none (RFC 7946: WGS84 lon/lat).
    Raises ReadError for a crs member that cannot be honoured, saying why."""
    member = data.get("crs")
    if member is None:
        return None
    name = None
    if isinstance(member, dict) and member.get("type") == "name":
        name = (member.get("properties") or {}).get("name")
    if not isinstance(name, str) or not name.strip():
        raise ReadError(msg("geojson_crs", path=path, crs=json.dumps(member, ensure_ascii=False)[:120]))
    from pyproj import CRS
    from .native import NATIVE_LOCK
    try:
        with NATIVE_LOCK:
            crs = CRS.from_user_input(name)
            code = crs.to_epsg()
    except Exception as exc:  # noqa: BLE001 - pyproj's CRSError and friends
        raise ReadError(msg("geojson_crs", path=path, crs=name)) from exc
    if "CRS84" in name.upper():
        return "EPSG:4326"
    return f"EPSG:{code}" if code else name


def _read_open311_xml(path: Path) -> tuple[pd.DataFrame, dict]:
    """Open311 GeoReport v2 XML (``<service_requests><request>…``) as the JSON form's rows."""
    import xml.etree.ElementTree as ET
    try:
        root = ET.parse(path).getroot()      # the standard library refuses entity expansion attacks
    except ET.ParseError as exc:
        raise ReadError(msg("bad_json", path=path, reason=_reason(exc))) from exc
    if root.tag != "service_requests":
        raise ReadError(msg("not_open311", path=path))
    rows = []
    for request in root.findall("request"):
        flat = {}
        for child in request:
            if len(child):
                for sub in child:
                    flat[f"x_{sub.tag}"] = (sub.text or "").strip()
            else:
                flat[child.tag] = (child.text or "").strip()
        rows.append(flat)
    return pd.DataFrame(rows).fillna(""), {"format": "open311", "encoding": "utf-8", "first_row": 1}


def _read_json(path: Path) -> tuple[pd.DataFrame, dict]:
    try:
        data = json.loads(decode(path.read_bytes(), "auto", path)[0])
    except json.JSONDecodeError as exc:
        raise ReadError(msg("bad_json", path=path, reason=_reason(exc))) from exc
    if isinstance(data, dict) and data.get("type") in ("FeatureCollection", "Feature"):
        features = data["features"] if data["type"] == "FeatureCollection" else [data]
        rows = []
        for f in features:
            props = {k: ("" if v is None else str(v)) for k, v in (f.get("properties") or {}).items()}
            geom = f.get("geometry") or {}
            coords = geom.get("coordinates") if geom.get("type") == "Point" else None
            props["__lon"] = "" if not coords else str(coords[0])
            props["__lat"] = "" if not coords else str(coords[1])
            rows.append(props)
        return pd.DataFrame(rows).fillna(""), {"format": "geojson", "encoding": "utf-8", "first_row": 1,
                                                "crs": _geojson_crs(data, path)}
    if isinstance(data, dict) and "service_requests" in data:
        data = data["service_requests"]
    if isinstance(data, list) and all(isinstance(r, dict) for r in data) and \
            any("service_request_id" in r or "requested_datetime" in r for r in data):
        rows = []
        for r in data:
            flat = {k: ("" if v is None else str(v)) for k, v in r.items() if not isinstance(v, (dict, list))}
            for k, v in (r.get("extended_attributes") or {}).items():
                flat[f"x_{k}"] = "" if v is None else str(v)
            rows.append(flat)
        return pd.DataFrame(rows).fillna(""), {"format": "open311", "encoding": "utf-8", "first_row": 1}
    raise ReadError(msg("not_open311", path=path))

