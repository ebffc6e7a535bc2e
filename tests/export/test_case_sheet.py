"""The one-page case sheet for a coordination meeting: the case, its map and its case file, read
back with pdftotext against the project's tables (sqlite3); no personal data; bad input."""
import re
import sqlite3
import subprocess

import pytest

from tests.test_cli import run


@pytest.fixture(scope="module")
def sheet(tmp_path_factory, demo_path):
    with sqlite3.connect(demo_path) as con:
        case = con.execute("SELECT incident_id FROM case_events WHERE kind = 'agreement'").fetchone()[0]
        entries = con.execute("SELECT at, kind, department, parties, reason, outcome, terms FROM case_events "
                              "WHERE incident_id = ? ORDER BY at", (case,)).fetchall()
        incident = con.execute("SELECT reporter, reporter_phone, description, department, address "
                               "FROM incidents WHERE incident_id = ?", (case,)).fetchone()
    out = tmp_path_factory.mktemp("sheet") / "case.pdf"
    result = run("casesheet", str(demo_path), case, "-o", str(out), env_lang="zh_CN.UTF-8")
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    return out, re.sub(r"\s+", "", text), case, entries, incident


def test_one_page_with_the_case_and_every_entry(sheet):
    out, text, case, entries, incident = sheet
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\b", pages)
    assert case in text and "案件协调单" in text and incident[3] in text and incident[4] in text
    assert len(entries) >= 6
    for at, _kind, department, parties, reason, outcome, terms in entries:
        assert at[:16].replace("T", "") in text                       # 2025-01-24 14:00 (spaces dropped)
        for value in (department, parties, reason, outcome, terms):
            if value:
                assert re.sub(r"\s+", "", value) in text, value
    assert "协议条款" in text and "300元" in text


def test_no_personal_data_and_not_the_complaint_text(sheet, demo_project):
    _out, text, case, _entries, incident = sheet
    reporter, phone, description = incident[:3]
    assert description and re.sub(r"\s+", "", description) not in text
    incidents = demo_project["incidents"].data
    cells = demo_project["grid_cells"].data
    workers = set(cells["worker"].dropna())       # printed on cell labels, as on patrol maps
    for worker in sorted(workers, key=len, reverse=True):
        text = text.replace(worker, "")
    for value in set(incidents["reporter_phone"].dropna()) | set(incidents["reporter"].dropna()):
        assert value not in text
    for value in cells["worker_phone"].dropna():
        assert value not in text


def test_unknown_case_and_unwritable_path_are_one_line_errors(demo_path, tmp_path):
    unknown = run("casesheet", str(demo_path), "I00000000-9999", "-o", str(tmp_path / "x.pdf"))
    assert unknown.returncode == 2 and "I00000000-9999" in unknown.stderr and "Traceback" not in unknown.stderr
    blocked = run("casesheet", str(demo_path), "I20250120-0001", "-o", str(tmp_path / "missing" / "x.pdf"))
    assert blocked.returncode == 2 and "Traceback" not in blocked.stderr, blocked.stderr
    assert not list(tmp_path.glob("**/.x.pdf.writing"))
