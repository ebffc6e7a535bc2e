"""Commands that analyse a project's incidents over space and time: hotspots (Gi* of a window, or
the emerging hot spots over its steps)."""
from __future__ import annotations

import json
import sys

from layers.codes import INCIDENT_CATEGORY, INCIDENT_KIND, INCIDENT_SOURCE, label, lookup_table
from layers.messages import add_messages, msg

from .cli_db import project_arg

add_messages({
    "hot_no_step_count": {"zh": "注意：时间窗只有 {steps} 个{step}（ArcGIS 要求至少 10 个），趋势检验的把握很小",
                          "en": "note: the window has only {steps} {step} steps (ArcGIS asks for at least 10): "
                                "the trend test has little power"},
    "hot_bad_value": {"zh": "{option} 的取值 {value} 不认识；可用：{choices}",
                      "en": "{option}: unknown value {value}; use one of: {choices}"},
    "hot_head": {"zh": "新兴热点：按{step}，{first} 至 {last}，共 {steps} 步，{count} 条事件，邻接方式 {weights}（BH 0.05；Mann-Kendall 0.05）",
                 "en": "Emerging hot spots by {step}, {first} to {last}: {steps} steps, {count} incidents, "
                       "{weights} weights (BH 0.05; Mann-Kendall 0.05)"},
    "hot_window_head": {"zh": "Gi* 热点：{count} 条事件，邻接方式 {weights}（FDR 校正）",
                        "en": "Gi* hot spots: {count} incidents, {weights} weights (FDR-corrected)"},
    "hot_line": {"zh": "  {label}：{n} 个网格 {codes}", "en": "  {label}: {n} cells {codes}"},
})
_STEP_ZH = {"week": "周", "month": "月", "quarter": "季度"}


def add_parsers(sub) -> None:
    hot = sub.add_parser("hotspots", help="hot spots per cell: Gi* of a window, or with --emerging new, growing, "
                                          "fading and chronic ones over time")
    hot.add_argument("project", type=project_arg)
    hot.add_argument("--emerging", action="store_true", help="the space-time analysis over the steps of the window")
    hot.add_argument("--step", choices=("week", "month", "quarter"), default="month",
                     help="time step of --emerging (default: month)")
    hot.add_argument("--from", dest="date_from", default=None, help="first day (YYYY-MM-DD)")
    hot.add_argument("--to", dest="date_to", default=None, help="last day (YYYY-MM-DD)")
    hot.add_argument("--category", nargs="+", default=[], help="only these incident categories (codes or labels)")
    hot.add_argument("--kind", nargs="+", default=[], help="only these incident kinds (codes or labels)")
    hot.add_argument("--source", nargs="+", default=[], help="only these incident sources (codes or labels)")
    hot.add_argument("--weights", choices=("queen", "distance"), default="queen",
                     help="neighbours: cells sharing a border or corner, or centroids within a distance")
    hot.add_argument("--json", action="store_true")


def _codes(option: str, values: list[str], codes: dict) -> set:
    table = lookup_table(codes)
    out = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            code = table.get(part.lower())
            if code is None:
                raise ValueError(msg("hot_bad_value", option=option, value=part, choices=", ".join(codes)))
            out.add(code)
    return out


def _query(args):
    from .analysis.space_time import HotspotQuery, local_day
    from .cli import _check_dates
    _check_dates(args)
    return HotspotQuery(
        start=None if args.date_from is None else local_day(args.date_from),
        end=None if args.date_to is None else local_day(args.date_to, last=True),
        categories=_codes("--category", args.category, INCIDENT_CATEGORY),
        kinds=_codes("--kind", args.kind, INCIDENT_KIND), sources=_codes("--source", args.source, INCIDENT_SOURCE),
        weights=args.weights, step=args.step)


def _cmd_hotspots(args) -> int:
    from .analysis.emerging import CATEGORIES, CATEGORY_LABELS, RECOMMENDED_STEPS
    from .analysis.space_time import emerging, window_hotspots
    from .project import Project
    query = _query(args)
    project = Project.open(args.project)
    language = getattr(args, "cmd_lang", None) or getattr(args, "lang", None)
    from layers.messages import language as current
    language = language or current()
    if not args.emerging:
        rows = window_hotspots(project, query)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=1))
            return 0
        print(msg("hot_window_head", count=sum(r["count"] for r in rows), weights=query.weights))
        for category, zh, en in (("hot", "热点", "hot spots"), ("cold", "冷点", "cold spots")):
            for level in (99, 95, 90):
                codes = [r["grid_code"] for r in rows if r["category"] == category and r["confidence"] == level]
                if codes:
                    name = f"{zh} {level}%" if language == "zh" else f"{en} {level}%"
                    print(msg("hot_line", label=name, n=len(codes), codes=_listed(codes)))
        return 0
    result = emerging(project, query)
    steps = len(result.steps)
    if steps < RECOMMENDED_STEPS:
        print(msg("hot_no_step_count", steps=steps, step=_STEP_ZH[query.step] if language == "zh" else query.step),
              file=sys.stderr)
    codes = project["grid_cells"].data["grid_code"].tolist()
    records = result.records(codes)
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return 0
    print(msg("hot_head", step=_STEP_ZH[query.step] if language == "zh" else query.step, first=result.labels[0],
              last=result.labels[-1], steps=steps, count=int(result.counts.sum()), weights=query.weights))
    for category in CATEGORIES:
        cells = [r["grid_code"] for r in records if r["category"] == category]
        if cells:
            print(msg("hot_line", label=label(CATEGORY_LABELS, category, language), n=len(cells),
                      codes=_listed(cells) if category != "no_pattern" else ""))
    return 0


def _listed(codes: list, most: int = 12) -> str:
    shown = ", ".join(str(c) for c in codes[:most])
    return shown + (f" … (+{len(codes) - most})" if len(codes) > most else "")


HANDLERS = {"hotspots": _cmd_hotspots}
