"""A project that lives in the database, as the app and the commands use it: ``DbLink`` opens it
(remembering each row's version), saves the project's change set through ``changes.apply`` (the
same change set a GeoPackage save writes), lets the user resolve conflicts (theirs, mine, or field
by field) and merges rows other desks changed into the open project. No Qt."""
from __future__ import annotations

import json
import threading

import numpy as np
import pandas as pd

from layers.messages import add_messages, msg
from layers.row_ids import FID, temporary_ids

from ..io.changeset import columns_to_add, geometry_name, resolve_ids, values_differ
from . import changes as server_changes
from .read import layer_list, read_rows, split_versions
from .store import META, _q, _values, connect
from .url import DbProject

add_messages({
    "db_no_layer_removal": {"zh": "数据库项目中的图层 {names} 不能在此删除（请管理员处理）",
                            "en": "layers {names} cannot be removed from a database project here (ask the administrator)"},
    "db_write_refused": {"zh": "数据库拒绝写入项目 {name}：{reason}", "en": "the database refused the changes to {name}: {reason}"},
    "db_new_layer": {"zh": "图层 {name} 不在数据库项目中：请用 gridmap db push 加入",
                     "en": "layer {name} is not in the database project: add it with gridmap db push"},
})


class DbLink:
    """The database side of an open project: the address, each layer's columns and row versions."""

    def __init__(self, db: DbProject) -> None:
        self.db = db
        self.versions: dict[str, dict[int, int]] = {}
        self.columns: dict[str, tuple[bool, dict]] = {}
        self.history_mark: int | None = None      # the last history entry before the layers were read
        self._lock = threading.Lock()

    @property
    def label(self) -> str:
        return f"{self.db.name} @ {self.db.conninfo.split('?')[0]}"

    # -- reading ------------------------------------------------------------------------------
    def layer_plan(self) -> tuple[dict, dict, list[str]]:
        """(settings, sensitive columns per layer, layer names most useful first), as for a file."""
        with connect(self.db) as con:
            exists = con.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (self.db.schema,)).fetchone()
            if not exists:
                raise ValueError(msg("db_no_project", name=self.db.name))
            meta = dict(con.execute(f"SELECT key, value FROM {_q(self.db.schema)}.{META}").fetchall())
            listing = readable(con, self.db.schema, layer_list(con, self.db.schema))
            mark = None
            try:                    # where the history stood before reading: changes after it are replayed
                with con.transaction():
                    mark = con.execute(f"SELECT coalesce(max(id), 0) FROM {_q(self.db.schema)}.history").fetchone()[0]
            except Exception:  # noqa: BLE001 - viewers may not read the history: notices alone then
                mark = None
        self.history_mark = mark
        with self._lock:
            self.columns = {name: (geometry, columns) for name, geometry, columns in listing}
        sensitive = json.loads(meta.get("sensitive", "{}") or "{}")
        priority = ["boundary", "communities", "grid_cells", "roads", "buildings", "facilities", "facility_links",
                    "incidents", "patrols"]
        names = [name for name, _g, _c in listing]
        names.sort(key=lambda n: priority.index(n) if n in priority else len(priority) - 2)
        return meta, sensitive, names

    def read_frame(self, name: str, fids=None, connection=None) -> pd.DataFrame:
        """Rows of layer ``name`` with their ``version`` column (all, or those with ids ``fids``)."""
        geometry, columns = self.columns[name]
        if connection is not None:
            return read_rows(connection, self.db.schema, name, geometry, columns, fids=fids)
        with connect(self.db) as con:
            return read_rows(con, self.db.schema, name, geometry, columns, fids=fids)

    def point_xy(self, name: str):
        """(lon, lat) of a point layer's rows, for the map while its rows are read (or None)."""
        from .read import point_xy
        if not self.columns.get(name, (False, {}))[0]:
            return None
        with connect(self.db, autocommit=True) as con:
            return point_xy(con, self.db.schema, name)

    def read_one(self, name: str, sensitive: dict, connection=None):
        """Layer ``name`` as a validated model (its versions remembered). Raises DataError."""
        from ..project import _make_layer
        frame, versions = split_versions(self.read_frame(name, connection=connection))
        layer = _make_layer(name, frame, source=self.db.name, sensitive=sensitive.get(name, ()))
        with self._lock:
            self.versions[name] = versions
        return layer

    def open(self, keep_link: bool = True):
        """The whole project read now (commands; the window reads layer by layer in threads)."""
        from ..project import Project
        meta, sensitive, names = self.layer_plan()
        project = Project(meta=meta, database=self if keep_link else None)
        with connect(self.db) as con:
            for name in names:
                project.add_layer(self.read_one(name, sensitive, connection=con), saved=True)
        return project

    # -- saving ----------------------------------------------------------------------------------
    def save(self, project) -> dict[str, dict[str, int]]:
        """Write the project's change set (rows inserted, updated, deleted; settings) in one
        transaction. Raises ConflictError (nothing written) naming rows others changed since."""
        changeset = project.changes()
        if changeset.removed:
            raise ValueError(msg("db_no_layer_removal", names=", ".join(changeset.removed)))
        batch, plans = [], []
        for name, change in changeset.layers.items():
            if not change:
                continue
            if change.created or name not in self.columns:
                raise ValueError(msg("db_new_layer", name=name))
            batch.append(self._server_changes(name, change))
            plans.append(change)
        results = self._apply(batch, changeset.meta_set, changeset.meta_deleted) \
            if batch or changeset.meta_set or changeset.meta_deleted else []
        for change, result in zip(plans, results):
            versions = self.versions.setdefault(change.name, {})
            new_rows = change.frame[FID].to_numpy()[change.inserts]
            project._assigned.setdefault(change.name, {}).update(
                dict(zip(new_rows.tolist(), result["inserted"])))
            for fid in result["deleted"]:
                versions.pop(fid, None)
            versions.update(result["versions"])
            project._saved[change.name] = change.frame
        project._saved_meta = {**project._saved_meta, **changeset.meta_set}
        for key in changeset.meta_deleted:
            project._saved_meta.pop(key, None)
        return changeset.summary()

    def _apply(self, batch: list, meta: dict, meta_deleted: list) -> list[dict]:
        """``changes.apply``; the database's refusals (no privilege, a street not yours, a value it
        rejects) become a ValueError naming the project and the reason."""
        import psycopg
        try:
            results = server_changes.apply(self.db, batch, meta=meta, meta_deleted=meta_deleted)
        except psycopg.Error as exc:
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise ValueError(msg("db_write_refused", name=self.db.name, reason=reason)) from exc
        for change in batch:
            if change.new_columns:
                geometry, columns = self.columns[change.layer]
                self.columns[change.layer] = (geometry, {**columns, **change.new_columns})
        return results

    def _server_changes(self, name: str, change) -> server_changes.ServerChanges:
        from .store import _sql_type
        frame = change.frame
        geometry = geometry_name(frame)
        known = self.versions.get(name, {})
        out = server_changes.ServerChanges(name)
        present = self.columns[name][1]
        out.new_columns = {c: _sql_type(frame[c]) for c in columns_to_add(change, present)}
        if len(change.inserts):
            # columns the table lacks and no inserted row has a value for are left out
            absent = [c for c in frame.columns if c not in present and c not in out.new_columns
                      and c not in (FID, geometry, "version")]
            out.inserts = frame.iloc[change.inserts].drop(columns=[FID, *absent])
        for columns, positions in change.updates.items():
            part = frame.iloc[positions]
            values = {("geom" if c == geometry else c): _geometries(part[c]) if c == geometry else _values(part[c])
                      for c in columns}
            for k, fid in enumerate(change.file_fids[positions].tolist()):
                out.updates[fid] = (known.get(fid, 0), {c: v[k] for c, v in values.items()})
        for fid in change.deletes.tolist():
            out.deletes[fid] = known.get(fid, 0)
        return out

def readable(con, schema: str, listing: list) -> list:
    """The layers and columns this user may read (a viewer reads no sensitive column; the
    database says which): [(name, geometry, {column: type})]."""
    out = []
    for name, geometry, columns in listing:
        table = f"{_q(schema)}.{_q(name)}"
        allowed = {c for (c,) in con.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
            "AND has_column_privilege(attrelid, attnum, 'SELECT')", (table,)).fetchall()}
        if "fid" not in allowed:
            continue                        # a layer this user may not read at all
        out.append((name, geometry and "geom" in allowed, {c: t for c, t in columns.items() if c in allowed}))
    return out


def _geometries(series) -> list:
    return [None if g is None or g.is_empty else g for g in series]


# -- conflicts ------------------------------------------------------------------------------------
def conflict_rows(project, link: DbLink, error: server_changes.ConflictError) -> list[dict]:
    """For each conflicting row: {layer, fid, columns: [(column, when read, mine, theirs)], deleted}
    with their row read now; the dialog shows these and ``resolve`` takes the user's choices."""
    out = []
    by_layer: dict[str, list[int]] = {}
    for c in error.conflicts:
        by_layer.setdefault(c.layer, []).append(c.fid)
    for name, fids in by_layer.items():
        theirs = link.read_frame(name, fids=fids).set_index(FID, drop=False)
        current, base = project[name].data, project._saved.get(name)
        cur_ids = resolve_ids(current[FID].to_numpy(), project._assigned.get(name))
        base_ids = resolve_ids(base[FID].to_numpy(), project._assigned.get(name))
        for fid in fids:
            mine = current.iloc[int(np.flatnonzero(cur_ids == fid)[0])] if (cur_ids == fid).any() else None
            read = base.iloc[int(np.flatnonzero(base_ids == fid)[0])] if (base_ids == fid).any() else None
            their = theirs.loc[fid] if fid in theirs.index else None
            columns = []
            for col in current.columns:
                if col == FID:
                    continue
                values = [None if r is None or col not in r.index else r[col] for r in (read, mine, their)]
                geometry = col == geometry_name(current)
                if _differs(values[0], values[1], geometry) or _differs(values[0], values[2], geometry):
                    columns.append((col, *values))
            out.append({"layer": name, "fid": fid, "columns": columns, "deleted": their is None,
                        "mine_deleted": mine is None, "theirs": their})
    return out


def _differs(a, b, geometry: bool) -> bool:
    return bool(values_differ(np.array([a], dtype=object), np.array([b], dtype=object), geometry=geometry)[0])


def resolve(project, link: DbLink, rows: list[dict], choices: dict) -> None:
    """Rebase the project on the rows others wrote: for each conflicting row the saved copy and
    its version become theirs; the current row takes their value in every column the user chose
    "theirs" for and keeps its own in the others. ``choices[(layer, fid)]`` is "mine", "theirs" or
    {column: "mine"|"theirs"} (see ``_columns_to_take``: "mine" keeps the user's edits and their
    edits of other columns). A row they deleted: "theirs" drops it, "mine" inserts it again.
    The next save then writes only the user's chosen values, made from their version."""
    for name in sorted({r["layer"] for r in rows}):
        layer_rows = [r for r in rows if r["layer"] == name]
        current, base = project[name].data, project._saved.get(name)
        assigned = project._assigned.get(name)
        cur_ids = resolve_ids(current[FID].to_numpy(), assigned)
        base_ids = resolve_ids(base[FID].to_numpy(), assigned)
        theirs_rows, gone_base, drop_current, reinsert = [], [], [], []
        take: dict[int, list[str]] = {}
        for r in layer_rows:
            fid, choice = r["fid"], choices.get((name, r["fid"]), "theirs")
            if r["deleted"]:
                gone_base.append(fid)
                (drop_current if choice == "theirs" else reinsert).append(fid)
                link.versions.get(name, {}).pop(fid, None)
                continue
            their = r["theirs"]
            theirs_rows.append(their)
            link.versions.setdefault(name, {})[fid] = int(their["version"])
            take[fid] = _columns_to_take(r, choice, geometry_name(current))
        theirs = pd.DataFrame(theirs_rows).drop(columns=["version"], errors="ignore") if theirs_rows else None
        new_base = patch_frame(base, base_ids, theirs, gone_base)
        new_current = current
        if take or drop_current or reinsert:
            new_current = current.copy()
            if reinsert:
                hit = np.isin(cur_ids, reinsert)
                ids = new_current[FID].to_numpy().copy()
                ids[hit] = temporary_ids(int(hit.sum()))
                new_current[FID] = ids
            for fid, cols in take.items():
                pos = np.flatnonzero(cur_ids == fid)
                if not len(pos):
                    continue
                their = theirs.loc[theirs[FID] == fid].iloc[0]
                for col in cols:
                    if col in new_current.columns and col in their.index:
                        new_current.iat[int(pos[0]), new_current.columns.get_loc(col)] = their[col]
            if drop_current:
                new_current = new_current[~np.isin(cur_ids, drop_current)]
        project._saved[name] = new_base
        if new_current is not current:
            project[name].restore(new_current)


def _columns_to_take(row: dict, choice, geometry: str | None) -> list[str]:
    """The columns in which the current row takes their value. "theirs": every one. "mine": those
    the user did not change (their other edits stay). Field by field: the user's picks; a column
    not picked takes theirs unless only the user changed it."""
    take = []
    for column, read, mine, theirs in row["columns"]:
        geo = column == geometry
        i_changed, they_changed = _differs(read, mine, geo), _differs(read, theirs, geo)
        if choice == "theirs":
            pick = "theirs"
        elif choice == "mine":
            pick = "mine" if i_changed else "theirs"
        else:
            pick = choice.get(column) or ("mine" if i_changed and not they_changed else "theirs")
        if pick == "theirs":
            take.append(column)
    return take


# -- other desks' changes ---------------------------------------------------------------------------
def patch_frame(frame: pd.DataFrame, ids: np.ndarray, rows: pd.DataFrame | None, deleted,
                add_new: bool = False) -> pd.DataFrame:
    """``frame`` (row ids ``ids``, resolved) with the rows of ``rows`` (by ``fid``) put in place of
    its own, rows ``deleted`` removed, and with ``add_new`` rows it lacks appended. A new frame."""
    out = frame
    if rows is not None and len(rows):
        pos = pd.Index(ids).get_indexer(rows[FID].to_numpy())
        have = pos >= 0
        if have.any():
            out = frame.copy()
            for col in rows.columns:
                if col == FID or col not in out.columns:
                    continue
                values = np.asarray(out[col].array, dtype=object).copy() if col == geometry_name(out) \
                    else out[col].to_numpy(dtype=object).copy()
                values[pos[have]] = np.asarray(rows[col].array, dtype=object)[have]
                out[col] = pd.Series(values, index=out.index).astype(frame[col].dtype) \
                    if col != geometry_name(out) else values
        if add_new and (~have).any():
            extra = rows[~have]
            extra = extra[[c for c in out.columns if c in extra.columns]]
            import geopandas as gpd
            combined = pd.concat([out, extra], ignore_index=True)
            out = gpd.GeoDataFrame(combined, geometry=geometry_name(out), crs=out.crs) \
                if geometry_name(out) else combined
            ids = np.concatenate([ids, extra[FID].to_numpy()])
    if deleted is not None and len(deleted):
        keep = ~np.isin(ids, np.asarray(list(deleted), dtype=np.int64))
        if not keep.all():
            out = out[keep].reset_index(drop=True)
    return out


def locally_changed(project, name: str, fids) -> set[int]:
    """Of ``fids``, the rows the user changed (or deleted) and has not saved yet."""
    current, base = project[name].data, project._saved.get(name)
    if base is None or base is current:
        return set()
    assigned = project._assigned.get(name)
    cur_ids = resolve_ids(current[FID].to_numpy(), assigned)
    base_ids = resolve_ids(base[FID].to_numpy(), assigned)
    fids = np.asarray(list(fids), dtype=np.int64)
    bpos = pd.Index(base_ids).get_indexer(fids)
    cpos = pd.Index(cur_ids).get_indexer(fids)
    out = set()
    both = (bpos >= 0) & (cpos >= 0)
    out |= set(fids[(bpos >= 0) & (cpos < 0)].tolist())          # deleted here
    if both.any():
        geometry = geometry_name(current)
        differ = np.zeros(int(both.sum()), dtype=bool)
        for col in current.columns:
            if col == FID or col not in base.columns:
                continue
            a = np.asarray(current[col].array, dtype=object)[cpos[both]]
            b = np.asarray(base[col].array, dtype=object)[bpos[both]]
            differ |= values_differ(a, b, geometry=col == geometry)
        out |= set(fids[both][differ].tolist())
    return out


def merge_remote(project, link: DbLink, name: str, rows: pd.DataFrame | None, deleted) -> tuple[dict, set]:
    """Put rows other desks wrote (``rows`` with their ``version``; ids ``deleted`` gone) into the
    open project, in both its current and its saved frames. Rows the user changed and has not saved
    are left as they are (saving them is then a conflict to resolve, never an overwrite); rows
    already at the version known here are skipped (this desk's own saves coming back).
    Returns ({"old": frame before, "new": frame after, "rows": the rows put in (no version column),
    "deleted": the ids taken out} or {} when nothing changed, skipped ids)."""
    if name not in project or project._saved.get(name) is None:
        return {}, set()
    known = link.versions.setdefault(name, {})
    if rows is not None and len(rows):
        fresh = np.array([known.get(f) != v for f, v in zip(rows[FID].tolist(), rows["version"].tolist())], dtype=bool)
        rows = rows[fresh]
    deleted = [f for f in (deleted or []) if f in known]
    if (rows is None or not len(rows)) and not deleted:
        return {}, set()
    touched = set(deleted) | (set(rows[FID].tolist()) if rows is not None else set())
    skipped = locally_changed(project, name, touched)
    if rows is not None:
        rows = rows[~rows[FID].isin(list(skipped))]
    deleted = [f for f in deleted if f not in skipped]
    for f, v in zip(rows[FID].tolist(), rows["version"].tolist()) if rows is not None else ():
        known[int(f)] = int(v)
    for f in deleted:
        known.pop(f, None)
    plain = rows.drop(columns=["version"]) if rows is not None else None
    layer = project[name]
    current, base = layer.data, project._saved[name]
    assigned = project._assigned.get(name)
    same = base is current
    new_current = patch_frame(current, resolve_ids(current[FID].to_numpy(), assigned), plain, deleted, add_new=True)
    if new_current is current:
        return {}, skipped
    project._saved[name] = new_current if same else patch_frame(
        base, resolve_ids(base[FID].to_numpy(), assigned), plain, deleted, add_new=True)
    return {"old": current, "new": new_current, "rows": plain, "deleted": deleted}, skipped
