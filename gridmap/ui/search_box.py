"""The search box: grid code, address, building, compound, worker → matches → zoom and flash."""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from ..analysis.search import SEARCHED_LAYERS, SearchIndex
from .i18n import Retranslating


class SearchBox(Retranslating, QLineEdit):
    """Type to see matches; pick one (or press Enter for the best) to go there."""

    matchChosen = Signal(str, int)   # layer, row
    escaped = Signal()               # Escape: back to the map

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._project = None
        self._index: SearchIndex | None = None
        self.matches = []
        self._labels = QStringListModel(self)
        self._completer = QCompleter(self._labels, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(12)
        self._completer.activated[str].connect(self._on_activated)
        self.setCompleter(self._completer)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self.setMaximumWidth(420)
        self.textEdited.connect(self._on_text_edited)
        self.returnPressed.connect(self.go_to_best)
        self.retranslate()

    def set_project(self, project) -> None:
        """Search ``project`` from now on; its index is built when first needed (a city's 200,000
        addresses take a fraction of a second, not worth paying while the project opens)."""
        for layer in self._searched_layers():
            layer.events.data.disconnect(self._invalidate)
        self._project = project
        self._invalidate()
        for layer in self._searched_layers():
            layer.events.data.connect(self._invalidate)      # edits (a new address, a renamed cell) show up

    def _searched_layers(self) -> list:
        if self._project is None:
            return []
        return [self._project[n] for n in SEARCHED_LAYERS if n in self._project]

    def _invalidate(self, _frame=None) -> None:
        self._index = None
        self.matches = []

    @property
    def index(self) -> SearchIndex | None:
        if self._index is None and self._project is not None:
            self._index = SearchIndex(self._project)
        return self._index

    def search(self, text: str) -> list:
        """Run the search, fill the popup, return the matches."""
        self.matches = self.index.search(text) if self.index is not None else []
        self._labels.setStringList([self._line(m) for m in self.matches])
        return self.matches

    def _line(self, match) -> str:
        return f"{match.label}"

    def _on_text_edited(self, text: str) -> None:
        self.search(text)
        if self.matches:
            self._completer.complete()

    def _on_activated(self, text: str) -> None:
        for match in self.matches:
            if self._line(match) == text:
                self.matchChosen.emit(match.layer, match.row)
                return

    def go_to_best(self) -> None:
        """Go to the best match of the current text (Enter)."""
        if not self.matches or self._line(self.matches[0]) == self.text():
            self.search(self.text())
        if self.matches:
            self.matchChosen.emit(self.matches[0].layer, self.matches[0].row)

    def keyPressEvent(self, event) -> None:
        from PySide6.QtCore import Qt
        if event.key() == Qt.Key.Key_Escape and not self._completer.popup().isVisible():
            self.escaped.emit()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("Search grid code, address, building, worker, case number…"))
