"""The window's live link to the server: the other PCs' changes into `ctx.changes`, and whether the
server is there (for the banner). Built on `core.postgres.changefeed.ChangeFeed`; SQLite: none."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from ...core.changes import Changes

log = logging.getLogger(__name__)


class ServerLink(QObject):
    """Listens to the server in the change feed's thread; its signals reach the GUI thread queued."""

    changes_arrived = Signal(object)
    """Another PC committed these `Changes` (or, after an outage, everything may have changed)."""
    connection_changed = Signal(bool, str)
    """The server went away (False, the message to show) or is back (True, "")."""

    def __init__(self, url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from ...core.postgres.changefeed import ChangeFeed

        self.feed = ChangeFeed(url, self._heard, self._status)

    def start(self) -> ServerLink:
        self.feed.start()
        return self

    def stop(self) -> None:
        self.feed.stop()

    def retry_now(self) -> None:
        """The banner's "Thử lại ngay": reconnect at once."""
        self.feed.retry_now()

    @property
    def connected(self) -> bool | None:
        return self.feed.connected

    # In the feed's thread: Qt queues these emits to the GUI thread (this object lives there).
    def _heard(self, changes: Changes) -> None:
        self.changes_arrived.emit(changes)

    def _status(self, connected: bool, message) -> None:
        self.connection_changed.emit(connected, message.text() if message is not None else "")


def server_away(ctx) -> bool:
    """True while the window's server link knows the server is away: reads on the GUI thread
    (a table's next page) wait for it to come back instead of each waiting for a time-out."""
    link = ctx.server_link
    return link is not None and link.connected is False
