"""scripts/desktop_entry.sh: a desktop entry that starts this checkout's GridMap on a .gpkg, its
icon, and the .gpkg MIME type — checked with the freedesktop keys, in a private data folder."""
import configparser
import os
import subprocess

from tests.conftest import ROOT


def test_desktop_entry_opens_gpkg_with_gridmap(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(["bash", str(ROOT / "scripts" / "desktop_entry.sh")], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(tmp_path / "applications" / "gridmap.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name[zh_CN]"] == "网格地图"
    assert desktop["Exec"] == f'"{ROOT}/.venv/bin/gridmap" %f'
    assert "application/geopackage+sqlite3" in desktop["MimeType"].split(";")
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "gridmap.svg").read_text().startswith("<svg")
    mime = (tmp_path / "mime" / "packages" / "gridmap-geopackage.xml").read_text(encoding="utf-8")
    assert '<glob pattern="*.gpkg"/>' in mime
