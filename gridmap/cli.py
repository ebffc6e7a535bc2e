"""The command line: ``gridmap [PROJECT]`` opens the app; subcommands work without a window."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from layers.errors import DataError
from layers.messages import language, language_from_environment, msg, set_language

from . import __version__, cli_messages  # noqa: F401  (registers the CLI messages)
from .cli_analysis import HANDLERS as ANALYSIS_HANDLERS, add_parsers as add_analysis_parsers
from .cli_cases import HANDLERS as CASE_HANDLERS, add_parsers as add_case_parsers
from .cli_data import HANDLERS as DATA_HANDLERS, add_parsers as add_data_parsers
from .cli_db import HANDLERS as DB_HANDLERS, add_parsers as add_db_parsers, project_arg

COMMANDS = ("demo", "info", "screenshot", "check", "stats", "import", "open311", "facility", "atlas", "web",
            *DATA_HANDLERS, *DB_HANDLERS, *ANALYSIS_HANDLERS, *CASE_HANDLERS)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gridmap", description="GridMap 网格地图 — grid-based community governance GIS.",
        epilog="gridmap [PROJECT.gpkg] opens the desktop app (with the project, if given).")
    parser.add_argument("--version", action="version", version=f"gridmap {__version__}")
    parser.add_argument("--lang", choices=("zh", "en"), help="language of messages (default: from the locale)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="write the demo project (红旗街道) to a GeoPackage")
    demo.add_argument("-o", "--output", required=True, type=Path, help="where to write the .gpkg")
    demo.add_argument("--seed", type=int, default=None, help="generator seed (default: the shipped demo's)")

    info = sub.add_parser("info", help="print a project's layers, feature counts, CRS and extent")
    info.add_argument("project", type=project_arg)
    info.add_argument("--json", action="store_true", help="print JSON instead of text")
    check = sub.add_parser("check", help="check coverage: every building and square metre in one patrolled cell")
    check.add_argument("project", type=project_arg)
    check.add_argument("--json", action="store_true", help="print JSON (summary and findings with WKT)")
    check.add_argument("--window-days", type=float, default=30.0, help="activity window back from the newest record")
    check.add_argument("--min-gap-m2", type=float, default=0.0, help="report only gaps at least this large")
    check.add_argument("--households", default="200-500", help="allowed households per cell, e.g. 200-500")
    check.add_argument("--tolerance-m", type=float, default=0.01, help="thinner than this is noise, not a gap")
    check.add_argument("--overdue-days", type=float, default=7.0, help="open longer than this is overdue")
    check.add_argument("--holes", default=None, help="layer of intentional holes (lake, railway) that are not gaps")

    stats = sub.add_parser("stats", help="incident statistics: quarters, years, year-on-year change")
    stats.add_argument("project", type=project_arg)
    stats.add_argument("--json", action="store_true")
    stats.add_argument("--from", dest="date_from", default=None, help="first day (YYYY-MM-DD)")
    stats.add_argument("--to", dest="date_to", default=None, help="last day (YYYY-MM-DD)")
    stats.add_argument("--by", choices=("department",), default=None,
                       help="per responsible department and level: open, overdue, late, resolved, median hours")
    stats.add_argument("--as-of", dest="as_of", default=None, help="the time the figures are taken at (default: the newest record)")

    imp = sub.add_parser("import", help="import incidents from CSV/Excel/GeoJSON/Open311 JSON or XML into a project")
    imp.add_argument("project", type=project_arg)
    imp.add_argument("file", type=Path)
    imp.add_argument("--layer", default="incidents", choices=["incidents"])
    imp.add_argument("--encoding", default="auto", help="auto, utf-8, gbk, gb18030 …")
    imp.add_argument("--crs", default="wgs84", help="wgs84, gcj02, bd09 or EPSG:n of the coordinates")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help="contract column = file field, e.g. reported_at=受理时间 (repeatable)")
    imp.add_argument("--mapping", type=Path, default=None, help="a saved mapping (JSON)")
    imp.add_argument("--save-mapping", type=Path, default=None, help="save the mapping used (JSON)")
    imp.add_argument("--failed", type=Path, default=None, help="write the rows that failed to this CSV")
    imp.add_argument("--dry-run", action="store_true", help="report only; do not change the project")

    o311 = sub.add_parser("open311", help="export incidents as Open311 GeoReport v2 (JSON, or XML for a .xml file)")
    o311.add_argument("project", type=project_arg)
    o311.add_argument("-o", "--output", required=True, type=Path)

    fac = sub.add_parser("facility", help="who depends on a facility; with --outage-since, what an outage touches")
    fac.add_argument("project", type=project_arg)
    fac.add_argument("facility_id")
    fac.add_argument("--json", action="store_true")
    fac.add_argument("--outage-since", default=None, help="outage start (ISO time, e.g. 2025-01-14T08:00)")
    fac.add_argument("--distance", type=float, default=300.0, help="related incidents within this many metres")
    fac.add_argument("--window-days", type=float, default=7.0, help="related incidents up to this many days after")
    fac.add_argument("--briefing", type=Path, default=None, help="also write the one-page PDF briefing")

    atlas = sub.add_parser("atlas", help="print patrol maps: one page per grid cell (PDF)")
    atlas.add_argument("project", type=project_arg)
    atlas.add_argument("-o", "--output", required=True, type=Path)
    atlas.add_argument("--cells", default=None, help="grid codes, comma-separated (default: all)")
    atlas.add_argument("--community", default=None, help="only the cells of this community code")
    atlas.add_argument("--split", choices=("none", "community", "cell"), default="none")
    atlas.add_argument("--paper", choices=("A4", "A3"), default="A4")
    atlas.add_argument("--landscape", action="store_true")
    atlas.add_argument("--days", type=float, default=30.0, help="incidents of the last N days")

    web = sub.add_parser("web", help="export an offline web map (one self-contained HTML file)")
    web.add_argument("project", type=project_arg)
    web.add_argument("-o", "--output", required=True, type=Path)
    web.add_argument("--from", dest="date_from", default=None, help="first day of incidents (YYYY-MM-DD)")
    web.add_argument("--to", dest="date_to", default=None, help="last day of incidents (YYYY-MM-DD)")
    web.add_argument("--layers", default=None,
                     help="comma-separated: boundary,roads,communities,grid_cells,buildings,facilities,incidents,"
                          "heatmap,hotspots,emerging,rates (default: all)")
    web.add_argument("--tiles", default=None, help="an intranet tile URL, e.g. http://tiles.local/{z}/{x}/{y}.png")
    web.add_argument("--max-points", type=int, default=20_000, help="above this, incidents go as counts + heatmap")

    shot = sub.add_parser("screenshot", help="render the main window offscreen with a project, to a PNG")
    shot.add_argument("project", type=project_arg)
    shot.add_argument("-o", "--output", required=True, type=Path)
    shot.add_argument("--size", default="1600x1000", help="window size, e.g. 1600x1000")
    add_data_parsers(sub)
    add_analysis_parsers(sub)
    add_case_parsers(sub)
    add_db_parsers(sub)
    for command in sub.choices.values():    # --lang is accepted after any command too
        command.add_argument("--lang", dest="cmd_lang", choices=("zh", "en"), default=None,
                             help="language of messages and output (default: from the locale)")
    from .cli_help import localize
    return localize(parser, language())


def _language(args) -> str:
    return args.cmd_lang or args.lang or language()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 bad input, 1 internal error)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(language_from_environment())
    if "--lang" in argv[:-1]:
        lang = argv[argv.index("--lang") + 1]
        if lang in ("zh", "en"):
            set_language(lang)
    # the words that are not options, nor the value of a --lang option
    positional = [a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] != "--lang")]
    if not positional or positional[0] not in COMMANDS:
        # No subcommand: the desktop app, on the project given, if any.
        opts, rest = argparse.ArgumentParser(add_help=False), None
        opts.add_argument("--lang", choices=("zh", "en"))
        if any(a in ("-h", "--help", "--version") for a in argv):
            _parser().parse_args(argv)
            return 0
        ns, rest = opts.parse_known_args(argv)
        if len(rest) > 1 or any(a.startswith("-") for a in rest):
            _parser().parse_args(argv)  # prints usage and exits 2
        return _guarded(lambda: _open_app(project_arg(rest[0]) if rest else None, ns.lang))
    args = _parser().parse_args(argv)
    handlers = {"demo": _cmd_demo, "info": _cmd_info, "screenshot": _cmd_screenshot,
                "check": _cmd_check, "stats": _cmd_stats, "import": _cmd_import,
                "open311": _cmd_open311, "facility": _cmd_facility, "atlas": _cmd_atlas,
                "web": _cmd_web, **DATA_HANDLERS, **DB_HANDLERS, **ANALYSIS_HANDLERS, **CASE_HANDLERS}
    handler = handlers[args.command]
    return _guarded(lambda: handler(args))


def _guarded(action) -> int:
    """Turn user-facing errors into one line and exit code 2, never a traceback."""
    try:
        return int(action() or 0)
    except BrokenPipeError:
        # The reader went away (`gridmap stats … | head`): nothing more to say, and Python's own
        # flush at exit must not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except DataError as exc:
        print(msg("cli_error", text=exc), file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        if os.environ.get("GRIDMAP_DEBUG"):
            raise
        print(msg("cli_error", text=exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: one line, not a traceback
        if os.environ.get("GRIDMAP_DEBUG"):
            raise
        print(msg("cli_internal", text=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 1


def _cmd_demo(args) -> int:
    from .demo import SEED, write_demo
    path = write_demo(args.output, seed=SEED if args.seed is None else args.seed)
    print(msg("demo_written", path=path))
    return 0


def project_summary(project) -> dict:
    """A JSON-ready summary of a project: layers with counts, CRS and extent."""
    extent = project.extent()
    layers = []
    for name, layer in project.layers.items():
        geom_types = None
        if layer.is_spatial and len(layer):
            geom_types = sorted(set(layer.data.geom_type.dropna().unique().tolist()))
        layers.append({"name": name, "label": layer.spec.label_zh, "contract": name in _contract_names(),
                       "features": len(layer), "geometry_types": geom_types,
                       "sensitive_columns": layer.sensitive_columns})
    return {
        "path": project.source, "title": project.meta.get("title"),
        "storage_crs": project.storage_crs.to_string(), "metric_crs": project.metric_crs.to_string(),
        "extent": list(extent) if extent else None, "layers": layers, "problems": project.problems,
    }


def _contract_names():
    from layers import LAYER_CLASSES
    return LAYER_CLASSES


def _cmd_info(args) -> int:
    from .project import Project
    project = Project.open(args.project, strict=False)
    summary = project_summary(project)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print(f"{msg('info_project')}: {summary['path']}")
    if summary["title"]:
        print(f"{msg('info_title')}: {summary['title']}")
    print(f"{msg('info_storage_crs')}: {summary['storage_crs']}    {msg('info_metric_crs')}: {summary['metric_crs']}")
    if summary["extent"]:
        x0, y0, x1, y1 = summary["extent"]
        print(f"{msg('info_extent')}: {x0:.6f}, {y0:.6f} — {x1:.6f}, {y1:.6f}")
    print(f"{msg('info_layers')}:")
    for layer in summary["layers"]:
        geom = "/".join(layer["geometry_types"] or []) or msg("info_table")
        print(f"  {layer['name']:<16}{layer['label']:<8}\t{geom:<14}{layer['features']:>8} {msg('info_features')}")
    if summary["problems"]:
        print(f"{msg('info_problems')}:")
        for problem in summary["problems"]:
            print(f"  - {problem}")
        return 2
    return 0


def _cmd_check(args) -> int:
    from .analysis.coverage import CoverageOptions, check_coverage, report_json
    from .check_report import print_report
    from .project import Project
    try:
        low, high = (int(v) for v in args.households.split("-"))
    except ValueError:
        raise ValueError(msg("bad_households", value=args.households)) from None
    options = CoverageOptions(tolerance_m=args.tolerance_m, min_gap_m2=args.min_gap_m2, households_min=low,
                              households_max=high, window_days=args.window_days, overdue_days=args.overdue_days,
                              holes_layer=args.holes)
    project = Project.open(args.project)
    report = check_coverage(project, options)
    if args.json:
        print(json.dumps(report_json(project, report), ensure_ascii=False, indent=1))
    else:
        print_report(project, report)
    return 0 if report.ok else 1


def _check_dates(args) -> None:
    """--from/--to must be dates; say which one is not."""
    import pandas as pd
    for option, value in (("--from", args.date_from), ("--to", args.date_to)):
        if value is not None:
            try:
                pd.Timestamp(value)
            except ValueError:
                raise ValueError(msg("bad_date", option=option, value=value)) from None


def _cmd_stats(args) -> int:
    from .analysis.incident_stats import incident_statistics
    from .project import Project
    from .stats_report import print_stats
    _check_dates(args)
    project = Project.open(args.project)
    if "incidents" not in project:
        raise ValueError(msg("no_incidents", path=args.project))
    if args.by == "department":
        from .cli_cases import print_department_stats
        return print_department_stats(project, args.as_of, args.json)
    stats = incident_statistics(project["incidents"].data, args.date_from, args.date_to)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
    else:
        print_stats(stats)
    return 0


def _cmd_import(args) -> int:
    from .io.incident_import import ImportOptions, import_incidents, load_mapping, save_mapping
    from .project import Project
    from .import_report import print_import
    project = Project.open(args.project)
    mapping = load_mapping(args.mapping) if args.mapping else {}
    for item in args.map:
        if "=" not in item:
            raise ValueError(msg("bad_map", value=item))
        column, field = item.split("=", 1)
        mapping[column.strip()] = field.strip()
    options = ImportOptions(encoding=args.encoding, crs=args.crs, mapping=mapping)
    result = import_incidents(project, args.file, options)
    print_import(result)
    if args.save_mapping:
        save_mapping(args.save_mapping, result.mapping)
    if args.failed and result.failed:
        result.write_failed(args.failed)
    if result.imported and not args.dry_run:
        project["incidents"].data = result.merged
        project.save()
    return 0 if not result.failed else 1


def _cmd_open311(args) -> int:
    from .io.open311 import write_open311
    from .project import Project
    project = Project.open(args.project)
    if "incidents" not in project:
        raise ValueError(msg("no_incidents", path=args.project))
    count = write_open311(project["incidents"], args.output)
    print(msg("open311_written", count=count, path=args.output))
    return 0


def _cmd_facility(args) -> int:
    from .analysis.facility_report import facility_report, outage_report
    from .facility_text import print_facility
    from .project import Project
    from .render.snapshot import public_view
    project = Project.open(args.project)
    for layer in ("facilities", "buildings"):
        if layer not in project:
            raise ValueError(msg("no_layer", path=args.project, layer=layer))
    project = public_view(project)      # a text report and a briefing: no column marked sensitive
    try:
        if args.outage_since:
            import pandas as pd
            try:
                pd.Timestamp(args.outage_since)
            except ValueError:
                raise ValueError(msg("bad_date", option="--outage-since", value=args.outage_since)) from None
            report = outage_report(project, args.facility_id, args.outage_since, args.distance, args.window_days)
        else:
            report = facility_report(project, args.facility_id)
    except KeyError:
        raise ValueError(msg("no_facility", facility=args.facility_id, path=args.project)) from None
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1, default=str))
    else:
        print_facility(report)
    if args.briefing:
        from .export.briefing import write_briefing
        write_briefing(project, report, args.briefing)
    return 0


def _cmd_atlas(args) -> int:
    from .export.atlas import AtlasOptions, export_atlas
    from .project import Project
    if not args.output.parent.is_dir() and str(args.output.parent):
        raise ValueError(msg("no_folder_out", path=args.output.parent))
    project = Project.open(args.project)
    if "grid_cells" not in project:
        raise ValueError(msg("no_layer", path=args.project, layer="grid_cells"))
    options = AtlasOptions(cells=[c.strip() for c in args.cells.split(",") if c.strip()] if args.cells else None,
                           community=args.community, split=args.split, paper=args.paper, landscape=args.landscape,
                           days=args.days, language=_language(args))

    cells = [0]
    live = sys.stderr.isatty()          # a counter rewritten in place only on a terminal

    def progress(done, total, _name):
        cells[0] = done
        if live:
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)
    files = export_atlas(project, args.output, options, progress=progress)
    if live:
        print(file=sys.stderr)
    for path in files:
        print(path)
    print(msg("atlas_written", cells=cells[0], files=len(files)), file=sys.stderr)
    return 0


def _cmd_web(args) -> int:
    from .export.web import ALL_LAYERS, WebOptions, export_web
    from .project import Project
    _check_dates(args)
    if not args.output.parent.is_dir() and str(args.output.parent):
        raise ValueError(msg("no_folder_out", path=args.output.parent))
    layers = set(ALL_LAYERS) if not args.layers else {x.strip() for x in args.layers.split(",") if x.strip()}
    project = Project.open(args.project)
    result = export_web(project, args.output, WebOptions(date_from=args.date_from, date_to=args.date_to, layers=layers,
                                                         tiles=args.tiles, max_points=args.max_points,
                                                         language=_language(args)))
    print(msg("web_written", path=result.path, kb=result.bytes / 1024, count=result.incidents_in_window,
              points=result.points_written, mode=result.mode))
    return 0


def _cmd_screenshot(args) -> int:
    from .ui.screenshot import parse_size, take_screenshot
    size = parse_size(args.size)
    if not args.project.exists():
        from .io import ReadError
        raise ReadError(msg("no_such_file", path=args.project))
    out = take_screenshot(args.project, args.output, size, _language(args))
    print(out)
    return 0


def _open_app(path: Path | None, lang: str | None) -> int:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
            and os.environ.get("QT_QPA_PLATFORM") not in ("offscreen", "minimal", "vnc"):
        print(msg("cli_error", text=msg("no_display")), file=sys.stderr)
        return 2
    from .ui.app import run_app
    return run_app(path, language=lang)
