"""Status by polling, mapped onto the order; the clerk's "received back" step for a returned parcel.

Each open shipment's carrier is asked in the carrier's documented batches, through the one
scheduler (so a poll of thousands keeps each carrier's limit). Mapping onto the order:

- picked up, delivering, a failed attempt, returning → the order is ``shipped`` (confirm, pack and
  ship are taken as needed: stock leaves the warehouse when the courier has the parcel);
- delivered → ``delivered``;
- returned → the shipment waits for the clerk; only :func:`receive_return` (a deliberate step, after
  checking the parcel) moves the order to ``returned`` and gives the stock back;
- cancelled by the carrier → the order keeps its status and loses its tracking code.

A shipment left ``sending`` (its create answer was lost) is settled here too: ``find`` by our code.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from ..changes import Changes
from ..channels.http import HttpOptions
from ..channels.scheduler import SHARED, Scheduler
from ..database import Database
from ..db.base import utcnow
from ..errors import Conflict, GianHangError
from ..i18n import current_language, msg
from ..orders.models import Order
from ..orders.service import apply_status, get_order_row
from ..orders.states import OrderStatus, path_to
from ..stock.service import current_user
from ..tasks import CancelToken, ProgressFn, report
from .carrier import CarrierEndpoint
from .model import OPEN_STATUSES, STATUS_LABELS, ShipmentStatus, TrackingUpdate
from .models import CarrierAccount, Shipment
from .service import ConnectorFactory, _factory, scheduler_key

log = logging.getLogger(__name__)

TARGET = {
    ShipmentStatus.PICKED_UP: OrderStatus.SHIPPED, ShipmentStatus.DELIVERING: OrderStatus.SHIPPED,
    ShipmentStatus.FAILED: OrderStatus.SHIPPED, ShipmentStatus.RETURNING: OrderStatus.SHIPPED,
    ShipmentStatus.RETURNED: OrderStatus.SHIPPED, ShipmentStatus.DELIVERED: OrderStatus.DELIVERED,
}


@dataclass
class TrackRow:
    order_code: str
    carrier: str
    tracking_code: str | None
    status: str
    status_label: str
    carrier_status: str
    detail: str
    order_status: str
    cod_amount: int
    cod_remitted: int | None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class PollReport:
    rows: list[TrackRow] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # account -> message
    calls: int = 0
    changes: Changes = field(default_factory=Changes)

    def to_json(self) -> dict[str, Any]:
        return {"shipments": [r.to_json() for r in self.rows], "errors": self.errors, "calls": self.calls}


def _advance(session, order: Order, target: OrderStatus) -> Changes:
    """Move the order forward to ``target`` through the allowed steps (confirm, pack, ship…)."""
    current = OrderStatus(order.status)
    if current == target:
        return Changes()
    steps = path_to(current, target, order.channel)
    if not steps:
        return Changes()  # already past it (e.g. delivered, then a late "delivering" answer)
    changes = Changes()
    for step in steps:
        changes = changes | apply_status(session, order, step, user=current_user())
    return changes


def apply_update(session, shipment: Shipment, update: TrackingUpdate) -> Changes:
    """Record one carrier answer on the shipment and its order (inside the caller's transaction)."""
    now = utcnow()
    shipment.polled_at = now
    shipment.carrier_status = update.carrier_status[:100]
    shipment.status_detail = update.detail or shipment.status_detail
    for key in ("cod_collected", "cod_remitted", "remitted_on", "fee"):
        value = getattr(update, key)
        if value is not None:
            setattr(shipment, key, value)
    order = session.get(Order, shipment.order_id)
    changes = Changes(orders=frozenset({order.id}))
    new = update.status
    if ShipmentStatus(shipment.status) == ShipmentStatus.RECEIVED_BACK:
        return changes
    if new != ShipmentStatus(shipment.status):
        shipment.status = new.value
        shipment.status_changed_at = now
        if new == ShipmentStatus.DELIVERED:
            shipment.delivered_at = update.updated_at or now
        if new == ShipmentStatus.CANCELLED:
            shipment.active_order_id = None
            if order.tracking_code == shipment.tracking_code:
                order.tracking_code = None
    shipment.updated_at = now
    target = TARGET.get(new)
    if target is not None:
        try:
            with session.begin_nested():
                changes = changes | _advance(session, order, target)
            shipment.error = None
        except GianHangError as error:  # e.g. not enough stock to ship: shown on the shipment
            shipment.error = error.message()[:1000]
    return changes


def _row(shipment: Shipment, order: Order, lang: str | None = None) -> TrackRow:
    label = STATUS_LABELS[ShipmentStatus(shipment.status)]
    return TrackRow(order.code, shipment.carrier_name, shipment.tracking_code, shipment.status,
                    label[1] if (lang or current_language()) == "en" else label[0], shipment.carrier_status,
                    shipment.status_detail,
                    order.status, shipment.cod_amount, shipment.cod_remitted, shipment.error)


def poll(db: Database, codes: Sequence[str] | None = None, *, http: HttpOptions | None = None,
         factory: ConnectorFactory | None = None, scheduler: Scheduler = SHARED, progress: ProgressFn | None = None,
         cancel: CancelToken | None = None) -> PollReport:
    """Ask the carriers about the open shipments (or those of ``codes``, open or not) and apply the
    answers. A carrier that cannot be reached is reported in ``errors``; the others go on.

    Raises: NotFound (a code that is no order); a carrier's failure is in ``errors``.
    """
    with db.read_session() as session:
        stmt = select(Shipment, Order).join(Order, Order.id == Shipment.order_id)
        if codes:
            orders = [get_order_row(session, c).id for c in codes]
            stmt = stmt.where(Shipment.order_id.in_(orders), Shipment.status != ShipmentStatus.CANCELLED.value)
        else:
            stmt = stmt.where(Shipment.status.in_([s.value for s in OPEN_STATUSES]))
        pairs = session.execute(stmt.order_by(Shipment.id)).all()
        by_account: dict[int, list[tuple[int, str | None, str, str]]] = {}
        accounts: dict[int, CarrierAccount] = {}
        for shipment, _order in pairs:
            if shipment.account_id is None:
                continue
            by_account.setdefault(shipment.account_id, []).append(
                (shipment.id, shipment.tracking_code, shipment.client_code, shipment.status))
            if shipment.account_id not in accounts:
                row = session.get(CarrierAccount, shipment.account_id)
                session.expunge(row)
                accounts[row.id] = row
    result = PollReport()
    make = factory or _factory(http, cancel)
    total = sum(len(v) for v in by_account.values()) or 1
    lock = threading.Lock()  # guards result and the progress count across the carriers' threads
    done = [0]

    def poll_account(account_id: int) -> None:
        entries, row = by_account[account_id], accounts[account_id]
        try:
            connector = make(row)
        except GianHangError as error:
            with lock:
                result.errors[row.name] = error.message()
            return
        try:
            settled = _settle_sending(db, row, connector, [e for e in entries if e[1] is None], scheduler, cancel)
            tracked = {e[1]: e[0] for e in entries if e[1]} | settled
            size = max(1, connector.limits.of(CarrierEndpoint.TRACK).batch)
            batches = [list(tracked)[i:i + size] for i in range(0, len(tracked), size)]
            with lock:
                result.calls += len(settled)
            for batch, answer in scheduler.map(scheduler_key(row), connector.limits, CarrierEndpoint.TRACK,
                                               connector.track, batches, cancel=cancel):
                if isinstance(answer, BaseException):
                    if not isinstance(answer, GianHangError):
                        raise answer
                    with lock:
                        result.calls += 1
                        result.errors[row.name] = answer.message()
                    continue
                changes = Changes()
                with db.session() as session:
                    for update in answer:
                        shipment = session.get(Shipment, tracked.get(update.tracking_code))
                        if shipment is not None:
                            changes = changes | apply_update(session, shipment, update)
                with lock:
                    result.calls += 1
                    result.changes = result.changes | changes
                    done[0] += len(batch)
                    count = done[0]
                report(progress, count / total, msg("Đã cập nhật {n}/{total} vận đơn", "{n}/{total} waybills updated",
                                                    n=count, total=total).text())
        finally:
            connector.close()

    # Each carrier keeps its own limits: they are asked side by side.
    with ThreadPoolExecutor(max_workers=max(1, len(by_account)), thread_name_prefix="ship-poll") as pool:
        for future in [pool.submit(poll_account, account_id) for account_id in by_account]:
            future.result()
    polled = [shipment.id for shipment, _order in pairs]
    with db.read_session() as session:  # the shipments asked about, as they are now
        for shipment, order in session.execute(select(Shipment, Order).join(Order, Order.id == Shipment.order_id)
                                               .where(Shipment.id.in_(polled)).order_by(Shipment.id)).all():
            result.rows.append(_row(shipment, order))
    return result


def _settle_sending(db, row, connector, entries, scheduler, cancel) -> dict[str, int]:
    """Shipments whose create answer was lost: the carrier's lookup by our code decides."""
    found: dict[str, int] = {}
    from .service import claim_alive

    for shipment_id, _tracking, client_code, _status in entries:
        with db.read_session() as session:
            if claim_alive(session.get(Shipment, shipment_id)):
                continue  # someone is sending it right now
        try:
            created = scheduler.call(scheduler_key(row), connector.limits, CarrierEndpoint.FIND, connector.find,
                                     client_code, cancel=cancel)
        except GianHangError as error:
            log.info("lookup of %s failed: %s", client_code, error)
            continue
        if created is None:
            continue  # nothing at the carrier: `ship create` sends it again
        from .service import _record

        _record(db, shipment_id, created, "", "")
        found[created.tracking_code] = shipment_id
    return found


def receive_return(db: Database, code: str, *, user: str | None = None, reason: str = "") -> Changes:
    """The clerk received the returned parcel: the order becomes ``returned`` and its stock goes back
    to the lots it left from. Raises: NotFound, Conflict (the carrier has not returned it)."""
    with db.session() as session:
        order = get_order_row(session, code, for_update=True)  # two clerks never give the stock back twice
        shipment = session.scalar(select(Shipment).where(Shipment.order_id == order.id)
                                  .order_by(Shipment.id.desc()).limit(1))
        if shipment is None or ShipmentStatus(shipment.status) not in (ShipmentStatus.RETURNED,
                                                                       ShipmentStatus.RETURNING,
                                                                       ShipmentStatus.FAILED):
            raise Conflict(msg("Đơn {code} không có kiện hoàn về để nhận lại",
                               "Order {code} has no returned parcel to receive", code=order.code), field="code")
        changes = _advance(session, order, OrderStatus.SHIPPED)
        changes = changes | apply_status(session, order, OrderStatus.RETURNED,
                                         user=current_user() if user is None else user,
                                         reason=reason or "Hàng hoàn đã nhận lại")
        shipment.status = ShipmentStatus.RECEIVED_BACK.value
        shipment.active_order_id = None
        shipment.status_changed_at = shipment.updated_at = utcnow()
        return changes
