"""The Sync page: what is waiting, the last sync, errors, conflicts to resolve, and "Đồng bộ ngay"."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import Changed, Changes
from ...core.errors import GianHangError
from ...core.sync import credentials
from ...core.sync.client import Credentials, check_server_url
from ...core.sync.engine import SyncReport
from ...core.sync.service import sync_now
from ...core.sync.state import ConflictView, SyncStatus, resolve_conflicts, sync_status
from ...core.tasks import Cancelled
from ..context import AppContext
from ..tasks import Job, error_text
from ..widgets import fmt_datetime

FIELD_LABELS = {
    "name": "Tên", "description": "Mô tả", "category": "Nhóm hàng", "unit": "Đơn vị", "price": "Giá",
    "weight_g": "Khối lượng (g)", "length_cm": "Dài (cm)", "width_cm": "Rộng (cm)", "height_cm": "Cao (cm)",
    "barcode": "Mã vạch", "origin": "Xuất xứ", "ocop_stars": "OCOP", "certifications": "Chứng nhận", "status": "Trạng thái",
}


class CredentialsDialog(QDialog):
    """Asks for the shop's app key and secret (stored in the OS credential store when there is one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Khoá ứng dụng gian hàng"))
        self.key = QLineEdit()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(self.tr("Khoá (app key)"), self.key)
        form.addRow(self.tr("Mã bí mật"), self.secret)
        if not credentials.keyring_usable():
            form.addRow(QLabel(self.tr("Máy này không có kho mật khẩu: khoá chỉ được giữ đến khi đóng ứng dụng.")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> Credentials | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.key.text().strip() or not dialog.secret.text():
            return None
        return Credentials(dialog.key.text().strip(), dialog.secret.text())


class SyncPage(QWidget):
    """Shows the sync state and runs syncs in the background; offline is a quiet line, not a dialog.

    On the window's task runner (`ctx.tasks`, gui/tasks.py): a sync on its sync lane, the state read in
    its pool, conflict choices on its one writer; their changes are announced by the runner, and
    the page re-reads its state when `ctx.changes` says data changed.
    """

    refreshed = Signal()
    """The sync state (pending changes, last sync, conflicts) was read again and is shown."""
    sync_finished = Signal(object)
    """A sync ended; its `SyncReport` (also in `last_report`), or the error that stopped it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = ctx.db
        self.tasks = ctx.tasks
        self.sync_job: Job | None = None
        self._note = ""
        self.settings = ctx.settings  # the window's one settings object
        self.last_report: SyncReport | None = None
        self._conflicts: list[ConflictView] = []

        self.server = QLineEdit(self.settings.values.server_url)
        self.server.setPlaceholderText("https://gianhang.gov.vn")
        self.key_button = QPushButton(self.tr("Khoá ứng dụng…"))
        self.key_button.clicked.connect(self.ask_credentials)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Máy chủ:")))
        top.addWidget(self.server, 1)
        top.addWidget(self.key_button)

        self.pending_label = QLabel()
        self.last_label = QLabel()
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.sync_button = QPushButton(self.tr("Đồng bộ ngay"))
        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button = QPushButton(self.tr("Huỷ"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.auto = QCheckBox(self.tr("Tự động đồng bộ mỗi"))
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 240)
        self.minutes.setSuffix(self.tr(" phút"))
        self.minutes.setValue(self.settings.values.auto_sync_minutes or 15)
        self.auto.setChecked(self.settings.values.auto_sync_minutes > 0)
        self.auto.toggled.connect(self._auto_changed)
        self.minutes.valueChanged.connect(self._auto_changed)
        buttons = QHBoxLayout()
        for w in (self.sync_button, self.cancel_button, self.progress):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(self.auto)
        buttons.addWidget(self.minutes)

        self.errors = QListWidget()
        errors_box = QGroupBox(self.tr("Chưa gửi được"))
        QVBoxLayout(errors_box).addWidget(self.errors)

        self.conflicts = QTableWidget(0, 4)
        self.conflicts.setHorizontalHeaderLabels([self.tr("SKU"), self.tr("Trường"), self.tr("Bản ở máy"), self.tr("Bản trên sàn")])
        header = self.conflicts.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.conflicts.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.conflicts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.keep_local = QPushButton(self.tr("Giữ bản ở máy"))
        self.keep_store = QPushButton(self.tr("Lấy bản trên sàn"))
        self.keep_local.clicked.connect(lambda: self.resolve_selected("local"))
        self.keep_store.clicked.connect(lambda: self.resolve_selected("store"))
        conflict_box = QGroupBox(self.tr("Xung đột cần chọn"))
        box = QVBoxLayout(conflict_box)
        box.addWidget(self.conflicts)
        pick = QHBoxLayout()
        pick.addStretch(1)
        pick.addWidget(self.keep_local)
        pick.addWidget(self.keep_store)
        box.addLayout(pick)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pending_label)
        layout.addWidget(self.last_label)
        layout.addWidget(self.state_label)
        layout.addLayout(buttons)
        layout.addWidget(conflict_box, 2)
        layout.addWidget(errors_box, 1)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        ctx.changes.connect(self.apply_changes)
        self._auto_changed()
        self.refresh()

    # -- state --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the sync state (counts and the open conflicts) off the GUI thread; `refreshed` then."""
        show = self.show_status
        db = self.db
        self.tasks.read(lambda _progress, _cancel: sync_status(db), parent=self, name="sync status").succeeded.connect(show)

    def show_status(self, status: SyncStatus) -> None:
        self.pending_label.setText(self.tr("Thay đổi chờ gửi: %n", "", status.pending))
        when = fmt_datetime(status.last_sync_at) or self.tr("chưa bao giờ")
        self.last_label.setText(self.tr("Đồng bộ lần cuối: {when}").format(when=when))
        result = status.last_result or {}
        if result.get("offline"):
            self.state_label.setText(self.tr("Đang ngoại tuyến — các thay đổi được giữ lại và sẽ gửi khi có mạng."))
            self.state_label.setStyleSheet("color: gray;")
        elif status.last_error:
            self.state_label.setText(status.last_error)
            self.state_label.setStyleSheet("color: #a15c00;")
        else:
            self.state_label.setText("")
        if self._note:  # what the last action said stays until the next one
            self.state_label.setText(self._note)
        self.errors.clear()
        for failure in status.failing:
            self.errors.addItem(f"{failure['key']}: {failure['error']}")
        self._conflicts = status.conflicts
        self.conflicts.setRowCount(0)
        for conflict in status.conflicts:
            for name in conflict.differing_fields:
                row = self.conflicts.rowCount()
                self.conflicts.insertRow(row)
                for col, text in enumerate((conflict.sku, FIELD_LABELS.get(name, name),
                                            _text(conflict.local.get(name)), _text(conflict.remote.get(name)))):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, conflict.id)
                    self.conflicts.setItem(row, col, item)
        has = bool(status.conflicts)
        self.keep_local.setEnabled(has)
        self.keep_store.setEnabled(has)
        self.refreshed.emit()

    @property
    def busy(self) -> bool:
        """A sync is running."""
        return self.sync_job is not None and self.sync_job.running

    def apply_changes(self, changes: Changes) -> None:
        """Data changed (here or by a sync): the pending count and conflicts may differ."""
        if changes and not self.busy:
            self.refresh()

    # -- actions ------------------------------------------------------------------------------------

    def ask_credentials(self) -> Credentials | None:
        creds = CredentialsDialog.ask(self)
        if creds is not None:
            credentials.save(self._server_url(), creds)
        return creds

    def _server_url(self) -> str:
        return self.server.text().strip()

    def sync_now(self) -> bool:
        """Start a sync in the background (False if one is running or nothing is configured)."""
        url = self._server_url()
        self._note = ""
        if self.busy or not url:
            if not url:
                self.state_label.setText(self.tr("Hãy nhập địa chỉ máy chủ gian hàng."))
            return False
        try:
            check_server_url(url)  # plain http:// beyond this machine: refused before any key is asked or kept
        except GianHangError as error:
            self.state_label.setText(error.message())
            return False
        if credentials.load(url) is None and self.ask_credentials() is None:
            return False
        self.sync_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setVisible(True)
        self.progress.setValue(0)
        db, settings = self.db, self.settings.values
        job = self.tasks.sync(lambda progress, cancel: sync_now(db, url, settings=settings, progress=progress,
                                                                cancel=cancel),
                              parent=self, name="sync")
        job.progressed.connect(self._progressed)
        job.succeeded.connect(self._finished)
        job.failed.connect(self._failed)
        job.cancelled.connect(lambda: self._failed(Cancelled()))
        self.sync_job = job
        return True

    def cancel(self) -> None:
        """Stop the running sync (what was sent stays sent)."""
        if self.sync_job is not None:
            self.sync_job.cancel()

    def resolve_selected(self, keep: str) -> None:
        items = self.conflicts.selectedItems() or ([self.conflicts.item(0, 0)] if self.conflicts.rowCount() else [])
        ids = {item.data(Qt.ItemDataRole.UserRole) for item in items if item is not None}
        db = self.db
        self._note = ""

        # On the one writer, which announces the changes (the page re-reads its state from them).
        job = self.tasks.write(lambda _progress, _cancel: resolve_conflicts(db, ids, keep), parent=self,
                               name="resolve conflicts")
        job.succeeded.connect(self._resolved)

    def _resolved(self, result: Changed[list[GianHangError]]) -> None:
        if result.value:  # some were refused (e.g. resolved on another PC meanwhile): say why
            self._note = "\n".join(error_text(error) for error in result.value)
            self.state_label.setText(self._note)

    def _auto_changed(self) -> None:
        minutes = self.minutes.value() if self.auto.isChecked() else 0
        if minutes:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()
        if minutes != self.settings.values.auto_sync_minutes:
            self.settings.update(auto_sync_minutes=minutes)

    # -- runner signals -----------------------------------------------------------------------------

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat(message)

    def _finished(self, report: SyncReport) -> None:
        """The sync ended; its changes are announced by the runner right after (the state is then
        read again from them)."""
        self.last_report = report
        self._idle()
        if report.cancelled:
            self._note = self.tr("Đã huỷ; phần đã gửi được giữ lại.")
            self.state_label.setText(self._note)
        self.sync_finished.emit(report)

    def _failed(self, error: BaseException) -> None:
        self._idle()
        self.state_label.setText(error_text(error))
        self.sync_finished.emit(error)

    def _idle(self) -> None:
        self.sync_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
