"""The "Kênh bán" page: every marketplace account and its state (token expiry, last sync, errors),
"Đồng bộ ngay", automatic sync, and the selected account's links, stock rule, errors per SKU and
orders that need a look."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.changes import Changes
from ...core.channels import accounts, authorize
from ...core.channels.model import AccountState
from ...core.channels.report import SyncReport
from ...core.channels.service import sync_channels
from ...core.tasks import Cancelled
from ..context import AppContext
from ..tasks import Job, error_text
from ..widgets import Confirm, fmt_datetime, fmt_int
from .dialogs import ConnectDialog
from .panels import ErrorsPanel, FlaggedOrdersPanel, LinksPanel, RulesPanel

PLATFORM_NAMES = {"shopee": "Shopee", "lazada": "Lazada", "tiktok": "TikTok Shop", "tiki": "Tiki"}
STATE_COLORS = {AccountState.ACTIVE.value: "#1e7b34", AccountState.NEEDS_RELOGIN.value: "#b3261e",
                AccountState.BAD_CREDENTIALS.value: "#b3261e"}
REFRESH_MS = 15_000  # the account states are read again this often while the page is visible


@dataclass(frozen=True)
class ChannelsData:
    accounts: list[accounts.AccountView]


def load_channels(db) -> ChannelsData:
    """Everything the account table shows, read in one background job."""
    return ChannelsData(accounts.list_accounts(db))


def token_text(view: accounts.AccountView) -> str:
    """When the access token (or, once that is renewed by itself, the refresh token) runs out."""
    if view.access_expires_at is None:
        return "—"
    return fmt_datetime(view.access_expires_at)


def expiring_soon(view: accounts.AccountView, days: int = 7) -> bool:
    """The refresh token runs out within ``days``: the owner must sign in again soon."""
    at = view.refresh_expires_at
    if at is None:
        return False
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return (at - clock.now_utc()).total_seconds() < days * 86_400


class ChannelsPage(QWidget):
    """Marketplace accounts: their state, sync now, and the selected account's panels.

    Reads in the task runner's pool, changes on its writer, syncs and sign-ins on its sync lane;
    the page refreshes from `ctx.changes` only (and re-reads the states every few seconds while
    shown, so "last sync" follows the automatic sync)."""

    ready = Signal()
    """The accounts are on screen."""
    open_page = Signal(str)
    """Asks the main window to show another page (the orders of a channel)."""
    sync_finished = Signal(object)
    """A sync ended: its `SyncReport`, or the error that stopped it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: ChannelsData | None = None
        self.sync_job: Job | None = None
        self.last_report: SyncReport | None = None

        self.title = QLabel(objectName="pageTitle")
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_channel)
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button = QPushButton()
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        for widget in (self.progress, self.cancel_button, self.sync_button, self.add_button):
            top.addWidget(widget)

        self.table = QTableWidget(0, 8)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.relogin_button = QPushButton()
        self.relogin_button.clicked.connect(self.relogin)
        self.check_button = QPushButton()
        self.check_button.clicked.connect(self.check)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove)
        self.state_line = QLabel(wordWrap=True)
        account_bar = QHBoxLayout()
        account_bar.addWidget(self.state_line, 1)
        for widget in (self.check_button, self.relogin_button, self.remove_button):
            account_bar.addWidget(widget)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addLayout(account_bar)

        self.links = LinksPanel(ctx)
        self.rules = RulesPanel(ctx)
        self.errors = ErrorsPanel()
        self.flagged = FlaggedOrdersPanel(ctx)
        self.flagged.open_orders.connect(lambda: self.open_page.emit("orders"))
        self.tabs = QTabWidget()
        for panel in (self.links, self.rules, self.errors, self.flagged):
            self.tabs.addTab(panel, "")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.empty = QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("placeholderText")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        self.splitter = splitter

        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._soon = QTimer(self, singleShot=True, interval=300)
        self._soon.timeout.connect(self.refresh)
        ctx.changes.connect(self.apply_changes)
        self.retranslate()
        self.refresh()

    # -- reading ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        db = self.ctx.db
        self.ctx.tasks.read(lambda _p, _c: load_channels(db), parent=self, name="channels").succeeded.connect(self._show)

    def _tick(self) -> None:
        if self.isVisible() and not self.busy:
            self.refresh()

    def page_shown(self) -> None:
        if self.data is not None:
            self.refresh()

    def apply_changes(self, changes: Changes) -> None:
        """Accounts, links, rules or sync state changed (or a restore): read the states again."""
        if changes.channels or changes.reset:
            self._soon.start()

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.data is None or rows[0].row() >= len(self.data.accounts):
            return None
        return self.data.accounts[rows[0].row()].name

    def selected_view(self) -> accounts.AccountView | None:
        name = self.selected_name()
        return next((a for a in self.data.accounts if a.name == name), None) if self.data else None

    def _show(self, data: ChannelsData) -> None:
        first = self.data is None
        keep = self.selected_name()
        self.data = data
        self.table.blockSignals(True)
        self.table.setRowCount(len(data.accounts))
        for row, view in enumerate(data.accounts):
            refused = view.refused
            cells = [view.name, PLATFORM_NAMES.get(view.platform, view.platform), view.state_label,
                     token_text(view), fmt_datetime(view.last_sync_at) or self.tr("chưa"),
                     f"{fmt_int(view.linked)} / {fmt_int(view.units)}", fmt_int(view.pending),
                     fmt_int(refused) if refused else "—"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setForeground(QColor(STATE_COLORS.get(view.state, "#7a5c00")))
                    if view.state_detail:
                        item.setToolTip(view.state_detail)
                if col == 3 and expiring_soon(view):
                    item.setForeground(QColor("#b3261e"))
                    item.setToolTip(self.tr("Sắp phải đăng nhập lại: {at}").format(
                        at=fmt_datetime(view.refresh_expires_at)))
                if col == 7 and refused:
                    item.setForeground(QColor("#b3261e"))
                if col >= 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        names = [a.name for a in data.accounts]
        if names:
            self.table.selectRow(names.index(keep) if keep in names else 0)
        self.table.blockSignals(False)
        self.empty.setVisible(not names)
        self.splitter.setVisible(bool(names))
        self._selection_changed()
        if first:
            QTimer.singleShot(0, self, self.ready.emit)

    def _selection_changed(self) -> None:
        view = self.selected_view()
        for button in (self.relogin_button, self.check_button, self.remove_button):
            button.setEnabled(view is not None)
        if view is None:
            self.state_line.setText("")
            return
        parts = [self.tr("Đồng bộ lần cuối: {when}").format(when=fmt_datetime(view.last_sync_at) or self.tr("chưa"))]
        if view.state != AccountState.ACTIVE.value:
            parts.insert(0, f"<b style='color:#b3261e'>{view.state_label}</b>"
                         + (f": {view.state_detail}" if view.state_detail else ""))
        elif view.last_error:
            parts.append(f"<span style='color:#7a5c00'>{view.last_error}</span>")
        if not view.credentials_saved:
            parts.append(self.tr("Máy này chưa có khoá của kênh: bấm «Đăng nhập lại»."))
        self.state_line.setText(" — ".join(parts))
        self.links.show_account(view)
        self.rules.show_account(view)
        self.errors.show_account(view)
        self.flagged.show_account(view)

    # -- actions ---------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.sync_job is not None and self.sync_job.running

    def sync_now(self) -> bool:
        """Sync every account now (orders in, stock out) on the sync lane; False while one runs."""
        if self.busy:
            return False
        self.sync_button.setEnabled(False)
        self.cancel_button.setVisible(True)
        self.progress.setVisible(True)
        self.progress.setValue(0)
        db = self.ctx.db
        job = self.ctx.tasks.sync(lambda progress, cancel: sync_channels(db, progress=progress, cancel=cancel),
                                  parent=self, name="channel sync")
        job.progressed.connect(self._progressed)
        job.succeeded.connect(self._synced)
        job.failed.connect(self._sync_failed)
        job.cancelled.connect(lambda: self._sync_failed(Cancelled()))
        self.sync_job = job
        return True

    def cancel(self) -> None:
        if self.sync_job is not None:
            self.sync_job.cancel()

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat(message)

    def _synced(self, report: SyncReport) -> None:
        self.last_report = report
        self._idle()
        pulled = sum(len(c.orders) for c in report.channels)
        pushed = sum(len(c.stock) for c in report.channels)
        failed = [c for c in report.channels if not c.ok]
        text = self.tr("Đã đồng bộ: {orders} đơn nhận về, {stock} SKU gửi tồn kho.").format(
            orders=fmt_int(pulled), stock=fmt_int(pushed))
        if failed:
            text += " " + self.tr("Có lỗi ở: {names}.").format(names=", ".join(c.name for c in failed))
        self.state_line.setText(text)
        self.sync_finished.emit(report)

    def _sync_failed(self, error: BaseException) -> None:
        self._idle()
        self.state_line.setText(error_text(error))
        self.sync_finished.emit(error)

    def _idle(self) -> None:
        self.sync_button.setEnabled(True)
        self.cancel_button.setVisible(False)
        self.progress.setVisible(False)

    def add_channel(self) -> None:
        ConnectDialog.ask(self.ctx.tasks, self.ctx.db, self)

    def relogin(self) -> None:
        """Sign the selected account in again through the platform's page (app credentials kept)."""
        name, db = self.selected_name(), self.ctx.db
        if name is None:
            return
        job = self.ctx.tasks.read(lambda _p, _c: authorize.account_app(db, name), parent=self)
        job.succeeded.connect(lambda app: ConnectDialog.ask(self.ctx.tasks, self.ctx.db, self, relogin=app))

    def check(self) -> None:
        """One cheap call to the platform: do the credentials still open the shop?"""
        name, db = self.selected_name(), self.ctx.db
        if name is None:
            return
        from ...core.channels.service import check_account

        job = self.ctx.tasks.sync(lambda _p, _c: check_account(db, name), parent=self, name="channel check")
        job.succeeded.connect(lambda changed: self.state_line.setText(
            self.tr("Kết nối tốt: {shop}").format(shop=changed.value.name or changed.value.shop_id or name)))
        job.failed.connect(lambda error: self.state_line.setText(error_text(error)))
        # A refusal changes the account's state: read it again.
        job.failed.connect(lambda _e: self._soon.start())

    def remove(self) -> None:
        name, db = self.selected_name(), self.ctx.db
        if name is None or not Confirm.ask(self, self.tr("Xoá kênh"), self.tr(
                "Xoá kênh «{name}» khỏi máy này? Liên kết và khoá của kênh bị xoá; các đơn đã nhận vẫn giữ.")
                .format(name=name)):
            return
        self.ctx.tasks.write(lambda _p, _c: accounts.remove_account(db, name), parent=self, name="channel remove")

    # -- words -----------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Kênh bán"))
        self.add_button.setText(self.tr("Thêm kênh…"))
        self.sync_button.setText(self.tr("Đồng bộ ngay"))
        self.cancel_button.setText(self.tr("Huỷ"))
        self.relogin_button.setText(self.tr("Đăng nhập lại…"))
        self.check_button.setText(self.tr("Kiểm tra kết nối"))
        self.remove_button.setText(self.tr("Xoá kênh"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Kênh"), self.tr("Sàn"), self.tr("Trạng thái"), self.tr("Token hết hạn"),
            self.tr("Đồng bộ lần cuối"), self.tr("Liên kết"), self.tr("Chờ gửi"), self.tr("Lỗi SKU")])
        self.empty.setText(self.tr(
            "Chưa có kênh bán nào. Bấm «Thêm kênh…» để nối gian hàng Shopee, Lazada, TikTok Shop hoặc Tiki "
            "bằng ứng dụng của chính hợp tác xã."))
        for index, text in enumerate((self.tr("Liên kết SKU"), self.tr("Quy tắc tồn kho"), self.tr("Lỗi theo SKU"),
                                      self.tr("Đơn cần xem"))):
            self.tabs.setTabText(index, text)
        if self.data is not None:
            self._show(self.data)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
