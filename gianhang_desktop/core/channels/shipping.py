"""Shipping marketplace orders: arrange the shipment the platform's way (queued in the outbox,
answered in the transaction that marks it done), and fetch the platform's own labels."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from ..db.base import utcnow
from ..errors import NotFound
from ..i18n import msg
from ..orders.models import Order
from .connector import ShipmentRef
from .errors import BadCredentials, ChannelError, NeedsRelogin
from .limits import Endpoint
from .models import ChannelOrderRecord, ChannelOutbox
from .outbox import enqueue

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .push import Run


def record_for(session: Session, code: str) -> tuple[Order, ChannelOrderRecord]:
    """The order and its channel record by order code or channel order id. Raises NotFound."""
    wanted = (code or "").strip()
    joined = select(Order, ChannelOrderRecord).join(ChannelOrderRecord, ChannelOrderRecord.order_id == Order.id)
    row = session.execute(joined.where(Order.code == wanted)).first()
    if row is None:  # the platform's own id, when it names one order only
        rows = session.execute(joined.where(ChannelOrderRecord.channel_order_id == wanted)).all()
        if len(rows) > 1:
            raise NotFound(msg("Mã '{c}' có ở {n} kênh: dùng mã đơn của ứng dụng ({codes})",
                               "'{c}' is an order id on {n} channels: use the app's order code ({codes})",
                               c=wanted, n=len(rows), codes=", ".join(r[0].code for r in rows)))
        row = rows[0] if rows else None
    if row is None:
        if session.scalar(select(Order.id).where(Order.code == wanted)) is not None:
            raise NotFound(msg("Đơn {c} không phải đơn của sàn: in nhãn của ứng dụng (gianhang labels)",
                               "Order {c} is not a marketplace order: print the app's own label (gianhang labels)",
                               c=wanted))
        raise NotFound(msg("Không tìm thấy đơn hàng '{c}'", "No order '{c}'", c=wanted))
    return row[0], row[1]


def shipment_ref(record: ChannelOrderRecord) -> ShipmentRef:
    return ShipmentRef(record.channel_order_id, json.loads(record.shipping or "{}"))


def queue_arrangement(session: Session, code: str) -> ChannelOrderRecord:
    """Queue "arrange shipment" for a marketplace order in the caller's transaction."""
    _order, record = record_for(session, code)
    if record.arranged_at is None:
        enqueue(session, record.account_id, "ship", record.channel_order_id)
    return record


def queue_arrangement_of(session: Session, order_id: int) -> None:
    """The clerk packed or handed over a marketplace order here: queue "arrange shipment" with its
    platform (Shopee ship_order, Lazada pack then ready-to-ship, TikTok ship) in the same
    transaction, sent by the next channel sync. Nothing for other orders or ones already arranged."""
    record = session.scalar(select(ChannelOrderRecord).where(ChannelOrderRecord.order_id == order_id))
    if record is not None and record.arranged_at is None:
        enqueue(session, record.account_id, "ship", record.channel_order_id)


def _apply_shipment(session: Session, record: ChannelOrderRecord, shipment) -> None:
    record.arranged_at = utcnow()
    if shipment.shipping:
        merged = {**json.loads(record.shipping or "{}"), **dict(shipment.shipping)}
        record.shipping = json.dumps(merged, ensure_ascii=False, sort_keys=True)
    if shipment.tracking_number:
        order = session.get(Order, record.order_id)
        order.tracking_code = shipment.tracking_number[:64]


def arrange_pending(run: Run) -> None:
    """Send the account's queued shipment arrangements, one call each."""
    from .push import _done, _later

    now = utcnow()
    with run.db.read_session() as session:
        rows = session.execute(
            select(ChannelOutbox.id, ChannelOutbox.key).where(
                ChannelOutbox.account_id == run.account_id, ChannelOutbox.kind == "ship",
                ChannelOutbox.done_at.is_(None),
                or_(ChannelOutbox.not_before.is_(None), ChannelOutbox.not_before <= now))
            .order_by(ChannelOutbox.id)).all()
    by_order: dict[str, list[int]] = {}
    for entry_id, key in rows:
        by_order.setdefault(key, []).append(entry_id)
    for channel_order_id, ids in by_order.items():
        with run.db.session() as session:
            record = session.scalar(select(ChannelOrderRecord).where(
                ChannelOrderRecord.account_id == run.account_id, ChannelOrderRecord.channel_order_id == channel_order_id))
            if record is None or record.arranged_at is not None:
                _done(session, ids)
                continue
            ref = shipment_ref(record)
            for entry_id in ids:
                row = session.get(ChannelOutbox, entry_id)
                row.attempts += 1
        run.at("ship:attempted")
        try:
            shipment = run.call(Endpoint.SHIPMENT, run.connector.arrange_shipment, ref)
        except (NeedsRelogin, BadCredentials):
            raise
        except ChannelError as error:
            with run.db.session() as session:
                if error.retryable:
                    _later(session, ids, error.message())
                else:
                    _done(session, ids, error.message()[:1000])
            run.report.errors.append({"order": channel_order_id, "kind": "ship", "code": error.code,
                                      "message": error.message()})
            continue
        with run.db.session() as session:
            record = session.scalar(select(ChannelOrderRecord).where(
                ChannelOrderRecord.account_id == run.account_id, ChannelOrderRecord.channel_order_id == channel_order_id))
            _apply_shipment(session, record, shipment)
            _done(session, ids)
        run.report.shipped.append(channel_order_id)
        run.at("ship:recorded")
