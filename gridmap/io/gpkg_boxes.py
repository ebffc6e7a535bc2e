"""Every feature's bounding box straight from a GeoPackage's R-tree index (no geometry parsed).

The loader draws a city's footprints from these while the layer itself is still being read: at
city zoom the buildings are one-pixel marks at their centres anyway. Read-only SQLite: nothing in
the file is touched, and a file another program holds open in WAL mode is read as it stands."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np


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
        rtree = '"' + f"rtree_{layer}_{column}".replace('"', '""') + '"'
        rows = con.execute(f"SELECT id, minx, miny, maxx, maxy FROM {rtree}").fetchall()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    boxes = np.array(rows, dtype=float).reshape(-1, 5)
    return (f"EPSG:{int(code)}", boxes[:, 0].astype(np.int64), boxes[:, 1], boxes[:, 2], boxes[:, 3], boxes[:, 4])
