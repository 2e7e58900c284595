"""GHTK's shapes to ours: the numeric order statuses and the error answers.

Statuses: GHTK's "Order status" table (api.ghtk.vn/docs/submit-order/order-status): -1 cancelled,
1 not yet received, 2 received, 3 picked up / in stock, 4 delivering, 5 delivered (not yet
reconciled), 6 reconciled (COD paid to the shop), 7 could not pick up, 8 pickup delayed, 9 could not
deliver, 10 delivery delayed, 11 return debt reconciled, 12 picking up, 13 compensation order,
20 returning, 21 returned, 123/127/128/45/49/410 the courier's own reports.
Errors: ``{"success": false, "message": "…", "error": {"code": "ORDER_ID_EXIST", …}}``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from ... import clock
from ..errors import BAD_PHONE, NOT_SERVED, CarrierRefused, PhoneRefused, WardNotServed
from ..model import ShipmentStatus

S = ShipmentStatus
STATUSES = {
    -1: S.CANCELLED, 1: S.CREATED, 2: S.CREATED, 12: S.CREATED, 7: S.CREATED, 8: S.CREATED, 123: S.PICKED_UP,
    127: S.CREATED, 128: S.CREATED, 3: S.PICKED_UP, 4: S.DELIVERING, 10: S.DELIVERING, 410: S.DELIVERING,
    45: S.DELIVERING, 5: S.DELIVERED, 6: S.DELIVERED, 9: S.FAILED, 49: S.FAILED, 13: S.FAILED,
    20: S.RETURNING, 21: S.RETURNED, 11: S.RETURNED,
}
RECONCILED = 6  # "Đã đối soát": the COD of the parcel was paid to the shop


def status(value) -> ShipmentStatus:
    try:
        return STATUSES.get(int(value), S.CREATED)
    except (TypeError, ValueError):
        return S.CREATED


def parse_time(text) -> datetime | None:
    """GHTK times are local text "2016-08-09 16:35:00"."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(str(text).replace(" ", "T"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.shop_tz())
    return moment.astimezone(UTC)


def local_date(text) -> date | None:
    moment = parse_time(text)
    return clock.to_local(moment).date() if moment else None


def refusal(answer: dict, *, phone: str = "", place: str = "") -> Exception:
    message = str(answer.get("message") or "")
    error = answer.get("error") if isinstance(answer.get("error"), dict) else {}
    code = str(error.get("code") or "")
    if code in {"TEL_INVALID", "PHONE_INVALID"} or BAD_PHONE.search(message):
        return PhoneRefused("GHTK", phone, message)
    if code in {"ADDRESS_NOT_SUPPORT", "AREA_NOT_SUPPORT"} or NOT_SERVED.search(message):
        return WardNotServed("GHTK", place, message)
    return CarrierRefused("GHTK", message, code)
