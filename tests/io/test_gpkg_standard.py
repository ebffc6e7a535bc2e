"""The GeoPackages GridMap writes pass GDAL's own validator (validate_gpkg.py from Debian's
python3-gdal), are version 1.3 (what QGIS 3.22's GDAL reads without warnings) and carry a valid
last_change — as written, and after a save that went through the change-set transaction."""
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from gridmap.project import Project

VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")


def validate(path):
    if not VALIDATOR.exists():
        pytest.skip("python3-gdal (validate_gpkg.py) is not installed: make test installs it")
    run = subprocess.run(["/usr/bin/python3", str(VALIDATOR), str(path)], capture_output=True, text=True, timeout=120)
    return run.returncode, run.stdout + run.stderr


def test_demo_and_a_transaction_save_pass_the_validator(demo_path, tmp_path):
    code, out = validate(demo_path)
    assert code == 0, out
    con = sqlite3.connect(demo_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 10300
    con.close()
    copy = tmp_path / "p.gpkg"
    shutil.copy(demo_path, copy)
    p = Project.open(copy)
    cells = p["grid_cells"].data.copy()
    cells.loc[0, "worker"] = "新网格员"
    p["grid_cells"].data = cells
    b = p["buildings"].data
    p["buildings"].data = b.drop(index=b.index[3])
    p.meta["note"] = "edited"
    incidents = p["incidents"].data.copy()
    incidents["checked_at"] = incidents["reported_at"] + pd.Timedelta(hours=1)
    p["incidents"].data = incidents
    p.save()
    code, out = validate(copy)
    assert code == 0, out
    con = sqlite3.connect(copy)
    stamps = [r[0] for r in con.execute("SELECT last_change FROM gpkg_contents")]
    con.close()
    types = {r[1]: r[2] for r in sqlite3.connect(copy).execute("PRAGMA table_info(incidents)")}
    assert types["reported_at"] == types["checked_at"] == "DATETIME"       # GDAL reads them as date-times
    again = Project.open(copy)["incidents"].data
    assert (again["checked_at"] - again["reported_at"] == pd.Timedelta(hours=1)).all()
    import re
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", s) for s in stamps), stamps
