"""Project opening, CRS choice and atomic saving."""
import errno
import re
import hashlib
import os
import signal
import subprocess
import sys
import time

import pyogrio
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from pandas.testing import assert_frame_equal
from pyproj import CRS

import gridmap.io.gpkg as gpkg
from gridmap.io import ReadError, WriteError, metric_crs_for
from gridmap.project import Project
from layers import LayerValidationError


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def central_meridian(crs):
    params = {p.name: p.value for p in crs.coordinate_operation.params}
    return params["Longitude of natural origin"]


@pytest.mark.parametrize(("lon", "lat", "cm"), [(126.68, 45.73, 126), (116.4, 39.9, 117), (121.47, 31.23, 120),
                                                (113.26, 23.13, 114), (87.6, 43.8, 87)])
def test_metric_crs_in_china_is_the_nearest_cgcs2000_3_degree_zone(lon, lat, cm):
    crs = metric_crs_for(lon, lat)
    assert "CGCS2000" in crs.name and crs.is_projected
    assert central_meridian(crs) == cm
    assert crs.axis_info[0].unit_name == "metre"


def test_metric_crs_for_harbin_is_epsg_4551(demo_project):
    assert demo_project.metric_crs.to_epsg() == 4551
    assert metric_crs_for(126.687, 45.735).to_epsg() == 4551


def test_a_stray_point_does_not_move_the_street_to_another_zone(demo_project):
    """The metric CRS follows the areas (boundary, cells, buildings): one incident typed at (0, 0)
    leaves Harbin in EPSG:4551; a project of points only still uses its points."""
    from gridmap.project import Project
    from layers import LAYER_CLASSES
    from layers.row_ids import FID
    incidents = demo_project["incidents"].data.copy()
    incidents.loc[incidents.index[0], "geometry"] = shapely.Point(0.0, 0.0)
    project = Project([LAYER_CLASSES[n](demo_project[n].data.drop(columns=[FID])) for n in ("boundary", "grid_cells")]
                      + [LAYER_CLASSES["incidents"](incidents.drop(columns=[FID]))])
    assert project.extent()[0] == 0.0                       # the stray point is in the extent
    assert project.metric_crs.to_epsg() == 4551             # but not in the choice of zone
    points_only = Project([LAYER_CLASSES["incidents"](demo_project["incidents"].data.drop(columns=[FID]))])
    assert points_only.metric_crs.to_epsg() == 4551


def test_metric_crs_outside_china_is_utm():
    crs = metric_crs_for(2.35, 48.85)
    assert crs.to_epsg() == 32631
    assert metric_crs_for(-70.6, -33.4).to_epsg() == 32719


def test_open_lists_layers_and_crs(demo_project):
    assert demo_project.layer_names()[:8] == ["boundary", "communities", "grid_cells", "buildings", "facilities",
                                              "facility_links", "incidents", "patrols"]
    assert demo_project.storage_crs.equals(CRS.from_epsg(4326))
    raw = pyogrio.list_layers(str(demo_project.path))
    assert set(demo_project.layer_names()) | {"gridmap_meta", "layer_styles"} == {str(n) for n, _ in raw}


def test_missing_and_broken_files_raise_read_error(tmp_path):
    with pytest.raises(ReadError, match="No such file"):
        Project.open(tmp_path / "nope.gpkg")
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00garbage" * 100)
    with pytest.raises(ReadError, match="broken.gpkg: cannot be read as a GeoPackage"):
        Project.open(broken)
    text = tmp_path / "notes.gpkg"
    text.write_text("not a database")
    with pytest.raises(ReadError, match="not an SQLite file"):
        Project.open(text)
    with pytest.raises(ReadError, match="folder"):
        Project.open(tmp_path)


def test_save_round_trip_keeps_every_layer(fresh_demo, tmp_path):
    out = fresh_demo.save(tmp_path / "copy.gpkg")
    again = Project.open(out)
    assert again.layer_names() == fresh_demo.layer_names()
    for name, layer in fresh_demo.layers.items():
        other = again[name].data
        if layer.is_spatial:
            assert_geodataframe_equal(layer.data, other, check_dtype=False, check_less_precise=False)
        else:
            assert_frame_equal(layer.data, other, check_dtype=False)
    assert again.meta == fresh_demo.meta


def test_times_are_stored_as_datetime_with_the_local_offset(demo_path):
    """DATETIME columns (GDAL and QGIS read date-times) holding ISO 8601 local time with +08:00."""
    import sqlite3
    con = sqlite3.connect(demo_path)
    types = {r[1]: r[2] for r in con.execute("PRAGMA table_info(incidents)")}
    raw = [r[0] for r in con.execute("SELECT reported_at FROM incidents ORDER BY fid LIMIT 5")]
    con.close()
    assert types["reported_at"] == types["resolved_at"] == "DATETIME"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+08:00", v) for v in raw), raw
    ours = Project.open(demo_path)["incidents"].data.sort_values("fid")["reported_at"].iloc[:5]
    assert [t.strftime("%Y-%m-%dT%H:%M:%S") for t in ours] == [v[:19] for v in raw]


def _old_file(tmp_path, fresh_demo):
    target = tmp_path / "project.gpkg"
    fresh_demo.save(target)
    return target, sha256(target)


@pytest.mark.parametrize("failure", [RuntimeError("GDAL went away"), OSError(errno.ENOSPC, "No space left on device")])
def test_failure_mid_write_leaves_old_file_byte_for_byte(tmp_path, fresh_demo, demo_path, monkeypatch, failure):
    target, before = _old_file(tmp_path, fresh_demo)
    fresh_demo["grid_cells"].data = fresh_demo["grid_cells"].data.iloc[:3]
    real_write = gpkg._write_one
    written = []

    def failing_write(path, name, frame):
        if len(written) == 3:  # three layers in, the fourth fails
            raise failure
        written.append(name)
        real_write(path, name, frame)

    monkeypatch.setattr(gpkg, "_write_one", failing_write)
    other = Project.open(demo_path)     # "Save As" another project over this file: a whole new file
    with pytest.raises(WriteError) as err:
        other.save(target)
    assert "project.gpkg" in str(err.value) and "unchanged" in str(err.value)
    assert sha256(target) == before
    assert sorted(os.listdir(tmp_path)) == ["project.gpkg"]  # no temporary file left behind


def test_killed_process_mid_save_leaves_old_file_intact(tmp_path, fresh_demo):
    """A real crash: the saving process is killed with SIGKILL while it writes."""
    target, before = _old_file(tmp_path, fresh_demo)
    source = tmp_path / "other.gpkg"
    Project.open(target).save(source)
    script = f"""
import time, gridmap.io.gpkg as g
from gridmap.project import Project
real = g._write_one
def slow(path, name, frame):
    real(path, name, frame)
    print("wrote", name, flush=True)
    time.sleep(30)
g._write_one = slow
p = Project.open({str(source)!r})
p.save({str(target)!r})
"""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.startswith("wrote")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert sha256(target) == before
    assert Project.open(target).layer_names()[:3] == ["boundary", "communities", "grid_cells"]
    # what the killed save left is one private folder (mode 0700), never a readable copy
    left = [p for p in tmp_path.iterdir() if p.name not in ("project.gpkg", "other.gpkg")]
    assert all(p.is_dir() and (p.stat().st_mode & 0o077) == 0 for p in left)


def test_save_to_missing_folder_is_a_clear_error(fresh_demo, tmp_path):
    with pytest.raises(WriteError, match="folder does not exist"):
        fresh_demo.save(tmp_path / "no" / "such" / "x.gpkg")


def test_broken_layer_strict_and_lenient(tmp_path, fresh_demo):
    target = tmp_path / "p.gpkg"
    fresh_demo.save(target)
    cells = pyogrio.read_dataframe(str(target), layer="grid_cells").drop(columns=["worker"])
    pyogrio.write_dataframe(cells, str(target), layer="grid_cells", driver="GPKG")
    with pytest.raises(LayerValidationError, match=r"grid_cells \(p.gpkg\): missing required column\(s\) worker"):
        Project.open(target)
    lenient = Project.open(target, strict=False)
    assert "grid_cells" not in lenient and "buildings" in lenient
    assert len(lenient.problems) == 1 and "worker" in lenient.problems[0]


def test_layers_in_another_crs_are_reprojected_to_storage(fresh_demo):
    from layers import BuildingsLayer
    metric = fresh_demo["buildings"].data.to_crs(4551)
    fresh_demo.add_layer(BuildingsLayer(metric), replace=True)
    assert CRS.from_user_input(fresh_demo["buildings"].crs).equals(CRS.from_epsg(4326))
    x0, y0, x1, y1 = fresh_demo["buildings"].bounds
    assert 126.6 < x0 < x1 < 126.8 and 45.7 < y0 < y1 < 45.8
