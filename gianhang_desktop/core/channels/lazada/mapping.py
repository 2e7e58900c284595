"""Lazada Open Platform shapes to ours and back (core/channels/model.py).

Field names follow the API reference (https://open.lazada.com/apps/doc/api): GetProducts
``/products/get`` (``item_id``, ``attributes.name``, ``skus[].SkuId/SellerSku/quantity/price``),
UpdatePriceQuantity ``/product/price_quantity/update`` (an XML ``payload`` of up to 50 ``Sku``
elements; refusals per SKU in ``detail[]`` with ``seller_sku`` and ``message``), GetOrders
``/orders/get`` and GetMultipleOrderItems ``/orders/items/get`` (``statuses``,
``address_shipping``, ``order_items[]`` with ``order_item_id``, ``sku``, ``sku_id``,
``paid_price``, ``tracking_code``, ``package_id``). Prices are decimal strings of đồng.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

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

# Lazada order (item) statuses → the local state machine. "pending"/"topack" orders are paid (or
# cash on delivery) and waiting for the seller: they hold stock.
STATUSES: dict[str, str] = {
    "unpaid": S.UNPAID, "pending": S.CONFIRMED, "topack": S.CONFIRMED, "repacked": S.CONFIRMED,
    "packed": S.PACKED, "ready_to_ship": S.PACKED, "toship": S.PACKED, "ready_to_ship_pending": S.PACKED,
    "shipped": S.SHIPPED, "shipping": S.SHIPPED, "delivered": S.DELIVERED, "confirmed": S.COMPLETED,
    "canceled": S.CANCELLED, "cancelled": S.CANCELLED, "returned": S.RETURNED, "failed": S.RETURNED,
    "shipped_back": S.RETURNED, "lost_by_3pl": S.RETURNED, "damaged_by_3pl": S.RETURNED,
}
# When an order's items are in several statuses, the least advanced one speaks for the order.
ORDER_OF_STATUS = [S.UNPAID, S.PAID, S.CONFIRMED, S.PACKED, S.SHIPPED, S.DELIVERED, S.COMPLETED, S.RETURNED,
                   S.CANCELLED]


SETTLED = frozenset({S.DELIVERED, S.COMPLETED})  # orders whose transactions Lazada reports


def dong(value: Any) -> int:
    if value in (None, ""):
        return 0
    return int(round(float(str(value).replace(",", ""))))


def when(text: Any) -> datetime | None:
    """Lazada times: "2026-11-30 10:15:00 +0700" (GetOrders) or ISO 8601."""
    if not text:
        return None
    text = str(text)
    for pattern in ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return datetime.fromisoformat(text)


def item(product: dict) -> ChannelItem:
    """One product of GetProducts with its SKUs as variations."""
    attributes = product.get("attributes") or {}
    variations = tuple(
        ChannelVariation(str(sku.get("SkuId")), nfc(sku.get("SellerSku")), nfc(sku.get("barcode_ean") or "") or None,
                         dong(sku.get("special_price") or sku.get("price")) if sku.get("price") is not None else None,
                         int(sku["quantity"]) if sku.get("quantity") is not None else None,
                         nfc(sku.get("variation") or sku.get("_compatible_variation_") or ""), str(sku.get("Status") or ""))
        for sku in product.get("skus") or []
    )
    return ChannelItem(str(product["item_id"]), nfc(attributes.get("name")), variations, str(product.get("status") or ""))


def _sku_xml(item_id: str, sku_id: str | None, seller_sku: str, field: str, value: str) -> str:
    sku = f"<ItemId>{escape(item_id)}</ItemId>"
    if sku_id:
        sku += f"<SkuId>{escape(sku_id)}</SkuId>"
    return f"<Sku>{sku}<SellerSku>{escape(seller_sku)}</SellerSku><{field}>{escape(value)}</{field}></Sku>"


def stock_payload(updates: Sequence[StockUpdate]) -> str:
    """The UpdatePriceQuantity XML payload setting each SKU's sellable quantity (the local SKU is
    the seller SKU: links are made by it; ItemId and SkuId name the unit exactly)."""
    skus = "".join(_sku_xml(u.item_id, u.variation_id, u.sku, "Quantity", str(max(0, u.quantity)))
                   for u in updates)
    return f'<?xml version="1.0" encoding="UTF-8" ?><Request><Product><Skus>{skus}</Skus></Product></Request>'


def price_payload(updates: Sequence[PriceUpdate]) -> str:
    skus = "".join(_sku_xml(u.item_id, u.variation_id, u.sku, "Price", str(int(u.price)))
                   for u in updates)
    return f'<?xml version="1.0" encoding="UTF-8" ?><Request><Product><Skus>{skus}</Skus></Product></Request>'


def push_results(updates: Sequence[StockUpdate | PriceUpdate], body: dict) -> list[PushResult]:
    """One result per SKU: the ones named in ``detail[]`` were refused, the others applied."""
    refused: dict[str, dict] = {}
    for entry in body.get("detail") or []:
        for key in (entry.get("seller_sku"), entry.get("SellerSku"), entry.get("sku_id"), entry.get("SkuId")):
            if key:
                refused[str(key)] = entry
    code = str(body.get("code", "0"))
    results = []
    for update in updates:
        entry = refused.get(update.sku) or refused.get(str(update.variation_id))
        if entry is not None:
            results.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.REFUSED,
                                      code, nfc(entry.get("message") or body.get("message"))))
        elif code == "0" or refused:
            results.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.OK))
        else:
            results.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.REFUSED, code,
                                      nfc(body.get("message"))))
    return results


def order_status(statuses: Iterable[str]) -> tuple[str, str]:
    """(the platform's status text, the local status) of an order from its items' statuses."""
    names = [str(s).lower() for s in statuses if s]
    if not names:
        return "", S.CONFIRMED
    local = [STATUSES.get(n, S.CONFIRMED) for n in names]
    live = [s for s in local if s not in (S.CANCELLED, S.RETURNED)]
    chosen = min(live, key=ORDER_OF_STATUS.index) if live else local[0]
    return ",".join(sorted(set(names))), chosen


def order_ref(order: dict) -> OrderRef:
    platform_status, _ = order_status(order.get("statuses") or [])
    return OrderRef(str(order["order_id"]), platform_status, when(order.get("updated_at")))


def order(header: dict, items: Sequence[dict]) -> ChannelOrder:
    """One order from GetOrders (header) and GetMultipleOrderItems (its items)."""
    platform_status, local = order_status(order_item.get("status") for order_item in items) if items else \
        order_status(header.get("statuses") or [])
    address = header.get("address_shipping") or {}
    parts = [address.get(k) for k in ("address1", "address2", "address3", "address4", "address5")]
    full_text = nfc(", ".join(p for p in parts if p))
    lines = tuple(
        OrderLine(nfc(i.get("sku")), 1, dong(i.get("paid_price") or i.get("item_price")), str(i.get("product_id") or ""),
                  str(i.get("sku_id")) if i.get("sku_id") else None, nfc(i.get("name")), str(i.get("order_item_id")))
        for i in items
    )
    tracking = next((str(i.get("tracking_code")) for i in items if i.get("tracking_code")), "")
    package = next((str(i.get("package_id")) for i in items if i.get("package_id")), "")
    shipping = {"order_item_ids": ",".join(str(i.get("order_item_id")) for i in items)}
    if package:
        shipping["package_id"] = package
    name = " ".join(p for p in (header.get("customer_first_name"), header.get("customer_last_name")) if p)
    payment = str(header.get("payment_method") or "")
    total = dong(header.get("price")) + dong(header.get("shipping_fee")) - dong(header.get("voucher"))
    return ChannelOrder(
        channel_order_id=str(header["order_id"]), status=platform_status, local_status=local,
        lines=merge_unit_lines(lines), created_at=when(header.get("created_at")), updated_at=when(header.get("updated_at")),
        buyer_name=nfc(address.get("first_name") or name), phone=str(address.get("phone") or ""),
        address=Address(full_text=full_text, province=nfc(address.get("address3")), district=nfc(address.get("address4")),
                        ward=nfc(address.get("address5")), detail=nfc(address.get("address1"))),
        shipping_fee=dong(header.get("shipping_fee")), cod_amount=total if payment.upper() == "COD" else 0, total=total,
        tracking_number=tracking, shipping=shipping, note=nfc(header.get("remarks")),
    )


def with_transactions(order: ChannelOrder, rows: Sequence[dict]) -> ChannelOrder:
    """The order with its fees (the debits, positive đồng, by Lazada's ``fee_name``) and payout
    (every row's ``amount`` summed) from GetTransactionDetails; unchanged when there are none."""
    mine = [r for r in rows if str(r.get("order_no") or order.channel_order_id) == order.channel_order_id]
    if not mine:
        return order
    fees: dict[str, int] = {}
    for row in mine:
        amount = dong(row.get("amount"))
        if amount < 0:
            name = nfc(row.get("fee_name")) or "fee"
            fees[name] = fees.get(name, 0) - amount
    return replace(order, fees=fees, payout=sum(dong(r.get("amount")) for r in mine))
