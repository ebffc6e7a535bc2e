"""Importing incidents: every format, every failure path with its message, nothing silently dropped."""
import hashlib
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod

from gridmap.io.chinacrs import wgs84_to_bd09, wgs84_to_gcj02
from gridmap.io.errors import ReadError
from gridmap.io.incident_import import ImportOptions, import_incidents
from gridmap.io.open311 import write_open311
from gridmap.project import Project
from layers.codes import INCIDENT_CATEGORY, INCIDENT_KIND, INCIDENT_SOURCE, INCIDENT_STATUS, label
from tests.conftest import ROOT

GEOD = Geod(ellps="WGS84")


@pytest.fixture
def empty_incidents(fresh_demo):
    """The demo without its incidents (the import target), and the incidents it had."""
    incidents = fresh_demo.remove_layer("incidents").data
    return fresh_demo, incidents


def export_csv(incidents, path, encoding="gbk", crs="gcj02"):
    xy = shapely.get_coordinates(np.asarray(incidents.geometry.values))
    lon, lat = {"gcj02": wgs84_to_gcj02, "bd09": wgs84_to_bd09}.get(crs, lambda a, b: (a, b))(xy[:, 0], xy[:, 1])
    frame = pd.DataFrame({
        "工单编号": incidents["incident_id"], "受理时间": incidents["reported_at"].dt.strftime("%Y/%m/%d %H:%M"),
        "来源": [label(INCIDENT_SOURCE, v) for v in incidents["source"]],
        "诉求类型": [label(INCIDENT_KIND, v) for v in incidents["kind"]],
        "诉求类别": [label(INCIDENT_CATEGORY, v) for v in incidents["category"]],
        "办理状态": [label(INCIDENT_STATUS, v) for v in incidents["status"]],
        "办结时间": incidents["resolved_at"].dt.strftime("%Y年%m月%d日 %H:%M").fillna(""),
        "地址": incidents["address"], "诉求内容": incidents["description"],
        "经度": [f"{v:.9f}" for v in lon], "纬度": [f"{v:.9f}" for v in lat]})
    frame.to_csv(path, index=False, encoding=encoding)
    return frame


def distances(a, b):
    pa, pb = shapely.get_coordinates(np.asarray(a)), shapely.get_coordinates(np.asarray(b))
    return GEOD.inv(pa[:, 0], pa[:, 1], pb[:, 0], pb[:, 1])[2]


@pytest.mark.parametrize(("encoding", "crs"), [("gbk", "gcj02"), ("utf-8-sig", "bd09"), ("utf-8", "wgs84")])
def test_demo_incidents_round_trip_within_a_centimetre(empty_incidents, tmp_path, encoding, crs):
    project, incidents = empty_incidents
    export_csv(incidents, tmp_path / "in.csv", encoding, crs)
    result = import_incidents(project, tmp_path / "in.csv", ImportOptions(crs=crs))
    assert result.info["encoding"] == {"gbk": "gb18030", "utf-8-sig": "utf-8-sig", "utf-8": "utf-8"}[encoding]
    assert (result.rows_in, result.by_coordinates, result.imported) == (len(incidents),) * 3
    assert not result.failed and not result.duplicates
    new = result.new.set_index("incident_id").loc[incidents["incident_id"]]
    assert distances(new.geometry.values, incidents.geometry.values).max() < 0.01
    for column in ("category", "status", "source", "kind", "grid_code"):
        assert (new[column].fillna("-").to_numpy() == incidents[column].fillna("-").to_numpy()).all(), column
    assert (new["reported_at"].to_numpy() == incidents["reported_at"].to_numpy()).all()
    resolved = incidents["resolved_at"].notna().to_numpy()
    assert (new["resolved_at"].to_numpy()[resolved] == incidents["resolved_at"].to_numpy()[resolved]).all()


def test_address_only_rows_are_matched_to_buildings(empty_incidents, tmp_path):
    project, _ = empty_incidents
    rows = pd.DataFrame({"受理时间": ["2025-03-01 09:00"] * 4,
                         "地址": ["公滨路 307-1", "公滨路３０７－２号", "哈尔滨市香坊区公滨路307号", "不存在路1号"]})
    rows.to_csv(tmp_path / "addr.csv", index=False, encoding="gbk")
    result = import_incidents(project, tmp_path / "addr.csv")
    assert (result.by_address, result.imported, len(result.failed)) == (3, 3, 1)
    buildings = project["buildings"].data.set_index("address")
    assert result.new["building_id"].tolist() == [buildings.loc["公滨路307-1号", "building_id"],
                                                  buildings.loc["公滨路307-2号", "building_id"],
                                                  buildings.loc["公滨路307-1号", "building_id"]]
    assert set(result.new["grid_code"]) == {"230110004002006"}
    failure = result.failed[0]
    assert (failure.row, failure.column, failure.value) == (5, "地址", "不存在路1号")
    assert "matches no building" in failure.reason


def test_each_row_failure_is_reported_with_row_column_and_value(empty_incidents, tmp_path):
    project, _ = empty_incidents
    good = dict(工单编号="A1", 受理时间="2025-03-01 09:00", 办理状态="已办结", 经度="126.6855", 纬度="45.7330", 地址="")
    rows = [good,
            dict(good, 工单编号="A2", 受理时间="上周三"),                  # bad time
            dict(good, 工单编号="A3", 经度="abc"),                       # bad coordinate, no address
            dict(good, 工单编号="A4", 经度="45.7330", 纬度="126.6855"),  # swapped: not a valid latitude
            dict(good, 工单编号="A5", 经度="116.39", 纬度="39.90"),        # Beijing: far from the project
            dict(good, 工单编号="A6", 办理状态="搁置"),                    # unknown status
            dict(good, 工单编号="A1"),                                   # repeated id in the file
            dict(good, 工单编号="A7", 经度="", 纬度="", 地址="")]          # no place at all
    pd.DataFrame(rows).to_csv(tmp_path / "bad.csv", index=False, encoding="gbk")
    result = import_incidents(project, tmp_path / "bad.csv")
    reasons = {(f.row, f.column, f.value): f.reason for f in result.failed}
    assert reasons == {
        (3, "受理时间", "上周三"): "time not recognised",
        (4, "经度", "abc,45.7330"): "invalid coordinate",
        (5, "经度", "45.7330,126.6855"): "invalid coordinate",
        (6, "经度", "116.39,39.90"): "coordinate far outside the project (over 20 km)",
        (7, "办理状态", "搁置"): "status not recognised",
        (9, "地址", ""): "no coordinates, and the address matches no building",
    }
    assert [(d.row, d.value, d.reason) for d in result.duplicates] == [(8, "A1", "incident id repeated in the file")]
    assert result.imported + len(result.failed) + len(result.duplicates) == result.rows_in == 8
    saved = pd.read_csv(result.write_failed(tmp_path / "failed.csv"), dtype=str, encoding="utf-8-sig")
    assert saved["_row"].astype(int).tolist() == [3, 4, 5, 6, 7, 8, 9]
    assert saved.loc[0, "受理时间"] == "上周三" and saved.loc[0, "_reason"] == "time not recognised"


def test_ids_already_in_the_project_are_reported_not_doubled(fresh_demo, tmp_path):
    incidents = fresh_demo["incidents"].data
    export_csv(incidents.iloc[:50], tmp_path / "again.csv")
    result = import_incidents(fresh_demo, tmp_path / "again.csv", ImportOptions(crs="gcj02"))
    assert result.imported == 0 and len(result.duplicates) == 50
    assert len(result.merged) == len(incidents)
    assert result.duplicates[0].reason == "incident id already in the project"


@pytest.mark.parametrize(("content", "options", "message"), [
    (b"\xd5\xe2\xca\xc7,x\n1,2\n", ImportOptions(encoding="utf-8"), "cannot be decoded as utf-8 (near line 1)"),
    ("编号,经度,纬度\n1,126.68,45.73\n".encode("gbk"), ImportOptions(), "no time column found"),
    ("编号,受理时间\n1,2025-01-01\n".encode("gbk"), ImportOptions(), "neither coordinate nor address columns"),
    ("编号,受理时间,地址\n".encode("gbk"), ImportOptions(), "has no data rows"),
    ("受理时间,地址\n2025-01-01,公滨路\n".encode("gbk"), ImportOptions(mapping={"reported_at": "时间"}),
     "the mapped field 时间 is not in the file"),
    ("受理时间,地址\n2025-01-01,公滨路\n".encode("gbk"), ImportOptions(mapping={"colour": "地址"}),
     "unknown target column colour"),
    ("受理时间,经度,纬度\n2025-01-01,1,2\n".encode("gbk"), ImportOptions(crs="mars"), "unknown coordinate system mars"),
])
def test_whole_file_failures_say_what_is_wrong(empty_incidents, tmp_path, content, options, message):
    project, _ = empty_incidents
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_incidents(project, path, options)


def test_missing_file_and_unknown_format(empty_incidents, tmp_path):
    project, _ = empty_incidents
    with pytest.raises(ReadError, match="No such file"):
        import_incidents(project, tmp_path / "none.csv")
    (tmp_path / "x.doc").write_text("x")
    with pytest.raises(ReadError, match="unsupported table type"):
        import_incidents(project, tmp_path / "x.doc")
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(ReadError, match="not valid JSON"):
        import_incidents(project, tmp_path / "x.json")


def test_excel_and_geojson(empty_incidents, tmp_path):
    project, incidents = empty_incidents
    sample = incidents.iloc[:30]
    frame = export_csv(sample, tmp_path / "s.csv", "utf-8", "wgs84")
    frame.to_excel(tmp_path / "s.xlsx", index=False)
    result = import_incidents(project, tmp_path / "s.xlsx")
    assert result.info["format"] == "excel" and result.imported == 30
    assert distances(result.new.geometry.values, sample.geometry.values).max() < 0.01
    geo = sample.drop(columns=["reporter", "reporter_phone"])
    geo.assign(reported_at=geo["reported_at"].astype(str), resolved_at=geo["resolved_at"].astype(str)) \
        .to_file(tmp_path / "s.geojson", driver="GeoJSON")
    result = import_incidents(project, tmp_path / "s.geojson")
    assert result.info["format"] == "geojson" and result.imported == 30 and result.by_coordinates == 30


def test_open311_export_maps_statuses_and_round_trips(fresh_demo, tmp_path):
    incidents = fresh_demo["incidents"]
    write_open311(incidents, tmp_path / "requests.json")
    requests = json.loads((tmp_path / "requests.json").read_text(encoding="utf-8"))
    assert len(requests) == len(incidents)
    expected = incidents.data["status"].map(lambda s: "open" if s in ("received", "dispatched", "in_progress")
                                            else "closed").tolist()
    assert [r["status"] for r in requests] == expected
    text = (tmp_path / "requests.json").read_text(encoding="utf-8")
    for phone in incidents.data["reporter_phone"].dropna().unique()[:200]:
        assert phone not in text
    fresh_demo.remove_layer("incidents")
    result = import_incidents(fresh_demo, tmp_path / "requests.json")
    assert result.info["format"] == "open311" and result.imported == len(incidents)
    new = result.new.set_index("incident_id").loc[incidents.data["incident_id"]]
    assert (new["status"].to_numpy() == incidents.data["status"].to_numpy()).all()
    assert distances(new.geometry.values, incidents.data.geometry.values).max() < 0.01


def test_cli_import_failure_leaves_the_project_unchanged(tmp_path, demo_path):
    project = tmp_path / "p.gpkg"
    project.write_bytes(demo_path.read_bytes())
    before = hashlib.sha256(project.read_bytes()).hexdigest()
    bad = tmp_path / "bad.csv"
    bad.write_bytes("编号,经度\n1,126\n".encode("gbk"))
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", str(project), str(bad)],
                         capture_output=True, text=True, env={**__import__("os").environ, "LANG": "en_US.UTF-8"})
    assert run.returncode == 2 and "no time column" in run.stderr and "Traceback" not in run.stderr
    assert hashlib.sha256(project.read_bytes()).hexdigest() == before


def test_cli_import_adds_rows_and_reports(tmp_path, demo_path):
    project = tmp_path / "p.gpkg"
    project.write_bytes(demo_path.read_bytes())
    rows = pd.DataFrame({"工单编号": ["N1", "N2"], "受理时间": ["2025-03-30 10:00", "2025-03-30 11:00"],
                         "诉求类别": ["供暖", "物业"], "地址": ["公滨路307-1号", "没有这个地址"]})
    rows.to_csv(tmp_path / "new.csv", index=False, encoding="gbk")
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", str(project), str(tmp_path / "new.csv"),
                          "--failed", str(tmp_path / "failed.csv")], capture_output=True, text=True,
                         env={**__import__("os").environ, "LANG": "en_US.UTF-8"})
    assert run.returncode == 1, run.stderr      # some rows failed
    assert "2 rows in" in run.stdout and "by address 1" in run.stdout and "imported 1, failed 1" in run.stdout
    after = Project.open(project)["incidents"].data
    assert len(after) == 5841 and after["category"].iloc[-1] == "heating"
    assert (tmp_path / "failed.csv").exists()


def test_invalid_coordinates_are_never_replaced_silently_and_full_width_digits_are_digits(fresh_demo, tmp_path):
    """Latitude 200 with a known address: imported by the address, with a warning naming the row
    and the value. Full-width digits (１２６．６８５５) are read as the number they are."""
    project = fresh_demo
    address = project["buildings"].data["address"].iloc[10]
    building = project["buildings"].data["building_id"].iloc[10]
    good = dict(工单编号="W1", 受理时间="2025-03-01 09:00", 办理状态="已办结", 经度="126.6855", 纬度="45.7330", 地址="")
    rows = [dict(good, 工单编号="W1", 纬度="200", 地址=address),
            dict(good, 工单编号="W2", 经度="１２６．６８５５", 纬度="４５．７３３０")]
    pd.DataFrame(rows).to_csv(tmp_path / "w.csv", index=False, encoding="utf-8")
    result = import_incidents(project, tmp_path / "w.csv")
    assert result.failed == [] and result.imported == 2
    assert [(w.row, w.value, w.reason) for w in result.warnings] == [
        (2, "126.6855,200", "invalid coordinate; placed by its address instead")]
    new = result.new.set_index("incident_id")
    assert new.loc["W1", "building_id"] == building
    assert (new.loc["W2"].geometry.x, new.loc["W2"].geometry.y) == pytest.approx((126.6855, 45.7330), abs=1e-9)


def test_a_geojson_crs_member_is_honoured_or_refused_with_the_reason(fresh_demo, tmp_path):
    import json
    from pyproj import Transformer
    from gridmap.io import ReadError
    x, y = Transformer.from_crs(4326, 3857, always_xy=True).transform(126.6855, 45.7330)   # independent: PROJ

    def write(name, crs):
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
                   "properties": {"工单编号": name, "受理时间": "2025-03-01 09:00", "办理状态": "受理"}}
        doc = {"type": "FeatureCollection", "features": [feature]}
        if crs is not None:
            doc["crs"] = crs
        (tmp_path / f"{name}.geojson").write_text(json.dumps(doc), encoding="utf-8")
        return tmp_path / f"{name}.geojson"
    named = write("G1", {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}})
    result = import_incidents(fresh_demo, named)
    assert result.imported == 1 and result.failed == []
    point = result.new.geometry.iloc[0]
    assert (point.x, point.y) == pytest.approx((126.6855, 45.7330), abs=1e-7)
    with pytest.raises(ReadError, match="names its CRS as EPSG:3857, but gcj02 was given"):
        import_incidents(fresh_demo, named, ImportOptions(crs="gcj02"))
    linked = write("G2", {"type": "link", "properties": {"href": "http://example.org/crs", "type": "proj4"}})
    with pytest.raises(ReadError, match="cannot honour the GeoJSON crs member"):
        import_incidents(fresh_demo, linked)


def test_open311_xml_carries_every_key_and_round_trips(fresh_demo, tmp_path):
    import xml.etree.ElementTree as ET
    incidents = fresh_demo["incidents"]
    write_open311(incidents, tmp_path / "requests.xml")
    root = ET.parse(tmp_path / "requests.xml").getroot()
    assert root.tag == "service_requests" and len(root) == len(incidents)
    keys = {child.tag for child in root[0]}
    spec = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
            "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
            "address", "address_id", "zipcode", "lat", "long", "media_url"}      # GeoReport v2 GET requests
    assert spec <= keys
    closed = incidents.data["status"].isin(["resolved", "closed"]).to_numpy()
    notes = [r.find("status_notes").text for r in root]
    assert all(n and n.startswith(("办结", "结案")) for n, c in zip(notes, closed) if c)
    text = (tmp_path / "requests.xml").read_text(encoding="utf-8")
    for phone in incidents.data["reporter_phone"].dropna().unique()[:200]:
        assert phone not in text
    fresh_demo.remove_layer("incidents")
    result = import_incidents(fresh_demo, tmp_path / "requests.xml")
    assert result.info["format"] == "open311" and result.imported == len(incidents)
    new = result.new.set_index("incident_id").loc[incidents.data["incident_id"]]
    assert (new["status"].to_numpy() == incidents.data["status"].to_numpy()).all()
    assert (new["category"].to_numpy() == incidents.data["category"].to_numpy()).all()


def dispatched(fresh_demo):
    """The demo's incidents with departments, levels and deadlines from its routing rules."""
    from gridmap.analysis.dispatch import apply_plan, plan_dispatch
    from gridmap.io.dispatch_rules import read_rules
    layer = fresh_demo["incidents"]
    layer.data = apply_plan(layer.data, plan_dispatch(fresh_demo, read_rules(ROOT / "data" / "dispatch_rules.csv")))
    return layer


@pytest.mark.parametrize("suffix", ["json", "xml"])
def test_open311_department_level_and_deadline_come_back(fresh_demo, tmp_path, suffix):
    layer = dispatched(fresh_demo)
    before = layer.data.copy()
    assert before["department"].isna().any() and before["department"].notna().any()
    write_open311(layer, tmp_path / f"requests.{suffix}")
    fresh_demo.remove_layer("incidents")
    result = import_incidents(fresh_demo, tmp_path / f"requests.{suffix}")
    assert result.imported == len(before) and not result.warnings
    new = result.new.set_index("incident_id").loc[before["incident_id"]]
    # a case not dispatched was exported with its grid cell as the agency: it comes back without a department
    assert new["department"].fillna("").tolist() == before["department"].fillna("").tolist()
    assert new["level"].astype(object).fillna("").tolist() == before["level"].astype(object).fillna("").tolist()
    due_new, due_old = new["due_at"].to_numpy(), before["due_at"].to_numpy()
    assert (pd.isna(due_new) == pd.isna(due_old)).all()
    assert (due_new[~pd.isna(due_old)] == due_old[~pd.isna(due_old)]).all()


def test_hotline_dispatch_columns_with_words_and_bad_values_warned(empty_incidents, tmp_path):
    project, incidents = empty_incidents
    frame = export_csv(incidents.iloc[:6], tmp_path / "base.csv")
    frame["承办单位"] = ["热力公司", "", "司法所", "供水公司", "物业公司", "街道综治中心"]
    frame["处置层级"] = ["街道级", "", "社区", "区级", "市级", "street"]
    frame["办理时限"] = ["2025/1/20 18:00", "", "2025年1月22日 9时30分", "后天", "2025-01-25T10:00+08:00", ""]
    frame.to_csv(tmp_path / "in.csv", index=False, encoding="gbk")
    result = import_incidents(project, tmp_path / "in.csv", ImportOptions(crs="gcj02"))
    assert result.imported == 6
    new = result.new.set_index("incident_id").loc[incidents["incident_id"].iloc[:6]]
    assert new["department"].fillna("").tolist() == ["热力公司", "", "司法所", "供水公司", "物业公司", "街道综治中心"]
    assert new["level"].astype(object).fillna("").tolist() == ["street", "", "community", "district", "", "street"]
    T = lambda s: pd.Timestamp(s, tz="Asia/Shanghai")  # noqa: E731
    due = new["due_at"].tolist()
    assert due[0] == T("2025-01-20 18:00") and due[2] == T("2025-01-22 09:30") and due[4] == T("2025-01-25 10:00")
    assert pd.isna(due[1]) and pd.isna(due[3]) and pd.isna(due[5])
    assert sorted((w.row, w.column, w.value) for w in result.warnings) == [(5, "办理时限", "后天"), (6, "处置层级", "市级")]
