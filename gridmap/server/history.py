"""A feature's history in a database project: every version the trigger recorded (who, when, what
it was before and after), read back as typed values so the app can show and restore one. No Qt."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import shapely

from layers.validate import LOCAL_TZ

from .store import HISTORY, _q, connect

#: Columns of a server row that are bookkeeping, not the feature's attributes.
_BOOKKEEPING = ("fid", "version")


@dataclass
class Version:
    id: int
    op: str                 # INSERT, UPDATE or DELETE
    who: str
    at: pd.Timestamp        # local time
    before: dict | None     # the row before the change (None for an insert)
    after: dict | None      # the row after it (None for a delete)

    @property
    def values(self) -> dict:
        """The row as this change left it (as it was, for a delete)."""
        return self.after if self.after is not None else (self.before or {})

    def changed(self) -> list[str]:
        """Columns this change set (all of them for an insert or a delete)."""
        if self.before is None or self.after is None:
            return list(self.values)
        return [c for c in self.after if self.after.get(c) != self.before.get(c)]


def feature_history(link, layer: str, fid: int) -> list[Version]:
    """Every recorded change of row ``fid`` of ``layer``, oldest first, values typed by the layer's
    columns (times local, geometries shapely). Raises psycopg's InsufficientPrivilege for viewers."""
    _geometry, columns = link.columns[layer]
    s = _q(link.db.schema)
    with connect(link.db) as con:
        rows = con.execute(f"SELECT id, op, who, at, before, after FROM {s}.{HISTORY} "
                           "WHERE layer = %s AND fid = %s ORDER BY id", (layer, int(fid))).fetchall()
    return [Version(int(i), op, who, pd.Timestamp(at).tz_convert(LOCAL_TZ),
                    _typed(before, columns), _typed(after, columns)) for i, op, who, at, before, after in rows]


def _typed(row: dict | None, columns: dict) -> dict | None:
    if row is None:
        return None
    out = {}
    for column, kind in columns.items():
        value = row.get(column)
        if value is not None and kind == "timestamptz":
            value = pd.Timestamp(value).tz_convert(LOCAL_TZ)
        out[column] = value
    geom = row.get("geom")
    if geom is not None:
        out["geometry"] = shapely.from_geojson(json.dumps({k: v for k, v in geom.items() if k != "crs"}))
    elif "geom" in row:
        out["geometry"] = None
    return out


def restored_frame(frame: pd.DataFrame, fid_column: str, ids, fid: int, version: Version) -> pd.DataFrame:
    """``frame`` with row ``fid`` (``ids``: the frame's resolved row ids) set to the values of
    ``version``; a row no longer in the frame comes back as a new row. A new frame."""
    import numpy as np
    from layers.row_ids import temporary_ids
    values = {c: v for c, v in version.values.items() if c in frame.columns and c not in _BOOKKEEPING}
    geometry = getattr(frame, "_geometry_column_name", None)
    if "geometry" in values and geometry and geometry != "geometry":
        values[geometry] = values.pop("geometry")
    out = frame.copy()
    hit = np.flatnonzero(np.asarray(ids) == fid)
    if len(hit):
        row = int(hit[0])
        for column, value in values.items():
            out.iat[row, out.columns.get_loc(column)] = value
        return out
    import geopandas as gpd
    record = {c: [values.get(c)] for c in out.columns if c != fid_column}
    record[fid_column] = temporary_ids(1)
    new = pd.DataFrame(record)[list(out.columns)]
    combined = pd.concat([out, new.astype({c: out[c].dtype for c in out.columns if c != geometry}, errors="ignore")],
                         ignore_index=True)
    if geometry:
        combined = gpd.GeoDataFrame(combined, geometry=geometry, crs=out.crs)
    return combined
