"""Sign-in at start (on the cooperative's server, or when a manager turned it on) and the first
manager account; the check itself is the core's (core/staff/users.py), run on the writer."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.staff import users
from ...core.staff.roles import Role
from ..context import AppContext
from ..modal import run_with_progress
from ..tasks import error_text


class SignInDialog(QDialog):
    """User name and password; refusals (wrong password, locked account) shown in the dialog."""

    signed_in = Signal(object)
    """The person is signed in; the argument is the core's `Actor`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, db=None):
        super().__init__(parent)
        self.ctx = ctx
        self.db = db if db is not None else ctx.db
        self.setWindowTitle(self.tr("Đăng nhập"))
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Đăng nhập bằng tài khoản nhân viên của HTX."), wordWrap=True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        layout.addLayout(form)
        self.message = QLabel(objectName="fieldError", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đăng nhập"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Thoát"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        name, password = self.username.text(), self.password.text()
        if not name.strip():
            self.show_message(self.tr("Hãy nhập tên đăng nhập"))
            return
        self.buttons.setEnabled(False)
        db = self.db
        job = self.ctx.tasks.write(lambda _p, _c: users.sign_in(db, name, password), parent=self, name="sign in")
        job.succeeded.connect(self._done)
        job.failed.connect(self._refused)

    def _done(self, actor) -> None:
        self.buttons.setEnabled(True)
        self.signed_in.emit(actor)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.show_message(error_text(error))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext, db=None) -> bool:
        """Show the dialog until the person signs in (True) or leaves (False); tests replace it."""
        return cls(ctx, parent, db).exec() == QDialog.DialogCode.Accepted


class AccountDialog(QDialog):
    """A new account (user name, full name, role, password twice), or a new password only."""

    def __init__(self, parent: QWidget | None = None, *, password_only: bool = False, first: bool = False):
        super().__init__(parent)
        self.setMinimumWidth(420)
        self.setWindowTitle(self.tr("Đổi mật khẩu") if password_only else
                            self.tr("Tạo tài khoản chủ HTX / quản lý") if first else self.tr("Thêm tài khoản"))
        layout = QVBoxLayout(self)
        if first:
            layout.addWidget(QLabel(self.tr(
                "Chưa có tài khoản nào. Tạo tài khoản chủ HTX / quản lý đầu tiên; trên máy chủ của HTX, "
                "từ đó mọi máy đều phải đăng nhập."), wordWrap=True))
        form = QFormLayout()
        self.username, self.full_name = QLineEdit(), QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label.text(), role.value)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        if not password_only:
            form.addRow(self.tr("Tên đăng nhập"), self.username)
            form.addRow(self.tr("Họ tên"), self.full_name)
            if not first:
                form.addRow(self.tr("Vai trò"), self.role)
        form.addRow(self.tr("Mật khẩu (ít nhất 8 ký tự)"), self.password)
        form.addRow(self.tr("Nhập lại mật khẩu"), self.again)
        layout.addLayout(form)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Để sau") if first else self.tr("Hủy"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check(self) -> None:
        if self.password.text() != self.again.text():
            self.show_message(self.tr("Hai lần nhập mật khẩu không khớp"))
            return
        self.accept()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def values(self) -> dict:
        return {"username": self.username.text(), "full_name": self.full_name.text(),
                "role": self.role.currentData(), "password": self.password.text()}

    @classmethod
    def ask(cls, parent: QWidget | None, **options) -> dict | None:
        """The values typed, or None when cancelled; tests replace it."""
        dialog = cls(parent, **options)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def sign_in_at_start(parent: QWidget | None, ctx: AppContext, db=None) -> bool:
    """Before the window is used: sign in when the database asks for it; on a shared server with
    no account yet, offer to create the first manager (and sign in as it). False: the person left.
    `db` is the database about to be handed to the pages (default: `ctx.db`)."""
    db = db if db is not None else ctx.db
    if db is None or db.read_only:
        return True
    required, has_accounts = run_with_progress(
        parent, QCoreApplication.translate("SignIn", "Đang kiểm tra tài khoản…"), lambda _p, _c: (users.login_required(db), users.has_users(db)), ctx.tasks)
    if not has_accounts and not db.is_sqlite:
        while True:
            values = AccountDialog.ask(parent, first=True)
            if values is None:
                return True
            try:
                run_with_progress(parent, QCoreApplication.translate("SignIn", "Đang kiểm tra tài khoản…"), lambda _p, _c, v=values: _first_manager(db, v), ctx.tasks)
                return True
            except Exception as error:  # noqa: BLE001 - the core's message, shown and asked again
                from ..tasks import show_error

                show_error(parent, error)
    if not required:
        return True
    return SignInDialog.ask(parent, ctx, db)


def _first_manager(db, values: dict):
    users.add_user(db, values["username"], values["password"], Role.MANAGER, full_name=values["full_name"])
    return users.sign_in(db, values["username"], values["password"])
