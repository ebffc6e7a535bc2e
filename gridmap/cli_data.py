"""Commands that bring a street office's data in and out: new, load, osm, export, update, assign."""
from __future__ import annotations

from pathlib import Path

from layers.messages import add_messages, msg

from .cli_db import project_arg
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
    "update_done": {"zh": "已按 {keycol} 更新 {layer}：表中 {rows} 行，改动 {changes}", "en": "Updated {layer} by {keycol}: "
                    "{rows} rows of the table, changed {changes}"},
    "update_refused": {"zh": "{path}：{count} 行有问题，项目未做任何修改：", "en": "{path}: {count} problems; the project "
                       "was not changed:"},
    "assign_done": {"zh": "楼栋改归属 {buildings} 栋，事件 {incidents} 条，巡查 {patrols} 条，网格户数更新 {cells} 个{saved}",
                    "en": "{buildings} buildings, {incidents} incidents, {patrols} patrols to another cell; households of "
                          "{cells} cells updated{saved}"},
    "assign_dry": {"zh": "（试运行，未保存）", "en": " (dry run, not saved)"},
    "assign_line": {"zh": "  楼栋 {id}：{old} → {new}", "en": "  building {id}: {old} → {new}"},
    "assign_cell": {"zh": "  网格 {code} 户数：{old} → {new}", "en": "  cell {code} households: {old} → {new}"},
    "plan_has_cells": {"zh": "{path} 已有 {n} 个网格：要保留其中户数合规的网格并只规划其余范围，请加 --keep-existing；"
                             "要另存草案，请用 -o 新文件.gpkg", "en": "{path} has {n} cells already: add --keep-existing to keep "
                             "those in range and plan the rest, or -o NEW.gpkg to write the draft elsewhere"},
    "plan_done": {"zh": "网格草案：{cells} 个网格（保留 {kept} 个），户数 最少 {hmin} / 中位 {hmed:g} / 最多 {hmax}，"
                        "{inrange:.0%} 在 {low}–{high} 户之间；紧凑度（Polsby-Popper）平均 {pp:.2f}；主干道穿过网格内部 {roads:.1%}；"
                        "被切开的楼栋 {split}；用时 {seconds:.2f} 秒 → {path}",
                  "en": "Grid draft: {cells} cells ({kept} kept), households min {hmin} / median {hmed:g} / max {hmax}, "
                        "{inrange:.0%} within {low}–{high}; mean Polsby-Popper {pp:.2f}; main roads through cell "
                        "interiors {roads:.1%}; split buildings {split}; {seconds:.2f} s → {path}"},
    "bad_range": {"zh": "户数范围应写作 最少-最多，例如 200-500，而不是 {value}", "en": "give households as MIN-MAX, "
                  "e.g. 200-500, not {value}"},
    "nothing_changed": {"zh": "无改动", "en": "nothing"},
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
    load.add_argument("project", type=project_arg)
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
    export.add_argument("project", type=project_arg)
    export.add_argument("layer")
    export.add_argument("output", type=Path, help="OUT.gpkg|shp|geojson|fgb|kml|csv|xlsx")
    export.add_argument("--encoding", default="utf-8", help="text encoding of a Shapefile or CSV: utf-8 or gbk")
    export.add_argument("--include-sensitive", action="store_true",
                        help="also write the columns marked sensitive (phones, reporters …)")

    update = sub.add_parser("update", help="update attributes of existing features from a CSV/XLSX table (all or nothing)")
    update.add_argument("project", type=project_arg)
    update.add_argument("layer", help="the project layer, e.g. grid_cells")
    update.add_argument("file", type=Path, help="the table (CSV or XLSX; UTF-8 or GBK; Chinese headers recognised)")
    update.add_argument("--key", required=True, help="the column matching rows to features, e.g. grid_code or 网格编码")
    update.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                        help="contract field = column of the file, e.g. worker=网格员 (repeatable)")
    update.add_argument("--encoding", default="auto", help="text encoding of a CSV: auto, utf-8, gbk …")

    assign = sub.add_parser("assign", help="each building to the cell holding most of its footprint, each incident "
                                           "and patrol to its cell, households from the buildings")
    assign.add_argument("project", type=project_arg)
    assign.add_argument("--dry-run", action="store_true", help="report only; do not change the project")

    plan = sub.add_parser("plan", help="draft grid cells from the boundary, communities, roads and buildings")
    plan.add_argument("project", type=project_arg)
    plan.add_argument("--households", default="200-500", help="households per cell, MIN-MAX (default 200-500)")
    plan.add_argument("--community", action="append", default=[], help="only this community code (repeatable)")
    plan.add_argument("--keep-existing", action="store_true",
                      help="keep the cells within the range; plan the uncovered area and the out-of-range cells")
    plan.add_argument("-o", "--output", type=Path, default=None, help="write the draft to a new project file")

    osm = sub.add_parser("osm", help="import OpenStreetMap buildings, named roads and facilities inside the boundary")
    osm.add_argument("project", type=project_arg)
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


def _cmd_update(args) -> int:
    import sys
    from .io.load import parse_map
    from .io.update import prepare_update
    from .project import Project
    project = Project.open(args.project)
    result = prepare_update(project, args.layer, args.file, args.key, parse_map(args.map), args.encoding)
    if result.problems:
        print(msg("update_refused", path=args.file.name, count=len(result.problems)), file=sys.stderr)
        for line in result.problems:
            print("  " + line, file=sys.stderr)
        return 1
    project[args.layer].data = result.frame
    project.save()
    changes = ", ".join(f"{c} {n}" for c, n in result.changed.items()) or msg("nothing_changed")
    print(msg("update_done", layer=args.layer, keycol=result.key, rows=result.rows, changes=changes))
    return 0


def _cmd_assign(args) -> int:
    from .analysis.follow_edits import assign_all
    from .project import Project
    project = Project.open(args.project)
    frames, report = assign_all(project)
    for line in report.buildings[:50]:
        print(msg("assign_line", id=line[0], old=line[1] or "—", new=line[2] or "—"))
    for code, old, new in report.households[:50]:
        print(msg("assign_cell", code=code, old="—" if old is None else old, new=new))
    if frames and not args.dry_run:
        for name, frame in frames.items():
            project[name].data = frame
        project.save()
    print(msg("assign_done", buildings=len(report.buildings), incidents=report.points.get("incidents", 0),
              patrols=report.points.get("patrols", 0), cells=len(report.households),
              saved=msg("assign_dry") if args.dry_run else ""))
    return 0


def _cmd_plan(args) -> int:
    import numpy as np
    import shapely
    from .analysis.plan import cells_to_keep, plan_frames, plan_grid
    from .project import Project
    try:
        low, high = (int(v) for v in args.households.split("-"))
    except ValueError:
        raise ValueError(msg("bad_range", value=args.households)) from None
    project = Project.open(args.project)
    existing = len(project["grid_cells"]) if "grid_cells" in project else 0
    keep_rows = None
    communities = list(args.community) or None
    if existing and communities:
        codes = project["grid_cells"].data["community_code"].astype(str)
        keep_rows = np.flatnonzero(~codes.isin(communities).to_numpy())      # other communities stay
    if existing and args.keep_existing:
        inside = set(cells_to_keep(project, low, high).tolist())
        keep_rows = np.asarray(sorted(inside & set(keep_rows.tolist())) if keep_rows is not None else sorted(inside))
    if existing and not args.keep_existing and not communities and args.output is None:
        raise ValueError(msg("plan_has_cells", path=args.project, n=existing))
    keep = None
    if keep_rows is not None and len(keep_rows):
        keep = shapely.union_all(np.asarray(project.to_metric("grid_cells").geometry.values)[keep_rows])
    result = plan_grid(project, low, high, communities, keep)
    from .analysis.follow_edits import reassign_with
    frames, _report = reassign_with(project, plan_frames(project, result, keep_rows))
    from layers import LAYER_CLASSES
    for name, frame in frames.items():
        if name in project:
            project[name].data = frame
        else:                                   # a new street: its first cells
            project.add_layer(LAYER_CLASSES[name](frame))
    target = args.output or args.project
    project.save(str(target)) if args.output else project.save()
    _styles(project)
    s = result.summary
    print(msg("plan_done", cells=s["cells"], kept=0 if keep_rows is None else len(keep_rows),
              hmin=s.get("households_min", 0), hmed=s.get("households_median", 0), hmax=s.get("households_max", 0),
              inrange=s.get("in_range", 0), low=low, high=high, pp=s.get("polsby_popper", 0),
              roads=s.get("main_roads_interior", 0), split=s.get("split_buildings", 0), seconds=s["seconds"],
              path=target))
    return 0


def _styles(project) -> None:
    """QGIS opens the project looking like GridMap: default styles for layers that have none."""
    from .export.qgis_styles import write_default_styles
    if project.path is not None:            # a file, not a database project
        write_default_styles(project.path, project)


HANDLERS = {"new": _cmd_new, "load": _cmd_load, "osm": _cmd_osm, "export": _cmd_export, "update": _cmd_update,
            "assign": _cmd_assign, "plan": _cmd_plan}
