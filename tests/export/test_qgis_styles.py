"""QGIS opens a GridMap project looking like GridMap: a default style per layer in layer_styles,
never over a style the user saved from QGIS."""
import shutil
import sqlite3
import subprocess
import xml.dom.minidom
from pathlib import Path

import pytest

from gridmap.export.qgis_styles import write_default_styles
from gridmap.project import Project

ROOT = Path(__file__).resolve().parents[2]


def styles(path):
    con = sqlite3.connect(path)
    try:
        return {r[0]: (r[1], r[2], r[3]) for r in con.execute(
            "SELECT f_table_name, styleName, useAsDefault, styleQML FROM layer_styles")}
    finally:
        con.close()


def test_the_demo_carries_a_default_style_per_drawn_layer(demo_path):
    found = styles(demo_path)
    assert set(found) == {"boundary", "communities", "grid_cells", "buildings", "facilities", "incidents",
                          "patrols", "roads"}
    for name, (style, default, qml) in found.items():
        assert style == "GridMap" and default == 1
        doc = xml.dom.minidom.parseString(qml.split("'SYSTEM'>", 1)[1])
        assert doc.documentElement.tagName == "qgis"
    cells = xml.dom.minidom.parseString(found["grid_cells"][2].split("'SYSTEM'>", 1)[1])
    renderer = cells.getElementsByTagName("renderer-v2")[0]
    assert renderer.getAttribute("type") == "categorizedSymbol" and renderer.getAttribute("attr") == "community_code"
    assert len(cells.getElementsByTagName("category")) == 7                 # the demo's seven communities
    assert cells.getElementsByTagName("text-style")[0].getAttribute("fieldName") == "name"


def test_a_users_own_style_is_never_replaced(demo_path, tmp_path):
    path = tmp_path / "p.gpkg"
    shutil.copy(demo_path, path)
    con = sqlite3.connect(path)
    con.execute("UPDATE layer_styles SET styleName='mine', styleQML='<qgis>mine</qgis>' WHERE f_table_name='buildings'")
    con.execute("DELETE FROM layer_styles WHERE f_table_name='roads'")
    con.commit()
    con.close()
    added = write_default_styles(path, Project.open(path))
    assert added == ["roads"]
    found = styles(path)
    assert found["buildings"][:1] == ("mine",) and found["roads"][0] == "GridMap"


@pytest.mark.skipif(subprocess.run(["/usr/bin/python3", "-c", "import qgis.core"], capture_output=True).returncode != 0,
                    reason="QGIS (python3-qgis) is not installed")
def test_qgis_applies_the_styles(demo_path, tmp_path):
    run = subprocess.run(["/usr/bin/python3", str(ROOT / "scripts" / "qgis_preview.py"), str(demo_path),
                          str(tmp_path / "q.png")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "grid_cells: categorizedSymbol, 7 categories on community_code, labels on" in run.stdout
    assert "buildings: categorizedSymbol" in run.stdout and "incidents: categorizedSymbol" in run.stdout
    # times are date-times to QGIS, on the street's clock (the first incident as GridMap reads it)
    incidents = Project.open(demo_path)["incidents"].data
    first = incidents.sort_values("fid").iloc[0]
    for column in ("reported_at", "resolved_at"):
        assert f"incidents.{column}: DateTime, first {first[column]:%Y-%m-%d %H:%M:%S}" in run.stdout, run.stdout
