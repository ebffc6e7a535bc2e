"""Commands that bring a street office's data in and out: new, load, osm, export."""
from __future__ import annotations

from pathlib import Path

from layers.messages import add_messages, msg

add_messages({
    "new_exists": {"zh": "{path} 已存在；要覆盖请加 --force", "en": "{path} exists; add --force to overwrite it"},
    "new_no_polygon": {"zh": "{path}：没有面要素，无法作为街道边界", "en": "{path}: no polygon to use as the boundary"},
    "new_done": {"zh": "已新建项目 {path}：{name}（{code}），边界面积 {km2:.3f} 平方公里",
                 "en": "New project {path}: {name} ({code}), boundary {km2:.3f} km²"},
    "load_done": {"zh": "已载入 {path} → 图层 {layer}：{rows} 个要素；字段对应：{pairs}{derived}",
                  "en": "Loaded {path} → layer {layer}: {rows} features; fields: {pairs}{derived}"},
    "osm_no_boundary": {"zh": "{path}：项目没有街道边界（boundary）图层；请先用 gridmap new 建立",
                        "en": "{path}: the project has no boundary layer; start it with gridmap new"},
    "osm_done": {"zh": "OpenStreetMap：楼栋 {buildings}（估算户数共 {households}，标记为 estimated），道路 {roads} 段，设施 {facilities}；"
                       "已注明 © OpenStreetMap contributors",
                 "en": "OpenStreetMap: {buildings} buildings ({households} households, estimated and marked so), "
                       "{roads} road pieces, {facilities} facilities; credited © OpenStreetMap contributors"},
    "export_done": {"zh": "已导出 {layer}：{rows} 个要素 → {path}{note}", "en": "Exported {layer}: {rows} features → {path}{note}"},
    "export_sensitive": {"zh": "（不含敏感列：{columns}）", "en": " (sensitive columns left out: {columns})"},
    "export_no_layer": {"zh": "项目没有图层 {layer}（有：{layers}）", "en": "the project has no layer {layer} (it has: {layers})"},
    "load_derived": {"zh": "；由其他字段得出：{columns}", "en": "; derived from other fields: {columns}"},
})


def add_parsers(sub) -> None:
    """Add the data commands to ``sub`` (argparse subparsers); HANDLERS runs them."""
    new = sub.add_parser("new", help="start a project from a boundary file")
    new.add_argument("project", type=Path, help="the new .gpkg")
    new.add_argument("--boundary", required=True, type=Path, help="the street's boundary (any vector file)")
    new.add_argument("--name", default=None, help="the street's name (default: from the file)")
    new.add_argument("--code", default=None, help="the street's code (default: from the file)")
    new.add_argument("--crs", default=None, help="CRS of a boundary file that names none, e.g. EPSG:4549")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    load = sub.add_parser("load", help="load a file into a project layer (cells, buildings, roads …)")
    load.add_argument("project", type=Path)
    load.add_argument("layer", help="the project layer: grid_cells, buildings, facilities, roads …")
    load.add_argument("file", type=Path)
    load.add_argument("--source-layer", default=None, help="the layer of a file that has several")
    load.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                      help="contract field = column of the file, e.g. worker=网格员 (repeatable)")
    load.add_argument("--encoding", default=None, help="text encoding of a Shapefile or CSV (gbk, utf-8 …)")
    load.add_argument("--crs", default=None, help="CRS of a file that names none (EPSG:n; wgs84/gcj02/bd09 for tables)")
    load.add_argument("--replace", action="store_true", help="replace the layer if the project has it")

    export = sub.add_parser("export", help="write one layer as GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML, "
                                           "CSV or XLSX")
    export.add_argument("project", type=Path)
    export.add_argument("layer")
    export.add_argument("output", type=Path, help="OUT.gpkg|shp|geojson|fgb|kml|csv|xlsx")
    export.add_argument("--encoding", default="utf-8", help="text encoding of a Shapefile or CSV: utf-8 or gbk")
    export.add_argument("--include-sensitive", action="store_true",
                        help="also write the columns marked sensitive (phones, reporters …)")

    osm = sub.add_parser("osm", help="import OpenStreetMap buildings, named roads and facilities inside the boundary")
    osm.add_argument("project", type=Path)
    osm.add_argument("file", type=Path, help="an .osm.pbf (or .osm) file covering the street")
    osm.add_argument("--area-per-household", type=float, default=90.0,
                     help="living area per household in m² for the households estimate (default 90)")
    osm.add_argument("--default-floors", type=int, default=6,
                     help="floors of a residential building OSM gives none for (default 6)")
    osm.add_argument("--replace", action="store_true", help="replace buildings/roads/facilities the project has")


def _cmd_new(args) -> int:
    import shapely
    from layers import LAYER_CLASSES
    from .io.sources import read_source
    from .project import Project
    if args.project.exists() and not args.force:
        raise ValueError(msg("new_exists", path=args.project))
    frame = read_source(args.boundary, crs=args.crs)
    polygons = frame[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])] if hasattr(frame, "geometry") else []
    if not len(polygons):
        raise ValueError(msg("new_no_polygon", path=args.boundary))
    name = args.name or _first_text(polygons, ("name", "名称", "NAME")) or args.boundary.stem
    code = args.code or _first_text(polygons, ("code", "division_code", "编码", "CODE")) or ""
    import geopandas as gpd
    area = shapely.union_all(shapely.make_valid(polygons.geometry.values))
    boundary = gpd.GeoDataFrame({"name": [name], "code": [code]}, geometry=[area], crs=4326)
    project = Project([LAYER_CLASSES["boundary"](boundary, source=args.boundary.name)], meta={"title": name})
    if args.force and args.project.exists():
        args.project.unlink()
    project.save(args.project)
    km2 = float(gpd.GeoSeries([area], crs=4326).to_crs(project.metric_crs).area.iloc[0]) / 1e6
    print(msg("new_done", path=args.project, name=name, code=code or "—", km2=km2))
    return 0


def _first_text(frame, names) -> str | None:
    for column in names:
        if column in frame.columns:
            values = [str(v).strip() for v in frame[column] if v is not None and str(v).strip() not in ("", "nan")]
            if values:
                return values[0]
    return None


def _cmd_load(args) -> int:
    from .io.load import parse_map, prepare_load
    from .project import Project
    project = Project.open(args.project)
    result = prepare_load(project, args.layer, args.file, source_layer=args.source_layer, mapping=parse_map(args.map),
                          encoding=args.encoding, crs=args.crs, replace=args.replace)
    project.add_layer(result.model, replace=args.layer in project)
    project.save()
    derived = msg("load_derived", columns=", ".join(result.derived)) if result.derived else ""
    pairs = ", ".join(f"{k}←{v}" for k, v in result.mapping.items() if k != v) or "—"
    print(msg("load_done", path=args.file.name, layer=args.layer, rows=result.rows, pairs=pairs, derived=derived))
    return 0


def _cmd_osm(args) -> int:
    import shapely
    from layers import LAYER_CLASSES, OtherLayer
    from .io.osm import OSM_CREDIT, read_osm
    from .project import Project
    project = Project.open(args.project)
    if "boundary" not in project or not len(project["boundary"]):
        raise ValueError(msg("osm_no_boundary", path=args.project))
    boundary = shapely.union_all(project["boundary"].data.to_crs(4326).geometry.values)
    found = read_osm(args.file, boundary, project.metric_crs, args.area_per_household, args.default_floors)
    layers = {"buildings": LAYER_CLASSES["buildings"](found.buildings, source=args.file.name),
              "roads": OtherLayer(found.roads, layer_name="roads", source=args.file.name)}
    if len(found.facilities):
        layers["facilities"] = LAYER_CLASSES["facilities"](found.facilities, source=args.file.name)
    clash = [name for name in layers if name in project and not args.replace]
    if clash:
        from .io import load as _load  # noqa: F401 - registers the load messages
        raise ValueError(msg("load_exists", layer=", ".join(clash)))
    for name, layer in layers.items():
        project.add_layer(layer, replace=name in project)
    credit = project.meta.get("credit", "")
    if OSM_CREDIT not in credit:
        project.meta["credit"] = f"{credit}；{OSM_CREDIT}" if credit else OSM_CREDIT
    project.save()
    print(msg("osm_done", buildings=len(found.buildings), households=int(found.buildings["households"].sum()),
              roads=len(found.roads), facilities=len(found.facilities)))
    return 0


def _cmd_export(args) -> int:
    from .io.export_layer import export_layer
    from .project import Project
    project = Project.open(args.project)
    if args.layer not in project:
        raise ValueError(msg("export_no_layer", layer=args.layer, layers=", ".join(project.layer_names())))
    layer = project[args.layer]
    rows = export_layer(layer, args.output, args.encoding, args.include_sensitive)
    hidden = [] if args.include_sensitive else layer.sensitive_columns
    note = msg("export_sensitive", columns=", ".join(hidden)) if hidden else ""
    print(msg("export_done", layer=args.layer, rows=rows, path=args.output, note=note))
    return 0


HANDLERS = {"new": _cmd_new, "load": _cmd_load, "osm": _cmd_osm, "export": _cmd_export}
