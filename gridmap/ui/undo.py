"""Undo for data edits: a command swaps whole layer frames (frames are immutable snapshots)."""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack


class ReplaceFrames(QUndoCommand):
    """Set several layers' data at once; undo puts the old frames back in reverse order.

    One Python command holds every change (no child commands: PySide would let their Python
    side be collected while Qt still holds them).
    """

    def __init__(self, changes: list[tuple[object, object]], text: str = "") -> None:
        super().__init__(text)
        self.changes = [(layer, layer.data, frame) for layer, frame in changes]
        self._validated = False

    def redo(self) -> None:
        if not self._validated:
            # First time: the new frames are checked against the contract (an error leaves the
            # layers already changed as they were, and nothing is pushed).
            done = []
            try:
                for layer, _old, new in self.changes:
                    layer.data = new
                    done.append(layer)
            except Exception:
                for layer, old, _new in self.changes:
                    if layer in done:
                        layer.restore(old)
                raise
            self.changes = [(layer, old, layer.data) for layer, old, _new in self.changes]
            self._validated = True
            return
        for layer, _old, new in self.changes:
            layer.restore(new)

    def undo(self) -> None:
        for layer, old, _new in reversed(self.changes):
            layer.restore(old)


def apply_frames(stack: QUndoStack, project, frames: dict, text: str) -> None:
    """Apply ``frames`` (layer name -> new frame) as one undoable step named ``text``.

    Every frame is checked before anything is pushed: a refused frame raises (the caller shows
    why) and leaves no step in the undo history — a failed first redo inside ``push`` did."""
    changes = [(project[name], project[name].checked(frame)) for name, frame in frames.items()]
    command = ReplaceFrames(changes, text)
    command._validated = True           # checked above: redo puts the frames in as they are
    stack.push(command)


class AddLayerWithFrames(ReplaceFrames):
    """A change that needs a layer the project lacks (a case's first entry in a project without a
    case file): redo adds ``layer`` and sets the other layers' frames; undo sets them back and
    takes the layer out again (a save then writes no table for it)."""

    def __init__(self, project, layer, changes: list[tuple[object, object]], text: str = "") -> None:
        super().__init__(changes, text)
        self.project, self.layer, self._added = project, layer, False

    def redo(self) -> None:
        if self._added:
            self.project.restore_layer(self.layer)
        else:
            self.project.add_layer(self.layer)
            self._added = True
        try:
            super().redo()
        except Exception:
            self.project.remove_layer(self.layer.kind)
            raise

    def undo(self) -> None:
        super().undo()
        self.project.remove_layer(self.layer.kind)


class SetMeta(QUndoCommand):
    """Change one project setting (kept in the file); undo puts the old value back."""

    def __init__(self, project, key: str, value: str | None, text: str = "") -> None:
        super().__init__(text)
        self.project, self.key, self.old, self.new = project, key, project.meta.get(key), value

    def _set(self, value) -> None:
        if value is None:
            self.project.meta.pop(self.key, None)
        else:
            self.project.meta[self.key] = value

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class RemoveLayer(QUndoCommand):
    """Take a layer out of the project (the save then drops it from the file); undo puts it back."""

    def __init__(self, project, name: str, text: str = "") -> None:
        super().__init__(text)
        self.project, self.layer = project, project[name]

    def redo(self) -> None:
        self.project.remove_layer(self.layer.kind)

    def undo(self) -> None:
        self.project.restore_layer(self.layer)


class SwapLayers(QUndoCommand):
    """Layers a load or an import put in the project (done before the push, so the first redo
    does nothing); undo puts back the layers and project settings there were, redo the new ones."""

    def __init__(self, project, before: dict, after: dict, meta_before: dict, text: str = "") -> None:
        super().__init__(text)
        self.project, self.before, self.after = project, before, after
        self.meta_before, self.meta_after = dict(meta_before), dict(project.meta)
        self._first = True

    @staticmethod
    def state(project, names) -> dict:
        return {name: (project[name] if name in project else None) for name in names}

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._apply(self.after, self.meta_after)

    def undo(self) -> None:
        self._apply(self.before, self.meta_before)

    def _apply(self, layers: dict, meta: dict) -> None:
        for name, layer in layers.items():
            if layer is None:
                if name in self.project:
                    self.project.remove_layer(name)
            else:
                self.project.restore_layer(layer)
        self.project.meta.clear()
        self.project.meta.update(meta)


class RenameLayer(QUndoCommand):
    """Give a layer another display name (kept in the project); undo gives the old one back."""

    def __init__(self, layer, name: str, text: str = "") -> None:
        super().__init__(text)
        self.layer, self.old, self.new = layer, layer.renamed, name

    def redo(self) -> None:
        self.layer.reset_name(self.new)

    def undo(self) -> None:
        self.layer.reset_name(self.old)
