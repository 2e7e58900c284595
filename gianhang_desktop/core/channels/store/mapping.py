"""The store API's JSON (docs/store-api.md) ↔ the channel model."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...regions import province_name, ward_name
from ..model import (
    Address,
    ChannelItem,
    ChannelOrder,
    ChannelVariation,
    OrderLine,
    Outcome,
    PushResult,
)

# The store's order statuses are the local state machine's own names.
STATUSES = ("unpaid", "paid", "confirmed", "packed", "shipped", "delivered", "completed", "cancelled", "returned")


def time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def item(product: dict[str, Any]) -> ChannelItem:
    """A store product is an item with one unit whose seller SKU is the product's SKU."""
    unit = ChannelVariation(None, product["sku"], product.get("barcode"), product.get("price"),
                            product.get("quantity"), status=product.get("status", ""))
    return ChannelItem(product["sku"], product.get("name", ""), (unit,), product.get("status", ""), product["sku"])


def order(data: dict[str, Any]) -> ChannelOrder:
    lines = tuple(OrderLine(i["sku"], int(i["quantity"]), int(i.get("unit_price") or 0), i["sku"], None,
                            i.get("name", "")) for i in data.get("items", []))
    province, ward = data.get("province_code"), data.get("ward_code")
    address = Address(full_text=", ".join(p for p in (data.get("address_line", ""), ward_name(ward),
                                                      province_name(province) if province else "") if p),
                      province=province_name(province) if province else "", ward=ward_name(ward),
                      detail=data.get("address_line", ""))
    return ChannelOrder(
        data["code"], data["status"], data["status"] if data["status"] in STATUSES else "unpaid", lines,
        time(data.get("created_at")), time(data.get("updated_at")), buyer_name=data.get("buyer_name", ""),
        phone=data.get("phone", ""), address=address, shipping_fee=int(data.get("shipping_fee") or 0),
        cod_amount=int(data.get("cod_amount") or 0),
        total=int(data.get("items_total") or 0) + int(data.get("shipping_fee") or 0),
        tracking_number=data.get("tracking_number") or "", note=data.get("note") or "",
        cancel_reason=data.get("cancel_reason") or "", shipping={"version": str(data.get("version", ""))})


def stock_result(sku: str, result: dict[str, Any] | None, whole_error: str = "") -> PushResult:
    if result is None:
        return PushResult(sku, sku, None, Outcome.RETRYABLE, "no_result", whole_error or "no answer for this SKU")
    if result.get("ok"):
        version = result.get("version")
        return PushResult(sku, sku, None, Outcome.OK, version=str(version) if version is not None else None)
    error = result.get("error") or {}
    return PushResult(sku, sku, None, Outcome.REFUSED, str(error.get("code", "")), str(error.get("message", "")))
