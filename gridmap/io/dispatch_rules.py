"""The street's routing rules (派单规则): which department settles which category of case in which
community, at which level and within how many hours. A CSV (UTF-8 or GBK, detected) or XLSX table
with the columns category, community_code, department, level, hours — or their Chinese headers
诉求类别, 社区编码, 责任部门, 处置层级, 时限(小时); ``*`` (or an empty cell) for any category or
community; categories and levels as codes or Chinese/English labels. Every bad row is named."""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from layers.codes import INCIDENT_CATEGORY, INCIDENT_LEVEL, lookup_table
from layers.errors import DataError
from layers.messages import add_messages, msg

from .tabular import read_table

ANY = "*"
#: The project setting that keeps the street's rules (edited in the window's rules editor).
META_KEY = "dispatch_rules"
#: Accepted headers -> column.
HEADERS = {
    "category": "category", "诉求类别": "category", "类别": "category",
    "community_code": "community_code", "社区编码": "community_code", "社区": "community_code",
    "department": "department", "责任部门": "department", "部门": "department",
    "level": "level", "处置层级": "level", "层级": "level",
    "hours": "hours", "时限(小时)": "hours", "时限（小时）": "hours", "时限": "hours",
}
COLUMNS = ("category", "community_code", "department", "level", "hours")

add_messages({
    "rules_missing": {"zh": "{path}：缺少列 {columns}（应有 诉求类别、社区编码、责任部门、处置层级、时限(小时)，或 "
                            "category、community_code、department、level、hours）",
                      "en": "{path}: missing column(s) {columns} (expected category, community_code, department, "
                            "level, hours — or 诉求类别, 社区编码, 责任部门, 处置层级, 时限(小时))"},
    "rules_bad": {"zh": "{path} 第 {row} 行：{problem}", "en": "{path} row {row}: {problem}"},
    "rules_category": {"zh": "诉求类别 {value} 不认识（可用：{choices} 或 *）",
                       "en": "unknown category {value} (use one of {choices}, or *)"},
    "rules_level": {"zh": "处置层级 {value} 不认识（社区/街道/区级，或 community/street/district）",
                    "en": "unknown level {value} (community/street/district, or 社区/街道/区级)"},
    "rules_hours": {"zh": "时限 {value} 不是正数（小时）", "en": "hours {value} is not a positive number"},
    "rules_department": {"zh": "没有责任部门", "en": "no department"},
})


@dataclass(frozen=True)
class Rule:
    row: int                        # the table's row number (as a spreadsheet shows it)
    category: str                   # a category code or ANY
    community_code: str             # a community code or ANY
    department: str
    level: str                      # community / street / district
    hours: float

    @property
    def rank(self) -> tuple[int, int]:
        """Specific before general: a named community first, then a named category."""
        return (self.community_code == ANY, self.category == ANY)

    def fits(self, category: str, community_code: str | None) -> bool:
        return (self.category in (ANY, category)) and (self.community_code == ANY or self.community_code == community_code)


def read_rules(path: str | os.PathLike, encoding: str = "auto") -> list[Rule]:
    """The rules of ``path`` in the order they apply (specific before general, then file order).

    Raises DataError naming the file, the row and what is wrong; nothing is half-read."""
    path = Path(path)
    frame, info = read_table(path, encoding)
    return rules_from_frame(frame, path, info["first_row"])


def rules_from_frame(frame, source, first_row: int = 2) -> list[Rule]:
    """The rules of a table (headers as in a rules file; row ``first_row`` is the first data row),
    in the order they apply. ``source`` names the table in messages. Raises DataError."""
    path = source
    renamed = {c: HEADERS.get(c.strip().lower(), HEADERS.get(c.strip())) for c in frame.columns}
    frame = frame.rename(columns={c: n for c, n in renamed.items() if n})
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(msg("rules_missing", path=path, columns=", ".join(missing)))
    categories, levels = lookup_table(INCIDENT_CATEGORY), lookup_table(INCIDENT_LEVEL)
    rules, problems = [], []
    for k, row in enumerate(frame[list(COLUMNS)].itertuples(index=False)):
        number = k + first_row
        category = str(row.category).strip()
        community = str(row.community_code).strip()
        department = str(row.department).strip()
        level_text = str(row.level).strip()
        problem = None
        if category in ("", ANY):
            category = ANY
        elif category.lower() in categories:
            category = categories[category.lower()]
        else:
            problem = msg("rules_category", value=category, choices=", ".join(INCIDENT_CATEGORY))
        level = levels.get(level_text.lower())
        try:
            hours = float(str(row.hours).strip())
        except ValueError:
            hours = float("nan")
        if problem is None and level is None:
            problem = msg("rules_level", value=level_text)
        if problem is None and not (math.isfinite(hours) and hours > 0):
            problem = msg("rules_hours", value=row.hours)
        if problem is None and not department:
            problem = msg("rules_department")
        if problem is not None:
            problems.append(msg("rules_bad", path=path, row=number, problem=problem))
            continue
        rules.append(Rule(number, category, community if community not in ("", ANY) else ANY, department, level, hours))
    if problems:
        raise DataError("\n".join(problems))
    return sorted(rules, key=lambda r: (r.rank, r.row))


def rules_to_text(rules: list[Rule]) -> str:
    """The rules as the project keeps them (JSON rows in table order: category, community_code,
    department, level, hours)."""
    rows = [[r.category, r.community_code, r.department, r.level, r.hours] for r in sorted(rules, key=lambda r: r.row)]
    return json.dumps(rows, ensure_ascii=False)


def rules_from_text(text: str, source: str = "dispatch_rules") -> list[Rule]:
    """Rules kept in a project (``rules_to_text``), in the order they apply. Raises DataError."""
    try:
        rows = json.loads(text)
        frame = pd.DataFrame([list(map(str, r)) for r in rows], columns=list(COLUMNS))
    except (ValueError, TypeError) as exc:
        raise DataError(f"{source}: {exc}") from None
    return rules_from_frame(frame, source, 1)


def write_rules(rules_rows: list[list], path: str | os.PathLike) -> Path:
    """Write rule rows (category, community_code, department, level, hours as texts or codes) to a
    CSV with Chinese headers that Excel opens (UTF-8 with BOM); a cell that would start a formula
    is kept as text. The file is written whole or not at all."""
    from .safe_cells import neutralise_frame
    path = Path(path)
    frame = pd.DataFrame([[("" if v is None else str(v)) for v in r] for r in rules_rows],
                         columns=["诉求类别", "社区编码", "责任部门", "处置层级", "时限(小时)"])
    partial = path.with_name(path.name + ".partial")
    neutralise_frame(frame).to_csv(partial, index=False, encoding="utf-8-sig")
    os.replace(partial, path)
    return path


def project_rules(project) -> list[Rule] | None:
    """The rules the project keeps, in the order they apply; None when it keeps none."""
    text = project.meta.get(META_KEY)
    return rules_from_text(text, META_KEY) if text else None
