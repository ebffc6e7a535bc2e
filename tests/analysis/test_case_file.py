"""Case-file entries on hand-built cases: what each entry does to its case (department, level,
deadline, status with its time), escalation only upwards, settled cases take only follow-ups,
missing fields and times before the report named; the frames given are never changed; the
suggestion is the first fitting rule (specific before general); rules kept in a project and written
to CSV read back as they were."""
import pandas as pd
import pytest

from gridmap.analysis.case_file import add_entry, empty_case_file, history, next_event_id, suggest
from gridmap.io.dispatch_rules import (Rule, read_rules, rules_from_text, rules_to_text, write_rules)
from layers import CaseEventsLayer
from layers.validate import LOCAL_TZ


def T(text):
    return pd.Timestamp(text).tz_localize(LOCAL_TZ)


def cases():
    return pd.DataFrame({
        "incident_id": ["A", "B", "C"], "category": ["drainage", "heating", "family"],
        "kind": ["dispute", "complaint", "dispute"],
        "reported_at": pd.Series([T("2025-01-20 08:00"), T("2025-01-21 09:00"), T("2025-01-22 10:00")]),
        "status": ["received", "received", "resolved"],
        "resolved_at": pd.Series([pd.NaT, pd.NaT, T("2025-01-23 10:00")], dtype="datetime64[us, UTC+08:00]"),
    })


def test_dispatch_escalate_settle_change_the_case_as_stated(chinese):
    incidents, events = cases(), empty_case_file()
    before = incidents.copy()
    i1, e1 = add_entry(incidents, events, 0, "dispatch", T("2025-01-20 11:00"),
                       {"department": "社区人民调解委员会", "level": "community", "due_at": T("2025-01-23 11:00"),
                        "reason": "邻里排水纠纷"})
    pd.testing.assert_frame_equal(incidents, before)           # the frame given is untouched
    assert len(events) == 0
    case = i1.iloc[0]
    assert (case["department"], case["level"], case["due_at"], case["status"], case["dispatched_at"]) == (
        "社区人民调解委员会", "community", T("2025-01-23 11:00"), "dispatched", T("2025-01-20 11:00"))
    assert i1.iloc[1]["status"] == "received" and pd.isna(i1.iloc[1]["department"])
    assert e1[["event_id", "incident_id", "kind", "department", "level", "reason"]].values.tolist() == [
        ["E0001", "A", "dispatch", "社区人民调解委员会", "community", "邻里排水纠纷"]]
    # escalation: never sideways or down, needs a reason
    with pytest.raises(ValueError, match="社区 → 街道 → 区级"):
        add_entry(i1, e1, 0, "escalate", T("2025-01-21 16:00"), {"level": "community", "reason": "x"})
    with pytest.raises(ValueError, match="升级原因"):
        add_entry(i1, e1, 0, "escalate", T("2025-01-21 16:00"), {"level": "street"})
    i2, e2 = add_entry(i1, e1, 0, "escalate", T("2025-01-21 16:00"),
                       {"level": "street", "department": "司法所", "reason": "社区调解未能达成一致"})
    assert (i2.iloc[0]["level"], i2.iloc[0]["department"], i2.iloc[0]["status"]) == ("street", "司法所", "dispatched")
    with pytest.raises(ValueError, match="A：升级只能向上"):
        add_entry(i2, e2, 0, "escalate", T("2025-01-21 17:00"), {"level": "street", "reason": "again"})
    i3, e3 = add_entry(i2, e2, 0, "report_in", T("2025-01-22 09:30"), {"parties": "司法所、律师事务所"})
    assert i3.iloc[0]["status"] == "in_progress" and i3.iloc[0]["in_progress_at"] == T("2025-01-22 09:30")
    assert e3.iloc[-1]["department"] == "司法所"                # the case's department by default
    i4, e4 = add_entry(i3, e3, 0, "meeting", T("2025-01-24 14:00"),
                       {"parties": "司法所、物业公司、住户代表", "outcome": "达成调解协议"})
    i5, e5 = add_entry(i4, e4, 0, "agreement", T("2025-01-24 16:30"), {"terms": "物业免费疏通；每户出资300元"})
    pd.testing.assert_frame_equal(i5, i4)                      # meetings and agreements are recorded only
    # settled in the community after all: the level it was settled at is the case's level
    i6, e6 = add_entry(i5, e5, 0, "settle", T("2025-01-26 16:00"), {"level": "community", "outcome": "疏通完毕"})
    assert (i6.iloc[0]["status"], i6.iloc[0]["resolved_at"], i6.iloc[0]["level"]) == (
        "resolved", T("2025-01-26 16:00"), "community")
    with pytest.raises(ValueError, match="只能再记回访"):
        add_entry(i6, e6, 0, "meeting", T("2025-02-01 10:00"), {"parties": "x", "outcome": "y"})
    i7, e7 = add_entry(i6, e6, 0, "follow_up", T("2025-02-10 10:00"), {"outcome": "排水通畅"})
    assert e7["event_id"].tolist() == [f"E{n:04d}" for n in range(1, 8)]
    assert e7["kind"].tolist() == ["dispatch", "escalate", "report_in", "meeting", "agreement", "settle", "follow_up"]
    CaseEventsLayer(e7)                                        # the contract accepts what was made
    # the history: workflow steps and entries in time order
    steps = [(t, k) for t, k, _f in history(i7, e7, 0)]
    assert steps == sorted(steps, key=lambda s: s[0])
    assert [k for _t, k in steps if k.startswith("status:")] == [
        "status:received", "status:dispatched", "status:in_progress", "status:resolved"]
    assert len(steps) == 4 + 7


@pytest.fixture
def chinese():
    from layers.messages import language, set_language
    before = language()
    set_language("zh")
    yield
    set_language(before)


@pytest.fixture
def english():
    from layers.messages import language, set_language
    before = language()
    set_language("en")
    yield
    set_language(before)


def test_bad_entries_are_named_and_change_nothing(chinese):
    incidents = cases()
    with pytest.raises(ValueError, match="B：派遣需要填写责任部门、处置层级"):
        add_entry(incidents, empty_case_file(), 1, "dispatch", T("2025-01-21 10:00"), {})
    with pytest.raises(ValueError, match="早于受理时间 2025-01-21 09:00"):
        add_entry(incidents, empty_case_file(), 1, "report_in", T("2025-01-21 08:59"), {"department": "热力公司"})
    with pytest.raises(ValueError, match="办理时限 2025-01-20 09:00 早于受理时间"):
        add_entry(incidents, empty_case_file(), 1, "dispatch", T("2025-01-21 10:00"),
                  {"department": "热力公司", "level": "street", "due_at": T("2025-01-20 09:00")})
    with pytest.raises(ValueError, match="处置层级 city"):
        add_entry(incidents, empty_case_file(), 1, "dispatch", T("2025-01-21 10:00"),
                  {"department": "热力公司", "level": "city"})
    with pytest.raises(ValueError, match="不认识的案件记录类型 party"):
        add_entry(incidents, empty_case_file(), 1, "party", T("2025-01-21 10:00"), {})


def test_messages_follow_the_language(english):
    with pytest.raises(ValueError, match="B: a Coordination meeting entry needs the parties present, an outcome"):
        add_entry(cases(), empty_case_file(), 1, "meeting", T("2025-01-21 10:00"), {})


def test_event_ids_continue_from_the_highest_number():
    events = pd.DataFrame({"event_id": ["E0007", "E0002", "old-1"]})
    assert next_event_id(events) == "E0008"
    assert next_event_id(pd.DataFrame({"event_id": ["x"]})) == "E0001"


def test_suggestion_is_the_first_fitting_rule_in_apply_order():
    rules = sorted([Rule(2, "heating", "*", "热力公司", "street", 48.0),
                    Rule(3, "*", "C1", "C1 居委会", "community", 72.0),
                    Rule(4, "heating", "C1", "C1 供热站", "community", 24.0),
                    Rule(5, "*", "*", "街道综治中心", "street", 96.0)], key=lambda r: (r.rank, r.row))
    at = T("2025-01-21 09:00")
    by_hand = {("heating", "C1"): (4, "C1 供热站", at + pd.Timedelta(hours=24)),
               ("water", "C1"): (3, "C1 居委会", at + pd.Timedelta(hours=72)),
               ("heating", "C2"): (2, "热力公司", at + pd.Timedelta(hours=48)),
               ("water", None): (5, "街道综治中心", at + pd.Timedelta(hours=96))}
    for (category, community), expected in by_hand.items():
        s = suggest(rules, category, community, at)
        assert (s.rule_row, s.department, s.due_at) == expected
    assert suggest(rules[:3], "water", "C2", at) is None


def test_rules_kept_in_the_project_and_written_to_csv_read_back(tmp_path):
    rules = read_rules("data/dispatch_rules.csv")
    assert rules_from_text(rules_to_text(rules), "x") == [
        Rule(k, r.category, r.community_code, r.department, r.level, r.hours)
        for k, r in zip([r.row - 1 for r in rules], rules)]            # kept rows count from 1
    rows = [["供热", "*", "=HYPERLINK(\"http://x\")", "街道", "48"], ["*", "230110004004", "珠江社区居委会", "社区", "72"]]
    path = write_rules(rows, tmp_path / "out.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")                # Excel opens it as UTF-8
    back = read_rules(path)
    assert [(r.category, r.department, r.level, r.hours) for r in sorted(back, key=lambda r: r.row)] == [
        ("heating", "'=HYPERLINK(\"http://x\")", "street", 48.0), ("*", "珠江社区居委会", "community", 72.0)]
    assert not (tmp_path / "out.csv.partial").exists()


def test_a_step_an_entry_made_follows_it_in_the_history(chinese):
    """All in one minute: dispatch, report in, settle — each followed by the step it made."""
    at = T("2025-01-21 10:00")
    i, e = add_entry(cases(), empty_case_file(), 1, "dispatch", at, {"department": "热力公司", "level": "street"})
    i, e = add_entry(i, e, 1, "report_in", at, {})
    i, e = add_entry(i, e, 1, "settle", at, {"outcome": "修好"})
    assert [k for _t, k, _f in history(i, e, 1)] == [
        "status:received", "dispatch", "status:dispatched", "report_in", "status:in_progress", "settle",
        "status:resolved"]
