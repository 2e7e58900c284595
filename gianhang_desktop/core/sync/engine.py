"""The sync engine: pull the store's changes, then push the outbox in order, acknowledging as it goes.

Crash safety: an entry is marked done only in the transaction that records the store's answer.
Every request's Idempotency-Key is derived from the persisted keys of the entries it carries and
from its body, so a resend after a crash or a dropped connection replays, never duplicates.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..changes import Changes
from ..channels.errors import Unavailable
from ..channels.model import StockUpdate
from ..channels.store.client import store_connector
from ..database import Database
from ..db import locks
from ..db.base import utcnow
from ..errors import SyncError
from ..i18n import msg
from ..killpoints import reached
from ..photos.importing import photo_store
from ..photos.models import ProductPhoto
from ..stock.sellable import announce_unsellable_lots
from ..tasks import Cancelled, CancelToken, ProgressFn, report
from . import pull as pulling
from .client import Response, StoreClient, StoreUnreachable
from .identifiers import sendable_sku, store_order_code, unsendable_sku
from .models import (
    Listing,
    OutboxEntry,
    RemoteImage,
    RemoteProduct,
    StoreOrder,
    SyncConflict,
)
from .payloads import (
    add_in_flight,
    descriptive,
    dumps,
    in_flight,
    loads,
    product_payload,
    products_by_sku,
    sellable_quantities,
)

PRODUCT_BATCH = 100
STOCK_BATCH = 50
MAX_GALLERY = 8
# order status -> the seller's action on the store
ORDER_ACTIONS = {"confirmed": "confirm", "packed": "pack", "shipped": "ship", "cancelled": "cancel"}
ORDER_RANK = {"unpaid": 0, "paid": 1, "confirmed": 2, "packed": 3, "shipped": 4, "delivered": 5, "completed": 6}


@dataclass
class SyncReport:
    """What one sync did and what is left; plain data for the CLI, the window and tests.

    `changes` is what the sync changed here: products and listings the store changed, orders
    pulled (and the stock their steps moved), and always the sync state (`sync=True`).
    """

    pushed: dict[str, int] = field(default_factory=lambda: {
        "products": 0, "images": 0, "galleries": 0, "stock": 0, "listings": 0, "order_status": 0})
    pulled: dict[str, int] = field(default_factory=lambda: {"changes": 0, "orders": 0, "listings": 0, "products": 0})
    failed: list[dict[str, str]] = field(default_factory=list)
    conflicts: int = 0
    pending: int = 0
    offline: bool = False
    cancelled: bool = False
    error: str | None = None
    requests: int = 0
    bytes_sent: int = 0
    seconds: float = 0.0
    changes: Changes = field(default_factory=lambda: Changes(sync=True))

    @property
    def ok(self) -> bool:
        return not (self.offline or self.cancelled or self.error)

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "changes"}
        return {**data, "ok": self.ok}


@dataclass
class _Group:
    kind: str
    key: str
    ids: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    payloads: list[str | None] = field(default_factory=list)


def sync(
    db: Database,
    client: StoreClient,
    *,
    safety_buffer: int = 0,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> SyncReport:
    """Pull, then push everything pending. Never raises for network trouble: the report says
    what happened (offline, cancelled, failed items) and what is left in the outbox.

    Raises:
        Nothing for network trouble, a refusal of the store or a cancel: the report says so (a bug,
        or a database that cannot be written, is raised as it is).
    """
    started = time.perf_counter()
    result = SyncReport()
    with locks.held_by_this_pc(db.engine, locks.STORE_SYNC) as ours:
        if not ours:  # several PCs on one server: the outbox is one, so is its sync
            result.error = msg("Một máy khác của HTX đang đồng bộ với gian hàng; các thay đổi của máy này "
                               "cũng được gửi trong lần đó. Thử lại sau ít phút.",
                               "Another PC of the cooperative is syncing with the store; this PC's changes go "
                               "with it. Try again in a few minutes.").text()
            return result
        return _sync(db, client, result, started, safety_buffer, progress, cancel)


def _sync(db: Database, client: StoreClient, result: SyncReport, started: float, safety_buffer: int,
          progress: ProgressFn | None, cancel: CancelToken | None) -> SyncReport:
    client.cancel = cancel
    if client.device_id is None:
        client.device_id = pulling.device_id(db)
    sent_before, bytes_before = client.requests_sent, client.bytes_sent
    try:
        reached("sync.start")
        report(progress, 0.0, "Đang nhận thay đổi từ gian hàng…")
        pulling.pull(db, client, result, cancel)
        with db.session() as session:  # lots that expired overnight: the store must stop selling them
            announce_unsellable_lots(session)
        _Pusher(db, client, result, safety_buffer, progress, cancel).run()
        report(progress, 1.0, "Đã đồng bộ")
    except (StoreUnreachable, Unavailable) as error:
        result.offline = True
        result.error = error.message()
    except Cancelled:
        result.cancelled = True
    except SyncError as error:
        result.error = error.message()
    result.requests = client.requests_sent - sent_before
    result.bytes_sent = client.bytes_sent - bytes_before
    result.seconds = round(time.perf_counter() - started, 3)
    _finish(db, client, result)
    return result


def _finish(db: Database, client: StoreClient, result: SyncReport) -> None:
    with db.session() as session:
        result.pending = session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.done_at.is_(None))) or 0
        result.conflicts = session.scalar(
            select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))) or 0
        state = pulling.state_row(session)
        now = utcnow()
        state.server_url = client.origin
        state.last_attempt_at = now
        if result.ok:
            state.last_sync_at = now
        state.last_error = result.error
        state.last_result = dumps(result.to_json())


class _Pusher:
    def __init__(self, db: Database, client: StoreClient, result: SyncReport, buffer: int,
                 progress: ProgressFn | None, cancel: CancelToken | None) -> None:
        self.db, self.client, self.result, self.buffer = db, client, result, buffer
        self.progress, self.cancel = progress, cancel
        self.connector = store_connector(client)
        self.done_units = 0
        self.total_units = 1

    def run(self) -> None:
        with self.db.read_session() as session:
            rows = session.execute(
                select(OutboxEntry.id, OutboxEntry.kind, OutboxEntry.key, OutboxEntry.idempotency_key, OutboxEntry.payload)
                .where(OutboxEntry.done_at.is_(None)).order_by(OutboxEntry.id)
            ).all()
            blocked = set(session.scalars(select(SyncConflict.key).where(SyncConflict.resolved_at.is_(None))))
        groups: dict[str, OrderedDict[str, _Group]] = {k: OrderedDict() for k in ("product", "photos", "stock", "listing")}
        orders: list[_Group] = []
        unsendable: dict[str, list[int]] = {}
        for entry_id, kind, key, idem, payload in rows:
            if kind == "order_status":
                orders.append(_Group(kind, key, [entry_id], [idem], [payload]))
                continue
            if not sendable_sku(key):  # an older version's SKU: kept, never sent, never renamed silently
                unsendable.setdefault(key, []).append(entry_id)
                continue
            if kind == "product" and key in blocked:
                continue  # waits for the user to resolve the conflict
            group = groups[kind].setdefault(key, _Group(kind, key))
            group.ids.append(entry_id)
            group.keys.append(idem)
        self._refuse_skus(unsendable)
        self.total_units = max(1, sum(len(g) for g in groups.values()) + len(orders))
        self._products(list(groups["product"].values()))
        self._photos(list(groups["photos"].values()))
        self._stock(list(groups["stock"].values()))
        self._listings(list(groups["listing"].values()))
        self._orders(orders)

    def _refuse_skus(self, unsendable: dict[str, list[int]]) -> None:
        """One failure per SKU the store would refuse; its entries stay pending until it is renamed."""
        if not unsendable:
            return
        with self.db.session() as session:
            for sku, ids in unsendable.items():
                error = unsendable_sku(sku).text()
                session.execute(update(OutboxEntry).where(OutboxEntry.id.in_(ids)).values(last_error=error[:1000]))
                self.result.failed.append({"kind": "sku", "key": sku, "error": error})

    # -- helpers ----------------------------------------------------------------------------------

    def _send(self, method: str, path, **options) -> Response:
        """One push request; its entries' attempts are already committed and its answer is recorded
        by the caller (the kill points on either side are where crash tests stop a sync)."""
        reached("push.request")
        response = self.client.request(method, path, **options)
        reached("push.answered")
        return response

    def _tick(self, count: int, text: str) -> None:
        reached("push.between")
        self.done_units += count
        report(self.progress, 0.1 + 0.9 * self.done_units / self.total_units, text)
        if self.cancel is not None:
            self.cancel.raise_if_cancelled()

    def _attempt(self, groups: list[_Group]) -> None:
        """Persist that these entries are being sent (so coalescing keeps them) before the request."""
        ids = [i for g in groups for i in g.ids]
        with self.db.session() as session:
            for start in range(0, len(ids), 500):
                session.execute(update(OutboxEntry).where(OutboxEntry.id.in_(ids[start:start + 500]))
                                .values(attempts=OutboxEntry.attempts + 1))

    @staticmethod
    def _done(session: Session, group: _Group | list[int]) -> None:
        ids = group.ids if isinstance(group, _Group) else group
        now = utcnow()
        for start in range(0, len(ids), 500):
            session.execute(update(OutboxEntry).where(OutboxEntry.id.in_(ids[start:start + 500]))
                            .values(done_at=now, last_error=None))

    def _fail(self, session: Session, group: _Group, error: str) -> None:
        session.execute(update(OutboxEntry).where(OutboxEntry.id.in_(group.ids)).values(last_error=error[:1000]))
        self.result.failed.append({"kind": group.kind, "key": group.key, "error": error})

    @staticmethod
    def _request_key(prefix: str, groups: list[_Group], body: Any) -> str:
        digest = hashlib.sha256()
        for g in groups:
            digest.update("\x1f".join(g.keys).encode())
        digest.update(dumps(body).encode("utf-8"))
        return f"{prefix}-{digest.hexdigest()[:48]}"

    @staticmethod
    def _error_text(response: Response) -> str:
        body = response.body if isinstance(response.body, dict) else {}
        error = body.get("error") or {}
        return f"{response.status} {error.get('code', '')}: {error.get('message', '')}".strip()

    # -- products ---------------------------------------------------------------------------------

    def _products(self, groups: list[_Group]) -> None:
        for start in range(0, len(groups), PRODUCT_BATCH):
            chunk = groups[start:start + PRODUCT_BATCH]
            for _round in range(3):  # a rebase after a store-side version bump is retried at once
                chunk = self._product_batch(chunk)
                if not chunk:
                    break
            self._tick(min(PRODUCT_BATCH, len(groups) - start), "Đang gửi sản phẩm…")

    def _product_batch(self, groups: list[_Group]) -> list[_Group]:
        self._attempt(groups)
        items, wanted = [], {}
        with self.db.session() as session:
            products = products_by_sku(session, [g.key for g in groups])
            remote = {r.sku: r for r in session.scalars(select(RemoteProduct).where(RemoteProduct.sku.in_([g.key for g in groups])))}
            live = []
            for group in groups:
                product = products.get(group.key)
                if product is None:
                    self._done(session, group)  # nothing local any more
                    continue
                body = product_payload(product)
                row = remote.get(group.key) or RemoteProduct(sku=group.key)
                session.add(row)
                row.sent = add_in_flight(row.sent, descriptive(body))
                wanted[group.key] = descriptive(body)
                if row.version:
                    body["if_match"] = row.version
                items.append(body)
                live.append(group)
        if not items:
            return []
        body = {"items": items}
        response = self._send("POST", "/products/batch", json_body=body,
                                       idempotency_key=self._request_key("products", live, body))
        if response.status == 422 or (not response.ok and response.status not in (409,)):
            return self._products_one_by_one(live, items, wanted)
        results = {r["sku"]: r for r in (response.body or {}).get("results", [])}
        retry, acked = [], []
        with self.db.session() as session:
            rows = {r.sku: r for r in session.scalars(select(RemoteProduct).where(RemoteProduct.sku.in_([g.key for g in live])))}
            for group in live:
                r = results.get(group.key)
                if r is None:
                    self._fail(session, group, "no result")
                    continue
                status = r.get("status", 200 if r.get("ok") else 500)
                details = (r.get("error") or {}).get("details")
                outcome = self._product_outcome(session, group, wanted[group.key], r.get("ok"), status, r.get("product"),
                                                details, r.get("error"), rows.get(group.key), acked)
                if outcome:
                    retry.append(group)
            self._done(session, acked)
        return retry

    def _products_one_by_one(self, groups: list[_Group], items: list[dict], wanted: dict) -> list[_Group]:
        retry = []
        for group, item in zip(groups, items, strict=True):
            item = dict(item)
            version = item.pop("if_match", None)
            headers = {"If-Match": str(version)} if version else None
            response = self._send("PUT", ("products", group.key), json_body=item, headers=headers,
                                           idempotency_key=self._request_key("product", [group], item))
            with self.db.session() as session:
                body = response.body if isinstance(response.body, dict) else {}
                error = body.get("error") if not response.ok else None
                acked: list[int] = []
                if self._product_outcome(session, group, wanted[group.key], response.ok, response.status,
                                         body if response.ok else None, response.error_details, error,
                                         session.get(RemoteProduct, group.key), acked):
                    retry.append(group)
                self._done(session, acked)
        return retry

    def _product_outcome(self, session: Session, group: _Group, wanted: dict, ok: bool, status: int,
                         product: dict | None, details: Any, error: dict | None, row: RemoteProduct | None,
                         acked: list[int]) -> bool:
        """Record one product's answer; True when it should be sent again at once (rebased).
        Acknowledged entry ids are added to `acked` (marked done by the caller, in the same transaction)."""
        if row is None:
            row = RemoteProduct(sku=group.key)
            session.add(row)
        if ok and product is not None:
            row.version, row.base, row.sent, row.updated_at = product["version"], dumps(descriptive(product)), None, utcnow()
            acked.extend(group.ids)
            self.result.pushed["products"] += 1
            return False
        if status == 409:
            current = (details or {}).get("current") if isinstance(details, dict) else None
            if current is None:  # the store lost it: write unconditionally
                row.version = None
                return True
            theirs = descriptive(current)
            if theirs == wanted:
                row.version, row.base, row.sent = current["version"], dumps(theirs), None
                acked.extend(group.ids)
                self.result.pushed["products"] += 1
                return False
            if theirs == loads(row.base) or theirs in in_flight(row.sent) or row.base is None:
                # Only stock, pictures or our own unacknowledged write moved the version.
                row.version, row.base = current["version"], dumps(theirs)
                return True
            pulling.record_conflict(session, group.key, wanted, theirs, current["version"])
            self.result.failed.append({"kind": "product", "key": group.key, "error": "conflict"})
            return False
        self._fail(session, group, f"{status} {(error or {}).get('code', '')}: {(error or {}).get('message', '')}")
        return False

    # -- photos -----------------------------------------------------------------------------------

    def _photos(self, groups: list[_Group]) -> None:
        for group in groups:
            self._gallery(group)
            self._tick(1, "Đang gửi ảnh…")

    def _gallery(self, group: _Group) -> None:
        store = photo_store(self.db)
        with self.db.read_session() as session:
            product = products_by_sku(session, [group.key]).get(group.key)
            photos = [] if product is None else list(session.execute(
                select(ProductPhoto.sha256).where(ProductPhoto.product_id == product.id).order_by(ProductPhoto.position)
            ).scalars())[:MAX_GALLERY]
            known = dict(session.execute(select(RemoteImage.sha256, RemoteImage.image_id)
                                         .where(RemoteImage.sha256.in_(photos))).all())
        if product is None:
            with self.db.session() as session:
                self._done(session, group)
            return
        self._attempt([group])
        image_ids = []
        for sha in photos:
            if sha not in known:
                try:
                    data = store.market_path(sha).read_bytes()
                except OSError as error:
                    with self.db.session() as session:
                        self._fail(session, group, f"photo file: {error}")
                    return
                response = self._send("POST", "/images", data=data, content_type="image/jpeg",
                                               idempotency_key=f"image-{hashlib.sha256(data).hexdigest()[:48]}")
                if not response.ok:
                    with self.db.session() as session:
                        self._fail(session, group, self._error_text(response))
                    return
                known[sha] = response.body["image_id"]
                with self.db.session() as session:
                    session.merge(RemoteImage(sha256=sha, image_id=known[sha]))
                self.result.pushed["images"] += 1
            image_ids.append(known[sha])
        body = {"image_ids": image_ids}
        response = self._send("PUT", ("products", group.key, "images"), json_body=body,
                                       idempotency_key=self._request_key("gallery", [group], body))
        with self.db.session() as session:
            if response.ok:
                self._bump_version(session.get(RemoteProduct, group.key), response.body.get("version"))
                self._done(session, group)
                self.result.pushed["galleries"] += 1
            else:
                self._fail(session, group, self._error_text(response))

    @staticmethod
    def _bump_version(row: RemoteProduct | None, version: int | None) -> None:
        """Follow a version bump our own stock or picture write caused (and only that one)."""
        if row is not None and version is not None and row.version is not None and version == row.version + 1:
            row.version = version

    # -- stock ------------------------------------------------------------------------------------

    def _stock(self, groups: list[_Group]) -> None:
        for start in range(0, len(groups), STOCK_BATCH):
            chunk = groups[start:start + STOCK_BATCH]
            self._attempt(chunk)
            with self.db.read_session() as session:
                products = products_by_sku(session, [g.key for g in chunk])
                quantities = sellable_quantities(session, products, self.buffer)
            live = [g for g in chunk if g.key in quantities]
            if len(live) < len(chunk):
                with self.db.session() as session:
                    for group in chunk:
                        if group.key not in quantities:
                            self._done(session, group)
            if live:
                # Through the store's channel connector: whole quantities, one result per SKU, the
                # request's Idempotency-Key derived from the persisted keys of these entries.
                updates = [StockUpdate(g.key, g.key, None, quantities[g.key], change_key="\x1f".join(g.keys))
                           for g in live]
                reached("push.request")
                results = {r.item_id: r for r in self.connector.push_stock(updates)}
                reached("push.answered")
                with self.db.session() as session:
                    rows = {r.sku: r for r in session.scalars(select(RemoteProduct).where(RemoteProduct.sku.in_([g.key for g in live])))}
                    acked: list[int] = []
                    for group in live:
                        r = results.get(group.key)
                        if r is not None and r.ok:
                            self._bump_version(rows.get(group.key), int(r.version) if r.version else None)
                            acked.extend(group.ids)
                            self.result.pushed["stock"] += 1
                        else:
                            self._fail(session, group, f"{r.code}: {r.message}" if r else "no result")
                    self._done(session, acked)
            self._tick(len(chunk), "Đang gửi tồn kho…")

    # -- listings ---------------------------------------------------------------------------------

    def _listings(self, groups: list[_Group]) -> None:
        for group in groups:
            self._listing(group)
            self._tick(1, "Đang gửi tin đăng…")

    def _listing(self, group: _Group) -> None:
        with self.db.read_session() as session:
            product = products_by_sku(session, [group.key]).get(group.key)
            listing = None if product is None else session.scalar(select(Listing).where(Listing.product_id == product.id))
            body = None if listing is None else {
                "price": listing.price, "sale_price": listing.sale_price,
                "sale_from": listing.sale_from.isoformat() if listing.sale_from else None,
                "sale_to": listing.sale_to.isoformat() if listing.sale_to else None,
                "active": listing.active,
            }
        if body is None:
            with self.db.session() as session:
                self._done(session, group)
            return
        self._attempt([group])
        response = self._send("PUT", ("listings", group.key), json_body=body,
                                       idempotency_key=self._request_key("listing", [group], body))
        with self.db.session() as session:
            if response.ok:
                if (product_id := pulling.apply_listing(session, group.key, response.body, terms=False)) is not None:
                    self.result.changes = self.result.changes | Changes(products=frozenset({product_id}))
                self._done(session, group)
                self.result.pushed["listings"] += 1
            else:
                self._fail(session, group, self._error_text(response))

    # -- order status -----------------------------------------------------------------------------

    def _orders(self, groups: list[_Group]) -> None:
        for group in groups:
            self._order(group)
            self._tick(1, "Đang gửi trạng thái đơn…")

    def _order(self, group: _Group) -> None:
        payload = loads(group.payloads[0]) or {}
        target = payload.get("status")
        code = payload.get("remote_code")
        with self.db.read_session() as session:
            if not code and session.get(StoreOrder, group.key) is not None:
                code = group.key
        action = ORDER_ACTIONS.get(target or "")
        if code and not store_order_code(code):
            with self.db.session() as session:
                self._done(session, group)
                self._fail(session, group, f"not a store order code: {code!r}")
            return
        if not code or action is None:  # not a store order, or a step the store takes itself
            with self.db.session() as session:
                self._done(session, group)
            return
        self._attempt([group])
        body = {"reason": payload.get("reason") or ""} if action == "cancel" else None
        response = self._send("POST", ("orders", code, action), json_body=body,
                                       idempotency_key=group.keys[0])
        with self.db.session() as session:
            current = response.body if response.ok else ((response.error_details or {}).get("current")
                                                          if isinstance(response.error_details, dict) else None)
            if current:
                self.result.changes = self.result.changes | pulling.remember_store_order(session, current)
            if response.ok or (response.status == 409 and current and _reached(current.get("status"), target)):
                self._done(session, group)
                self.result.pushed["order_status"] += 1
            elif response.status in (404, 409):
                # The store cannot take this step (e.g. the buyer cancelled): keep the note, stop retrying.
                self._done(session, group)
                self._fail(session, group, self._error_text(response))
            else:
                self._fail(session, group, self._error_text(response))


def _reached(current: str | None, target: str | None) -> bool:
    """The store's order is already at `target` or past it (a step applied by an earlier attempt)."""
    if current is None or target is None:
        return False
    if current == target:
        return True
    if target == "cancelled" or current in ("cancelled", "returned"):
        return False
    return ORDER_RANK.get(current, -1) >= ORDER_RANK.get(target, 99)
