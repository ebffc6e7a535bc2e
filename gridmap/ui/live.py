"""Live: the changes other desks save reach this window within a second. A listener thread holds
its own connections (LISTEN on the project's channel, and one to fetch the changed rows), gathers
the notices of a moment, reads the changed rows (COPY → Arrow, off the GUI thread) and hands them
over as a Qt signal; the window merges them (``server.sync.merge_remote``)."""
from __future__ import annotations

import json
import logging
import threading
import time

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

#: After the first notice, further notices are gathered this long before the rows are read.
GATHER_S = 0.05


class LiveListener(QObject):
    """Emits ``changes`` with [(layer, rows frame with versions or None, deleted ids, who)]."""

    changes = Signal(object)
    failed = Signal(str)

    def __init__(self, link, parent=None) -> None:
        super().__init__(parent)
        self.db = link.db
        self.columns = dict(link.columns)          # a copy: the thread reads no shared state
        self.mark = link.history_mark
        self._stop = threading.Event()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, name="gridmap-live", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self.thread.is_alive():
            self.thread.join(2.0)

    def _run(self) -> None:
        from ..server.read import read_rows
        from ..server.store import _q, connect
        try:
            listen = connect(self.db, autocommit=True)
            fetch = connect(self.db, autocommit=True)
        except ValueError as exc:
            self.failed.emit(str(exc))
            return
        try:
            listen.execute(f"LISTEN {_q(self.db.channel)}")
            notes = self._since_opening(fetch)
            self.ready.set()
            while not self._stop.is_set():
                if not notes:
                    notes = [json.loads(n.payload) for n in listen.notifies(timeout=0.25)]
                if not notes:
                    continue
                end = time.monotonic() + GATHER_S
                while time.monotonic() < end:
                    notes += [json.loads(n.payload) for n in listen.notifies(timeout=max(0.0, end - time.monotonic()))]
                out = []
                for layer, (fids, deleted, who) in _group(notes).items():
                    if layer not in self.columns:
                        continue
                    geometry, columns = self.columns[layer]
                    rows = read_rows(fetch, self.db.schema, layer, geometry, columns, fids=sorted(fids)) if fids else None
                    out.append((layer, rows, sorted(deleted), sorted(who)))
                if out and not self._stop.is_set():
                    self.changes.emit(out)
                notes = []
        except Exception as exc:  # noqa: BLE001 - a lost connection: say so, the window keeps working
            if not self._stop.is_set():
                log.exception("live updates stopped")
                self.failed.emit(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        finally:
            listen.close()
            fetch.close()

    def _since_opening(self, con) -> list[dict]:
        """Changes saved between reading the layers and listening, from the history (rows this
        window already has at that version are skipped when merged)."""
        if self.mark is None:
            return []
        from ..server.store import _q
        rows = con.execute(f"SELECT layer, fid, op, who FROM {_q(self.db.schema)}.history WHERE id > %s AND fid IS NOT NULL "
                           "ORDER BY id", (self.mark,)).fetchall()
        return [{"layer": layer, "fid": fid, "op": op, "user": who} for layer, fid, op, who in rows]


def _group(notes: list[dict]) -> dict:
    """layer -> (ids inserted or updated, ids deleted, users) of a batch of notices in order."""
    out: dict[str, tuple[set, set, set]] = {}
    for note in notes:
        fids, deleted, who = out.setdefault(note.get("layer"), (set(), set(), set()))
        fid = int(note["fid"])
        if note.get("op") == "DELETE":
            deleted.add(fid)
            fids.discard(fid)
        else:
            fids.add(fid)
            deleted.discard(fid)
        who.add(str(note.get("user", "")))
    return out
