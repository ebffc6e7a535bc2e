"""Every feature's bounding box straight from a GeoPackage's R-tree index (no geometry parsed).

The loader draws a city's footprints from these while the layer itself is still being read: at
city zoom the buildings are one-pixel marks at their centres anyway. Read-only SQLite: nothing in
the file is touched, and a file another program holds open in WAL mode is read as it stands."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pyogrio

from .native import NATIVE_LOCK


def feature_boxes(path, layer: str):
    """(CRS text, fids, minx, miny, maxx, maxy) of layer ``layer``'s features from its R-tree (SQLite
    keeps them as 32-bit floats rounded outward: within two metres), or None when
    the file has no such layer, no R-tree for it, or an SRS other than an EPSG code (then there is
    simply no preview: the layer itself follows)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        found = con.execute(
            "SELECT g.column_name, s.organization, s.organization_coordsys_id FROM gpkg_geometry_columns g "
            "JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id WHERE g.table_name = ?", (layer,)).fetchone()
        if found is None or str(found[1]).upper() != "EPSG":
            return None
        column, _org, code = found
        indexed = con.execute(
            "SELECT 1 FROM gpkg_extensions WHERE table_name = ? AND column_name = ? "
            "AND extension_name = 'gpkg_rtree_index'", (layer, column)).fetchone()
        if indexed is None:
            return None
    except sqlite3.Error:
        return None
    finally:
        con.close()
    # The rows through GDAL as Arrow columns: sqlite3 made a Python tuple per feature (200,000
    # buildings: 0.25 s holding the GIL, up to 0.7 s while the other reading thread wanted it).
    rtree = '"' + f"rtree_{layer}_{column}".replace('"', '""') + '"'
    try:
        with NATIVE_LOCK:
            _meta, table = pyogrio.read_arrow(str(path), sql=f"SELECT id, minx, miny, maxx, maxy FROM {rtree}")
    except Exception:               # no R-tree GDAL can read: no preview
        return None
    x0, y0, x1, y1 = (table.column(c).to_numpy().astype(float) for c in ("minx", "miny", "maxx", "maxy"))
    return (f"EPSG:{int(code)}", table.column("id").to_numpy().astype(np.int64), x0, y0, x1, y1)
