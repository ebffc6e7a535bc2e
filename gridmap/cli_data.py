"""Commands that bring a street office's data in and out: new, load, osm, export."""
from __future__ import annotations

from pathlib import Path

from layers.messages import add_messages, msg

from .project_setup import import_osm, new_project

add_messages({
    "new_exists": {"zh": "{path} 已存在；要覆盖请加 --force", "en": "{path} exists; add --force to overwrite it"},
    "new_done": {"zh": "已新建项目 {path}：{name}（{code}），边界面积 {km2:.3f} 平方公里",
                 "en": "New project {path}: {name} ({code}), boundary {km2:.3f} km²"},
    "load_done": {"zh": "已载入 {path} → 图层 {layer}：{rows} 个要素；字段对应：{pairs}{derived}",
                  "en": "Loaded {path} → layer {layer}: {rows} features; fields: {pairs}{derived}"},
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
    if args.project.exists() and not args.force:
        raise ValueError(msg("new_exists", path=args.project))
    project, km2 = new_project(args.project, args.boundary, args.name, args.code, args.crs)
    _styles(project)
    print(msg("new_done", path=args.project, name=project.meta["title"],
              code=project["boundary"].data["code"].iloc[0] or "—", km2=km2))
    return 0


def _cmd_load(args) -> int:
    from .io.load import parse_map, prepare_load
    from .project import Project
    project = Project.open(args.project)
    result = prepare_load(project, args.layer, args.file, source_layer=args.source_layer, mapping=parse_map(args.map),
                          encoding=args.encoding, crs=args.crs, replace=args.replace)
    project.add_layer(result.model, replace=args.layer in project)
    project.save()
    _styles(project)
    derived = msg("load_derived", columns=", ".join(result.derived)) if result.derived else ""
    pairs = ", ".join(f"{k}←{v}" for k, v in result.mapping.items() if k != v) or "—"
    print(msg("load_done", path=args.file.name, layer=args.layer, rows=result.rows, pairs=pairs, derived=derived))
    return 0


def _cmd_osm(args) -> int:
    from .project import Project
    project = Project.open(args.project)
    found = import_osm(project, args.file, args.area_per_household, args.default_floors, args.replace)
    project.save()
    _styles(project)
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


def _styles(project) -> None:
    """QGIS opens the project looking like GridMap: default styles for layers that have none."""
    from .export.qgis_styles import write_default_styles
    write_default_styles(project.path, project)


HANDLERS = {"new": _cmd_new, "load": _cmd_load, "osm": _cmd_osm, "export": _cmd_export}
