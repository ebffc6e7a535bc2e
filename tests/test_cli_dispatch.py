"""``gridmap dispatch`` and ``gridmap stats --by department`` as a user runs them, on a copy of the
demo with the demo's routing rules (data/dispatch_rules.csv), against an independent reading of
the rules (pandas) and an independent count."""
import hashlib
import json
import shutil

import pandas as pd
import pytest

from tests.analysis.test_dispatch import independent_figures
from tests.test_cli import run

CATEGORY = {"供热": "heating", "供水": "water", "排水": "drainage", "物业管理": "property", "噪声扰民": "noise",
            "环境卫生": "sanitation", "邻里纠纷": "neighbor", "家庭矛盾": "family", "治安": "public_order"}
LEVEL = {"社区": "community", "街道": "street"}


@pytest.fixture
def copy(tmp_path, demo_path):
    path = tmp_path / "hongqi.gpkg"
    shutil.copy(demo_path, path)
    return path


def expected_dispatch(project):
    """Department, level and hours of each incident, read off the rules by hand."""
    rules = pd.read_csv("data/dispatch_rules.csv", dtype=str)
    cells = project["grid_cells"].data.set_index("grid_code")["community_code"]
    out = []
    for row in project["incidents"].data.itertuples():
        if isinstance(row.department, str):       # the seed's cases were dispatched already
            out.append("kept")
            continue
        community = cells.get(row.grid_code) if isinstance(row.grid_code, str) else None
        found = None
        for rule in rules.itertuples():         # the community rule is first in the file
            if CATEGORY[rule[1]] == row.category and rule[2] in ("*", community):
                found = (rule[3], LEVEL[rule[4]], float(rule[5]))
                break
        out.append(found)
    return out


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_dry_run_reports_and_changes_nothing(copy, demo_project):
    before = sha(copy)
    result = run("dispatch", str(copy), "--rules", "data/dispatch_rules.csv", "--dry-run", "--json")
    assert result.returncode == 1, result.stderr            # the "other" cases: no rule fits
    report = json.loads(result.stdout)
    expected = expected_dispatch(demo_project)
    others = demo_project["incidents"].data["incident_id"][[e is None for e in expected]].tolist()
    kept = sum(e == "kept" for e in expected)
    assert [u["incident_id"] for u in report["unmatched"]] == others and others and kept == 14
    assert report["dispatched"] == len(expected) - len(others) - kept and report["saved"] is False
    counts = pd.Series([e[0] for e in expected if e and e != "kept"]).value_counts().to_dict()
    assert report["departments"] == counts
    assert sha(copy) == before


def test_dispatch_saves_department_level_and_deadline(copy, demo_project):
    from gridmap.project import Project
    result = run("dispatch", str(copy), "--rules", "data/dispatch_rules.csv", env_lang="zh_CN.UTF-8")
    assert result.returncode == 1, result.stderr
    assert "热力公司" in result.stdout and "没有规则适用的事件" in result.stdout and "已保存到" in result.stdout
    saved = Project.open(copy)["incidents"].data
    expected = expected_dispatch(demo_project)
    before = demo_project["incidents"].data
    for k, e in enumerate(expected):
        row = saved.iloc[k]
        if e == "kept":
            assert (row["department"], row["level"], row["due_at"]) == tuple(before.iloc[k][["department", "level",
                                                                                             "due_at"]])
            continue
        if e is None:
            assert pd.isna(row["department"]) and pd.isna(row["due_at"])
            continue
        assert (row["department"], row["level"]) == e[:2], k
        assert row["due_at"] == row["reported_at"] + pd.Timedelta(hours=e[2])
    # 邻里纠纷 in 珠江社区 went to the judicial office, elsewhere to the community's mediators
    neighbour = saved[saved["category"] == "neighbor"]
    assert set(neighbour.loc[neighbour["grid_code"].str.startswith("230110004004", na=False), "department"]) == {"司法所"}
    assert "社区人民调解委员会" in set(neighbour["department"])
    # a second run finds only the cases no rule fits
    again = run("dispatch", str(copy), "--rules", "data/dispatch_rules.csv", "--json")
    report = json.loads(again.stdout)
    assert report["dispatched"] == 0 and report["waiting"] == len(report["unmatched"]) > 0


def test_stats_by_department_equal_an_independent_count(copy):
    from gridmap.project import Project
    run("dispatch", str(copy), "--rules", "data/dispatch_rules.csv")
    result = run("stats", str(copy), "--by", "department", "--as-of", "2025-03-15T12:00", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    frame = Project.open(copy)["incidents"].data
    as_of = pd.Timestamp("2025-03-15T12:00+08:00")
    expected = independent_figures(frame, as_of)
    assert figures["departments"] == {k: v for k, v in expected.items() if k}
    assert figures["not_dispatched"] == expected[""]
    assert set(figures["levels"]) == {"community", "street", "district"}
    for name, f in figures["departments"].items():
        assert set(f) == {"open", "overdue", "late", "resolved", "median_hours"}


def test_bad_rules_and_times_are_one_line_and_exit_2(copy, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("诉求类别,社区编码,责任部门,处置层级,时限(小时)\n天气,*,气象局,街道,24\n", encoding="utf-8")
    result = run("dispatch", str(copy), "--rules", str(bad))
    assert result.returncode == 2 and "bad.csv" in result.stderr and "row 2" in result.stderr, result.stderr
    late = run("dispatch", str(copy), "--rules", "data/dispatch_rules.csv", "--as-of", "yesterday-ish")
    assert late.returncode == 2 and "--as-of" in late.stderr
    missing = run("dispatch", str(copy), "--rules", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "nope.csv" in missing.stderr and "Traceback" not in missing.stderr


def test_open311_carries_department_and_deadline(copy, tmp_path, demo_project):
    run("dispatch", str(copy), "--rules", "data/dispatch_rules.csv")
    out = tmp_path / "requests.json"
    result = run("open311", str(copy), "-o", str(out))
    assert result.returncode == 0, result.stderr
    requests = {r["service_request_id"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    from gridmap.project import Project
    saved = Project.open(copy)["incidents"].data.set_index("incident_id")
    pump = requests["I20250114-0002"]
    assert pump["agency_responsible"] == "供水公司" and pump["extended_attributes"]["level"] == "street"
    assert pd.Timestamp(pump["expected_datetime"]) == saved.loc["I20250114-0002", "due_at"]
    for rid, r in requests.items():
        row = saved.loc[rid]
        if isinstance(row["department"], str):
            assert r["agency_responsible"] == row["department"]
            assert pd.Timestamp(r["expected_datetime"]) == row["due_at"]
        else:
            cell = row["grid_code"]
            assert r["expected_datetime"] is None
            assert r["agency_responsible"] == (f"网格 {cell}" if isinstance(cell, str) else None)


def test_a_file_without_the_new_columns_gets_them_when_a_case_is_dispatched(copy):
    """A project written before department/level/due_at existed: opening adds them empty, and the
    save that first carries values adds them to the file (nothing dropped, nothing else rewritten)."""
    import sqlite3
    from gridmap.project import Project
    with sqlite3.connect(copy) as con:
        for column in ("department", "level", "due_at"):
            con.execute(f"ALTER TABLE incidents DROP COLUMN {column}")
        rows_before = con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    project = Project.open(copy)
    assert project["incidents"].data["department"].isna().all() and not project.modified
    result = run("dispatch", str(copy), "--rules", "data/dispatch_rules.csv")
    assert result.returncode == 1, result.stderr
    with sqlite3.connect(copy) as con:
        columns = {r[1]: r[2] for r in con.execute("PRAGMA table_info(incidents)")}
        dispatched = con.execute("SELECT count(*) FROM incidents WHERE department IS NOT NULL").fetchone()[0]
        assert con.execute("SELECT count(*) FROM incidents").fetchone()[0] == rows_before
    assert columns["department"] == "TEXT" and columns["due_at"] == "DATETIME" and "level" in columns
    saved = Project.open(copy)["incidents"].data
    assert dispatched == int(saved["department"].notna().sum()) > 5000
    assert (saved["due_at"].notna() == saved["department"].notna()).all()


def test_dispatch_uses_the_rules_the_project_keeps(copy, tmp_path):
    from gridmap.io.dispatch_rules import META_KEY, read_rules, rules_to_text
    from gridmap.project import Project
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    none = run("dispatch", str(copy), "--dry-run", "--json")
    assert none.returncode == 2 and "keeps no routing rules: give --rules" in none.stderr
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    project = Project.open(copy)
    project.meta[META_KEY] = rules_to_text(read_rules("data/dispatch_rules.csv"))
    project.save()
    kept = run("dispatch", str(copy), "--dry-run", "--json")
    by_file = run("dispatch", str(copy), "--rules", "data/dispatch_rules.csv", "--dry-run", "--json")
    assert kept.returncode == by_file.returncode == 1                     # 其他 has no rule: listed, exit 1
    assert json.loads(kept.stdout) == json.loads(by_file.stdout)
