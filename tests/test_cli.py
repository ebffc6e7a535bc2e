"""The command line in a subprocess, as a user runs it: ``python main.py ...``."""
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

CONTRACT = ["boundary", "communities", "grid_cells", "buildings", "facilities", "facility_links", "incidents",
            "patrols"]


def run(*args, env_lang="en_US.UTF-8"):
    import os
    env = dict(os.environ, LANG=env_lang, LANGUAGE="", LC_ALL="")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_info_json_lists_all_eight_layers_with_counts(demo_path):
    import pyogrio
    result = run("info", str(demo_path), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    layers = {layer["name"]: layer for layer in summary["layers"]}
    assert [n for n in layers if n in CONTRACT] == CONTRACT
    for name in CONTRACT:
        assert layers[name]["features"] == pyogrio.read_info(str(demo_path), layer=name)["features"]
    assert summary["storage_crs"] == "EPSG:4326" and summary["metric_crs"] == "EPSG:4551"
    assert layers["incidents"]["sensitive_columns"] == ["reporter", "reporter_phone"]
    x0, y0, x1, y1 = summary["extent"]
    assert 126.67 < x0 < x1 < 126.70 and 45.72 < y0 < y1 < 45.75


def test_info_text_in_chinese(demo_path):
    result = run("info", str(demo_path), env_lang="zh_CN.UTF-8")
    assert result.returncode == 0
    assert "度量坐标系: EPSG:4551" in result.stdout and "网格" in result.stdout


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_option_before_or_after_the_command(tmp_path, where):
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"not a database" * 100)
    args = ["--lang", "zh", "info", str(broken)] if where == "before" else ["info", str(broken), "--lang", "zh"]
    result = run(*args)                      # an English locale: only --lang asks for Chinese
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("gridmap：错误：") and "broken.gpkg" in result.stderr


@pytest.mark.parametrize("bad", ["nope.gpkg", "README.md", "main.py", "data"])
def test_bad_paths_give_one_line_and_exit_2(bad):
    result = run("info", str(ROOT / bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("gridmap: error:")


def test_broken_layer_is_reported_not_raised(tmp_path, demo_path):
    import pyogrio
    target = tmp_path / "broken.gpkg"
    target.write_bytes(demo_path.read_bytes())
    frame = pyogrio.read_dataframe(str(target), layer="buildings").drop(columns=["households"])
    pyogrio.write_dataframe(frame, str(target), layer="buildings", driver="GPKG")
    result = run("info", str(target))
    assert result.returncode == 2 and "Traceback" not in result.stderr + result.stdout
    assert "buildings (broken.gpkg): missing required column(s) households" in result.stdout


def test_demo_command_writes_a_project_that_opens(tmp_path):
    result = run("demo", "-o", str(tmp_path / "demo.gpkg"))
    assert result.returncode == 0, result.stderr
    info = json.loads(run("info", str(tmp_path / "demo.gpkg"), "--json").stdout)
    assert {layer["name"] for layer in info["layers"]} >= set(CONTRACT)


def test_demo_into_missing_folder_fails_cleanly(tmp_path):
    result = run("demo", "-o", str(tmp_path / "missing" / "demo.gpkg"))
    assert result.returncode == 2 and "folder does not exist" in result.stderr and "Traceback" not in result.stderr


def test_gridmap_console_script_is_the_same_program():
    import shutil
    exe = shutil.which("gridmap", path=str(ROOT / ".venv" / "bin")) or shutil.which("gridmap")
    if exe is None:
        pytest.skip("the gridmap console script is not installed in this environment")
    via_script = subprocess.run([exe, "--version"], capture_output=True, text=True)
    via_main = run("--version")
    assert via_script.stdout == via_main.stdout and via_main.stdout.startswith("gridmap ")
