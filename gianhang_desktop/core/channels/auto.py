"""Automatic channel sync: every account's orders are polled every few seconds and the outbox is
sent at once after each poll and whenever a local change wakes the loop, so an order on one
channel reaches the others' stock within seconds (the benchmark measures it)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import select

from ..database import Database
from ..tasks import CancelToken
from .model import AccountState
from .models import ChannelAccount
from .report import SyncReport
from .scheduler import SHARED, Scheduler
from .service import ConnectorFactory, sync_channels

log = logging.getLogger(__name__)
# Two order list calls a second per account, far under every platform's limit (10/s): an order
# reaches the other channels' stock in about a second, so a flash sale on three channels does not
# oversell with the default buffer (bench/bench_channels.py; at 1.0 s one run in three oversold 2).
POLL_SECONDS = 0.5


class AutoSync:
    """The background loop; ``run(cancel)`` until cancelled, ``wake()`` after a local change.

    ``on_report`` gets each sync's report (the window shows it)."""

    def __init__(self, db: Database, *, interval: float = POLL_SECONDS, scheduler: Scheduler = SHARED,
                 factory: ConnectorFactory | None = None,
                 on_report: Callable[[SyncReport], None] | None = None) -> None:
        self.db, self.interval, self.scheduler, self.factory = db, interval, scheduler, factory
        self.on_report = on_report
        self._wake = threading.Event()
        self.rounds = 0

    def wake(self) -> None:
        """Something changed here: send it now rather than at the next poll."""
        self._wake.set()

    def accounts(self) -> list[str]:
        with self.db.read_session() as session:
            return list(session.scalars(select(ChannelAccount.name).where(
                ChannelAccount.auto_sync.is_(True), ChannelAccount.state == AccountState.ACTIVE.value)
                .order_by(ChannelAccount.name)))

    def run(self, cancel: CancelToken) -> None:
        """Poll and push until ``cancel``; a failing round is logged and the loop goes on."""
        last_poll = float("-inf")
        while not cancel.cancelled:
            self._wake.clear()
            started = time.monotonic()
            due = started - last_poll >= self.interval
            names = self.accounts()
            if names:
                try:
                    report = sync_channels(self.db, names, factory=self.factory, scheduler=self.scheduler,
                                           cancel=cancel, pull=due)
                    self.rounds += 1
                    if self.on_report is not None:
                        self.on_report(report)
                except Exception:  # noqa: BLE001 - the loop must survive a bad round; the log keeps it
                    log.exception("automatic channel sync failed")
            if due:
                last_poll = started
            self._wake.wait(max(0.0, self.interval - (time.monotonic() - last_poll)))

    def stop(self, cancel: CancelToken) -> None:
        cancel.cancel()
        self._wake.set()
