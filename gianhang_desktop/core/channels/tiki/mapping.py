"""Tiki Open API shapes to ours and back (core/channels/model.py).

Field names follow https://open.tiki.vn/docs/docs/current/: "Product API" (a Tiki product is one
sellable unit: ``product_id``, ``original_sku`` = the seller SKU, ``price``, ``inventory``),
"Update product information" (``PUT /integration/v2.1/products/updateSkus``: ``data[]`` with
``product_id``/``original_sku``, ``price``, ``warehouse_quantities[].warehouse_id/qty_available``),
"Order API" v2 and "TIKI Theory V2 / Order" (``code``, ``status``, ``invoice``, ``items[]`` with
``product`` and ``seller_income_detail``, ``shipping.address``, ``customer``).
Money is in đồng; times are "YYYY-MM-DD HH:MM:SS" in Vietnam time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ... import clock
from ...orders.states import OrderStatus as S
from ..answers import nfc
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

# Tiki order statuses ("Order status" of TIKI Theory V2) → the local state machine.
STATUSES: dict[str, str] = {
    "waiting_payment": S.UNPAID, "payment_review": S.UNPAID, "queueing": S.CONFIRMED, "processing": S.CONFIRMED,
    "seller_confirmed": S.CONFIRMED, "seller_canceled": S.CANCELLED, "picking": S.CONFIRMED, "packaging": S.CONFIRMED,
    "finished_packing": S.PACKED, "ready_to_ship": S.PACKED, "handover_to_partner": S.SHIPPED, "shipping": S.SHIPPED,
    "delivered": S.DELIVERED, "successful_delivery": S.DELIVERED, "complete": S.COMPLETED, "closed": S.COMPLETED,
    "canceled": S.CANCELLED, "returned": S.RETURNED,
}


def dong(value: Any) -> int:
    if value in (None, ""):
        return 0
    return int(round(float(value)))


def when(text: Any) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(str(text).replace(" ", "T"))
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.shop_tz())


def _unit(product: dict, grouped: bool) -> ChannelVariation:
    inventory = product.get("inventory") or {}
    stock = inventory.get("quantity_available", inventory.get("quantity"))
    return ChannelVariation(str(product["product_id"]) if grouped else None,
                            nfc(product.get("original_sku") or product.get("sku")), nfc(product.get("barcode")) or None,
                            dong(product.get("price")) if product.get("price") is not None else None,
                            int(stock) if stock is not None else None, nfc(product.get("name")),
                            "active" if product.get("active") else "inactive")


def items(products: Sequence[dict]) -> tuple[ChannelItem, ...]:
    """Tiki products as items: a simple product is an item with one unit (no variation id); the
    children of a configurable product (same ``super_id``) are the variations of one item whose id
    is the ``super_id`` and whose variation ids are the children's product ids."""
    found: dict[str, ChannelItem] = {}
    for product in products:
        parent = str(product.get("super_id") or "")
        if parent and parent != "0":
            unit = _unit(product, True)
            known = found.get(parent)
            found[parent] = ChannelItem(parent, nfc(product.get("super_name") or product.get("name")),
                                        (known.variations if known else ()) + (unit,), "active")
        else:
            found[str(product["product_id"])] = ChannelItem(
                str(product["product_id"]), nfc(product.get("name")), (_unit(product, False),),
                "active" if product.get("active") else "inactive", nfc(product.get("original_sku")))
    return tuple(found.values())


def product_id(update: StockUpdate | PriceUpdate) -> int:
    """Tiki's product id of a unit: the child's for a variation, the item's for a simple product."""
    return int(update.variation_id or update.item_id)


def stock_body(updates: Sequence[StockUpdate], warehouse_id: int) -> dict:
    return {"data": [{"product_id": product_id(u), "seller_warehouse": str(u.location_id or warehouse_id),
                      "warehouse_quantities": [{"warehouse_id": int(u.location_id or warehouse_id),
                                                "qty_available": max(0, int(u.quantity))}]} for u in updates]}


def price_body(updates: Sequence[PriceUpdate]) -> dict:
    return {"data": [{"product_id": product_id(u), "price": int(u.price)} for u in updates]}


def push_results(updates: Sequence[StockUpdate | PriceUpdate], body: dict) -> list[PushResult]:
    """One result per product from the batch answer's ``data[]`` (``state`` and ``errors``)."""
    answers = {str(entry.get("product_id")): entry for entry in body.get("data") or []}
    results = []
    for update in updates:
        entry = answers.get(str(product_id(update)))
        if entry is None:
            results.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.RETRYABLE, "missing",
                                      "Tiki did not report this product"))
        elif entry.get("state") == "approved":
            results.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.OK))
        else:
            errors = entry.get("errors") or []
            results.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.REFUSED,
                                      str(entry.get("state") or "rejected"), nfc("; ".join(str(e) for e in errors))))
    return results


def order_ref(order: dict) -> OrderRef:
    return OrderRef(str(order["code"]), str(order.get("status") or ""), when(order.get("updated_at")))


def order(detail: dict) -> ChannelOrder:
    status = str(detail.get("status") or "")
    invoice = detail.get("invoice") or {}
    shipping = detail.get("shipping") or {}
    address = shipping.get("address") or {}
    lines, fees = [], {}
    for entry in detail.get("items") or []:
        product = entry.get("product") or {}
        income = entry.get("seller_income_detail") or {}
        quantity = int(income.get("item_qty") or entry.get("qty") or 1)
        lines.append(OrderLine(nfc(product.get("seller_product_code") or product.get("sku")), quantity,
                               dong(income.get("item_price") or product.get("price")), str(product.get("id") or ""),
                               None, nfc(product.get("name")), str(entry.get("id") or "")))
        for fee in income.get("seller_fees") or []:
            name = str(fee.get("fee_type_key") or fee.get("fee_type_name") or "fee")
            fees[name] = fees.get(name, 0) + dong(fee.get("fee_amount"))
    parts = [address.get(k) for k in ("street", "ward", "district", "region")]
    payout = dong(invoice["total_seller_income"]) if invoice.get("total_seller_income") is not None else None
    return ChannelOrder(
        channel_order_id=str(detail["code"]), status=status, local_status=STATUSES.get(status, S.CONFIRMED),
        lines=tuple(lines), created_at=when(detail.get("created_at")), updated_at=when(detail.get("updated_at")),
        buyer_name=nfc(address.get("full_name") or (detail.get("customer") or {}).get("full_name")),
        phone=str(address.get("phone") or ""),
        address=Address(full_text=nfc(", ".join(p for p in parts if p)), province=nfc(address.get("region")),
                        district=nfc(address.get("district")), ward=nfc(address.get("ward")), detail=nfc(address.get("street"))),
        shipping_fee=dong(invoice.get("shipping_amount_after_discount")), cod_amount=dong(invoice.get("collectible_amount")),
        total=dong(invoice.get("grand_total")) if invoice.get("grand_total") is not None else None, fees=fees, payout=payout,
        tracking_number=str(shipping.get("tracking_code") or ""),
        shipping={"fulfillment_type": str(detail.get("fulfillment_type") or "")}, note=nfc(detail.get("note")),
        cancel_reason=nfc((detail.get("cancel_info") or {}).get("reason")),
    )
