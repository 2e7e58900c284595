""""Kết nối máy chủ của HTX": where the cooperative's server is, its password, the connection test
with a clear message for each failure, setting up (or upgrading) its database, then connecting.

The address goes to the settings; the password to the OS credential store (never a file). The
user and password here are the database's (one role the cooperative's PCs share, set up as in
docs/multi-pc.md); staff accounts, when there are some, sign in after this.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import GianHangError, ValidationError
from ...core.i18n import current_language
from ...core.postgres import connection, setup
from ...core.settings import Settings
from ...core.settings import update as update_settings
from ..context import SettingsHub
from ..tasks import TaskRunner, error_text

GOOD, WARN, BAD = "#1d5b33", "#8a5a00", "#a1261c"


class ServerDialog(QDialog):
    """The connection form. `address` is set when the user connected (the settings are saved)."""

    def __init__(self, data_dir: Path, tasks: TaskRunner, parent: QWidget | None = None,
                 message: str = "", settings: SettingsHub | None = None) -> None:
        super().__init__(parent)
        self.data_dir, self.tasks = Path(data_dir), tasks
        self.hub = settings  # the window's settings (kept in step), when it has them already
        self.address: connection.ServerAddress | None = None
        self.password_stored = True
        self.result_check: setup.ServerCheck | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Kết nối máy chủ của HTX"))
        self.setMinimumWidth(560)
        settings = settings.values if settings is not None else Settings.load(self.data_dir)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Nhiều máy trong hợp tác xã dùng chung một dữ liệu trên máy chủ PostgreSQL (thường là máy văn "
            "phòng). Nhập thông tin người quản trị đã cài đặt (xem hướng dẫn docs/multi-pc.md)."), wordWrap=True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit(settings.db_host, objectName="serverHost", placeholderText="192.168.1.10")
        self.port = QSpinBox(objectName="serverPort", minimum=1, maximum=65535)
        self.port.setValue(settings.db_port or connection.DEFAULT_PORT)
        self.database = QLineEdit(settings.db_name or connection.DEFAULT_DATABASE, objectName="serverDatabase")
        self.user = QLineEdit(settings.db_user or "gianhang", objectName="serverUser")
        self.password = QLineEdit(objectName="serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if settings.db_host:
            saved = connection.load_password(connection.ServerAddress(
                settings.db_host, settings.db_port, settings.db_name, settings.db_user))
            self.password.setText(saved or "")
        form.addRow(self.tr("Máy chủ (tên hoặc địa chỉ IP)"), self.host)
        form.addRow(self.tr("Cổng"), self.port)
        form.addRow(self.tr("Cơ sở dữ liệu"), self.database)
        form.addRow(self.tr("Người dùng"), self.user)
        form.addRow(self.tr("Mật khẩu"), self.password)
        layout.addLayout(form)
        self.fields = {"host": self.host, "port": self.port, "database": self.database, "user": self.user,
                       "password": self.password}
        row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Kiểm tra kết nối"), objectName="serverTest")
        self.test_button.clicked.connect(lambda: self.test_connection())
        self.setup_button = QPushButton(objectName="serverSetup")
        self.setup_button.clicked.connect(self.set_up)
        self.setup_button.hide()
        row.addWidget(self.test_button)
        row.addWidget(self.setup_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel(wordWrap=True, objectName="serverStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton(self.tr("Kết nối"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setObjectName("serverConnect")
        self.connect_button.clicked.connect(self.connect_to_server)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if message:
            self._show(message, BAD)

    # What was typed ---------------------------------------------------------------------------
    def typed_address(self) -> connection.ServerAddress | None:
        """The address typed in, or None after naming the field that is wrong."""
        try:
            return connection.validated(self.host.text(), self.port.value(), self.database.text(), self.user.text())
        except ValidationError as error:
            self._show(error.message(current_language()), BAD)
            self.fields.get(error.field, self.host).setFocus()
            return None

    def _show(self, text: str, color: str) -> None:
        self.status.setStyleSheet(f"color: {color};")
        self.status.setText(text)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for widget in (self.test_button, self.setup_button, self.connect_button):
            widget.setEnabled(not busy)
        if busy:
            self._show(text, WARN)

    # Actions ---------------------------------------------------------------------------------
    def test_connection(self, then=None) -> None:
        """Run the connection test in the background and show its answer; `then(check)` after."""
        address = self.typed_address()
        if address is None or self._busy:
            return
        url, password = address.url(), self.password.text() or None
        self._set_busy(True, self.tr("Đang kết nối {0}…").format(address.describe()))
        job = self.tasks.read(lambda _progress, _cancel: setup.check_server(url, password), parent=self,
                              name="server check")
        job.succeeded.connect(lambda check: self._checked(check, then))
        job.failed.connect(self._failed)

    def _checked(self, check: setup.ServerCheck, then=None) -> None:
        self._set_busy(False)
        self.result_check = check
        text = check.message.text(current_language())
        if check.status == setup.EMPTY:
            self.setup_button.setText(self.tr("Khởi tạo dữ liệu trên máy chủ"))
            self.setup_button.show()
            self._show(text, WARN)
        elif check.status == setup.OLDER:
            self.setup_button.setText(self.tr("Nâng cấp dữ liệu trên máy chủ"))
            self.setup_button.show()
            self._show(text, WARN)
        else:
            self.setup_button.hide()
            self._show(text, GOOD if check.ok else BAD)
            if check.status in ("bad_password", "no_password"):
                self.password.setFocus()
                self.password.selectAll()
        if then is not None:
            then(check)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show(error_text(error), BAD)

    def set_up(self) -> None:
        """Create the schema on the empty database (or upgrade an older one), then test again."""
        address = self.typed_address()
        if address is None or self._busy:
            return
        url, password, data_dir = address.url(), self.password.text() or None, self.data_dir
        self._set_busy(True, self.tr("Đang khởi tạo dữ liệu trên máy chủ…"))
        job = self.tasks.read(lambda _progress, _cancel: setup.init_database(url, data_dir, password), parent=self,
                              name="server set-up")
        job.succeeded.connect(self._checked)
        job.failed.connect(self._failed)

    def connect_to_server(self) -> None:
        """Test (again) and, when all is well, keep the address and password and close."""
        self.test_connection(then=self._maybe_accept)

    def _maybe_accept(self, check: setup.ServerCheck) -> None:
        if not check.ok:
            return
        address = self.typed_address()
        if address is None:
            return
        keys = dict(db_host=address.host, db_port=address.port, db_name=address.database, db_user=address.user)
        try:
            if self.hub is not None:
                self.hub.update(**keys)
            else:
                update_settings(self.data_dir, **keys)
        except GianHangError as error:
            self._show(error.message(current_language()), BAD)
            return
        password = self.password.text()
        self.password_stored = connection.save_password(address, password) if password else True
        if not self.password_stored:
            QMessageBox.information(self, self.windowTitle(), self.tr(
                "Máy này không có kho mật khẩu của hệ điều hành: mật khẩu chỉ được nhớ đến khi đóng ứng "
                "dụng, lần sau ứng dụng sẽ hỏi lại."))
        self.address = address
        self.accept()

    @classmethod
    def ask(cls, data_dir: Path, tasks: TaskRunner, parent: QWidget | None = None, message: str = "",
            settings: SettingsHub | None = None) -> connection.ServerAddress | None:
        """Show the dialog; the address connected to (saved in the settings: through the window's
        `settings` hub when given), or None when cancelled."""
        dialog = cls(data_dir, tasks, parent, message, settings)
        dialog.exec()
        return dialog.address
