"""No lost work: the modified marker, Save / Discard / Cancel before the project goes away, saving
with a clear message when it fails or meets someone else's change, and the recovery journal."""
from __future__ import annotations

import json
import logging
import os
import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from layers.errors import DataError

from ..io.gpkg_store import SaveConflict
from ..io.recovery import apply_journal, read_journal, remove_journal, write_journal
from .message_box import message_box

log = logging.getLogger(__name__)


#: The journal setting that holds a database project's row versions of the journaled rows.
DB_VERSIONS = "__gridmap_db_versions"


def journal_key(project):
    """The path the recovery journal of ``project`` is keyed by: its file, or for a database
    project a name made from its address (never a file; the journal lives in the private folder)."""
    if project is None:
        return None
    if project.path is not None:
        return project.path
    if project.database is not None:
        import hashlib
        db = project.database.db
        return "/gridmap-database/" + hashlib.sha1(f"{db.conninfo}|{db.name}".encode()).hexdigest()
    return None


def db_versions(project, changes) -> dict:
    """{DB_VERSIONS: json} of the versions the changed and deleted rows were read at (database projects)."""
    if project.database is None:
        return {}
    out = {}
    for name, change in changes.layers.items():
        known = project.database.versions.get(name, {})
        fids = list(change.file_fids[change.updated_positions].tolist()) + list(change.deletes.tolist())
        out[name] = {str(f): known[f] for f in fids if f in known}
    return {DB_VERSIONS: json.dumps(out)}


def headless() -> bool:
    """Tests run without a screen and answer dialogs themselves (no modal dialog may block them)."""
    return os.environ.get("QT_QPA_PLATFORM") == "offscreen" and bool(os.environ.get("GRIDMAP_NO_SETTINGS"))

#: Edits are written to the recovery journal this long after the last one.
JOURNAL_DELAY_MS = 1500


class SaveController(QObject):
    """Owns saving for a main window. ``ask_*`` methods are the dialogs (tests replace them)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._journal_timer = QTimer(self, singleShot=True, interval=JOURNAL_DELAY_MS)
        self._journal_timer.timeout.connect(self.write_journal)
        window.undo_stack.indexChanged.connect(lambda _i: self.on_edit())

    # -- state --------------------------------------------------------------------------------
    @property
    def project(self):
        return self.window.project

    def watch(self, project) -> None:
        """Follow edits that do not pass the undo stack too (imports, loaded layers)."""
        if project is None:
            return
        project.events.layers.connect(self._on_layers)
        project.events.saved.connect(lambda _path: self.update_marker())
        self._on_layers()

    def _on_layers(self, _names=None) -> None:
        project = self.project
        if project is not None:
            for layer in project.layers.values():
                layer.events.data.connect(self._on_layer_data)
        self.update_marker()

    def _on_layer_data(self, _frame=None) -> None:
        self.on_edit()

    def on_edit(self) -> None:
        """Something changed: update the marker and journal the edits a moment later."""
        import shiboken6
        if not (shiboken6.isValid(self) and shiboken6.isValid(self.window)):
            return              # the window is being destroyed (its undo stack clears as it goes)
        self.update_marker()
        if self.project is not None and journal_key(self.project) is not None:
            self._journal_timer.start()

    def update_marker(self) -> None:
        import shiboken6
        if not shiboken6.isValid(self.window):
            return
        self.window.setWindowModified(bool(self.project is not None and self.project.modified))

    def write_journal(self) -> None:
        """Write the unsaved edits to the private recovery file (or remove it: none left)."""
        self._journal_timer.stop()
        project = self.project
        key = journal_key(project)
        if key is None:
            return
        try:
            changes = project.changes()
            write_journal(key, changes, {**project.meta, **db_versions(project, changes)})
        except Exception:  # noqa: BLE001 - a journal that cannot be written must not stop editing
            log.exception("could not write the recovery journal of %s", project.source)

    def forget_journal(self) -> None:
        self._journal_timer.stop()
        key = journal_key(self.project)
        if key is not None:
            remove_journal(key)

    # -- before the project goes away -----------------------------------------------------------------
    def maybe_keep(self) -> bool:
        """Before quitting, closing or opening another project: True to go on (saved, or the user
        chose to discard), False to stay (cancelled, or the save failed)."""
        project = self.project
        if project is None or not project.modified:
            return True
        answer = self.ask_save_discard_cancel()
        if answer == "save":
            return self.save()
        if answer == "discard":
            self.forget_journal()
            return True
        return False

    def ask_save_discard_cancel(self) -> str:
        if headless():
            return "discard"
        name = self.project.path.name if self.project.path else self.tr("the new project")
        box = message_box(self.window, QMessageBox.Icon.Question, self.tr("Unsaved changes"),
                          self.tr("Save the changes to %1?").replace("%1", name),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        choice = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(choice), "cancel")

    # -- saving ------------------------------------------------------------------------------------
    def save(self, path: str | None = None) -> bool:
        """Save (to ``path``, or to the project's own file); on failure a dialog names the file and
        the reason and the edits stay in the window. Returns whether it was saved."""
        project = self.project
        if project is None:
            return False
        if path is None and project.path is None and project.database is None:
            return self.save_as()
        if path is None and project.database is not None:
            return self._save_to_database()
        conflicts = "ask"
        while True:
            try:
                project.save(path, conflicts=conflicts)
                break
            except SaveConflict as exc:
                conflicts = self.ask_conflict(exc)
                if conflicts == "cancel":
                    return False
            except DataError as exc:
                self.window._error(self.tr("Saving failed"), str(exc))
                return False
            except OSError as exc:
                target = path or project.path
                self.window._error(self.tr("Saving failed"), f"{target}: {exc.strerror or exc}")
                return False
        self.forget_journal()
        try:                    # QGIS opens the project looking like GridMap (layers without a style)
            from ..export.qgis_styles import write_default_styles
            write_default_styles(project.path, project, getattr(self.window, "language", "zh"))
        except Exception:  # noqa: BLE001 - a style is a nicety; the save itself succeeded
            log.exception("could not write default QGIS styles to %s", project.path)
        self.update_marker()
        self.window._update_title()
        self.window.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(project.path)), 4000)
        return True

    def _save_to_database(self) -> bool:
        """Write the change set to the database; a conflict opens the dialog, then saves again."""
        from ..server.changes import ConflictError
        project = self.project
        while True:
            try:
                project.save()
                break
            except ConflictError as exc:
                if not self.window.db_menu.resolve(exc):
                    return False
            except (ValueError, DataError) as exc:
                self.window._error(self.tr("Saving failed"), str(exc))
                return False
        self.update_marker()
        self.window._update_title()
        self.window.statusBar().showMessage(self.tr("Saved to %1").replace("%1", project.database.label), 4000)
        return True

    def save_as(self) -> bool:
        if self.project is None:
            return False
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save project as"), "",
                                              self.tr("GeoPackage (*.gpkg)"))
        if not path:
            return False
        if not path.endswith(".gpkg"):
            path += ".gpkg"
        old = self.project.path
        if not self.save(path):
            return False
        if old is not None and os.path.realpath(old) != os.path.realpath(path):
            remove_journal(old)
        return True

    def ask_conflict(self, exc: SaveConflict) -> str:
        """Keep mine / take theirs / cancel for rows someone else changed."""
        if headless():
            return "cancel"
        lines = [f"{c.layer} #{c.fid}: " + (", ".join(c.columns) if c.theirs is not None else self.tr("deleted"))
                 for c in exc.conflicts[:12]]
        box = message_box(self.window, QMessageBox.Icon.Warning, self.tr("Changed by someone else"),
                          str(exc) + "\n\n" + "\n".join(lines), QMessageBox.StandardButton.Cancel)
        mine = box.addButton(self.tr("Keep mine"), QMessageBox.ButtonRole.AcceptRole)
        theirs = box.addButton(self.tr("Take theirs"), QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        clicked = box.clickedButton()
        return "mine" if clicked is mine else "theirs" if clicked is theirs else "cancel"

    # -- after a crash --------------------------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """The project just opened has a journal: offer to put its edits back. True if restored."""
        project = self.project
        key = journal_key(project)
        if key is None:
            return False
        journal = read_journal(key)
        if journal is None:
            return False
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(journal.written_at))
        if not self.ask_restore(when, sum(journal.counts().values())):
            remove_journal(key)
            return False
        from .undo import apply_frames
        frames = {}
        for name, part in journal.layers.items():
            if name in project:
                frames[name] = apply_journal(project[name].data, part)
        try:
            apply_frames(self.window.undo_stack, project, frames, self.tr("Restore unsaved edits"))
        except DataError as exc:
            self.window._error(self.tr("Could not restore the unsaved edits"), str(exc))
            return False
        versions = journal.meta.pop(DB_VERSIONS, None)
        if versions and project.database is not None:
            # the rows' versions when they were edited: a row changed at another desk since the
            # crash is then a conflict on saving, not overwritten by the restored edit
            for name, known in json.loads(versions).items():
                project.database.versions.setdefault(name, {}).update({int(k): int(v) for k, v in known.items()})
        project.meta.update(journal.meta)
        self.update_marker()
        return True

    def ask_restore(self, when: str, rows: int) -> bool:
        if headless():
            return False
        box = message_box(self.window, QMessageBox.Icon.Question, self.tr("Unsaved edits found"),
                          self.tr("GridMap was closed with unsaved edits to this project (%1 rows, %2). "
                                  "Restore them?").replace("%1", str(rows)).replace("%2", when),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes
