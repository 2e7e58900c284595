"""Nhân viên: the manager's page of accounts (add, password, role, disable/enable, sign-in at start)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.staff import users
from ...core.staff.roles import Role
from ..context import AppContext
from ..tasks import error_text
from ..widgets import fmt_datetime
from .signin import AccountDialog, SignInDialog


class UsersPage(QWidget):
    """Accounts in a table; every change goes through the core, which checks `users.manage`."""

    ready = Signal()
    """The accounts (or the refusal) are on screen."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.accounts: list[users.UserView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        self.title = QLabel(self.tr("Tài khoản nhân viên"), objectName="pageTitle")
        layout.addWidget(self.title)
        self.notice = QLabel(wordWrap=True)
        self.notice.hide()
        layout.addWidget(self.notice)
        # When nobody may see the accounts yet: create the first manager, or sign in.
        self.first_button = QPushButton(self.tr("Tạo tài khoản chủ HTX / quản lý"))
        self.sign_in_button = QPushButton(self.tr("Đăng nhập…"))
        start = QHBoxLayout()
        start.addWidget(self.first_button)
        start.addWidget(self.sign_in_button)
        start.addStretch(1)
        layout.addLayout(start)
        self.first_button.hide()
        self.sign_in_button.hide()
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Thêm tài khoản"))
        self.password_button = QPushButton(self.tr("Đặt mật khẩu mới"))
        self.role_button = QPushButton(self.tr("Đổi vai trò"))
        self.active_button = QPushButton(self.tr("Khóa / mở lại"))
        for button in (self.add_button, self.password_button, self.role_button, self.active_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.login_required = QCheckBox(self.tr("Bắt đăng nhập khi mở ứng dụng"))
        bar.addWidget(self.login_required)
        layout.addLayout(bar)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Tên đăng nhập"), self.tr("Họ tên"), self.tr("Vai trò"),
                                              self.tr("Trạng thái"), self.tr("Đăng nhập lần cuối")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.add_account)
        self.password_button.clicked.connect(self.set_password)
        self.role_button.clicked.connect(self.change_role)
        self.active_button.clicked.connect(self.toggle_active)
        self.login_required.clicked.connect(self.set_login_required)
        self.first_button.clicked.connect(self.create_first_manager)
        self.sign_in_button.clicked.connect(self.sign_in)
        ctx.changes.connect(lambda changes: self.refresh() if changes.settings or changes.reset else None)
        self.refresh()

    # Reading -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        db = self.ctx.db
        def read(_p, _c):
            if not users.has_users(db):
                return None
            return users.list_users(db), users.login_required(db), db.is_sqlite

        job = self.ctx.tasks.read(read, parent=self, name="list accounts")
        job.succeeded.connect(self._show)
        job.failed.connect(self._refused)

    def _show(self, result) -> None:
        self.first_button.hide()
        self.sign_in_button.hide()
        if result is None:  # no account yet: the first one is the owner's, made without signing in
            self.notice.setText(self.tr("Chưa có tài khoản nào. Tạo tài khoản chủ HTX / quản lý đầu tiên, rồi thêm "
                                        "tài khoản cho thủ kho và nhân viên bán hàng."))
            self.notice.show()
            self.first_button.show()
            self.table.setRowCount(0)
            self._enable(False)
            self.ready.emit()
            return
        self.accounts, required, sqlite = result
        self.notice.hide()
        self.login_required.setChecked(required)
        self.login_required.setEnabled(sqlite)
        self.login_required.setToolTip("" if sqlite else self.tr("Trên máy chủ của HTX luôn phải đăng nhập"))
        self.table.setRowCount(len(self.accounts))
        for row, account in enumerate(self.accounts):
            state = self.tr("Đang dùng") if account.active else self.tr("Đã khóa")
            for col, text in enumerate((account.username, account.full_name, Role(account.role).label.text(),
                                        state, fmt_datetime(account.last_login_at))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._enable(True)
        self.ready.emit()

    def _refused(self, error: BaseException) -> None:
        """Not a manager (or nobody signed in): the core's refusal, naming the permission."""
        self.notice.setText(error_text(error))
        self.notice.show()
        self.first_button.hide()
        self.sign_in_button.setVisible(self.ctx.db.access.actor is None)
        self.table.setRowCount(0)
        self._enable(False)
        self.ready.emit()

    def _enable(self, on: bool) -> None:
        for widget in (self.add_button, self.password_button, self.role_button, self.active_button,
                       self.login_required, self.table):
            widget.setEnabled(on)

    def selected(self) -> users.UserView | None:
        row = self.table.currentRow()
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    # Writing -----------------------------------------------------------------------------------
    def create_first_manager(self) -> None:
        """The first account (a manager), then signed in as it on this PC."""
        values = AccountDialog.ask(self, first=True)
        if values is None:
            return
        db = self.ctx.db

        def work():
            changed = users.add_user(db, values["username"], values["password"], "manager",
                                     full_name=values["full_name"])
            users.sign_in(db, values["username"], values["password"])
            return changed

        self._write(work, "first manager")

    def sign_in(self) -> None:
        if SignInDialog.ask(self, self.ctx):
            self.refresh()

    def _write(self, work, name: str) -> None:
        self.ctx.tasks.write(lambda _p, _c: work(), parent=self, name=name)

    def add_account(self) -> None:
        values = AccountDialog.ask(self)
        if values is None:
            return
        db = self.ctx.db
        self._write(lambda: users.add_user(db, values["username"], values["password"], values["role"],
                                           full_name=values["full_name"]), "add account")

    def set_password(self) -> None:
        account = self.selected()
        if account is None:
            return
        values = AccountDialog.ask(self, password_only=True)
        if values is None:
            return
        db = self.ctx.db
        self._write(lambda: users.change_password(db, account.username, values["password"]), "set password")

    def change_role(self) -> None:
        account = self.selected()
        if account is None:
            return
        role = self.ask_role(account)
        if role is None:
            return
        db = self.ctx.db
        self._write(lambda: users.set_role(db, account.username, role), "change role")

    def ask_role(self, account: users.UserView) -> str | None:
        """The role chosen for `account`, or None; tests replace it."""
        labels = [r.label.text() for r in Role]
        current = [r.value for r in Role].index(account.role)
        label, ok = QInputDialog.getItem(self, self.tr("Đổi vai trò"), account.username, labels, current, False)
        return list(Role)[labels.index(label)].value if ok else None

    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        db = self.ctx.db
        change = users.disable_user if account.active else users.enable_user
        self._write(lambda: change(db, account.username), "disable account")

    def set_login_required(self, on: bool) -> None:
        db = self.ctx.db
        job = self.ctx.tasks.write(lambda _p, _c: users.set_login_required(db, on), parent=self,
                                   name="login required")
        job.failed.connect(lambda error: (self.login_required.setChecked(not on), self._say(error)))

    def _say(self, error: BaseException) -> None:
        from ..tasks import show_error

        show_error(self, error)
