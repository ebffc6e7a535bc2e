"""The recovery journal: unsaved edits of a project, kept in a private file until they are saved.

After every edit (a moment later) the window writes the project's change set — the rows inserted,
changed and deleted since the file was last read or saved — to a file of the user's own
(``$XDG_DATA_HOME/gridmap/recovery``, folder 0700, file 0600: it holds phone numbers). A crash
leaves it behind; opening the project again offers to put the edits back. Saving, discarding or
closing cleanly removes it."""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from layers.row_ids import FID

from .changeset import ChangeSet, resolve_ids

_VERSION = 1


def recovery_dir() -> Path:
    """The private folder of recovery journals (made with mode 0700 when missing)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    folder = base / "gridmap" / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def journal_path(project_path: str | os.PathLike) -> Path:
    """Where the journal of the project file at ``project_path`` lives."""
    key = hashlib.sha1(os.path.realpath(project_path).encode("utf-8")).hexdigest()[:20]
    return recovery_dir() / f"{key}.journal"


@dataclass
class Journal:
    """Unsaved edits of one project file."""

    project_path: str
    written_at: float
    layers: dict[str, dict]       # name -> {"rows": frame of inserted/changed rows, "deleted": file ids}
    meta: dict[str, str]

    def counts(self) -> dict[str, int]:
        return {name: len(part["rows"]) + len(part["deleted"]) for name, part in self.layers.items()}


def write_journal(project_path: str | os.PathLike, changes: ChangeSet, meta: dict[str, str]) -> Path | None:
    """Write ``changes`` as the journal of ``project_path`` (removing it when there are none).
    Returns the journal's path, or None when nothing is unsaved."""
    target = journal_path(project_path)
    if not changes:
        remove_journal(project_path)
        return None
    layers = {}
    for name, change in changes.layers.items():
        if not change:
            continue
        rows = np.sort(np.concatenate([change.inserts, change.updated_positions])).astype(np.int64)
        part = change.frame.iloc[rows].copy()
        part[FID] = change.file_fids[rows]
        layers[name] = {"rows": part, "deleted": np.asarray(change.deletes, dtype=np.int64),
                        "created": change.created}
    journal = Journal(os.path.realpath(project_path), time.time(), layers, dict(meta))
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)   # mode 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((_VERSION, journal), fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
    return target


def read_journal(project_path: str | os.PathLike) -> Journal | None:
    """The journal of ``project_path``, or None (none, or not readable: then it is set aside)."""
    path = journal_path(project_path)
    if not path.exists():
        return None
    try:
        with open(path, "rb") as fh:
            version, journal = pickle.load(fh)      # our own private file (0600), written above
        if version != _VERSION or not isinstance(journal, Journal):
            raise ValueError("unknown journal version")
        return journal
    except Exception:  # noqa: BLE001 - a broken journal must not stop the project from opening
        path.rename(path.with_suffix(".broken"))
        return None


def remove_journal(project_path: str | os.PathLike) -> None:
    try:
        os.remove(journal_path(project_path))
    except OSError:
        pass


def apply_journal(frame: pd.DataFrame, part: dict, assigned: dict[int, int] | None = None) -> pd.DataFrame:
    """``frame`` (a layer as read from the file) with a journal's rows put back: deleted ids
    removed, changed rows replaced, inserted rows appended (with temporary ids again)."""
    ids = resolve_ids(frame[FID].to_numpy(), assigned)
    rows = part["rows"]
    keep = ~np.isin(ids, part["deleted"]) & ~np.isin(ids, rows[FID].to_numpy())
    rows = rows.copy()
    new = ~np.isin(rows[FID].to_numpy(), ids)
    # rows made here and never saved get fresh temporary ids (LayerModel assigns them to NaN)
    rows[FID] = np.where(new, np.nan, rows[FID].to_numpy(dtype=float))
    out = pd.concat([frame[keep], rows], ignore_index=True)
    out = out.sort_values(FID, na_position="last", kind="stable").reset_index(drop=True)
    if hasattr(frame, "crs"):
        import geopandas as gpd
        out = gpd.GeoDataFrame(out, geometry=frame.geometry.name, crs=frame.crs)
    return out
