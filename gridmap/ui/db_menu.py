"""The window's side of a database project: File → Open database…, live updates from other desks
(merged into the map, tables, counts and charts without reloading), the conflict dialog when a save
meets another desk's change, and Edit → Feature history… with restore."""
from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence

from .saving import headless

log = logging.getLogger(__name__)


class DbMenu(QObject):
    merged = Signal(str, int)          # layer, rows merged (tests and the status bar)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.listener = None
        self._project = None
        self.last_merge: float | None = None
        #: What the conflict dialog answers when no one can (tests): "mine", "theirs", "cancel".
        self.headless_conflicts = "cancel"
        self.open_action = QAction(window, triggered=self.choose_database)
        self.open_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.history_action = QAction(window, triggered=lambda _checked=False: self.show_history())
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        menu = window.file_menu
        actions = menu.actions()
        after = actions[actions.index(window.actions["open"]) + 1] if window.actions["open"] in actions else None
        menu.insertAction(after, self.open_action)
        window.edit_menu.addSeparator()
        window.edit_menu.addAction(self.history_action)
        window.projectLoaded.connect(lambda project: self._on_project(project, loaded=True))
        window.projectChanged.connect(self._on_project)
        self.retranslate()

    def retranslate(self) -> None:
        self.open_action.setText(self.tr("Open &database…"))
        self.open_action.setStatusTip(self.tr("Open a project that lives in PostgreSQL/PostGIS"))
        self.history_action.setText(self.tr("Feature &history…"))
        self.history_action.setStatusTip(self.tr("Who changed the selected feature, when, and what; restore a version"))

    # -- opening ----------------------------------------------------------------------------------
    def choose_database(self) -> None:
        from .db_dialogs import ConnectDialog
        dialog = ConnectDialog(self.window)
        if dialog.exec():
            dialog.remember()
            self.window.open_project(dialog.url())

    # -- live --------------------------------------------------------------------------------------
    def _on_project(self, project, loaded: bool = False) -> None:
        if project is self._project and self.listener is not None:
            return
        if project is not None and project.database is not None and not loaded:
            return                          # a database project opens in the background: live once loaded
        self.stop()
        self._project = project
        if project is None or project.database is None:
            return
        from .live import LiveListener
        self.listener = LiveListener(project.database, self)
        self.listener.changes.connect(self.merge)
        self.listener.failed.connect(lambda text: self.window.statusBar().showMessage(
            self.tr("Live updates stopped: %1").replace("%1", text), 15000))
        self.listener.start()

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.changes.disconnect(self.merge)
            self.listener.stop()
            self.listener = None
        self._project = None

    def merge(self, batches) -> None:
        """Rows other desks saved: into the project (and the frames undo and redo would bring
        back), each layer one data event so the map, tables, counts and charts follow."""
        from ..server.sync import merge_remote
        project = self.window.project
        if project is None or project.database is None:
            return
        for name, rows, deleted, who in batches:
            change, skipped = merge_remote(project, project.database, name, rows, deleted)
            if skipped:
                self.window.statusBar().showMessage(
                    self.tr("%1: %2 rows you are editing were changed at another desk; saving will ask which to keep")
                    .replace("%1", name).replace("%2", str(len(skipped))), 10000)
            if not change:
                continue
            _rebase_undo_stack(self.window.undo_stack, project[name], project, change["rows"], change["deleted"],
                               {id(change["old"]): change["new"]})
            project[name].restore(change["new"])
            count = (0 if rows is None else len(rows)) + len(deleted)
            self.last_merge = time.monotonic()
            self.window.statusBar().showMessage(
                self.tr("%1 changed %2 (%3 rows)").replace("%1", ", ".join(who)).replace("%2", project[name].name)
                .replace("%3", str(count)), 8000)
            self.merged.emit(name, count)

    # -- conflicts ------------------------------------------------------------------------------------
    def resolve(self, error) -> bool:
        """A save met rows another desk changed: the dialog, then the project rebased on their rows.
        True to save again, False when the user cancelled."""
        import json
        from ..server.sync import conflict_rows, resolve
        project = self.window.project
        rows = conflict_rows(project, project.database, error)
        if headless():
            how = self.headless_conflicts
            if how == "cancel":
                return False
            choices = {(r["layer"], r["fid"]): how for r in rows}
        else:
            from .db_dialogs import ConflictDialog
            sensitive = {name: set(project[name].sensitive_columns) for name in {r["layer"] for r in rows}}
            sensitive.update({k: set(v) for k, v in json.loads(project.meta.get("sensitive", "{}") or "{}").items()})
            labels = {name: project[name].name for name in {r["layer"] for r in rows}}
            dialog = ConflictDialog(rows, sensitive, self.window, labels)
            if not dialog.exec() or dialog.result_choices is None:
                return False
            choices = dialog.result_choices
        resolve(project, project.database, rows, choices)
        return True

    # -- history -------------------------------------------------------------------------------------
    def show_history(self, restore_with=None) -> bool:
        """The history of the selected feature; restoring a version is one undoable edit (saved as
        any other). ``restore_with(versions)`` picks a version instead of the dialog (tests)."""
        from layers.row_ids import FID
        from ..io.changeset import resolve_ids
        from ..server.history import feature_history, restored_frame
        from .undo import apply_frames
        window, project = self.window, self.window.project
        title = self.tr("Feature history")
        if project is None or project.database is None:
            window._error(title, self.tr("History is kept for projects opened from a database."))
            return False
        current = window.layer_panel.current_name()
        names = ([current] if current and current in project else []) + list(project.layer_names())
        name = next((n for n in names if len(project[n].selection)), None)
        if name is None:
            window._error(title, self.tr("Select a feature first."))
            return False
        layer = project[name]
        row = int(sorted(layer.selection)[0])
        ids = resolve_ids(layer.data[FID].to_numpy(), project._assigned.get(name))
        fid = int(ids[row])
        if fid <= 0:
            window._error(title, self.tr("This feature is not saved yet: it has no history."))
            return False
        try:
            versions = feature_history(project.database, name, fid)
        except Exception as exc:  # noqa: BLE001 - psycopg's InsufficientPrivilege for viewers, a lost link
            window._error(title, str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
            return False
        if restore_with is not None:
            chosen = restore_with(versions)
        else:
            from .db_dialogs import HistoryDialog
            dialog = HistoryDialog(f"{layer.name} #{fid}", versions, set(layer.sensitive_columns), window)
            chosen = dialog.chosen if dialog.exec() else None
        if chosen is None:
            return False
        frame = restored_frame(layer.data, FID, ids, fid, chosen)
        apply_frames(window.undo_stack, project, {name: frame},
                     self.tr("Restore version of %1").replace("%1", chosen.at.strftime("%Y-%m-%d %H:%M")))
        return True


def _rebase_undo_stack(stack, layer, project, rows, deleted, done: dict) -> None:
    """Put the rows another desk saved into every frame of ``layer`` the undo stack holds, so an
    undo or redo never brings back the old rows (which saving would then write over theirs).
    ``rows`` and ``deleted`` are what ``merge_remote`` put in and took out (never this desk's own
    saves coming back: undoing one's own edit must still bring its old value back). ``done`` maps frames already patched (by id) to their patched frame: the layer's current
    frame becomes the very frame the layer now holds (so the saved/modified state stays exact)."""
    from layers.row_ids import FID
    from ..io.changeset import resolve_ids
    from ..server.sync import patch_frame
    from .undo import ReplaceFrames

    def patched(frame):
        key = id(frame)
        if key not in done:
            ids = resolve_ids(frame[FID].to_numpy(), project._assigned.get(layer.kind))
            done[key] = patch_frame(frame, ids, rows, deleted, add_new=True)
        return done[key]

    for i in range(stack.count()):
        command = stack.command(i)
        if isinstance(command, ReplaceFrames):
            command.changes = [(lyr, patched(old), patched(new)) if lyr is layer else (lyr, old, new)
                               for lyr, old, new in command.changes]
