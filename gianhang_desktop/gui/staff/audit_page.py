"""Nhật ký thao tác: who did what, when, before and after; filtered, exported to Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.i18n import current_language
from ...core.staff import audit
from ..context import AppContext
from ..tasks import error_text
from ..widgets import fmt_datetime

LIMIT = 2000


class AuditPage(QWidget):
    """The newest 2,000 entries matching the filters; the export takes every matching one."""

    ready = Signal()
    """The entries (or the refusal) are on screen."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(QLabel(self.tr("Nhật ký thao tác"), objectName="pageTitle"))
        bar = QHBoxLayout()
        self.user = QLineEdit(placeholderText=self.tr("Người dùng"))
        self.target = QLineEdit(placeholderText=self.tr("SKU, mã đơn, tài khoản"))
        self.action = QComboBox()
        self.action.addItem(self.tr("Mọi thao tác"), "")
        for prefix, label in (("product.", self.tr("Sản phẩm")), ("stock.", self.tr("Kho")),
                              ("order.", self.tr("Đơn hàng")), ("user.", self.tr("Tài khoản"))):
            self.action.addItem(label, prefix)
        self.export_button = QPushButton(self.tr("Xuất Excel…"))
        for widget in (self.user, self.target, self.action):
            widget.setMinimumWidth(190)
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.notice = QLabel(wordWrap=True)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("Thời gian"), self.tr("Người dùng"), self.tr("Thao tác"),
                                              self.tr("Đối tượng"), self.tr("Trước"), self.tr("Sau")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self.refresh)
        self.user.textChanged.connect(lambda _t: self._timer.start())
        self.target.textChanged.connect(lambda _t: self._timer.start())
        self.action.currentIndexChanged.connect(lambda _i: self._timer.start())
        self.export_button.clicked.connect(self.export)
        ctx.changes.connect(lambda _changes: self._timer.start())
        self.refresh()

    def filters(self) -> dict:
        return {"user": self.user.text().strip() or None, "target": self.target.text().strip() or None,
                "action": self.action.currentData() or None}

    def refresh(self) -> None:
        db, filters = self.ctx.db, self.filters()
        job = self.ctx.tasks.read(lambda _p, _c: audit.list_audit(db, limit=LIMIT, **filters), parent=self,
                                  name="audit log")
        job.succeeded.connect(self._show)
        job.failed.connect(self._refused)

    def _show(self, entries: list[audit.AuditView]) -> None:
        self.notice.hide()
        self.export_button.setEnabled(True)
        lang = current_language()
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            for col, text in enumerate((fmt_datetime(e.at), e.user_name, audit.action_label(e.action, lang),
                                        e.target, audit.describe(e.before, lang), audit.describe(e.after, lang))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # the whole before/after when the column cuts it
                self.table.setItem(row, col, item)
        self.ready.emit()

    def _refused(self, error: BaseException) -> None:
        self.notice.setText(error_text(error))
        self.notice.show()
        self.table.setRowCount(0)
        self.export_button.setEnabled(False)
        self.ready.emit()

    def export(self) -> None:
        path = self.ask_path()
        if not path:
            return
        db, filters = self.ctx.db, self.filters()
        self.ctx.tasks.read(lambda progress, _c: audit.export_audit(db, path, progress=progress, **filters),
                            parent=self, name="export audit", label=self.tr("Đang xuất nhật ký…"))

    def ask_path(self) -> Path | None:
        """Where to save the export; tests replace it."""
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Xuất nhật ký"), "nhat-ky.xlsx", "Excel (*.xlsx)")
        return Path(name) if name else None
