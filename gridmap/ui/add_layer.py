"""Add layer: pick a file, say which layer of the data contract it is, then load and check it."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from layers import LAYER_CLASSES


class LayerKindDialog(QDialog):
    """Asks which contract layer a file holds (pre-selected from its name and columns)."""

    def __init__(self, filename: str, guessed: str | None, language: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add layer"))
        self.kind_box = QComboBox()
        for kind, cls in LAYER_CLASSES.items():
            label = cls.spec.label_zh if language == "zh" else cls.spec.label_en
            self.kind_box.addItem(f"{label} ({kind})", kind)
        self.kind_box.addItem(self.tr("Other layer (not checked)"), None)
        index = self.kind_box.findData(guessed) if guessed else self.kind_box.count() - 1
        self.kind_box.setCurrentIndex(max(index, 0))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(filename))
        form.addRow(self.tr("Layer of the data contract"), self.kind_box)
        form.addRow(buttons)

    @property
    def kind(self) -> str | None:
        return self.kind_box.currentData()
