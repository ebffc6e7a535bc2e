"""Exports carry data, never markup or formulas, and never a column a project marks sensitive.

A project whose addresses, names and workers carry HTML payloads, with extra columns marked
sensitive, goes through every export: the web map (checked as text here and in headless Chromium
in the note), Open311, the atlas and briefing PDFs (their text extracted with pdftotext), the
facility report and a screenshot's map labels."""
import json
import shutil
import subprocess

import pytest

from gridmap.project import Project

PAYLOADS = {
    "address": '<img src=x onerror="document.title=\'pwned-address\'">',
    "worker": "<script>document.title='pwned-worker'</script>",
    "community": '"><svg onload="document.title=\'pwned-community\'">',
    "road": "</script><script>document.title='pwned-road'</script>",
}
SECRET = "机密台账甲乙丙"


@pytest.fixture
def hostile(tmp_path, demo_path):
    path = tmp_path / "hostile.gpkg"
    shutil.copy(demo_path, path)
    p = Project.open(path)
    b = p["buildings"].data.copy()
    b.loc[:, "address"] = PAYLOADS["address"]
    b["ledger"] = SECRET                                   # a column the project marks sensitive
    p["buildings"].data = b
    p["buildings"].mark_sensitive("ledger")
    c = p["grid_cells"].data.copy()
    c.loc[:, "worker"] = PAYLOADS["worker"]
    p["grid_cells"].data = c
    m = p["communities"].data.copy()
    m.loc[:, "name"] = PAYLOADS["community"]
    p["communities"].data = m
    r = p["roads"].data.copy()
    r.loc[:, "name"] = PAYLOADS["road"]
    p["roads"].data = r
    i = p["incidents"].data.copy()
    i.loc[:, "address"] = "=HYPERLINK(\"http://x\",\"click\")"
    p["incidents"].data = i
    p["incidents"].mark_sensitive("address")               # marked sensitive: must vanish, not crash
    p.save()
    return Project.open(path), tmp_path


def test_web_map_escapes_every_value_and_leaves_out_sensitive_columns(hostile):
    from gridmap.export.web import WebOptions, export_web
    project, tmp = hostile
    out = tmp / "web.html"
    export_web(project, out, WebOptions(date_from="2024-01-01", date_to="2025-03-31"))
    text = out.read_text(encoding="utf-8")
    for payload in PAYLOADS.values():
        assert payload not in text
    # there, as text: escaped for HTML, then JSON-encoded (& is \u0026 in the page's data)
    assert "\\u0026lt;img src=x onerror=" in text
    assert "\\u0026lt;script\\u0026gt;document.title" in text
    assert SECRET not in text and "HYPERLINK" not in text


def test_open311_leaves_out_a_column_marked_sensitive(hostile):
    from gridmap.io.open311 import open311_requests
    project, _tmp = hostile
    requests = open311_requests(project["incidents"])
    assert len(requests) == len(project["incidents"])
    assert all(r["address"] is None for r in requests)
    assert "HYPERLINK" not in json.dumps(requests, ensure_ascii=False)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make test installs it)")
def test_atlas_and_briefing_never_print_a_sensitive_column(hostile):
    from gridmap.export.atlas import AtlasOptions, export_atlas
    from gridmap.export.briefing import write_briefing
    from gridmap.analysis.facility_report import facility_report
    from gridmap.render.snapshot import public_view
    project, tmp = hostile
    project["grid_cells"].mark_sensitive("worker")
    atlas = tmp / "atlas.pdf"
    export_atlas(project, atlas, AtlasOptions(cells=["230110004001001", "230110004001002"]))
    brief = tmp / "brief.pdf"
    public = public_view(project)
    write_briefing(public, facility_report(public, "F-PUMP-001"), brief)
    for pdf in (atlas, brief):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert len(text) > 100
        assert "pwned-worker" not in text and SECRET not in text and "HYPERLINK" not in text
    # the live project still has them: only the views for others leave them out
    assert project["grid_cells"].data["worker"].iloc[0] == PAYLOADS["worker"]


def test_facility_report_and_map_labels_leave_out_marked_columns(hostile):
    from gridmap.analysis.facility_report import facility_report
    from gridmap.render.snapshot import public_view
    project, _tmp = hostile
    project["grid_cells"].mark_sensitive("worker")
    report = facility_report(public_view(project), "F-PUMP-001")
    assert "pwned-worker" not in json.dumps(report.to_json(), ensure_ascii=False, default=str)
    assert "pwned-worker" in json.dumps(facility_report(project, "F-PUMP-001").to_json(), ensure_ascii=False,
                                        default=str)                      # the app's own panel


def test_failed_rows_csv_neutralises_formulas(tmp_path, fresh_demo):
    import csv
    import pandas as pd
    from gridmap.io.incident_import import import_incidents
    good = dict(工单编号="B1", 受理时间="2025-03-01 09:00", 办理状态="已办结", 经度="126.6855", 纬度="45.7330", 地址="")
    rows = [dict(good, 工单编号="=1+2", 经度="abc", 地址="+cmd|' /C calc'!A0"),
            dict(good, 工单编号="B2", 受理时间="-2", 经度="x", 地址="@SUM(A1)"),
            dict(good, 工单编号="B3", 受理时间="\t=evil", 地址="正常地址")]
    pd.DataFrame(rows).to_csv(tmp_path / "in.csv", index=False, encoding="utf-8")
    result = import_incidents(fresh_demo, tmp_path / "in.csv")
    assert len(result.failed) == 3
    back = list(csv.DictReader(open(result.write_failed(tmp_path / "failed.csv"), encoding="utf-8-sig")))
    assert back[0]["工单编号"] == "'=1+2" and back[0]["地址"] == "'+cmd|' /C calc'!A0"
    assert back[1]["受理时间"] == "'-2" and back[1]["地址"] == "'@SUM(A1)"
    assert back[2]["受理时间"] in ("'\t=evil", "'=evil") and back[2]["地址"] == "正常地址"
    starts = ("=", "+", "-", "@", "\t", "\r")
    assert not any(v.startswith(starts) for row in back for v in row.values() if v)


def test_a_public_view_leaves_sensitive_columns_out_of_its_metric_copies_too(fresh_demo):
    """Prints and web maps read layers in the metric CRS as well: those copies are blank in every
    sensitive column like the layers themselves, while what is derived from the geometry alone (the
    building → cell assignment) is the project's own, not computed again."""
    from gridmap.analysis.assignment import project_assignment
    from gridmap.render.snapshot import public_view
    project = fresh_demo
    assert project.to_metric("grid_cells")["worker_phone"].notna().any()
    assignment = project_assignment(project)
    public = public_view(project)
    for name in project.layer_names():
        layer = project[name]
        if not layer.is_spatial:
            continue
        metric = public.to_metric(name)
        for column in layer.sensitive_columns:
            if column in metric.columns:
                assert metric[column].isna().all(), (name, column)
    assert project_assignment(public) is assignment
    assert project.to_metric("grid_cells")["worker_phone"].notna().any()      # the project keeps them
