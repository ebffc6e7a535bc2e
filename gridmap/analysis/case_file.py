"""Case-file entries as data (案件记录): dispatching a case to a department with a deadline, the
department's reporting in (报到), escalation community → street → district with a reason, a
coordination meeting, the agreement's terms, follow-up visits and settling. Each function returns
new frames (the incidents and the case file); the caller applies them, undoably.

What an entry does to its case:
- dispatch: sets department, level and due_at; a case still 受理 moves to 派遣.
- report_in: a case not yet 处置中 moves there (the department is at work).
- escalate: the level goes up (community → street → district, never down or sideways); a reason is
  required; a department named takes the case over.
- settle: the case moves to 办结 at the entry's time, at the entry's level (the level it was settled
  at is what the centre's "小事不出社区" shares count).
- meeting, agreement, follow_up: recorded only. A settled case takes only follow-up visits.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from layers.codes import CASE_EVENT, CLOSED_STATUSES, INCIDENT_LEVEL, label
from layers.coded import settable
from layers.messages import add_messages, language, msg
from layers.validate import LOCAL_TZ

from .incident_edit import WORKFLOW, set_status

LEVELS = tuple(INCIDENT_LEVEL)
EVENT_COLUMNS = ("event_id", "incident_id", "at", "kind", "department", "level", "parties", "reason", "outcome",
                 "terms")
#: Which fields each kind of entry must have (beyond its time).
REQUIRED = {"dispatch": ("department", "level"), "report_in": ("department",), "escalate": ("level", "reason"),
            "meeting": ("parties", "outcome"), "agreement": ("terms",), "follow_up": ("outcome",), "settle": ()}

add_messages({
    "case_unknown_kind": {"zh": "不认识的案件记录类型 {kind}", "en": "unknown kind of case-file entry {kind}"},
    "case_missing": {"zh": "{case}：{kind}需要填写{fields}", "en": "{case}: a {kind} entry needs {fields}"},
    "case_before": {"zh": "{case}：记录时间 {at} 早于受理时间 {reported}",
                    "en": "{case}: the entry's time {at} is before the case was reported ({reported})"},
    "case_settled": {"zh": "{case} 已办结，只能再记回访", "en": "{case} is settled: only follow-up visits can be added"},
    "case_not_up": {"zh": "{case}：升级只能向上（社区 → 街道 → 区级），当前层级为 {current}",
                    "en": "{case}: escalation only goes up (community → street → district); the case is at {current}"},
    "case_bad_level": {"zh": "{case}：处置层级 {value} 不认识（社区/街道/区级）",
                       "en": "{case}: unknown level {value} (community/street/district)"},
    "case_due_before": {"zh": "{case}：办理时限 {due} 早于受理时间 {reported}",
                        "en": "{case}: the deadline {due} is before the case was reported ({reported})"},
})
_FIELD_NAMES = {"department": ("责任部门", "a department"), "level": ("处置层级", "a level"),
                "reason": ("升级原因", "a reason"), "parties": ("参会部门和当事方", "the parties present"),
                "outcome": ("结果", "an outcome"), "terms": ("协议条款", "the terms")}


@dataclass(frozen=True)
class Suggestion:
    """What the routing rules say for one case: the rule's row, department, level, hours, deadline."""

    rule_row: int
    department: str
    level: str
    hours: float
    due_at: pd.Timestamp


def empty_case_file() -> pd.DataFrame:
    """A case file with no entries (the columns of layers.CaseEventsLayer)."""
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in EVENT_COLUMNS})
    frame["at"] = pd.Series(dtype=pd.DatetimeTZDtype("us", LOCAL_TZ))
    return frame


def entries_of(events: pd.DataFrame | None, incident_id: str) -> pd.DataFrame:
    """The entries of one case in time order (entries at the same time in the order they were made)."""
    if events is None or not len(events):
        return empty_case_file()
    return events[(events["incident_id"] == incident_id).to_numpy()].sort_values("at", kind="stable")


def next_event_id(events: pd.DataFrame) -> str:
    """E0001, E0002 … one more than the highest number used (ids of other forms are left alone)."""
    numbers = pd.to_numeric(events["event_id"].astype(str).str.extract(r"^E(\d+)$")[0], errors="coerce")
    top = numbers.max() if len(numbers) else float("nan")
    return f"E{int(top) + 1 if top == top else 1:04d}"


def suggest(rules, category: str, community_code: str | None, reported_at: pd.Timestamp) -> Suggestion | None:
    """The first of ``rules`` (already in the order they apply) that fits, with its deadline."""
    for rule in rules:
        if rule.fits(category, community_code):
            return Suggestion(rule.row, rule.department, rule.level, rule.hours,
                              reported_at + pd.Timedelta(hours=rule.hours))
    return None


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def add_entry(incidents: pd.DataFrame, events: pd.DataFrame, row: int, kind: str, at: pd.Timestamp,
              fields: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The incidents frame and the case file with one ``kind`` entry for the case at ``row``.

    ``fields``: department, level, parties, reason, outcome, terms (texts; level a code) and, for a
    dispatch, due_at. Raises ValueError naming the case and what is wrong; the frames given are
    never changed. Messages and labels in the language of ``layers.messages``."""
    lang = language()
    if kind not in CASE_EVENT:
        raise ValueError(msg("case_unknown_kind", kind=kind))
    case = incidents.iloc[row]
    name = str(case["incident_id"])
    values = {k: _text(fields.get(k)) for k in ("department", "level", "parties", "reason", "outcome", "terms")}
    current_level = _text(case["level"]) if "level" in incidents else ""
    if not values["level"] and kind != "escalate":
        values["level"] = current_level
    if not values["department"] and kind in ("report_in", "settle", "escalate", "meeting", "agreement"):
        values["department"] = _text(case["department"]) if "department" in incidents else ""
    missing = [f for f in REQUIRED[kind] if not values[f]]
    if missing:
        zh = lang == "zh"
        raise ValueError(msg("case_missing", case=name, kind=label(CASE_EVENT, kind, lang),
                             fields=("、" if zh else ", ").join(_FIELD_NAMES[f][0 if zh else 1] for f in missing)))
    if values["level"] and values["level"] not in LEVELS:
        raise ValueError(msg("case_bad_level", case=name, value=values["level"]))
    at = pd.Timestamp(at)
    reported = case["reported_at"]
    if pd.notna(reported) and at < reported:
        raise ValueError(msg("case_before", case=name, at=f"{at:%Y-%m-%d %H:%M}", reported=f"{reported:%Y-%m-%d %H:%M}"))
    if case["status"] in CLOSED_STATUSES and kind != "follow_up":
        raise ValueError(msg("case_settled", case=name))
    if kind == "escalate" and current_level and LEVELS.index(values["level"]) <= LEVELS.index(current_level):
        raise ValueError(msg("case_not_up", case=name, current=label(INCIDENT_LEVEL, current_level, lang)))
    out = incidents.copy(deep=False)       # copy-on-write: only the columns set are copied
    index = out.index[row]
    for column in ("department", "level"):
        if column not in out:
            out[column] = None
    if kind in ("dispatch", "escalate", "settle"):
        if values["department"]:
            out.loc[index, "department"] = values["department"]
        settable(out, "level", values["level"] or None)
        out.loc[index, "level"] = values["level"] or None
    if kind == "dispatch":
        due = fields.get("due_at")
        if "due_at" not in out:
            out["due_at"] = pd.Series(pd.NaT, index=out.index, dtype=incidents["reported_at"].dtype)
        if due is not None and pd.notna(due):
            due = pd.Timestamp(due)
            if pd.notna(reported) and due < reported:
                raise ValueError(msg("case_due_before", case=name, due=f"{due:%Y-%m-%d %H:%M}",
                                     reported=f"{reported:%Y-%m-%d %H:%M}"))
            out.loc[index, "due_at"] = due
    target = {"dispatch": "dispatched", "report_in": "in_progress", "settle": "resolved"}.get(kind)
    if target and WORKFLOW.index(target) > WORKFLOW.index(case["status"]):
        out = set_status(out, row, target, at)
    entry = {"event_id": next_event_id(events), "incident_id": name, "at": at,
             "kind": kind}
    entry.update({k: (v or None) for k, v in values.items()})
    new = pd.DataFrame([entry], columns=list(events.columns) if len(events.columns) else list(EVENT_COLUMNS))
    for column in events.columns:
        if column not in entry:
            new[column] = None
    if len(events):
        new["at"] = new["at"].astype(events["at"].dtype)
        combined = pd.concat([events, new], ignore_index=True)
    else:
        combined = new
    return out, combined


def history(incidents: pd.DataFrame, events: pd.DataFrame | None, row: int) -> list[tuple[pd.Timestamp, str, dict]]:
    """The case's history in time order: its workflow steps (reported, dispatched, … closed, from
    the incidents' time columns) and its case-file entries, each as (time, kind, fields); workflow
    steps have kinds ``status:<status>``. A step an entry made (dispatch → 派遣, report_in → 处置中,
    settle → 办结, at the entry's time) follows that entry; other steps come before the entries of
    their minute."""
    case = incidents.iloc[row]
    steps = {"received": "reported_at", "dispatched": "dispatched_at", "in_progress": "in_progress_at",
             "resolved": "resolved_at", "closed": "closed_at"}
    made_by = {"dispatched": "dispatch", "in_progress": "report_in", "resolved": "settle"}
    keyed = []
    entries = list(entries_of(events, str(case["incident_id"])).itertuples(index=False))
    for k, entry in enumerate(entries):
        keyed.append(((pd.Timestamp(entry.at).value, 2 * k + 1),
                      (entry.at, entry.kind, {c: getattr(entry, c, None) for c in EVENT_COLUMNS[4:]})))
    for status, column in steps.items():
        if column not in incidents or pd.isna(case[column]):
            continue
        at = case[column]
        owner = [k for k, e in enumerate(entries) if e.kind == made_by.get(status) and e.at == at]
        order = 2 * owner[0] + 2 if owner else 0
        keyed.append(((pd.Timestamp(at).value, order), (at, f"status:{status}", {})))
    keyed.sort(key=lambda item: item[0])
    return [item for _key, item in keyed]
