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
    """Apply ``frames`` (layer name -> new frame) as one undoable step named ``text``."""
    stack.push(ReplaceFrames([(project[name], frame) for name, frame in frames.items()], text))


class RemoveLayer(QUndoCommand):
    """Take a layer out of the project (the save then drops it from the file); undo puts it back."""

    def __init__(self, project, name: str, text: str = "") -> None:
        super().__init__(text)
        self.project, self.layer = project, project[name]

    def redo(self) -> None:
        self.project.remove_layer(self.layer.kind)

    def undo(self) -> None:
        self.project.restore_layer(self.layer)


class RenameLayer(QUndoCommand):
    """Give a layer another display name (kept in the project); undo gives the old one back."""

    def __init__(self, layer, name: str, text: str = "") -> None:
        super().__init__(text)
        self.layer, self.old, self.new = layer, layer.renamed, name

    def redo(self) -> None:
        self.layer.reset_name(self.new)

    def undo(self) -> None:
        self.layer.reset_name(self.old)
