"""The counter's cart as a table model: lines scanned or picked, quantities and discounts edited in
place; the arithmetic is the core's (core/counter/cart.py), so the screen shows what the bill will be."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from ...core.counter.cart import LineDraft, discount_amount
from ...core.counter.scan import CartItem
from ...core.errors import ValidationError
from ...core.money import format_vnd
from ..widgets import fmt_int

COLUMNS = (
    QT_TRANSLATE_NOOP("CartModel", "Mã"), QT_TRANSLATE_NOOP("CartModel", "Tên hàng"), QT_TRANSLATE_NOOP("CartModel", "SL"),
    QT_TRANSLATE_NOOP("CartModel", "Đơn giá"), QT_TRANSLATE_NOOP("CartModel", "Chiết khấu"),
    QT_TRANSLATE_NOOP("CartModel", "Thành tiền"),
)
QTY, DISCOUNT = 2, 4
_ANY_INDEX = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class CartLine:
    item: CartItem
    quantity: int = 1
    discount: str = ""
    """As typed: an amount ("5.000", "5k") or a percentage ("10%")."""

    @property
    def gross(self) -> int:
        return self.quantity * self.item.price

    def discount_vnd(self) -> int:
        try:
            return discount_amount(self.discount, self.gross)
        except ValidationError:
            return 0

    @property
    def amount(self) -> int:
        return self.gross - self.discount_vnd()


class CartModel(QAbstractTableModel):
    """The lines of the bill being rung up; `changed` after every edit."""

    changed = Signal()
    """A line was added, removed or edited: totals need redrawing."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[CartLine] = []

    def rowCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("CartModel", COLUMNS[section])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: _ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line, col = self.lines[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if role == Qt.ItemDataRole.EditRole and col == QTY:
                return line.quantity
            return (line.item.sku, line.item.name, fmt_int(line.quantity), format_vnd(line.item.price),
                    line.discount if role == Qt.ItemDataRole.EditRole else
                    (format_vnd(line.discount_vnd()) if line.discount_vnd() else ""),
                    format_vnd(line.amount))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= QTY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and line.quantity > line.item.sellable:
            return QCoreApplication.translate("CartModel", "Chỉ còn bán được {n}").format(n=fmt_int(line.item.sellable))
        if role == Qt.ItemDataRole.ForegroundRole and col == QTY and line.quantity > line.item.sellable:
            return QColor("#c0392b")
        return None

    def flags(self, index: _ANY_INDEX) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in (QTY, DISCOUNT) else base

    def setData(self, index: _ANY_INDEX, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        line = self.lines[index.row()]
        if index.column() == QTY:
            try:
                quantity = int(str(value).strip())
            except ValueError:
                return False
            if quantity <= 0:
                self.remove(index.row())
                return True
            self._set(index.row(), replace(line, quantity=quantity))
            return True
        if index.column() == DISCOUNT:
            text = str(value).strip()
            try:
                discount_amount(text, line.gross)
            except ValidationError:
                return False
            self._set(index.row(), replace(line, discount=text))
            return True
        return False

    def add(self, item: CartItem, quantity: int = 1) -> int:
        """Add `item` (a second scan of the same product adds to its line); returns the row."""
        for row, line in enumerate(self.lines):
            if line.item.product_id == item.product_id:
                self._set(row, replace(line, item=item, quantity=line.quantity + quantity))
                return row
        self.beginInsertRows(QModelIndex(), len(self.lines), len(self.lines))
        self.lines.append(CartLine(item, quantity))
        self.endInsertRows()
        self.changed.emit()
        return len(self.lines) - 1

    def bump(self, row: int, delta: int) -> None:
        """Change a line's quantity by `delta`; at zero the line goes."""
        if 0 <= row < len(self.lines):
            self.setData(self.index(row, QTY), self.lines[row].quantity + delta)

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.lines[row]
            self.endRemoveRows()
            self.changed.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self.lines = []
        self.endResetModel()
        self.changed.emit()

    def subtotal(self) -> int:
        return sum(line.amount for line in self.lines)

    def drafts(self) -> tuple[LineDraft, ...]:
        """The lines as the core's sale takes them (by SKU, at the price shown)."""
        return tuple(LineDraft(line.item.sku, line.quantity, line.item.price, line.discount or 0) for line in self.lines)

    def _set(self, row: int, line: CartLine) -> None:
        self.lines[row] = line
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        self.changed.emit()
