"""TikTok Shop (202309 API versions) shapes to ours and back (core/channels/model.py).

Field names follow the Partner Center API reference (https://partner.tiktokshop.com/docv2):
Search Products ``POST /product/202309/products/search`` (``products[].id/title/status/skus[]``
with ``seller_sku``, ``price.sale_price``, ``inventory[].warehouse_id/quantity``), Update
Inventory ``POST /product/202309/products/{product_id}/inventory/update``, Update Price
``POST /product/202309/products/{product_id}/prices/update``, Get Order List
``POST /order/202309/orders/search`` and Get Order Detail ``GET /order/202309/orders`` (``status``,
``recipient_address``, ``payment``, ``line_items[]`` one per unit, ``packages[]``). Amounts are
decimal strings of the shop's currency (đồng).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from ...orders.states import OrderStatus as S
from ..answers import merge_unit_lines, nfc
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

# Order statuses of the 202309 order API → the local state machine.
STATUSES: dict[str, str] = {
    "UNPAID": S.UNPAID, "ON_HOLD": S.CONFIRMED, "AWAITING_SHIPMENT": S.CONFIRMED, "PARTIALLY_SHIPPING": S.PACKED,
    "AWAITING_COLLECTION": S.PACKED, "IN_TRANSIT": S.SHIPPED, "DELIVERED": S.DELIVERED, "COMPLETED": S.COMPLETED,
    "CANCELLED": S.CANCELLED,
}


SETTLED = frozenset({"DELIVERED", "COMPLETED"})  # statuses whose money the Finance API reports
FEE_FIELDS = ("platform_commission_amount", "transaction_fee_amount", "affiliate_commission_amount",
              "shipping_fee_amount", "sfp_service_fee_amount")


def dong(value: Any) -> int:
    if value in (None, ""):
        return 0
    return int(round(float(str(value))))


def when(seconds: Any) -> datetime | None:
    return datetime.fromtimestamp(int(seconds), UTC) if seconds else None


def item(product: dict) -> ChannelItem:
    variations = []
    for sku in product.get("skus") or []:
        inventory = sku.get("inventory") or []
        price = sku.get("price") or {}
        variations.append(ChannelVariation(
            str(sku["id"]), nfc(sku.get("seller_sku")), nfc((sku.get("identifier_code") or {}).get("code")) or None,
            dong(price.get("sale_price") or price.get("tax_exclusive_price")) if price else None,
            sum(int(i.get("quantity") or 0) for i in inventory) if inventory else None,
            nfc(" ".join(a.get("value_name", "") for a in sku.get("sales_attributes") or [])), str(sku.get("status") or "")))
    return ChannelItem(str(product["id"]), nfc(product.get("title")), tuple(variations), str(product.get("status") or ""))


def inventory_body(updates: Sequence[StockUpdate], warehouse_id: str) -> dict:
    """Update Inventory body for SKUs of one product (each in its location, else the default warehouse)."""
    return {"skus": [{"id": u.variation_id, "inventory": [{"warehouse_id": u.location_id or warehouse_id,
                                                          "quantity": max(0, int(u.quantity))}]} for u in updates]}


def price_body(updates: Sequence[PriceUpdate]) -> dict:
    return {"skus": [{"id": u.variation_id, "price": {"amount": str(int(u.price)), "currency": "VND"}} for u in updates]}


def push_results(updates: Sequence[StockUpdate | PriceUpdate], data: dict | None) -> list[PushResult]:
    """One result per SKU: those named in ``errors[].detail.sku_id`` were refused."""
    refused = {}
    for error in (data or {}).get("errors") or []:
        sku_id = str((error.get("detail") or {}).get("sku_id") or "")
        if sku_id:
            refused[sku_id] = error
    results = []
    for update in updates:
        error = refused.get(str(update.variation_id))
        if error is None:
            results.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.OK))
        else:
            results.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.REFUSED,
                                      str(error.get("code") or ""), nfc(error.get("message"))))
    return results


def order_ref(order: dict) -> OrderRef:
    return OrderRef(str(order["id"]), str(order.get("status") or ""), when(order.get("update_time")))


def _district(address: dict, *levels: str) -> str:
    for entry in address.get("district_info") or []:
        if str(entry.get("address_level_name", "")).lower() in levels:
            return nfc(entry.get("address_name"))
    return ""


def order(detail: dict) -> ChannelOrder:
    status = str(detail.get("status") or "")
    address = detail.get("recipient_address") or {}
    payment = detail.get("payment") or {}
    lines = merge_unit_lines(
        OrderLine(nfc(li.get("seller_sku")), 1, dong(li.get("sale_price") or li.get("original_price")),
                  str(li.get("product_id") or ""), str(li.get("sku_id")) if li.get("sku_id") else None,
                  nfc(li.get("product_name")), str(li.get("id") or ""))
        for li in detail.get("line_items") or [])
    packages = [str(p.get("id")) for p in detail.get("packages") or [] if p.get("id")]
    total = dong(payment.get("total_amount")) if payment.get("total_amount") is not None else None
    return ChannelOrder(
        channel_order_id=str(detail["id"]), status=status, local_status=STATUSES.get(status, S.CONFIRMED), lines=lines,
        created_at=when(detail.get("create_time")), updated_at=when(detail.get("update_time")),
        buyer_name=nfc(address.get("name")), phone=str(address.get("phone_number") or ""),
        address=Address(full_text=nfc(address.get("full_address")), province=_district(address, "province", "city"),
                        district=_district(address, "district"), ward=_district(address, "ward", "commune"),
                        detail=nfc(address.get("address_detail"))),
        shipping_fee=dong(payment.get("shipping_fee")), cod_amount=(total or 0) if detail.get("is_cod") else 0, total=total,
        tracking_number=str(detail.get("tracking_number") or ""),
        shipping={"package_id": packages[0]} if packages else {}, note=nfc(detail.get("buyer_message")),
        cancel_reason=nfc(detail.get("cancel_reason")),
    )


def with_statement(order: ChannelOrder, data: dict) -> ChannelOrder:
    """The order with the fees (positive đồng, by TikTok's field name) and the settlement amount of
    Get Order Statement Transactions; unchanged while TikTok has no statement for it yet."""
    transactions = data.get("statement_transactions") or []
    if not transactions:
        return order
    fees: dict[str, int] = {}
    for transaction in transactions:
        for field in FEE_FIELDS:
            if transaction.get(field) not in (None, "", "0"):
                fees[field.removesuffix("_amount")] = fees.get(field.removesuffix("_amount"), 0) + abs(dong(transaction[field]))
    payout = sum(dong(t.get("settlement_amount")) for t in transactions)
    return replace(order, fees=fees, payout=payout)


RETURNED_GOODS = frozenset({"RETURN_AND_REFUND"})
RETURN_DONE = frozenset({"RETURN_OR_REFUND_REQUEST_COMPLETE"})


def with_returns(order: ChannelOrder, returns: Sequence[dict]) -> ChannelOrder:
    """The order marked returned when one of its returns brought the goods back and is complete."""
    for entry in returns:
        if entry.get("return_type") in RETURNED_GOODS and entry.get("return_status") in RETURN_DONE:
            return replace(order, local_status=S.RETURNED, status=f"{order.status}+{entry['return_status']}")
    return order
