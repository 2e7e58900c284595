"""Automatic marketplace sync while the window is open: the accounts with automatic sync on poll
their orders every half second and send their outbox after each poll, and at once after a local change
(a sale, a receipt, an order's status), each round a short job on the sync lane."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from ...core.changes import Changes
from ...core.channels import auto
from ...core.channels.service import sync_channels
from ..context import AppContext
from ..tasks import Job


def auto_accounts(db) -> list[str]:
    """The names of the active accounts with automatic sync on."""
    return auto.AutoSync(db).accounts()


def auto_round(db, *, pull: bool, progress=None, cancel=None):
    """One automatic round; its report when something happened (so the window hears it), else None."""
    names = auto_accounts(db)
    if not names:
        return None
    report = sync_channels(db, names, pull=pull, progress=progress, cancel=cancel)
    return report if report.eventful else None


class ChannelAutoSync(QObject):
    """Runs automatic rounds on the window's sync lane, one at a time: a poll every
    `core.channels.auto.POLL_SECONDS`, and a send as soon as `ctx.changes` names stock or orders
    changed here. Quiet rounds announce nothing (the page re-reads the last sync time itself)."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None,
                 interval_ms: int = int(auto.POLL_SECONDS * 1000)) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: Job | None = None
        self.rounds = 0
        self._wake_pending = False
        self.started = False
        self.checks = 0  # times the accounts were looked at (tests wait on it)
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(lambda: self.run_round(pull=True))
        ctx.changes.connect(self._changed)

    def start(self) -> None:
        """Poll while some account has automatic sync on (checked now and whenever channels change)."""
        self.started = True
        self._check_accounts()

    def _check_accounts(self) -> None:
        if self.ctx.db is None:
            return
        db = self.ctx.db
        self.ctx.tasks.read(lambda _p, _c: bool(auto_accounts(db)), parent=self,
                            name="channel auto accounts").succeeded.connect(self._accounts_known)

    def _accounts_known(self, any_auto: bool) -> None:
        self.checks += 1
        if any_auto and self.started:
            if not self.timer.isActive():
                self.timer.start()
                self.run_round(pull=True)
        else:
            self.timer.stop()

    def stop(self) -> None:
        self.started = False
        self.timer.stop()
        if self.job is not None:
            self.job.cancel()

    def _changed(self, changes: Changes) -> None:
        if (changes.channels or changes.reset) and self.started:
            self._check_accounts()  # an account added, removed, paused, or signed in again
        # A channel sync's own report names channels: it must not wake another round by itself.
        if (changes.stock or changes.orders or changes.products) and not changes.channels and self.timer.isActive():
            self.run_round(pull=False)

    def run_round(self, *, pull: bool) -> bool:
        """Start one round unless one runs (a wake-up meanwhile is sent right after). False then."""
        if self.ctx.db is None or getattr(self.ctx.db, "read_only", False):
            return False
        if self.job is not None and self.job.running:
            self._wake_pending = self._wake_pending or not pull
            return False
        db = self.ctx.db
        self.job = self.ctx.tasks.sync(lambda progress, cancel: auto_round(db, pull=pull, cancel=cancel),
                                       parent=self, name="channel auto sync")
        self.job.failed.connect(lambda _error: None)  # logged by the runner; the page shows the account's state
        self.job.ended.connect(self._ended)
        return True

    def _ended(self) -> None:
        self.rounds += 1
        if self._wake_pending:
            self._wake_pending = False
            self.run_round(pull=False)
