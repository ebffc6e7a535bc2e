"""Renaming and removing a layer from the layer panel, each one undoable step."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog

from .message_box import ask_yes_no
from .saving import headless
from .undo import RemoveLayer, RenameLayer



def rename_layer(window, name: str, new: str | None = None) -> bool:
    """Give layer ``name`` another display name (asked for when ``new`` is None); it is kept in the
    project. Returns whether it was renamed."""
    layer = window.project[name]
    if new is None:
        new, ok = QInputDialog.getText(window, QCoreApplication.translate("LayerCommands", "Rename layer"), QCoreApplication.translate("LayerCommands", "Name"), text=layer.name)
        if not ok:
            return False
    if not str(new).strip():
        return False
    window.undo_stack.push(RenameLayer(layer, str(new).strip(), QCoreApplication.translate("LayerCommands", "Rename layer")))
    return True


def remove_layer(window, name: str, confirm: bool = True) -> bool:
    """Take layer ``name`` out of the project (it leaves the file when the project is saved)."""
    if confirm and not headless():
        text = QCoreApplication.translate("LayerCommands", "Remove the layer %1 from the project? It leaves the file when you save.").replace(
            "%1", window.project[name].name)
        if not ask_yes_no(window, QCoreApplication.translate("LayerCommands", "Remove layer"), text):
            return False
    window.undo_stack.push(RemoveLayer(window.project, name, QCoreApplication.translate("LayerCommands", "Remove layer")))
    return True
