"""What shipping raises besides the shared channel errors (core/channels/errors.py: BadCredentials,
Unavailable, BadResponse, RateLimited): bad input named by field, and the carrier's own refusal."""

from __future__ import annotations

import re

from ..channels.errors import ChannelError
from ..errors import Conflict, ValidationError
from ..i18n import msg
from .model import LegacyAddress

# How carriers word "we do not deliver there" and "bad phone number" in their refusals.
NOT_SERVED = re.compile(r"(không|chưa)( được)? (hỗ trợ|phục vụ)|ngoài vùng phục vụ|not support", re.IGNORECASE)
BAD_PHONE = re.compile(r"điện thoại|\bphone\b|\bsđt\b|\btel\b", re.IGNORECASE)


class CarrierRefused(ChannelError):
    """The carrier refused the request; its own message is shown as given."""

    def __init__(self, carrier: str, detail: str, code: str = "") -> None:
        super().__init__(msg("{carrier} từ chối: {detail}", "{carrier} refused: {detail}",
                             carrier=carrier, detail=detail.strip()[:300] or code or "?"), code=code, detail=detail)
        self.carrier = carrier


class WardNotServed(ValidationError):
    """The carrier does not deliver to (or pick up from) this ward."""

    def __init__(self, carrier: str, place: str, detail: str = "") -> None:
        super().__init__("ward_code", msg(
            "{carrier} không phục vụ {place}{detail}: hãy chọn hãng vận chuyển khác",
            "{carrier} does not serve {place}{detail}: choose another carrier",
            carrier=carrier, place=place, detail=f" ({detail})" if detail else ""))
        self.carrier = carrier


class MissingWeight(ValidationError):
    """A product of the order has no weight: the parcel cannot be weighed."""

    def __init__(self, sku: str, name: str) -> None:
        super().__init__("weight_g", msg(
            "Sản phẩm {sku} “{name}” chưa có khối lượng: hãy nhập khối lượng (gram) trong thông tin sản phẩm",
            "Product {sku} “{name}” has no weight: enter its weight (grams) in the product",
            sku=sku, name=name))
        self.sku = sku


class CodTooHigh(ValidationError):
    """The amount to collect is above what the carrier collects on one parcel."""

    def __init__(self, carrier: str, amount: int, limit: int) -> None:
        from ..money import format_vnd

        super().__init__("cod_amount", msg(
            "Tiền thu hộ {amount} vượt mức tối đa {limit} của {carrier}",
            "Cash on delivery {amount} is above {carrier}'s limit of {limit}",
            amount=format_vnd(amount), limit=format_vnd(limit), carrier=carrier))


class PhoneRefused(ValidationError):
    """The receiver's (or sender's) phone number is not one the carrier accepts."""

    def __init__(self, carrier: str, phone: str, detail: str = "", field: str = "phone") -> None:
        super().__init__(field, msg(
            "Số điện thoại {phone} không được {carrier} chấp nhận{detail}",
            "{carrier} does not accept the phone number {phone}{detail}",
            phone=phone or "(trống)", carrier=carrier, detail=f": {detail}" if detail else ""))


class AmbiguousAddress(ValidationError):
    """The 2025 ward was carved from several old wards and the carrier wants the old map: the clerk
    chooses which (``candidates``, numbered from 1 as the message lists them)."""

    def __init__(self, carrier: str, order_code: str, ward: str, candidates: list[LegacyAddress]) -> None:
        listed = "; ".join(f"{i}) {c.text}" for i, c in enumerate(candidates, start=1))
        super().__init__("ward_code", msg(
            "Đơn {code}: {carrier} cần địa chỉ theo bản đồ cũ (3 cấp) nhưng {ward} được gộp từ nhiều phường/xã cũ. "
            "Chọn một: {listed} (--old-ward SỐ)",
            "Order {code}: {carrier} needs the old three-level address but {ward} was merged from several old "
            "wards. Choose one: {listed} (--old-ward N)",
            code=order_code, carrier=carrier, ward=ward, listed=listed))
        self.candidates = candidates
        self.order_code = order_code


class AlreadyShipped(Conflict):
    """The order already has a live shipment: a second one is refused."""

    def __init__(self, order_code: str, carrier: str, tracking: str) -> None:
        super().__init__(msg("Đơn {code} đã có vận đơn {tracking} ({carrier}); hủy vận đơn đó trước nếu muốn gửi lại",
                             "Order {code} already has waybill {tracking} ({carrier}); cancel it first to ship again",
                             code=order_code, tracking=tracking or "…", carrier=carrier), field="code")
