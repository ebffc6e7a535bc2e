"""Message boxes whose text is plain text. Qt guesses that a text with something like a tag on its
first line is HTML: a file, layer or department name, or a value quoted in an error message
("<b>点我</b>" in a cell), would be rendered as markup. Text from a project is data."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

Icon = QMessageBox.Icon
Button = QMessageBox.StandardButton


def message_box(parent, icon, title: str, text: str, buttons=Button.Ok) -> QMessageBox:
    """A QMessageBox showing ``text`` exactly as written."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def ask_yes_no(parent, title: str, text: str) -> bool:
    """A Yes/No question (``text`` as plain text); True for Yes."""
    return message_box(parent, Icon.Question, title, text, Button.Yes | Button.No).exec() == Button.Yes


def inform(parent, title: str, text: str, icon=Icon.Information) -> None:
    message_box(parent, icon, title, text).exec()
