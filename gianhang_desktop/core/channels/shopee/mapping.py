"""Shopee v2 shapes to ours and back (core/channels/model.py).

Field names follow the API reference: v2.product.get_item_base_info / get_model_list (items,
models, ``stock_info_v2.seller_stock``, ``price_info``), v2.product.update_stock / update_price
(``success_list`` / ``failure_list``), v2.order.get_order_detail (``order_status``,
``recipient_address``, ``item_list``), v2.payment.get_escrow_detail (``order_income``).
Shopee amounts are decimal numbers of the shop's currency (đồng for Vietnam, no minor unit).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from ...orders.states import OrderStatus as S
from ..answers import nfc
from ..errors import BadResponse
from ..model import (
    Address,
    ChannelItem,
    ChannelOrder,
    ChannelVariation,
    OrderLine,
    OrderRef,
    Outcome,
    PriceUpdate,
    PushResult,
    StockUpdate,
)

PLATFORM = "Shopee"

# Order statuses of v2.order.get_order_detail → the local state machine. A paid order is one the
# shop must ship, so it holds stock ("confirmed"); IN_CANCEL still holds it until Shopee decides.
STATUSES: dict[str, str] = {
    "UNPAID": S.UNPAID, "READY_TO_SHIP": S.CONFIRMED, "INVOICE_PENDING": S.CONFIRMED, "IN_CANCEL": S.CONFIRMED,
    "PROCESSED": S.PACKED, "RETRY_SHIP": S.PACKED, "SHIPPED": S.SHIPPED, "TO_CONFIRM_RECEIVE": S.DELIVERED,
    "COMPLETED": S.COMPLETED, "CANCELLED": S.CANCELLED, "TO_RETURN": S.RETURNED,
}


def dong(value: Any) -> int:
    """A Shopee amount (a number of đồng, possibly with a decimal part) as whole đồng."""
    if value in (None, ""):
        return 0
    return int(round(float(value)))


def when(seconds: Any) -> datetime | None:
    return datetime.fromtimestamp(int(seconds), UTC) if seconds else None


def _stock(info: dict) -> int | None:
    sellers = (info.get("stock_info_v2") or {}).get("seller_stock") or []
    return sum(int(s.get("stock") or 0) for s in sellers) if sellers else None


def _price(info: dict) -> int | None:
    prices = info.get("price_info") or []
    return dong(prices[0].get("original_price")) if prices else None


def item(base: dict, models: Sequence[dict] = ()) -> ChannelItem:
    """One item from get_item_base_info, with its models from get_model_list when it has them."""
    try:
        item_id = str(base["item_id"])
    except KeyError:
        raise BadResponse(PLATFORM, 200, "item without item_id") from None
    if base.get("has_model"):
        variations = tuple(
            ChannelVariation(str(m["model_id"]), nfc(m.get("model_sku") or ""), m.get("gtin_code") or None,
                             _price(m), _stock(m), nfc(m.get("model_name") or ""), str(m.get("model_status") or ""))
            for m in models
        )
    else:
        variations = (ChannelVariation(None, nfc(base.get("item_sku") or ""), base.get("gtin_code") or None,
                                       _price(base), _stock(base), "", str(base.get("item_status") or "")),)
    return ChannelItem(item_id, nfc(base.get("item_name") or ""), variations, str(base.get("item_status") or ""),
                       nfc(base.get("item_sku") or ""))


def model_id(variation_id: str | None) -> int:
    """Shopee's model_id for a unit: 0 for an item without variations."""
    return int(variation_id) if variation_id else 0


def stock_body(updates: Sequence[StockUpdate]) -> dict:
    """The v2.product.update_stock body for units of one item (seller stock, whole quantities)."""
    items = {u.item_id for u in updates}
    if len(items) != 1:
        raise ValueError("update_stock takes the units of one item per call")
    return {"item_id": int(updates[0].item_id),
            "stock_list": [{"model_id": model_id(u.variation_id), "seller_stock": [{"stock": max(0, int(u.quantity))}]}
                           for u in updates]}


def price_body(updates: Sequence[PriceUpdate]) -> dict:
    """The v2.product.update_price body for units of one item (original price in đồng)."""
    return {"item_id": int(updates[0].item_id),
            "price_list": [{"model_id": model_id(u.variation_id), "original_price": float(u.price)} for u in updates]}


def push_results(updates: Sequence[StockUpdate | PriceUpdate], response: dict) -> list[PushResult]:
    """One result per unit from ``success_list`` / ``failure_list`` (keyed by model_id)."""
    succeeded = {int(s.get("model_id") or 0) for s in response.get("success_list") or []}
    failed = {int(f.get("model_id") or 0): f for f in response.get("failure_list") or []}
    results = []
    for update in updates:
        key = model_id(update.variation_id)
        if key in failed:
            reason = str(failed[key].get("failed_reason") or "")
            results.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.REFUSED,
                                      str(failed[key].get("fail_error") or "failure_list"), reason))
        elif key in succeeded:
            results.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.OK))
        else:  # neither listed: Shopee did not say; send it again
            results.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.RETRYABLE,
                                      "missing", "Shopee did not report this model"))
    return results


def order_refs(order_list: Iterable[dict]) -> tuple[OrderRef, ...]:
    return tuple(OrderRef(str(o["order_sn"]), str(o.get("order_status") or ""), when(o.get("update_time")))
                 for o in order_list)


def order(detail: dict, escrow: dict | None = None) -> ChannelOrder:
    """One order of get_order_detail, with fees and payout from get_escrow_detail when given."""
    status = str(detail.get("order_status") or "")
    address = detail.get("recipient_address") or {}
    lines = tuple(
        OrderLine(
            seller_sku=nfc(line.get("model_sku") or line.get("item_sku") or ""),
            quantity=int(line.get("model_quantity_purchased") or 0),
            unit_price=dong(line.get("model_discounted_price") or line.get("model_original_price")),
            item_id=str(line.get("item_id") or ""),
            variation_id=str(line["model_id"]) if line.get("model_id") else None,
            name=nfc(line.get("item_name") or ""),
        )
        for line in detail.get("item_list") or []
    )
    fees: dict[str, int] = {}
    payout = None
    income = (escrow or {}).get("order_income") or {}
    for key in ("commission_fee", "service_fee", "seller_transaction_fee", "actual_shipping_fee"):
        if income.get(key):
            fees[key] = dong(income[key])
    if "escrow_amount" in income:
        payout = dong(income["escrow_amount"])
    total = dong(detail.get("total_amount")) if detail.get("total_amount") is not None else None
    return ChannelOrder(
        channel_order_id=str(detail["order_sn"]),
        status=status,
        local_status=STATUSES.get(status, S.CONFIRMED),
        lines=lines,
        created_at=when(detail.get("create_time")),
        updated_at=when(detail.get("update_time")),
        buyer_name=nfc(address.get("name") or detail.get("buyer_username") or ""),
        phone=str(address.get("phone") or ""),
        address=Address(full_text=nfc(address.get("full_address") or ""), province=nfc(address.get("state") or address.get("city") or ""),
                        district=nfc(address.get("district") or ""), ward=nfc(address.get("town") or "")),
        shipping_fee=dong(detail.get("estimated_shipping_fee")),
        cod_amount=total or 0 if detail.get("cod") else 0,
        total=total,
        fees=fees,
        payout=payout,
        tracking_number=str(detail.get("tracking_number") or ""),
        shipping={"order_sn": str(detail["order_sn"])},
        note=nfc(detail.get("note") or ""),
        cancel_reason=nfc(detail.get("cancel_reason") or ""),
    )
