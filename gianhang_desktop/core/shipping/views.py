"""What the window shows of shipping: an order's latest shipment and its prefilled parcel."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..database import Database
from ..errors import GianHangError
from ..orders.service import get_order_row
from . import legacy
from .model import ShipmentStatus
from .models import OrderLegacyWard, Shipment
from .parcels import ShipOptions, build_parcel


def _error_text(error: GianHangError) -> str:
    return error.message()


@dataclass(frozen=True)
class ShipmentView:
    """An order's latest shipment, as the order detail shows it."""

    order_code: str
    carrier: str
    tracking_code: str | None
    status: str
    status_label: str
    carrier_status: str
    detail: str
    fee: int | None
    cod_amount: int
    cod_remitted: int | None
    error: str | None
    live: bool


def shipment_of(db: Database, code: str, lang: str | None = None) -> ShipmentView | None:
    """The order's latest shipment (live or not), or None; its status in `lang` (default: the current one).

    Raises: NotFound (no such order).
    """
    from ..i18n import current_language
    from .model import STATUS_LABELS

    with db.read_session() as session:
        order = get_order_row(session, code)
        s = session.scalar(select(Shipment).where(Shipment.order_id == order.id).order_by(Shipment.id.desc()).limit(1))
        if s is None:
            return None
        label = STATUS_LABELS[ShipmentStatus(s.status)]
        return ShipmentView(order.code, s.carrier_name, s.tracking_code, s.status, label[1 if (lang or current_language()) == "en" else 0],
                            s.carrier_status, s.status_detail, s.fee, s.cod_amount, s.cod_remitted, s.error,
                            s.active_order_id is not None)


@dataclass(frozen=True)
class ParcelPreview:
    """The prefilled parcel of an order (window: "Gửi vận chuyển"), or why it cannot be shipped."""

    order_code: str
    weight_g: int = 0
    length_cm: int = 0
    width_cm: int = 0
    height_cm: int = 0
    cod_amount: int = 0
    insured_value: int = 0
    problem: str | None = None
    old_wards: tuple[str, ...] = ()  # candidates when the old map is ambiguous and nothing chosen yet


def preview_parcel(db: Database, code: str) -> ParcelPreview:
    """Weight, size, COD and insured value as they would be sent; ``problem`` holds the reason when
    the order cannot be shipped (a product without weight, no address…).

    Raises: NotFound (no such order); the order's own problems are in ``problem``.
    """
    with db.read_session() as session:
        order = get_order_row(session, code)
        try:
            parcel = build_parcel(session, order, order.code, ShipOptions(), "")
        except GianHangError as error:
            return ParcelPreview(order.code, problem=_error_text(error))
        options = legacy.candidates(order.province_code, order.ward_code)
        chosen = session.get(OrderLegacyWard, order.id)
        decided = (len(options) <= 1 or (chosen is not None and chosen.ward_code == order.ward_code)
                   or legacy.named_in_text(parcel.receiver.original_text, options) is not None)
        return ParcelPreview(order.code, parcel.weight_g, parcel.length_cm, parcel.width_cm, parcel.height_cm,
                             parcel.cod_amount, parcel.insured_value, None,
                             () if decided else tuple(c.text for c in options))
