"""GHN's shapes to ours: order statuses, error answers, times.

Statuses: the status list of GHN's order-info and webhook pages (api.ghn.vn/home/docs/detail?id=65
"Order Info", id=47 "Webhook"): ready_to_pick … returned, cancel, exception, damage, lost.
Errors: ``{"code": 400, "message": "…", "data": null, "code_message": "USER_ERR_COMMON"}`` (id=76).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from ... import clock
from ..errors import BAD_PHONE, NOT_SERVED, CarrierRefused, PhoneRefused, WardNotServed
from ..model import ShipmentStatus

S = ShipmentStatus
STATUSES = {
    "ready_to_pick": S.CREATED, "picking": S.CREATED, "money_collect_picking": S.CREATED,
    "picked": S.PICKED_UP, "storing": S.PICKED_UP, "transporting": S.PICKED_UP, "sorting": S.PICKED_UP,
    "delivering": S.DELIVERING, "money_collect_delivering": S.DELIVERING,
    "delivered": S.DELIVERED, "delivery_fail": S.FAILED,
    "waiting_to_return": S.RETURNING, "return": S.RETURNING, "return_transporting": S.RETURNING,
    "return_sorting": S.RETURNING, "returning": S.RETURNING, "return_fail": S.RETURNING,
    "returned": S.RETURNED, "cancel": S.CANCELLED,
    "exception": S.FAILED, "damage": S.FAILED, "lost": S.FAILED,
}


def status(value: str) -> ShipmentStatus:
    return STATUSES.get((value or "").strip().lower(), S.CREATED)


def parse_time(value) -> datetime | None:
    """GHN times: ISO 8601 text ("2020-05-29T14:52:59.484Z") or Unix seconds; "0001-…" means none."""
    if value in (None, "", 0) or (isinstance(value, str) and value.startswith("0001")):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def local_date(value) -> date | None:
    moment = parse_time(value)
    return clock.to_local(moment).date() if moment else None


def refusal(answer: dict, *, phone: str = "", place: str = "") -> Exception:
    """The error GHN's answer means: ward not served, a refused phone, or its message as given."""
    message = str(answer.get("message") or "")
    code = str(answer.get("code_message") or answer.get("code") or "")
    if BAD_PHONE.search(message):
        return PhoneRefused("GHN", phone, message)
    if NOT_SERVED.search(message):
        return WardNotServed("GHN", place, message)
    return CarrierRefused("GHN", message, code)
