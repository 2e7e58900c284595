"""Quotes, creating shipments (the outbox: never two waybills for one order), cancelling, and the
clerk's old-map ward choice.

Create, step by step (each step its own short transaction; kill points for the crash tests):

1. Checks (order shippable, weights, phone, address, COD limit, old-map ward) — any failure leaves
   nothing behind. Then the ``shipments`` row is written with status ``sending`` and
   ``client_code`` = our order code (``…-2`` after a cancel): the outbox entry
   (``shipping.outbox_written``).
2. If an earlier attempt of this row may have reached the carrier, the carrier is first asked for
   the shipment under our code (``find``). Otherwise create is sent once (no HTTP retry).
3. The answer is recorded in one transaction with the order's tracking code (``shipping.recorded``).
   A lost answer (time-out after the carrier created it) is settled by ``find``; a refusal deletes the
   row; an unreachable carrier leaves it ``sending`` for the next attempt, which asks ``find`` first.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import killpoints
from ..changes import Changed, Changes
from ..channels.errors import BadResponse, Unavailable
from ..channels.http import HttpOptions
from ..channels.scheduler import SHARED, Scheduler
from ..database import Database
from ..db.base import utcnow
from ..errors import Conflict, GianHangError, NotFound, ValidationError
from ..i18n import msg
from ..orders.models import Order
from ..orders.service import get_order_row
from ..tasks import CancelToken, ProgressFn, report
from . import legacy
from .accounts import account_row, connector_for
from .carrier import Carrier, CarrierEndpoint
from .errors import AlreadyShipped, CodTooHigh
from .model import CreatedShipment, Parcel, ShipmentStatus
from .models import CarrierAccount, OrderLegacyWard, Shipment
from .parcels import ShipOptions, build_parcel

log = logging.getLogger(__name__)

ConnectorFactory = Callable[[CarrierAccount], Carrier]
CLAIM_STALE = timedelta(minutes=5)  # a claim from another PC older than this is taken as abandoned
CREATE_TRIES = 3  # sends of one create, each only after the carrier said it has nothing under our code


def scheduler_key(account: CarrierAccount | str) -> str:
    return "carrier:" + (account if isinstance(account, str) else account.name)


def _factory(http: HttpOptions | None, cancel: CancelToken | None) -> ConnectorFactory:
    return lambda row: connector_for(row, http=http, cancel=cancel)


def _error_text(error: BaseException) -> str:
    return error.message() if isinstance(error, GianHangError) else str(error)


# -- who is sending ----------------------------------------------------------------------------------


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_alive(shipment: Shipment) -> bool:
    """Whether another worker is sending this shipment now: a thread of this process, a live process
    of this computer, or (another PC) a claim younger than CLAIM_STALE."""
    if not shipment.claimed_by:
        return False
    host, _, pid = shipment.claimed_by.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return True
        if os.name != "nt":  # signal 0 only asks whether the process exists (not so on Windows)
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                return False
            except PermissionError:
                return True
            return True
    return shipment.claimed_at is not None and utcnow() - shipment.claimed_at < CLAIM_STALE


def _release(shipment: Shipment) -> None:
    shipment.claimed_by = shipment.claimed_at = None


# -- parcels per carrier -----------------------------------------------------------------------------


def _with_legacy(session: Session, order, parcel: Parcel, connector: Carrier, options: ShipOptions) -> Parcel:
    """Fill the old-map units for carriers that want them (see core/shipping/legacy.py)."""
    if not connector.wants_legacy_address:
        return parcel
    chosen = session.get(OrderLegacyWard, order.id)
    chosen_key = chosen.legacy_key if chosen is not None and chosen.ward_code == order.ward_code else None
    if options.old_ward is not None:
        options_list = legacy.candidates(order.province_code, order.ward_code)
        if not 1 <= options.old_ward <= len(options_list):
            raise ValidationError("old_ward", msg("Lựa chọn phường/xã cũ phải từ 1 đến {n}",
                                                  "The old ward choice must be 1 to {n}", n=len(options_list)))
        chosen_key = options_list[options.old_ward - 1].key
    receiver = legacy.resolve(order.province_code, order.ward_code, carrier=connector.display_name,
                              order_code=order.code, original_text=parcel.receiver.original_text,
                              chosen_key=chosen_key)
    sender = legacy.resolve(parcel.sender.province_code, parcel.sender.ward_code,
                            carrier=connector.display_name, order_code=order.code,
                            original_text=parcel.sender.original_text)
    return replace(parcel, receiver=replace(parcel.receiver, legacy=receiver),
                   sender=replace(parcel.sender, legacy=sender))


def _parcel_for(session: Session, order, client_code: str, options: ShipOptions, connector: Carrier) -> Parcel:
    parcel = build_parcel(session, order, client_code, options, connector.display_name)
    if parcel.cod_amount > connector.cod_limit:
        raise CodTooHigh(connector.display_name, parcel.cod_amount, connector.cod_limit)
    return _with_legacy(session, order, parcel, connector, options)


# -- create ------------------------------------------------------------------------------------------


@dataclass
class CreateResult:
    """One order's outcome: the tracking code, or the message why not (nothing created then)."""

    order_code: str
    tracking_code: str | None = None
    carrier: str = ""
    service: str = ""
    fee: int | None = None
    status: str = ""
    error: str | None = None
    field: str | None = None
    found_existing: bool = False  # the carrier already had it (a lost answer, settled by lookup)

    def to_json(self) -> dict[str, Any]:
        return {"order": self.order_code, "tracking_code": self.tracking_code, "carrier": self.carrier,
                "service": self.service, "fee": self.fee, "status": self.status, "error": self.error,
                "field": self.field, "found_existing": self.found_existing}


def _next_client_code(session: Session, order) -> str:
    """Our order code for the first waybill, then ``CODE-2``, ``CODE-3``… (a carrier keeps a
    cancelled waybill's code: a new one needs a new code)."""
    used = session.scalar(select(func.count(Shipment.id)).where(Shipment.order_id == order.id)) or 0
    return order.code if not used else f"{order.code}-{used + 1}"


def _prepare(db: Database, code: str, row_id: int, connector: Carrier, options: ShipOptions) -> tuple[int, Parcel, bool]:
    """Step 1: checks, then the outbox row. Returns (shipment id, parcel, may_exist_at_carrier)."""
    with db.session() as session:
        # The order's row lock (PostgreSQL) makes a second clerk wait here, then see the first one's claim.
        order = get_order_row(session, code, for_update=True)
        live = session.scalar(select(Shipment).where(Shipment.active_order_id == order.id))
        if live is not None and (live.status != ShipmentStatus.SENDING or live.account_id != row_id):
            raise AlreadyShipped(order.code, live.carrier_name, live.tracking_code or "")
        if live is not None and claim_alive(live):
            raise Conflict(msg("Đơn {code} đang được gửi cho {carrier} (ở cửa sổ hoặc máy khác): chờ kết quả",
                               "Order {code} is being sent to {carrier} (in another window or PC): wait for it",
                               code=order.code, carrier=live.carrier_name), field="code")
        client_code = live.client_code if live is not None else _next_client_code(session, order)
        parcel = _parcel_for(session, order, client_code, options, connector)
        if live is not None:  # an earlier attempt whose outcome we never learnt
            live.attempts += 1
            live.updated_at = live.claimed_at = utcnow()
            live.claimed_by = _me()
            return live.id, parcel, True
        account = session.get(CarrierAccount, row_id)
        shipment = Shipment(
            order_id=order.id, active_order_id=order.id, account_id=row_id, carrier_name=account.name,
            carrier_kind=account.carrier, client_code=client_code, service=options.service or "",
            cod_amount=parcel.cod_amount, insured_value=parcel.insured_value, weight_g=parcel.weight_g,
            length_cm=parcel.length_cm, width_cm=parcel.width_cm, height_cm=parcel.height_cm, pickup=parcel.pickup,
            legacy_key=parcel.receiver.legacy.key if parcel.receiver.legacy else None,
            status=ShipmentStatus.SENDING.value, attempts=1, claimed_by=_me(), claimed_at=utcnow())
        session.add(shipment)
        session.flush()
        return shipment.id, parcel, False


def _record(db: Database, shipment_id: int, created: CreatedShipment, service: str, service_name: str) -> Changes:
    """Step 3: the carrier's answer and the order's tracking code, in one transaction."""
    with db.session() as session:
        shipment = session.get(Shipment, shipment_id)
        now = utcnow()
        shipment.tracking_code = created.tracking_code
        shipment.status = ShipmentStatus.CREATED.value
        shipment.carrier_status = created.carrier_status[:100]
        shipment.service = service or shipment.service
        shipment.service_name = service_name or shipment.service_name
        shipment.fee = created.fee if created.fee is not None else shipment.fee
        shipment.expected_delivery = created.expected_delivery
        shipment.error = None
        _release(shipment)
        shipment.updated_at = shipment.status_changed_at = now
        order = session.get(Order, shipment.order_id)
        order.tracking_code = created.tracking_code
        order.updated_at = now
        return Changes(orders=frozenset({order.id}))


def _drop(db: Database, shipment_id: int) -> None:
    """A refused create leaves no trace (the outbox row is deleted)."""
    with db.session() as session:
        shipment = session.get(Shipment, shipment_id)
        if shipment is not None and shipment.status == ShipmentStatus.SENDING:
            session.delete(shipment)


def _note_unsettled(db: Database, shipment_id: int, error: BaseException) -> None:
    with db.session() as session:
        shipment = session.get(Shipment, shipment_id)
        if shipment is not None:
            shipment.error = _error_text(error)[:1000]
            shipment.updated_at = utcnow()
            _release(shipment)


def create_one(db: Database, code: str, row: CarrierAccount, connector: Carrier, options: ShipOptions, *,
               scheduler: Scheduler = SHARED, cancel: CancelToken | None = None) -> tuple[CreateResult, Changes]:
    """Create (or settle) one order's shipment with one account. Never raises for the order's own
    problems: they are in the result (``error``, ``field``), and nothing is left behind for them."""
    result = CreateResult(code, carrier=row.name, service=options.service or "")
    key = scheduler_key(row)
    try:
        shipment_id, parcel, may_exist = _prepare(db, code, row.id, connector, options)
    except GianHangError as error:
        result.error, result.field = _error_text(error), getattr(error, "field", None)
        return result, Changes()
    result.order_code = parcel.order_code
    killpoints.reached("shipping.outbox_written")
    created: CreatedShipment | None = None
    try:
        if may_exist:
            created = scheduler.call(key, connector.limits, CarrierEndpoint.FIND, connector.find, parcel.client_code,
                                     cancel=cancel)
            result.found_existing = created is not None
        tries = 0
        while created is None:
            try:
                created = scheduler.call(key, connector.limits, CarrierEndpoint.CREATE, connector.create, parcel,
                                         options.service, cancel=cancel)
            except (Unavailable, BadResponse):
                # The answer was lost (or garbled): the carrier may have made it. Ask by our code; send again only
                # when the carrier says it has nothing under it (a 429 or a refused connection).
                created = scheduler.call(key, connector.limits, CarrierEndpoint.FIND, connector.find,
                                         parcel.client_code, cancel=cancel)
                tries += 1
                if created is not None:
                    result.found_existing = True
                elif tries >= CREATE_TRIES:
                    raise
    except (Unavailable, BadResponse) as error:
        _note_unsettled(db, shipment_id, error)
        result.error, result.status = _error_text(error), ShipmentStatus.SENDING.value
        return result, Changes()
    except GianHangError as error:
        _drop(db, shipment_id)
        result.error, result.field = _error_text(error), getattr(error, "field", None)
        return result, Changes()
    except BaseException as error:  # a bug or a cancel: the row stays to be settled, not claimed
        _note_unsettled(db, shipment_id, error)
        raise
    killpoints.reached("shipping.created")
    changes = _record(db, shipment_id, created, options.service or "", "")
    killpoints.reached("shipping.recorded")
    result.tracking_code, result.fee, result.status = created.tracking_code, created.fee, ShipmentStatus.CREATED.value
    return result, changes


def create_shipments(db: Database, codes: Sequence[str], carrier: str, options: ShipOptions | None = None, *,
                     http: HttpOptions | None = None, factory: ConnectorFactory | None = None,
                     scheduler: Scheduler = SHARED, progress: ProgressFn | None = None,
                     cancel: CancelToken | None = None) -> Changed[list[CreateResult]]:
    """Create one shipment per order with the account ``carrier``, as many at once as the carrier's
    documented limits allow. One result per code, in the order given (each order once).

    Raises: NotFound (the account) and ValidationError (no order given); everything about one order
    is in its result."""
    options = options or ShipOptions()
    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    if not wanted:
        raise ValidationError("codes", msg("Chưa chọn đơn nào", "No order given"))
    if len(wanted) > 1 and options.old_ward is not None:
        raise ValidationError("old_ward", msg("Chỉ chọn phường/xã cũ cho từng đơn một",
                                              "Choose an old ward for one order at a time"))
    with db.read_session() as session:
        row = account_row(session, carrier)
        session.expunge(row)
    connector = (factory or _factory(http, cancel))(row)
    results: dict[str, CreateResult] = {}
    changes = Changes()
    limit = connector.limits.of(CarrierEndpoint.CREATE)
    try:
        with ThreadPoolExecutor(max_workers=max(1, limit.concurrency), thread_name_prefix="ship-create") as pool:
            futures = {code: pool.submit(create_one, db, code, row, connector, options, scheduler=scheduler,
                                         cancel=cancel) for code in wanted}
            for done, code in enumerate(wanted, start=1):
                result, made = futures[code].result()
                results[code] = result
                changes = changes | made
                report(progress, done / len(wanted), msg("Đã gửi {n}/{total} đơn", "{n}/{total} orders sent",
                                                         n=done, total=len(wanted)).text())
    finally:
        connector.close()
    return Changed([results[c] for c in wanted], changes)


# -- cancel and the old-map choice -------------------------------------------------------------------


def live_shipment(session: Session, code: str) -> Shipment:
    """The order's live shipment. Raises NotFound."""
    order = get_order_row(session, code)
    shipment = session.scalar(select(Shipment).where(Shipment.active_order_id == order.id))
    if shipment is None:
        raise NotFound(msg("Đơn {code} chưa có vận đơn", "Order {code} has no waybill", code=order.code))
    return shipment


def cancel_shipment(db: Database, code: str, *, http: HttpOptions | None = None,
                    factory: ConnectorFactory | None = None, scheduler: Scheduler = SHARED) -> Changes:
    """Cancel the order's waybill at the carrier, then here (the order keeps its status; its tracking
    code is cleared). Raises: NotFound, CarrierRefused (e.g. already picked up), ChannelError."""
    with db.read_session() as session:
        shipment = live_shipment(session, code)
        if shipment.account_id is None:
            raise NotFound(msg("Vận đơn của đơn {code} không thuộc tài khoản vận chuyển nào",
                               "The waybill of order {code} belongs to no carrier account", code=code))
        row = session.get(CarrierAccount, shipment.account_id)
        session.expunge(row)
        shipment_id, tracking, client_code = shipment.id, shipment.tracking_code, shipment.client_code
    connector = (factory or _factory(http, None))(row)
    try:
        if tracking is None:  # never settled: ask first; nothing at the carrier means nothing to cancel
            found = scheduler.call(scheduler_key(row), connector.limits, CarrierEndpoint.FIND, connector.find,
                                   client_code)
            tracking = found.tracking_code if found else None
        if tracking:
            scheduler.call(scheduler_key(row), connector.limits, CarrierEndpoint.CANCEL, connector.cancel, tracking)
    finally:
        connector.close()
    with db.session() as session:
        shipment = session.get(Shipment, shipment_id)
        order = session.get(Order, shipment.order_id)
        now = utcnow()
        shipment.status = ShipmentStatus.CANCELLED.value
        shipment.active_order_id = None
        shipment.tracking_code = tracking
        shipment.updated_at = shipment.status_changed_at = now
        if order.tracking_code == tracking or tracking is None:
            order.tracking_code = None
        order.updated_at = now
        return Changes(orders=frozenset({order.id}))


def choose_old_ward(db: Database, code: str, choice: int) -> Changes:
    """Save the clerk's answer (1-based, as AmbiguousAddress lists them) for the order's ward.

    Raises: NotFound (no such order), ValidationError (a choice outside the list).
    """
    with db.session() as session:
        order = get_order_row(session, code)
        options = legacy.candidates(order.province_code, order.ward_code)
        if not 1 <= choice <= len(options):
            raise ValidationError("old_ward", msg("Lựa chọn phường/xã cũ phải từ 1 đến {n}",
                                                  "The old ward choice must be 1 to {n}", n=len(options)))
        row = session.get(OrderLegacyWard, order.id) or OrderLegacyWard(order_id=order.id)
        row.ward_code, row.legacy_key, row.chosen_at = order.ward_code, options[choice - 1].key, utcnow()
        session.add(row)
        return Changes(orders=frozenset({order.id}))



def record_manual_shipment(db: Database, code: str, tracking_code: str, carrier_name: str = "") -> Changes:
    """A waybill made outside the app (typed by the clerk): the same shipment row and the same
    ``orders.tracking_code`` as one made here, without a carrier account (not polled).

    Raises: NotFound, ValidationError (empty code), AlreadyShipped (the order has a live waybill)."""
    from ..text import clean

    tracking_code, carrier_name = clean(tracking_code), clean(carrier_name) or "—"
    if not tracking_code or len(tracking_code) > 64:
        raise ValidationError("tracking", msg("Mã vận đơn phải có từ 1 đến 64 ký tự",
                                              "The tracking code must be 1 to 64 characters"))
    with db.session() as session:
        # The order's row lock (PostgreSQL) makes a second clerk wait here, then see the first one's waybill.
        order = get_order_row(session, code, for_update=True)
        live = session.scalar(select(Shipment).where(Shipment.active_order_id == order.id))
        if live is not None:
            raise AlreadyShipped(order.code, live.carrier_name, live.tracking_code or "")
        now = utcnow()
        session.add(Shipment(order_id=order.id, active_order_id=order.id, account_id=None,
                             carrier_name=carrier_name[:64], carrier_kind="other",
                             client_code=_next_client_code(session, order), tracking_code=tracking_code,
                             weight_g=1, status=ShipmentStatus.CREATED.value, attempts=0,
                             created_at=now, updated_at=now, status_changed_at=now))
        order.tracking_code, order.updated_at = tracking_code, now
        return Changes(orders=frozenset({order.id}))
