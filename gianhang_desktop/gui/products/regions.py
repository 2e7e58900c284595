"""Province and ward pickers for the 2025 map: type with or without tone marks ("ha noi" finds Hà Nội)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from ...core import regions
from ...core.text import fold

FOLD_ROLE = Qt.ItemDataRole.UserRole + 10
CODE_ROLE = Qt.ItemDataRole.UserRole


class _FoldFilter(QSortFilterProxyModel):
    """Keeps the regions whose folded name contains every folded word typed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.words = fold(text).split()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        folded = self.sourceModel().index(source_row, 0, source_parent).data(FOLD_ROLE) or ""
        return all(w in folded for w in self.words)


class _FoldCompleter(QCompleter):
    """A completer whose popup lists tone-insensitive matches anywhere in the name."""

    def __init__(self, source: QStandardItemModel, parent=None):
        super().__init__(parent)
        self.filter = _FoldFilter(self)
        self.filter.setSourceModel(source)
        self.setModel(self.filter)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def splitPath(self, path: str) -> list[str]:
        self.filter.set_text(path)
        return [""]

    def pathFromIndex(self, index) -> str:
        return index.data(Qt.ItemDataRole.DisplayRole) or ""


class RegionCombo(QComboBox):
    """A searchable picker of provinces, or of the wards of one province; `code()` is the chosen code."""

    region_changed = Signal(object)
    """The chosen region's code (None when cleared)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self._items = QStandardItemModel(self)
        self.setModel(self._items)
        self._completer = _FoldCompleter(self._items, self)
        self.setCompleter(self._completer)
        self._completer.activated[str].connect(self._completed)
        self.currentIndexChanged.connect(lambda _i: self.region_changed.emit(self.code()))
        self.lineEdit().editingFinished.connect(self._match_typed)

    def set_regions(self, items: tuple[regions.Region, ...], empty_text: str) -> None:
        self.blockSignals(True)
        self._items.clear()
        blank = QStandardItem(empty_text)
        blank.setData(None, CODE_ROLE)
        blank.setData("", FOLD_ROLE)
        self._items.appendRow(blank)
        for region in items:
            item = QStandardItem(region.name)
            item.setData(region.code, CODE_ROLE)
            item.setData(region.folded, FOLD_ROLE)
            self._items.appendRow(item)
        self.setCurrentIndex(0)
        self.blockSignals(False)

    def code(self) -> int | None:
        return self.currentData(CODE_ROLE)

    def set_code(self, code: int | None) -> None:
        index = self.findData(code, CODE_ROLE) if code is not None else 0
        self.setCurrentIndex(max(0, index))

    def _completed(self, text: str) -> None:
        index = self.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            self.setCurrentIndex(index)

    def _match_typed(self) -> None:
        """Typing "ha noi" and leaving the field picks the single (or exact) match."""
        text = self.lineEdit().text().strip()
        if not text:
            self.setCurrentIndex(0)
            return
        if text == self.itemText(self.currentIndex()):
            return
        words = fold(text).split()
        matches = [i for i in range(1, self.count()) if all(w in (self.itemData(i, FOLD_ROLE) or "") for w in words)]
        exact = [i for i in matches if self.itemData(i, FOLD_ROLE) == fold(text)]
        if exact or len(matches) == 1:
            self.setCurrentIndex((exact or matches)[0])
            self.lineEdit().setText(self.itemText(self.currentIndex()))
        else:
            self.lineEdit().setText(self.itemText(self.currentIndex()))
