"""Who is signed in on this PC, in the status bar ("chu · Chủ HTX / quản lý")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from ..context import AppContext


class SignedInLabel(QLabel):
    """The signed-in person and role; empty while nobody is (one PC without sign-in)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("signedIn")
        # Signing in happens at start or on the users page: an attribute read every second is
        # the whole cost of following it, with no signal threaded through the dialogs.
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self.update_text)
        self._timer.start()
        self.update_text()

    def update_text(self) -> None:
        db = self.ctx.db
        actor = db.access.actor if db is not None else None
        text = "" if actor is None else self.tr("Đăng nhập: {user} · {role}").format(
            user=actor.full_name or actor.username, role=actor.role.label.text())
        if text != self.text():
            self.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setText("")
            self.update_text()
        super().changeEvent(event)
