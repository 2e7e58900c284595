"""What the other PCs changed, as `Changes`, moments after they commit (PostgreSQL LISTEN/NOTIFY).

The database's triggers (migration 0018_multipc_notify) send `{"s": writer, "t": table, "ids":
[…] | null}` on the channel `gianhang_changes` at every commit. `ChangeFeed` keeps one connection
listening in its own thread, gathers what arrives within `batch_seconds`, leaves out this
process's own changes (its window announced them already) and calls `on_changes(Changes)`.

It also watches the server: when the connection drops it calls `on_status(False, message)` and
tries again (0.5, 1, 2, 5, 5 … s apart); once back, `on_status(True, None)` and then
`on_changes(RESYNC)`, because whatever changed meanwhile was not heard. Callbacks run in the
feed's thread: the window hands them to its GUI thread. Qt-free, like the rest of the core.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable

from ..changes import Changes
from ..i18n import Msg
from . import errors
from .connection import APPLICATION_NAME, ServerAddress, psycopg_kwargs
from .money_changes import money_changes_from

log = logging.getLogger(__name__)

CHANNEL = "gianhang_changes"
# table -> the Changes field its ids go to (see the migration's NOTIFIED)
TABLES = {
    "products": "products",
    "certifications": "products",
    "sync_listings": "products",
    "stock_totals": "stock",
    "product_photos": "photos",
    "orders": "orders",
    "outbox": "sync",
    "sync_state": "sync",
    "sync_conflicts": "sync",
    "shop_profile": "settings",
    "warehouses": "stock",
}
# After an outage: everything may have changed; every screen reads everything again.
RESYNC = Changes(reset=True, sync=True, settings=True)
RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0)
HEARTBEAT_SECONDS = 5.0


def changes_from(payloads: Iterable[str], own_name: str = APPLICATION_NAME) -> Changes:
    """The Changes that notification payloads describe, other processes' only. A bulk statement
    (ids null) of the catalogue means its lists are read again (`catalog_reset`), of the orders
    that everything is (`reset`)."""
    found: dict[str, set[int]] = {"products": set(), "stock": set(), "photos": set(), "orders": set()}
    flags = {"sync": False, "settings": False, "catalog_reset": False, "reset": False}
    for payload in payloads:
        try:
            note = json.loads(payload)
            writer, field, ids = note.get("s"), TABLES.get(note.get("t")), note.get("ids")
        except (ValueError, AttributeError):
            log.warning("unreadable change notification: %r", payload[:200])
            continue
        if writer == own_name or field is None:
            continue
        if field in flags:
            flags[field] = True
        elif isinstance(ids, list):
            found[field].update(i for i in ids if isinstance(i, int))
        else:
            flags["reset" if field == "orders" else "catalog_reset"] = True
    return Changes(products=frozenset(found["products"]), stock=frozenset(found["stock"]),
                   photos=frozenset(found["photos"]), orders=frozenset(found["orders"]), **flags)


class ChangeFeed:
    """Listens to the server for the other PCs' committed changes (see the module docstring).

    `on_changes(changes)` and `on_status(connected, message)` are called from the feed's thread.
    """

    def __init__(self, url: str, on_changes: Callable[[Changes], None],
                 on_status: Callable[[bool, Msg | None], None] | None = None, *, password: str | None = None,
                 batch_seconds: float = 0.1, retry_seconds: tuple[float, ...] = RETRY_SECONDS,
                 heartbeat_seconds: float = HEARTBEAT_SECONDS):
        self.url, self.password = url, password
        self.on_changes, self.on_status = on_changes, on_status
        self.batch_seconds, self.retry_seconds, self.heartbeat_seconds = batch_seconds, retry_seconds, heartbeat_seconds
        self.where = ServerAddress.from_url(url).describe()
        self.connected: bool | None = None  # None until the first attempt ends
        self._stop = threading.Event()
        self._wake = threading.Event()  # set to end a wait between attempts early
        self._thread = threading.Thread(target=self._run, name="gianhang-changefeed", daemon=True)

    def start(self) -> ChangeFeed:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening (returns within about `batch_seconds`)."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def retry_now(self) -> None:
        """While the server is away: try to reconnect at once instead of at the next attempt."""
        self._wake.set()

    def _pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _run(self) -> None:
        import psycopg

        failures = 0
        while not self._stop.is_set():
            try:
                with psycopg.connect(**psycopg_kwargs(self.url, self.password), autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._status(True, None)
                    failures = 0
                    self._listen(conn)
            except psycopg.Error as error:
                reason = errors.reason_of(error) or errors.DROPPED
                away = reason in (errors.DROPPED, errors.UNREACHABLE, errors.BUSY)
                self._status(False, errors.connection_lost(self.where) if away
                             else errors.message_for(reason, self.where))
                delay = self.retry_seconds[min(failures, len(self.retry_seconds) - 1)]
                failures += 1
                self._pause(delay)
            except Exception:  # noqa: BLE001 - a callback's bug must not end the feed for good
                log.exception("change feed: unexpected error; listening again")
                self._pause(self.retry_seconds[-1])

    def _listen(self, conn) -> None:
        last_heard = time.monotonic()
        while not self._stop.is_set():
            payloads = [note.payload for note in conn.notifies(timeout=self.batch_seconds)]
            if payloads:
                last_heard = time.monotonic()
                changes = changes_from(payloads) | money_changes_from(payloads)
                if changes:
                    self.on_changes(changes)
            elif time.monotonic() - last_heard > self.heartbeat_seconds:
                conn.execute("SELECT 1")  # a server gone without a word is found here
                last_heard = time.monotonic()

    def _status(self, connected: bool, message: Msg | None) -> None:
        was = self.connected
        if was == connected:
            return
        self.connected = connected
        if connected:
            log.info("change feed: listening to %s", self.where)
        else:
            log.warning("change feed: lost %s (%s)", self.where, message.text("en") if message else "")
        if self.on_status is not None:
            self.on_status(connected, message)
        if connected and was is False:
            self.on_changes(RESYNC)
