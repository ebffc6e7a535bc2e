"""Importing incidents: map the fields, parse times, place every row by coordinates or by address,
and report everything that did not come in, and why. The project is not changed here."""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from layers import IncidentsLayer
from layers.fast import isin as fast_isin
from layers.messages import add_messages, msg
from layers.validate import LOCAL_TZ

from ..analysis.address import normalise_address
from . import incident_fields as F
from .chinacrs import to_wgs84
from .errors import ReadError
from .tabular import read_table

add_messages({
    "imp_no_time": {"zh": "{path}：找不到受理时间列（可用 --map reported_at=列名 指定；现有列：{columns}）",
                    "en": "{path}: no time column found (give --map reported_at=COLUMN; columns: {columns})"},
    "imp_no_place": {"zh": "{path}：既没有经纬度列，也没有地址列（现有列：{columns}）",
                     "en": "{path}: neither coordinate nor address columns (columns: {columns})"},
    "imp_bad_map": {"zh": "映射中的字段 {field} 不在文件中（现有列：{columns}）",
                    "en": "the mapped field {field} is not in the file (columns: {columns})"},
    "imp_bad_column": {"zh": "未知的目标列 {column}", "en": "unknown target column {column}"},
    "imp_bad_crs": {"zh": "未知的坐标系 {crs}（可用 wgs84、gcj02、bd09 或 EPSG:编号）",
                    "en": "unknown coordinate system {crs} (use wgs84, gcj02, bd09 or EPSG:n)"},
    "r_bad_time": {"zh": "时间无法识别", "en": "time not recognised"},
    "r_bad_level": {"zh": "处置层级无法识别（社区/街道/区级），已留空", "en": "level not recognised (community/street/"
                                                                          "district); left empty"},
    "r_bad_due": {"zh": "办理时限无法识别，已留空", "en": "deadline not recognised; left empty"},
    "r_bad_resolved": {"zh": "办结时间无法识别", "en": "resolution time not recognised"},
    "imp_crs_clash": {"zh": "{path}：文件自身声明坐标系 {file}，与指定的 {given} 不一致；请去掉 --crs 或改正文件",
                      "en": "{path}: the file names its CRS as {file}, but {given} was given; drop --crs or fix the file"},
    "r_bad_coord": {"zh": "坐标无效", "en": "invalid coordinate"},
    "r_bad_coord_by_address": {"zh": "坐标无效，已按地址定位", "en": "invalid coordinate; placed by its address instead"},
    "r_far_by_address": {"zh": "坐标远离项目范围，已按地址定位",
                         "en": "coordinate far outside the project; placed by its address instead"},
    "r_no_place": {"zh": "没有坐标，地址也匹配不到楼栋", "en": "no coordinates, and the address matches no building"},
    "r_outside": {"zh": "坐标远离项目范围（超过 20 公里）", "en": "coordinate far outside the project (over 20 km)"},
    "r_bad_status": {"zh": "办理状态无法识别", "en": "status not recognised"},
    "r_dup_file": {"zh": "工单编号在文件中重复", "en": "incident id repeated in the file"},
    "r_dup_project": {"zh": "工单编号已在项目中", "en": "incident id already in the project"},
})

_TARGETS = set(F.HEADER_ALIASES) - {"resolved_note"}


@dataclass
class ImportOptions:
    encoding: str = "auto"
    crs: str = "wgs84"                 # wgs84, gcj02, bd09 or EPSG:n of the coordinate columns
    mapping: dict = field(default_factory=dict)   # contract column -> file field (overrides guesses)
    default_source: str = "hotline_12345"
    default_kind: str = "complaint"
    default_status: str = "received"
    max_distance_km: float = 20.0


@dataclass
class Failure:
    row: int          # spreadsheet row number (header = 1)
    column: str
    value: str
    reason: str


@dataclass
class ImportResult:
    path: Path
    info: dict
    mapping: dict
    rows_in: int
    by_coordinates: int = 0
    by_address: int = 0
    failed: list[Failure] = field(default_factory=list)
    duplicates: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)   # imported, but not as the file said
    category_other: int = 0
    new: gpd.GeoDataFrame | None = None
    merged: gpd.GeoDataFrame | None = None
    raw: pd.DataFrame | None = None

    @property
    def imported(self) -> int:
        return 0 if self.new is None else len(self.new)

    def write_failed(self, path: str | os.PathLike) -> Path:
        """The failed and duplicate rows as they were in the file, with their row and reason (CSV).
        A cell starting like a formula (= + - @) gets a leading apostrophe (safe_cells)."""
        problems = {f.row: f for f in self.duplicates + self.failed}
        first = self.info.get("first_row", 2)
        index = [row - first for row in sorted(problems)]
        out = self.raw.iloc[index].copy()
        out.insert(0, "_row", sorted(problems))
        out.insert(1, "_column", [problems[r].column for r in sorted(problems)])
        out.insert(2, "_reason", [problems[r].reason for r in sorted(problems)])
        path = Path(path)
        from .safe_cells import neutralise_frame
        neutralise_frame(out).to_csv(path, index=False, encoding="utf-8-sig")   # formulas stay text
        return path


def load_mapping(path: str | os.PathLike) -> dict:
    """A saved mapping (JSON object contract column -> file field). Raises ReadError if unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ReadError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ReadError(f"{path}: a mapping must be a JSON object")
    return {str(k): str(v) for k, v in data.items()}


def save_mapping(path: str | os.PathLike, mapping: dict) -> None:
    Path(path).write_text(json.dumps(mapping, ensure_ascii=False, indent=1), encoding="utf-8")


def import_incidents(project, path: str | os.PathLike, options: ImportOptions | None = None,
                     progress: Callable[[int, int, str], None] | None = None) -> ImportResult:
    """Read ``path`` and turn its rows into incidents of ``project`` (which is left unchanged).

    ``result.merged`` is the incidents layer with the new rows appended (duplicates left out).
    Raises ReadError for files that cannot be read at all, or lack a time or a place column.
    """
    opts = options or ImportOptions()
    path = Path(path)
    step = progress or (lambda *_a: None)
    raw, info = read_table(path, opts.encoding)
    step(1, 5, "read")
    mapping = _mapping(raw, info, opts, path)
    result = ImportResult(path=path, info=info, mapping=mapping, rows_in=len(raw), raw=raw)
    first = info["first_row"]
    rows = np.arange(len(raw)) + first
    ok = np.ones(len(raw), dtype=bool)

    def fail(mask, column, values, reason):
        for r, v in zip(rows[mask & ok], np.asarray(values)[mask & ok]):
            result.failed.append(Failure(int(r), column, str(v), reason))
        ok[mask] = False

    def col(name):
        return raw[mapping[name]].astype(str).str.strip() if name in mapping else pd.Series([""] * len(raw))

    # Times.
    reported = _parse_times(col("reported_at"))
    fail(reported.isna().to_numpy(), mapping["reported_at"], col("reported_at"), msg("r_bad_time"))
    resolved_text = col("resolved_at")
    resolved = _parse_times(resolved_text)
    fail(resolved.isna().to_numpy() & (resolved_text != "").to_numpy(), mapping.get("resolved_at", ""),
         resolved_text, msg("r_bad_resolved"))
    step(2, 5, "times")
    # Codes.
    status_text = col("status")
    status = _map_unique(status_text, lambda v: F.code_of(v, F.STATUS_TABLE) if v else opts.default_status)
    fail(status.isna().to_numpy(), mapping.get("status", ""), status_text, msg("r_bad_status"))
    category = _map_unique(col("category"), lambda v: F.code_of(v, F.CATEGORY_TABLE))
    result.category_other = int((category.isna() & ok).sum())
    category = category.fillna("other")
    source = _map_unique(col("source"), lambda v: F.code_of(v, F.SOURCE_TABLE) if v else None).fillna(opts.default_source)
    kind = _map_unique(col("kind"), lambda v: F.code_of(v, F.KIND_TABLE) if v else None).fillna(opts.default_kind)
    # Dispatch: department, level, deadline (a value not understood is left empty, with a warning).
    department = col("department").where(~col("department").str.match(F.GRID_AGENCY), "")
    level_text = col("level")
    level = _map_unique(level_text, lambda v: F.code_of(v, F.LEVEL_TABLE) if v else None)
    due_text = col("due_at")
    due = _parse_times(due_text)
    # Places.
    lon, lat, coord_ok, coord_given = _coordinates(col("lon"), col("lat"), _coordinate_system(opts, info, path),
                                                   raw, mapping)
    lon, lat, far = _near_project(project, lon, lat, coord_ok, opts.max_distance_km)
    address = col("address")
    building_ids = np.full(len(raw), None, dtype=object)
    by_addr = ~coord_ok & ok
    found_ids, found_pts = _match_addresses(project, address[by_addr])
    addr_x, addr_y = np.full(len(raw), np.nan), np.full(len(raw), np.nan)
    idx = np.flatnonzero(by_addr)
    addr_x[idx], addr_y[idx] = found_pts[:, 0], found_pts[:, 1]
    building_ids[idx] = found_ids
    matched_addr = by_addr & ~np.isnan(addr_x)
    bad_coord = coord_given & ~coord_ok & ~matched_addr
    fail(bad_coord & ~far, mapping.get("lon", ""), col("lon") + "," + col("lat"), msg("r_bad_coord"))
    fail(far & ~matched_addr, mapping.get("lon", ""), col("lon") + "," + col("lat"), msg("r_outside"))
    fail(~coord_ok & ~matched_addr & ~coord_given, mapping.get("address", ""), address, msg("r_no_place"))
    # A coordinate that was given but is unusable is never dropped silently: the row is placed by
    # its address, and the report says so, naming the row and the value.
    for mask, reason in ((coord_given & ~coord_ok & ~far & matched_addr & ok, msg("r_bad_coord_by_address")),
                         (far & matched_addr & ok, msg("r_far_by_address"))):
        for r, v in zip(rows[mask], (col("lon") + "," + col("lat"))[mask]):
            result.warnings.append(Failure(int(r), mapping.get("lon", ""), str(v), reason))
    step(3, 5, "places")
    x = np.where(coord_ok, lon, addr_x)
    y = np.where(coord_ok, lat, addr_y)
    result.by_coordinates = int((coord_ok & ok).sum())
    result.by_address = int((matched_addr & ok).sum())
    # Ids and duplicates.
    ids = col("incident_id")
    stem = re.sub(r"\W+", "_", path.stem)
    ids = ids.where(ids != "", pd.Series([f"IMP-{stem}-{r}" for r in rows]))
    in_file = ids.duplicated(keep="first").to_numpy()
    existing = project["incidents"].data["incident_id"] if "incidents" in project else []
    in_project = fast_isin(ids, existing)
    for mask, reason in ((in_file & ok, msg("r_dup_file")), (in_project & ok & ~in_file, msg("r_dup_project"))):
        for r, v in zip(rows[mask], ids[mask]):
            result.duplicates.append(Failure(int(r), mapping.get("incident_id", "incident_id"), str(v), reason))
    keep = ok & ~in_file & ~in_project
    for mask, column, values, reason in (
            ((level.isna() & (level_text != "")).to_numpy(), "level", level_text, msg("r_bad_level")),
            ((due.isna() & (due_text != "")).to_numpy(), "due_at", due_text, msg("r_bad_due"))):
        for r, v in zip(rows[mask & keep], values[mask & keep]):
            result.warnings.append(Failure(int(r), mapping.get(column, column), str(v), reason))
    step(4, 5, "rows")
    frame = pd.DataFrame({
        "incident_id": ids[keep].to_numpy(), "source": source[keep].to_numpy(), "kind": kind[keep].to_numpy(),
        "category": category[keep].to_numpy(), "reported_at": reported[keep].to_numpy(),
        "status": status[keep].to_numpy(), "resolved_at": resolved[keep].to_numpy(),
        "address": address[keep].replace("", None).to_numpy(),
        "building_id": np.where(building_ids[keep] == None, col("building_id")[keep].replace("", None).to_numpy(),  # noqa: E711
                                building_ids[keep]),
        "grid_code": None,
        "description": col("description")[keep].replace("", None).to_numpy(),
        "reporter": col("reporter")[keep].replace("", None).to_numpy(),
        "reporter_phone": col("reporter_phone")[keep].replace("", None).to_numpy(),
        "department": department[keep].replace("", None).to_numpy(),
        "level": level[keep].to_numpy(),
        "due_at": due[keep].to_numpy(),
    })
    new = gpd.GeoDataFrame(frame, geometry=shapely.points(x[keep], y[keep]), crs=4326)
    new = new.to_crs(project.storage_crs) if not project.storage_crs.equals(CRS.from_epsg(4326)) else new
    new["grid_code"] = _cells_of(project, new)
    result.new = IncidentsLayer(new, source=path.name).data
    if "incidents" in project:
        existing_frame = project["incidents"].data
        merged = pd.concat([existing_frame, result.new], ignore_index=True)
        result.merged = gpd.GeoDataFrame(merged, geometry="geometry", crs=existing_frame.crs)
    else:
        result.merged = result.new
    result.failed.sort(key=lambda f: f.row)
    step(5, 5, "done")
    return result


def _map_unique(series: pd.Series, fn) -> pd.Series:
    """``series.map(fn)`` computing ``fn`` once per distinct value (exports repeat a few values)."""
    uniques = pd.unique(series.to_numpy())
    table = {u: fn(u) for u in uniques}
    return pd.Series([table[v] for v in series.to_numpy()], index=series.index, dtype=object)


def _mapping(raw: pd.DataFrame, info: dict, opts: ImportOptions, path: Path) -> dict:
    mapping = F.guess_mapping(list(raw.columns))
    columns = ", ".join(raw.columns)
    for target, source in opts.mapping.items():
        if target not in _TARGETS:
            raise ReadError(msg("imp_bad_column", column=target))
        if source not in raw.columns:
            raise ReadError(msg("imp_bad_map", field=source, columns=columns))
        mapping[target] = source
    if "reported_at" not in mapping:
        raise ReadError(msg("imp_no_time", path=path, columns=columns))
    if not ({"lon", "lat"} <= set(mapping) or "address" in mapping):
        raise ReadError(msg("imp_no_place", path=path, columns=columns))
    return mapping


_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")


def _parse_times(text: pd.Series) -> pd.Series:
    """Times in the usual export spellings (2025-01-15 09:30, 2025/1/15 9:30, 2025年1月15日 9时30分,
    ISO with offset) as +08:00; unparseable or empty -> NaT."""
    t = text.astype(str).str.strip()
    t = t.str.replace(_CN_DATE, lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d} ", regex=True)
    t = t.str.replace("时", ":", regex=False).str.replace("分", "", regex=False).str.replace("/", "-", regex=False)
    t = t.str.strip().where(t.str.strip() != "", None)
    has_tz = t.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True, na=False)
    out = pd.Series(pd.NaT, index=t.index, dtype="datetime64[us, UTC]")
    if has_tz.any():
        out[has_tz] = pd.to_datetime(t[has_tz], utc=True, errors="coerce", format="mixed")
    naive = t.notna() & ~has_tz
    if naive.any():
        parsed = pd.to_datetime(t[naive], errors="coerce", format="mixed")
        out[naive] = parsed.dt.tz_localize(LOCAL_TZ).dt.tz_convert("UTC")
    return out.dt.tz_convert(LOCAL_TZ)


def _coordinate_system(opts: ImportOptions, info: dict, path: Path) -> str:
    """The CRS of the coordinates: the one a GeoJSON names in its crs member, unless the user named
    another (then the file is refused: which one is right is not for us to guess)."""
    named = info.get("crs")
    if not named:
        return opts.crs
    if named == "EPSG:4326":
        named = "wgs84"
    if opts.crs.lower().replace("-", "") in ("wgs84", named.lower().replace("-", "")):
        return named
    raise ReadError(msg("imp_crs_clash", path=path, file=info["crs"], given=opts.crs))


def _coordinates(lon_text, lat_text, crs: str, raw, mapping):
    given = ((lon_text != "") | (lat_text != "")).to_numpy()
    # Full-width digits, points and minus signs (１２６．６８, －) are digits: NFKC makes them ASCII.
    lon_text = _map_unique(lon_text, lambda v: unicodedata.normalize("NFKC", v).strip() if isinstance(v, str) else v)
    lat_text = _map_unique(lat_text, lambda v: unicodedata.normalize("NFKC", v).strip() if isinstance(v, str) else v)
    lon = pd.to_numeric(lon_text, errors="coerce").to_numpy(dtype=float)
    lat = pd.to_numeric(lat_text, errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    system = crs.lower().replace("-", "")
    if system in ("wgs84", "gcj02", "bd09"):
        ok &= (lon >= -180) & (lon <= 180) & (lat >= -90) & (lat <= 90) & ~((lon == 0) & (lat == 0))
        x, y = to_wgs84(system, np.where(ok, lon, 0.0), np.where(ok, lat, 0.0))
    else:
        try:
            source = CRS.from_user_input(crs)
        except Exception as exc:
            raise ReadError(msg("imp_bad_crs", crs=crs)) from exc
        x, y = Transformer.from_crs(source, 4326, always_xy=True).transform(np.where(ok, lon, 0.0),
                                                                             np.where(ok, lat, 0.0))
        x, y = np.asarray(x), np.asarray(y)
        ok &= np.isfinite(x) & np.isfinite(y)
    return np.where(ok, x, np.nan), np.where(ok, y, np.nan), ok, given


def _near_project(project, lon, lat, ok, max_km):
    """Coordinates more than ``max_km`` from the project's extent are refused (a swapped lon/lat,
    a coordinate from another city)."""
    extent = project.extent()
    far = np.zeros(len(lon), dtype=bool)
    if extent is None or not project.storage_crs.equals(CRS.from_epsg(4326)):
        return lon, lat, far
    x0, y0, x1, y1 = extent
    margin_lat = max_km / 111.0
    margin_lon = max_km / (111.0 * max(np.cos(np.radians((y0 + y1) / 2)), 0.1))
    inside = (lon >= x0 - margin_lon) & (lon <= x1 + margin_lon) & (lat >= y0 - margin_lat) & (lat <= y1 + margin_lat)
    far = ok & ~inside
    ok &= ~far
    return lon, lat, far


def _match_addresses(project, addresses: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Building id and location (storage CRS, x/y) for each address; NaN where none matches.

    Exact normalised match first; "公滨路307号" (a compound's number) falls back to its first building.
    """
    ids = np.full(len(addresses), None, dtype=object)
    pts = np.full((len(addresses), 2), np.nan)
    if "buildings" not in project or len(addresses) == 0:
        return ids, pts
    exact, prefix, b_ids, centres = _address_index(project["buildings"].data)
    keys = _map_unique(addresses, normalise_address).to_numpy()
    rows = np.array([exact.get(k, prefix.get(k, -1)) if k else -1 for k in keys], dtype=np.int64)
    found = rows >= 0
    ids[found] = b_ids[rows[found]]
    pts[found] = centres[rows[found]]
    return ids, pts


_ADDRESS_INDEX: dict = {}


def _address_index(buildings: pd.DataFrame):
    """Normalised address -> building row (exact, and "road number" -> its first building), cached
    per buildings frame: a city's 200,000 addresses are normalised once, not per import."""
    cached = _ADDRESS_INDEX.get(id(buildings))
    if cached is not None and cached[0] is buildings:
        return cached[1]
    keys = _map_unique(buildings["address"].astype(object), normalise_address).to_numpy()
    exact: dict[str, int] = {}
    prefix: dict[str, int] = {}
    for row in np.argsort(keys.astype(str), kind="stable"):
        k = keys[row]
        exact.setdefault(k, int(row))
        if "-" in k:
            prefix.setdefault(k.rsplit("-", 1)[0], int(row))
    centres = shapely.get_coordinates(shapely.point_on_surface(np.asarray(buildings.geometry.values)))
    index = (exact, prefix, buildings["building_id"].to_numpy(), centres)
    _ADDRESS_INDEX.clear()
    _ADDRESS_INDEX[id(buildings)] = (buildings, index)
    return index


def _cells_of(project, frame: gpd.GeoDataFrame) -> np.ndarray:
    if "grid_cells" not in project or len(frame) == 0:
        return np.full(len(frame), None, dtype=object)
    from ..analysis.stats import cell_of_points
    metric = np.asarray(frame.to_crs(project.metric_crs).geometry.values)
    where = cell_of_points(project, metric)
    codes = project["grid_cells"].data["grid_code"].to_numpy()
    return np.where(where >= 0, codes[np.maximum(where, 0)], None)
