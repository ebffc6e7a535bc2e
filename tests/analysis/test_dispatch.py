"""Dispatching by the street's routing rules: rule tables applied to hand-built cases (specific before
general, unmatched reported), against a plain-Python choice and a spatial join for the community;
bad rule tables named by file and row; the department figures against an independent count."""
import numpy as np
import pandas as pd
import pytest

from gridmap.analysis.dispatch import apply_plan, department_stats, plan_dispatch, settled_shares
from gridmap.io.dispatch_rules import read_rules
from layers.errors import DataError

RULES_ZH = """诉求类别,社区编码,责任部门,处置层级,时限(小时)
供热,*,热力公司,街道,48
物业管理,*,住建办,street,72
供热,230110004004,珠江供热站,社区,24
*,230110004004,珠江社区居委会,社区,72
neighbor,,司法所,community,120.5
"""


def write(tmp_path, text, name="rules.csv", encoding="gbk"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_rules_are_ordered_specific_before_general(tmp_path):
    rules = read_rules(write(tmp_path, RULES_ZH))
    assert [(r.category, r.community_code, r.department, r.level, r.hours, r.row) for r in rules] == [
        ("heating", "230110004004", "珠江供热站", "community", 24.0, 4),      # community and category named
        ("*", "230110004004", "珠江社区居委会", "community", 72.0, 5),         # community named
        ("heating", "*", "热力公司", "street", 48.0, 2),                      # category named, file order
        ("property", "*", "住建办", "street", 72.0, 3),
        ("neighbor", "*", "司法所", "community", 120.5, 6),
    ]
    # the same table in UTF-8 with English headers reads the same
    english = RULES_ZH.replace("诉求类别,社区编码,责任部门,处置层级,时限(小时)", "category,community_code,department,level,hours")
    assert read_rules(write(tmp_path, english, "en.csv", "utf-8")) == rules


@pytest.mark.parametrize("line, words", [
    ("天气,*,气象局,街道,24", ["rules.csv", "第 2 行", "天气"]),
    ("供热,*,热力公司,乡镇,24", ["第 2 行", "乡镇"]),
    ("供热,*,热力公司,街道,两天", ["第 2 行", "两天"]),
    ("供热,*,热力公司,街道,-4", ["第 2 行", "-4"]),
    ("供热,*,,街道,24", ["第 2 行", "责任部门"]),
])
def test_a_bad_rule_is_named_by_file_and_row(tmp_path, line, words):
    from layers.messages import set_language
    set_language("zh")
    try:
        with pytest.raises(DataError) as caught:
            read_rules(write(tmp_path, "诉求类别,社区编码,责任部门,处置层级,时限(小时)\n" + line + "\n"))
    finally:
        set_language("en")
    assert all(w in str(caught.value) for w in words), str(caught.value)


def test_a_table_without_the_columns_is_refused(tmp_path):
    with pytest.raises(DataError, match="missing column.*hours"):
        read_rules(write(tmp_path, "category,community_code,department,level\nheating,*,x,street\n"))


def community_by_spatial_join(project):
    import geopandas as gpd
    points = project["incidents"].data[["geometry"]].reset_index(drop=True)
    cells = project["grid_cells"].data[["community_code", "geometry"]]
    joined = gpd.sjoin(points, cells, predicate="within", how="left")
    joined = joined[~joined.index.duplicated()]
    return joined["community_code"].reindex(points.index).to_numpy(dtype=object)


def choose_by_hand(rules_in_file_order, category, community):
    """The first fitting rule: community named before any community, then category named before any."""
    fitting = [r for r in rules_in_file_order
               if r.category in ("*", category) and r.community_code in ("*", community)]
    if not fitting:
        return None
    return min(fitting, key=lambda r: (r.community_code == "*", r.category == "*", r.row))


def test_every_case_gets_the_rule_a_hand_choice_gives(tmp_path, fresh_demo):
    rules = read_rules(write(tmp_path, RULES_ZH))
    project = fresh_demo
    incidents = project["incidents"].data
    already = incidents.index[:3]                       # three cases were dispatched by hand earlier
    frame = incidents.copy()
    frame["department"] = None
    frame.loc[already, "department"] = "街道综治中心"
    project["incidents"].data = frame
    plan = plan_dispatch(project, rules)
    communities = community_by_spatial_join(project)
    file_order = sorted(rules, key=lambda r: r.row)
    got = {int(k): (d, lv, due) for k, d, lv, due in zip(plan.rows, plan.department, plan.level, plan.due_at)}
    unmatched = set(int(k) for k in plan.unmatched)
    for k in range(len(frame)):
        if k < 3:
            assert k not in got and k not in unmatched
            continue
        rule = choose_by_hand(file_order, frame["category"].iloc[k], communities[k])
        if rule is None:
            assert k in unmatched, k
            continue
        department, level, due = got[k]
        assert (department, level) == (rule.department, rule.level), (k, rule)
        assert due == frame["reported_at"].iloc[k] + pd.Timedelta(hours=rule.hours)
    assert unmatched and got
    # the specific rules took their cases: heating in 珠江社区 went to its station, not the company
    heating_004 = [k for k, (d, _l, _t) in got.items() if frame["category"].iloc[k] == "heating"
                   and communities[k] == "230110004004"]
    assert heating_004 and all(got[k][0] == "珠江供热站" for k in heating_004)
    # applied: a new frame, the old one untouched; the hand-dispatched ones kept
    out = apply_plan(frame, plan)
    assert out["department"].iloc[:3].tolist() == ["街道综治中心"] * 3 and frame["department"].iloc[3:].isna().all()
    assert out["department"].iloc[plan.rows].tolist() == list(plan.department)
    assert (out["due_at"].iloc[plan.rows].reset_index(drop=True) == plan.due_at).all()


def test_as_of_leaves_later_cases_alone(tmp_path, fresh_demo):
    rules = read_rules(write(tmp_path, RULES_ZH))
    as_of = pd.Timestamp("2024-12-31T23:59:59+08:00")
    plan = plan_dispatch(fresh_demo, rules, as_of)
    reported = fresh_demo["incidents"].data["reported_at"]
    considered = np.concatenate([plan.rows, plan.unmatched])
    assert (reported.iloc[considered] <= as_of).all()
    assert len(considered) == int((reported <= as_of).sum())


def independent_figures(frame, as_of):
    """open / overdue / late / resolved / median hours by plain pandas, case by case."""
    out = {}
    frame = frame[frame["reported_at"] <= as_of]
    for name, group in frame.groupby(frame["department"].fillna("")):
        rows = list(group.itertuples())
        resolved = [r for r in rows if r.status in ("resolved", "closed")
                    and (pd.isna(r.resolved_at) or r.resolved_at <= as_of)]
        open_ = [r for r in rows if r not in resolved]
        hours = [(r.resolved_at - r.reported_at).total_seconds() / 3600 for r in resolved if not pd.isna(r.resolved_at)]
        out[name] = {"open": len(open_), "overdue": sum(1 for r in open_ if not pd.isna(r.due_at) and r.due_at < as_of),
                     "late": sum(1 for r in resolved if not pd.isna(r.due_at) and not pd.isna(r.resolved_at)
                                 and r.resolved_at > r.due_at),
                     "resolved": len(resolved), "median_hours": round(float(np.median(hours)), 2) if hours else None}
    return out


def test_department_figures_equal_an_independent_count(tmp_path, fresh_demo):
    rules = read_rules(write(tmp_path, RULES_ZH))
    plan = plan_dispatch(fresh_demo, rules)
    frame = apply_plan(fresh_demo["incidents"].data, plan)
    for as_of in (pd.Timestamp("2025-03-31T20:15+08:00"), pd.Timestamp("2024-06-30T12:00+08:00")):
        ours = department_stats(frame, as_of)
        expected = independent_figures(frame, as_of)
        assert ours["departments"] == {k: v for k, v in expected.items() if k}
        assert ours["not_dispatched"] == expected[""]
        assert sum(f["open"] for f in ours["levels"].values()) + ours["not_dispatched"]["open"] == \
            sum(f["open"] for f in expected.values())
        shares = [f["share_of_settled"] for f in ours["levels"].values()]
        assert abs(sum(shares) - 1.0) < 1e-3
    assert ours["departments"]["热力公司"]["resolved"] > 0


def test_settled_shares_of_disputes(tmp_path, fresh_demo):
    rules = read_rules(write(tmp_path, RULES_ZH))
    frame = apply_plan(fresh_demo["incidents"].data, plan_dispatch(fresh_demo, rules))
    start, end = pd.Timestamp("2025-01-01T00:00+08:00"), pd.Timestamp("2025-03-31T23:59+08:00")
    shares = settled_shares(frame, start, end)
    done = frame[(frame["kind"] == "dispute") & frame["status"].isin(["resolved", "closed"])
                 & (frame["resolved_at"] >= start) & (frame["resolved_at"] <= end) & frame["level"].notna()]
    assert shares["community"] == round((done["level"] == "community").mean(), 4)
    assert shares["street"] == round((done["level"] == "street").mean(), 4)


def test_community_of_one_incident_equals_the_whole_computation(fresh_demo):
    from gridmap.analysis.dispatch import community_of_incident, community_of_incidents
    project = fresh_demo
    frame = project["incidents"].data.copy()
    frame.loc[frame.index[:40], "grid_code"] = None           # some must be placed by where they lie
    project["incidents"].data = frame
    every = community_of_incidents(project)
    for row in list(range(40)) + list(range(1000, 1040)):
        assert community_of_incident(project, row) == every[row], row
