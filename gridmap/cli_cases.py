"""Commands of the command centre's case work: dispatch (each case to a department by the street's
routing rules) and the department figures of ``stats --by department``."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from layers.codes import INCIDENT_CATEGORY, INCIDENT_LEVEL, label
from layers.messages import add_messages, language, msg
from layers.validate import LOCAL_TZ

from .cli_db import project_arg

add_messages({
    "dispatch_head": {"zh": "派单：{rules} 条规则（{path}），截至 {as_of}，未派事件 {waiting} 件，可派 {matched} 件{dry}",
                      "en": "Dispatch: {rules} rules ({path}), as of {as_of}, {waiting} cases without a department, "
                            "{matched} dispatched{dry}"},
    "dispatch_no_rules": {"zh": "{path} 没有保存派单规则：请用 --rules 指定规则表，或在窗口的“事件 → 派单规则”中编辑",
                          "en": "{path} keeps no routing rules: give --rules, or edit them in the window (Incidents → "
                                "Routing rules)"},
    "dispatch_kept": {"zh": "项目中保存的规则", "en": "the project's rules"},
    "dispatch_dry": {"zh": "（试运行，未保存）", "en": " (dry run, not saved)"},
    "dispatch_line": {"zh": "  {department}：{n} 件（{level}）", "en": "  {department}: {n} ({level})"},
    "dispatch_unmatched": {"zh": "没有规则适用的事件 {n} 件：", "en": "{n} cases no rule fits:"},
    "dispatch_case": {"zh": "  {id}  {category}  社区 {community}", "en": "  {id}  {category}  community {community}"},
    "dispatch_saved": {"zh": "已保存到 {path}", "en": "saved to {path}"},
    "bad_as_of": {"zh": "--as-of 的值 {value} 不是时间（如 2025-03-31 或 2025-03-31T18:00）",
                  "en": "--as-of: {value} is not a time (e.g. 2025-03-31 or 2025-03-31T18:00)"},
    "dept_head": {"zh": "按责任部门（截至 {as_of}）", "en": "By department (as of {as_of})"},
    "dept_columns": {"zh": "  {name:<16} 未办结 {open:>5}  超期 {overdue:>4}  逾期办结 {late:>4}  办结 {resolved:>6}  "
                           "中位用时 {hours} 小时",
                     "en": "  {name:<16} open {open:>5}  overdue {overdue:>4}  late {late:>4}  resolved {resolved:>6}  "
                           "median {hours} h"},
    "dept_levels": {"zh": "按处置层级", "en": "By level"},
    "dept_none": {"zh": "（未派遣）", "en": "(not dispatched)"},
    "casesheet_done": {"zh": "已写出案件协调单 {id} → {path}", "en": "Case sheet of {id} written to {path}"},
})
_SHOWN_UNMATCHED = 20


def add_parsers(sub) -> None:
    dispatch = sub.add_parser("dispatch", help="give every case without a department the first routing rule that fits "
                                               "(department, level, deadline)")
    dispatch.add_argument("project", type=project_arg)
    dispatch.add_argument("--rules", default=None, help="the routing rules (CSV in UTF-8 or GBK, or XLSX); default: "
                                                        "the rules kept in the project (Incidents → Routing rules)")
    dispatch.add_argument("--encoding", default="auto", help="auto, utf-8, gbk, gb18030 …")
    dispatch.add_argument("--as-of", dest="as_of", default=None,
                          help="only cases reported by this time (default: all)")
    dispatch.add_argument("--dry-run", action="store_true", help="report only; do not change the project")
    dispatch.add_argument("--json", action="store_true")
    sheet = sub.add_parser("casesheet", help="the one-page case sheet of a case for its coordination meeting (PDF, "
                                             "no personal data)")
    sheet.add_argument("project", type=project_arg)
    sheet.add_argument("incident_id", help="the case's incident id, e.g. I20250120-0003")
    sheet.add_argument("-o", "--output", required=True, type=Path)


def as_of_arg(value: str | None) -> pd.Timestamp | None:
    """A time given on the command line, local (+08:00) unless it says otherwise."""
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except ValueError:
        raise ValueError(msg("bad_as_of", value=value)) from None
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(LOCAL_TZ)
        if len(value.strip()) <= 10:                # a day: the end of it
            stamp += pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    return stamp.tz_convert(LOCAL_TZ)


def _cmd_dispatch(args) -> int:
    from .analysis.dispatch import apply_plan, community_of_incidents, plan_dispatch
    from .io.dispatch_rules import project_rules, read_rules
    from .project import Project
    as_of = as_of_arg(args.as_of)
    project = Project.open(args.project)
    if "incidents" not in project:
        raise ValueError(msg("no_incidents", path=args.project))
    rules = read_rules(args.rules, args.encoding) if args.rules else project_rules(project)
    if rules is None:
        raise ValueError(msg("dispatch_no_rules", path=args.project))
    plan = plan_dispatch(project, rules, as_of)
    incidents = project["incidents"].data
    community = community_of_incidents(project)
    waiting = len(plan.rows) + len(plan.unmatched)
    lang = language()
    if not args.dry_run and len(plan.rows):
        project["incidents"].data = apply_plan(incidents, plan)
        project.save()
    counts = plan.counts()
    levels = {}
    for department, level in zip(plan.department, plan.level):
        levels.setdefault(str(department), set()).add(str(level))
    if args.json:
        print(json.dumps({"rules": len(rules), "waiting": waiting, "dispatched": len(plan.rows),
                          "departments": counts, "saved": not args.dry_run and len(plan.rows) > 0,
                          "unmatched": [{"incident_id": str(incidents["incident_id"].iloc[k]),
                                         "category": str(incidents["category"].iloc[k]),
                                         "community_code": community[k]} for k in plan.unmatched]},
                         ensure_ascii=False, indent=1))
        return 1 if len(plan.unmatched) else 0
    print(msg("dispatch_head", rules=len(rules), path=args.rules or msg("dispatch_kept"), waiting=f"{waiting:,}", matched=f"{len(plan.rows):,}",
              as_of="—" if as_of is None else f"{as_of:%Y-%m-%d %H:%M}",
              dry=msg("dispatch_dry") if args.dry_run else ""))
    for department, n in counts.items():
        level = "、".join(label(INCIDENT_LEVEL, lv, lang) for lv in sorted(levels[department]))
        print(msg("dispatch_line", department=department, n=f"{n:,}", level=level))
    if len(plan.unmatched):
        print(msg("dispatch_unmatched", n=len(plan.unmatched)))
        for k in plan.unmatched[:_SHOWN_UNMATCHED]:
            print(msg("dispatch_case", id=incidents["incident_id"].iloc[k],
                      category=label(INCIDENT_CATEGORY, incidents["category"].iloc[k], lang),
                      community=community[k] or "—"))
        if len(plan.unmatched) > _SHOWN_UNMATCHED:
            print(f"  … (+{len(plan.unmatched) - _SHOWN_UNMATCHED})")
    if not args.dry_run and len(plan.rows):
        print(msg("dispatch_saved", path=project.source))
    return 1 if len(plan.unmatched) else 0


def print_department_stats(project, as_of_text: str | None, as_json: bool) -> int:
    """``gridmap stats PROJECT --by department``."""
    from .analysis.dispatch import department_stats
    from .analysis.timeref import reference_time
    as_of = as_of_arg(as_of_text) or reference_time(project)
    figures = department_stats(project["incidents"].data, as_of)
    if as_json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0
    lang = language()
    print(msg("dept_head", as_of=f"{as_of:%Y-%m-%d %H:%M}"))

    def line(name, f):
        hours = "—" if f["median_hours"] is None else f"{f['median_hours']:.1f}"
        print(msg("dept_columns", name=name, open=f["open"], overdue=f["overdue"], late=f["late"],
                  resolved=f["resolved"], hours=hours))
    for name, f in figures["departments"].items():
        line(name, f)
    line(msg("dept_none"), figures["not_dispatched"])
    print(msg("dept_levels"))
    for name, f in figures["levels"].items():
        line(label(INCIDENT_LEVEL, name, lang), f)
    return 0


def _cmd_casesheet(args) -> int:
    from .export.case_sheet import write_case_sheet
    from .project import Project
    project = Project.open(args.project)
    path = write_case_sheet(project, args.incident_id, args.output, language())
    print(msg("casesheet_done", path=path, id=args.incident_id))
    return 0


HANDLERS = {"dispatch": _cmd_dispatch, "casesheet": _cmd_casesheet}

