"""The selected account's panels on the "Kênh bán" page: SKU links (with what is unlinked or
conflicts), the stock rule, errors per SKU, and orders that need a look (oversold, unlinked SKU)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import Changes
from ...core.channels import accounts, linking
from ...core.channels.orders_view import flagged_orders
from ...core.channels.service import link_automatically
from ...core.errors import ValidationError
from ...core.i18n import current_language
from ...core.orders.service import status_label
from ..context import AppContext
from ..tasks import error_text, show_error
from ..widgets import FieldError, fmt_datetime, fmt_int
from .dialogs import ManualLinkDialog

RED, AMBER, GREEN = "#b3261e", "#7a5c00", "#1e7b34"


def table(columns: int, stretch: int) -> QTableWidget:
    view = QTableWidget(0, columns)
    view.verticalHeader().hide()
    view.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def fill(view: QTableWidget, rows: list[list[str]], colors: list[str | None] | None = None,
         data: list[object] | None = None) -> None:
    view.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text if len(text) > 40 else "")
            if colors and colors[r] and c == 0:
                item.setForeground(QColor(colors[r]))
            if data is not None and c == 0:
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            view.setItem(r, c, item)


class Panel(QWidget):
    """Shows one account; re-reads when `ctx.changes` names channels (or a restore)."""

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.account: accounts.AccountView | None = None
        if ctx is not None:
            self._soon = QTimer(self, singleShot=True, interval=300)
            self._soon.timeout.connect(self.reload)
            ctx.changes.connect(self._changes)

    def _changes(self, changes: Changes) -> None:
        if (changes.channels or changes.orders or changes.reset) and self.account is not None:
            self._soon.start()

    def show_account(self, view: accounts.AccountView) -> None:
        changed = self.account is None or self.account.name != view.name
        self.account = view
        if changed:
            self.reload()

    def reload(self) -> None:
        """Read what the panel shows for the current account (off the GUI thread)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every visible text again (the language changed)."""


class LinksPanel(Panel):
    """Links between local SKUs and the channel's items/variations; what is unlinked or conflicts."""

    reviewed = Signal()
    """The link table was read again and is shown."""

    FILTERS = ("all", "unlinked", "conflict", "linked")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.review: linking.LinkReview | None = None
        self.show_filter = QComboBox()
        self.show_filter.currentIndexChanged.connect(self._fill)
        self.summary = QLabel(wordWrap=True)
        self.auto_button = QPushButton()
        self.auto_button.clicked.connect(self.link_automatically)
        self.manual_button = QPushButton()
        self.manual_button.clicked.connect(self.link_by_hand)
        self.unlink_button = QPushButton()
        self.unlink_button.clicked.connect(self.unlink)
        bar = QHBoxLayout()
        bar.addWidget(self.show_filter)
        bar.addWidget(self.summary, 1)
        for button in (self.auto_button, self.manual_button, self.unlink_button):
            bar.addWidget(button)
        self.table = table(7, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def reload(self) -> None:
        if self.account is None:
            return
        db, name = self.ctx.db, self.account.name
        self.ctx.tasks.read(lambda _p, _c: linking.review(db, name), parent=self,
                            name="channel links").succeeded.connect(self._reviewed)

    def _reviewed(self, review: linking.LinkReview) -> None:
        self.review = review
        self._fill()
        self.reviewed.emit()

    def rows(self) -> list[tuple[str, dict]]:
        """(kind, row) for every row of the review: linked, unlinked, conflict."""
        if self.review is None:
            return []
        rows = [("conflict" if u["reason"] == "conflict" else "unlinked", u) for u in self.review.unlinked]
        return rows + [("linked", link) for link in self.review.links]

    def _fill(self) -> None:
        review = self.review
        if review is None:
            return
        wanted = self.FILTERS[max(0, self.show_filter.currentIndex())]
        notes: dict[tuple[str, str], str] = {}
        for conflict in review.conflicts:
            for unit in conflict["units"]:
                notes.setdefault((unit["item_id"], unit["variation_id"] or ""), conflict["message"])
        labels = {"linked": self.tr("Đã liên kết"), "unlinked": self.tr("Chưa liên kết"), "conflict": self.tr("Xung đột")}
        colors = {"linked": GREEN, "unlinked": AMBER, "conflict": RED}
        how = {"sku": self.tr("theo SKU"), "gtin": self.tr("theo mã vạch"), "manual": self.tr("bằng tay")}
        shown = [(kind, row) for kind, row in self.rows() if wanted in ("all", kind)]
        cells = []
        for kind, row in shown:
            key = (row["item_id"], row.get("variation_id") or "")
            note = how.get(row.get("how", ""), "") if kind == "linked" else notes.get(key, self.tr(
                "Không có SKU hay mã vạch trùng ở máy: liên kết bằng tay"))
            cells.append([labels[kind], row.get("name", ""), row["item_id"], row.get("variation_id") or "—",
                          row.get("seller_sku") or "—", row.get("sku", "") if kind == "linked" else "", note])
        fill(self.table, cells, [colors[kind] for kind, _row in shown], [(kind, row) for kind, row in shown])
        unlinked = sum(1 for kind, _r in self.rows() if kind == "unlinked")
        self.summary.setText(self.tr("{linked} đã liên kết, {unlinked} chưa liên kết, {conflicts} xung đột").format(
            linked=fmt_int(review.linked), unlinked=fmt_int(unlinked), conflicts=fmt_int(len(review.conflicts))))

    def selected(self) -> tuple[str, dict] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def link_automatically(self) -> None:
        """Read the channel's items again and link by seller SKU, then GTIN (network: the sync lane)."""
        if self.account is None:
            return
        db, name = self.ctx.db, self.account.name
        job = self.ctx.tasks.sync(lambda _p, _c: link_automatically(db, name), parent=self,
                                  label=self.tr("Đang đọc sản phẩm trên sàn…"), name="channel auto link")
        job.failed.connect(lambda error: (self.summary.setText(error_text(error)), show_error(self, error)))

    def link_by_hand(self) -> None:
        if self.account is None:
            return
        chosen = self.selected()
        answer = ManualLinkDialog.ask(chosen[1] if chosen else None, self)
        if answer is None:
            return
        db, name = self.ctx.db, self.account.name
        sku, item, variation = answer
        self.ctx.tasks.write(lambda _p, _c: linking.link_by_hand(db, name, sku, item, variation), parent=self,
                             name="channel link")

    def unlink(self) -> None:
        chosen = self.selected()
        if self.account is None or chosen is None or chosen[0] != "linked":
            return
        db, name, row = self.ctx.db, self.account.name, chosen[1]
        self.ctx.tasks.write(lambda _p, _c: linking.unlink(db, name, row["item_id"], row.get("variation_id")),
                             parent=self, name="channel unlink")

    def retranslate(self) -> None:
        current = max(0, self.show_filter.currentIndex())
        self.show_filter.blockSignals(True)
        self.show_filter.clear()
        for text in (self.tr("Tất cả"), self.tr("Chưa liên kết"), self.tr("Xung đột"), self.tr("Đã liên kết")):
            self.show_filter.addItem(text)
        self.show_filter.setCurrentIndex(current)
        self.show_filter.blockSignals(False)
        self.auto_button.setText(self.tr("Đọc lại và tự liên kết"))
        self.manual_button.setText(self.tr("Liên kết bằng tay…"))
        self.unlink_button.setText(self.tr("Bỏ liên kết"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Tình trạng"), self.tr("Sản phẩm trên sàn"), self.tr("Mã sản phẩm"), self.tr("Mã phân loại"),
            self.tr("SKU trên sàn"), self.tr("SKU của HTX"), self.tr("Ghi chú")])
        self._fill()


class RulesPanel(Panel):
    """The account's stock rule (percent, buffer, zero below N), its warehouses and automatic sync."""

    saved = Signal()
    """The rule was saved (every linked product is pushed again)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(None, parent)
        self.ctx = ctx
        self._shown: tuple | None = None
        self.percent = QSpinBox(suffix=" %")
        self.percent.setRange(0, 100)
        self.buffer = QSpinBox()
        self.buffer.setRange(0, 10_000_000)
        self.zero_below = QSpinBox()
        self.zero_below.setRange(0, 10_000_000)
        self.warehouses = QLineEdit()
        self.auto = QCheckBox()
        self.explain = QLabel(wordWrap=True)
        self.error = FieldError()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(4)]
        for label, widget in zip(self.labels, (self.percent, self.buffer, self.zero_below, self.warehouses),
                                 strict=True):
            widget.setMaximumWidth(320 if widget is self.warehouses else 140)
            self.form.addRow(label, widget)
        self.form.addRow("", self.auto)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.error, 1)
        buttons.addStretch(0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.retranslate()

    def show_account(self, view: accounts.AccountView) -> None:
        shown = (view.name, view.percent, view.buffer, view.zero_below, view.warehouses, view.auto_sync)
        if shown == self._shown:  # the same rule read again: keep what the clerk is typing
            return
        self._shown, self.account = shown, view
        self.percent.setValue(view.percent)
        self.buffer.setValue(view.buffer)
        self.zero_below.setValue(view.zero_below)
        self.warehouses.setText(view.warehouses)
        self.auto.setChecked(view.auto_sync)
        self.error.show_message("")

    def save(self) -> None:
        if self.account is None:
            return
        db, name = self.ctx.db, self.account.name
        values = {"percent": self.percent.value(), "buffer": self.buffer.value(),
                  "zero_below": self.zero_below.value(), "warehouses": self.warehouses.text(),
                  "auto_sync": self.auto.isChecked()}
        job = self.ctx.tasks.write(lambda _p, _c: accounts.set_rule(db, name, **values), parent=self,
                                   name="channel rule")
        job.succeeded.connect(lambda _changed: (self.error.show_message(""), self.saved.emit()))
        job.failed.connect(self._refused)

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.error.show_message(error_text(error))
        else:
            show_error(self, error)

    def retranslate(self) -> None:
        self.explain.setText(self.tr(
            "Số gửi lên sàn = (tồn ở các kho của kênh − hàng đang giữ cho đơn chưa giao ở mọi kênh − số giữ lại) "
            "× tỉ lệ, làm tròn xuống; dưới ngưỡng thì gửi 0. Lô hết hạn không bao giờ được tính."))
        for label, text in zip(self.labels, (self.tr("Tỉ lệ đăng bán"), self.tr("Giữ lại (đơn vị)"),
                                             self.tr("Gửi 0 khi còn dưới"), self.tr("Kho (mã, cách nhau dấu phẩy)")),
                               strict=True):
            label.setText(text)
        self.warehouses.setPlaceholderText(self.tr("để trống: mọi kho"))
        self.auto.setText(self.tr("Tự động đồng bộ (nhận đơn liên tục, gửi tồn kho ngay khi thay đổi)"))
        self.save_button.setText(self.tr("Lưu quy tắc"))


class ErrorsPanel(Panel):
    """What the channel refused, per SKU (a campaign lock, an unknown SKU…): sent again on the next change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(None, parent)
        self.note = QLabel(wordWrap=True)
        self.table = table(5, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def show_account(self, view: accounts.AccountView) -> None:
        self.account = view
        kinds = {"stock": self.tr("Tồn kho"), "price": self.tr("Giá")}
        outcomes = {"refused": self.tr("Sàn từ chối"), "retryable": self.tr("Sẽ thử lại")}
        fill(self.table, [[e["sku"], kinds.get(e["kind"], e["kind"]), fmt_int(e["value"]),
                           outcomes.get(e["outcome"], e["outcome"]), f"{e['code']}: {e['message']}".strip(": ")]
                          for e in view.errors], [RED] * len(view.errors))

    def retranslate(self) -> None:
        self.note.setText(self.tr("Sàn từ chối các SKU dưới đây ở lần gửi cuối; chúng được gửi lại ở lần thay đổi "
                                  "tiếp theo (không gửi lại mãi)."))
        self.table.setHorizontalHeaderLabels([self.tr("SKU"), self.tr("Loại"), self.tr("Số gửi"), self.tr("Kết quả"),
                                              self.tr("Sàn báo")])


class FlaggedOrdersPanel(Panel):
    """The channel's orders that need a look: sold beyond the stock, or holding an unlinked SKU."""

    open_orders = Signal()
    """Asks for the orders page."""
    loaded = Signal()
    """The list was read again and is shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[dict] = []
        self.note = QLabel(wordWrap=True)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_orders.emit)
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        bar.addWidget(self.open_button)
        self.table = table(5, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def reload(self) -> None:
        if self.account is None:
            return
        db, name = self.ctx.db, self.account.name
        self.ctx.tasks.read(lambda _p, _c: flagged_orders(db, name), parent=self,
                            name="channel flagged orders").succeeded.connect(self._loaded)

    def _loaded(self, rows: list[dict]) -> None:
        self.rows = rows
        self._fill()
        self.loaded.emit()

    def _fill(self) -> None:
        cells = []
        for row in self.rows:
            problems = []
            if row["oversold"]:
                problems.append(self.tr("Bán quá {n}").format(n=fmt_int(row["oversold"])))
            if row["unlinked"]:
                problems.append(self.tr("SKU chưa liên kết"))
            cells.append([row["code"], row["channel_order_id"], fmt_datetime(row["created_at"]),
                          status_label(row["status"], current_language()), "; ".join(problems)
                          + (f" — {row['warning']}" if row["warning"] else "")])
        fill(self.table, cells, [RED] * len(cells))

    def retranslate(self) -> None:
        self.note.setText(self.tr("Đơn sàn đã bán vượt số có thể bán, hoặc có SKU chưa liên kết (tồn kho chưa bị "
                                  "trừ cho đến khi liên kết)."))
        self.open_button.setText(self.tr("Mở trang Đơn hàng"))
        self.table.setHorizontalHeaderLabels([self.tr("Mã đơn"), self.tr("Mã đơn trên sàn"), self.tr("Ngày"),
                                              self.tr("Trạng thái"), self.tr("Vấn đề")])
        self._fill()
