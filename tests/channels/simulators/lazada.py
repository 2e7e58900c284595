"""A Lazada Open Platform simulator (Vietnam venture) written from Lazada's documentation.

Pages (https://open.lazada.com/apps/doc/doc?nodeId=10400):
* docId=108067 "Calling parameters": ``app_key``, ``access_token``, ``timestamp`` (ms, within
  7200 s of UTC), ``sign_method``, ``sign``.
* docId=108068 "Signature algorithm" / 108069 "HTTP request sample": every parameter but ``sign``
  sorted by name, ``namevalue`` concatenated behind the API path, HMAC-SHA256, upper-case hex:
  checked here exactly so, over the query and the form fields of a POST (as the official SDK
  sends them).
* docId=108139 / 108138: answers ``{"code": "0", "data", "request_id"}``, errors
  ``{"type", "code", "message", "request_id"}`` (ISV / ISP / SYSTEM).
* Seller authorization: ``/auth/token/create``, ``/auth/token/refresh`` (``expires_in``,
  ``refresh_expires_in``, ``country_user_info``).
* API reference: GetSeller ``/seller/get``; GetProducts ``/products/get`` (limit ≤ 50);
  UpdatePriceQuantity ``/product/price_quantity/update`` (XML payload, at most 50 SKUs; refused
  SKUs in ``detail[]``, e.g. "Negative sellable" while a campaign holds stock); GetOrders
  ``/orders/get`` (limit ≤ 100); GetOrder ``/order/get``; GetMultipleOrderItems
  ``/orders/items/get`` (≤ 50 order ids); GetShipmentProviders; SetStatusToPackedByMarketplace
  ``/order/pack``; SetStatusToReadyToShip ``/order/rts``; GetDocument ``/order/document/get``; GetTransactionDetails
  ``/finance/transaction/details/get``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl

from .base import Reply, Request, SimOrder, Simulator, json_reply
from .labels import label_pdf

ACCESS_TTL = 7 * 86400
REFRESH_TTL = 30 * 86400
VN = timezone(timedelta(hours=7))


class LazadaSimulator(Simulator):
    platform = "lazada"
    stock_path = "/product/price_quantity/update"  # where stock pushes go (a regular expression, for fault injection)
    ship_path = "/order/(pack|rts)"  # the call that arranges a shipment
    rate_per_s = 12.0  # the quota is unpublished: the connector keeps 10/s, 20% under it
    timestamp_window_s = 7200
    initial_status = "pending"
    access_ttl, refresh_ttl = ACCESS_TTL, REFRESH_TTL
    token_prefix = ("50000", "50001")
    lock_code = ("500", "Negative sellable")
    status_names = {"cancelled": "canceled", "shipped": "shipped", "delivered": "delivered", "completed": "confirmed",
                    "returned": "returned", "unpaid": "unpaid", "paid": "pending"}

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.app_key = "123456"
        self.app_secret = secrets.token_hex(16)
        self.seller_id = "100200300"
        self.item_status: dict[str, list[dict]] = {}  # order id -> its order items

    # -- accounts ---------------------------------------------------------------------------------

    def credentials(self) -> dict[str, str]:
        access, refresh = self.issue_tokens()
        return {"app_key": self.app_key, "app_secret": self.app_secret, "access_token": access, "refresh_token": refresh}

    # -- envelope ---------------------------------------------------------------------------------

    def ok(self, data: Any = None, **extra: Any) -> Reply:
        return json_reply({"code": "0", "data": data, "request_id": uuid.uuid4().hex[:13], **extra})

    def error(self, code: str, message: str, kind: str = "ISV", status: int = 200, **extra: Any) -> Reply:
        return json_reply({"type": kind, "code": code, "message": message, "request_id": uuid.uuid4().hex[:13], **extra}, status)

    def rate_limit_reply(self) -> Reply:
        return self.error("ApiCallLimit", "The request has exceeded the limit, ban will last 1 seconds", "ISV")

    def bad_request(self, message: str) -> Reply:
        return self.error("MissingParameter", message)

    # -- authentication ---------------------------------------------------------------------------

    def _parameters(self, request: Request) -> dict[str, str]:
        params = dict(request.query)
        if request.method == "POST" and request.body:
            params.update(dict(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True)))
        return params

    def _authenticate(self, request: Request, params: dict[str, str]) -> Reply | None:
        if params.get("app_key") != self.app_key:
            return self.error("InvalidAppKey", "Specified app key is invalid")
        try:
            ts = int(params["timestamp"]) / 1000
        except (KeyError, ValueError):
            return self.error("MissingParameter", "timestamp is required")
        if abs(self.now() - ts) > self.timestamp_window_s:
            return self.error("InvalidTimestamp", "Invalid timestamp: differs from UTC by more than 7200 seconds")
        base = request.path + "".join(f"{k}{params[k]}" for k in sorted(params) if k != "sign" and params[k] != "")
        expected = hmac.new(self.app_secret.encode(), base.encode(), hashlib.sha256).hexdigest().upper()
        if not hmac.compare_digest(expected, params.get("sign", "")):
            self.refused_signatures += 1
            return self.error("IncompleteSignature", "The request signature does not conform to platform standards")
        if request.path.startswith("/auth/"):
            return None
        if not self.access_ok(params.get("access_token", "")):
            return self.error("IllegalAccessToken", "The specified access token is invalid or expired")
        return None

    def route(self, request: Request) -> Reply:
        params = self._parameters(request)
        refused = self._authenticate(request, params)
        if refused is not None:
            return refused
        handler = ROUTES.get((request.method, request.path))
        if handler is None:
            return self.error("InvalidApiPath", f"The specified API path is invalid: {request.path}", status=404)
        return handler(self, params)

    def token_create(self, params: dict) -> Reply:
        with self.lock:
            if params.get("code") not in self.codes:
                return self.error("InvalidCode", "Invalid authorization code")
            self.codes.discard(params["code"])
        return self._token_answer()

    def token_refresh(self, params: dict) -> Reply:
        with self.lock:
            if not self.spend_refresh_token(params.get("refresh_token", "")):
                return self.error("IllegalRefreshToken", "The specified refresh token is invalid or expired")
        return self._token_answer()

    def _token_answer(self) -> Reply:
        access, refresh = self.issue_tokens()
        return json_reply({"access_token": access, "refresh_token": refresh, "expires_in": ACCESS_TTL,
                           "refresh_expires_in": REFRESH_TTL, "account_platform": "seller_center", "account": "htx@example.vn",
                           "country": "vn", "country_user_info": [{"country": "vn", "seller_id": self.seller_id,
                                                                    "user_id": 1001, "short_code": "VN1ABC"}],
                           "code": "0", "request_id": uuid.uuid4().hex[:13]})

    def seller(self, params: dict) -> Reply:
        return self.ok({"name": "HTX Simulator", "seller_id": int(self.seller_id), "location": "Hà Nội", "verified": True})

    # -- products ---------------------------------------------------------------------------------

    def products(self, params: dict) -> Reply:
        offset, limit = int(params.get("offset", 0)), int(params.get("limit", 10))
        if not 1 <= limit <= 50:
            return self.error("InvalidParameter", "limit must be between 1 and 50")
        items = self.items
        ids = sorted(items, key=int)
        page = ids[offset:offset + limit]
        products = [{"item_id": int(i), "status": "Active", "attributes": {"name": items[i][0].name},
                     "skus": [{"SkuId": int(x.variation_id), "SellerSku": x.sku, "ShopSku": f"{i}-{x.variation_id}",
                               "quantity": x.stock, "price": float(x.price), "Status": "active", "barcode_ean": x.gtin}
                              for x in items[i]]} for i in page]
        return self.ok({"total_products": len(ids), "products": products})

    def price_quantity(self, params: dict) -> Reply:
        try:
            root = ET.fromstring(params["payload"])
        except ET.ParseError:
            return self.error("InvalidParameter", "payload is not valid XML")
        skus = root.findall("./Product/Skus/Sku")
        if not 1 <= len(skus) <= 50:
            return self.error("InvalidParameter", "The number of SKUs must be between 1 and 50")
        detail = []
        for sku in skus:
            seller_sku = (sku.findtext("SellerSku") or "").strip()
            listing = self.listings.get(seller_sku)
            if listing is None or (sku.findtext("SkuId") and sku.findtext("SkuId") != listing.variation_id):
                detail.append({"field": "SellerSku", "message": "SELLER_SKU_NOT_FOUND", "seller_sku": seller_sku})
                continue
            if sku.findtext("Quantity") is not None:
                refusal = self.set_stock(seller_sku, int(sku.findtext("Quantity")))
                if refusal:
                    detail.append({"field": "Quantity", "message": refusal[1], "seller_sku": seller_sku})
            if sku.findtext("Price") is not None:
                listing.price = int(float(sku.findtext("Price")))
        if detail:
            return self.error("500", "E0500: Update product price quantity failed for some SKUs", "ISP", detail=detail)
        return self.ok()

    # -- orders -----------------------------------------------------------------------------------

    def place_order(self, lines, **kw: Any) -> str:
        order_id = super().place_order(lines, **kw)
        with self.lock:
            items = []
            for sku, quantity in lines:
                listing = self.listings[sku]
                for _ in range(quantity):
                    items.append({"order_item_id": 900000 + self.next_id(), "order_id": int(order_id), "sku": sku,
                                  "shop_sku": f"{listing.item_id}-{listing.variation_id}", "sku_id": int(listing.variation_id),
                                  "product_id": int(listing.item_id), "name": listing.name, "item_price": float(listing.price),
                                  "paid_price": float(listing.price), "status": "pending", "tracking_code": "",
                                  "shipment_provider": "", "package_id": ""})
            self.item_status[order_id] = items
        return order_id

    def set_order_status(self, channel_order_id: str, status: str) -> None:
        super().set_order_status(channel_order_id, status)
        with self.lock:
            for entry in self.item_status[channel_order_id]:
                entry["status"] = self.orders[channel_order_id].status

    def _stamp(self, seconds: float) -> str:
        return datetime.fromtimestamp(seconds, VN).strftime("%Y-%m-%d %H:%M:%S %z")

    def _header(self, order: SimOrder) -> dict:
        return {"order_id": int(order.order_id), "order_number": int(order.order_id), "created_at": self._stamp(order.created),
                "updated_at": self._stamp(order.updated), "price": f"{self.order_total(order)}.00", "shipping_fee": 0,
                "voucher": 0, "payment_method": "COD", "customer_first_name": order.buyer_name, "customer_last_name": "",
                "statuses": sorted({i["status"] for i in self.item_status[order.order_id]}), "remarks": "",
                "address_shipping": {"first_name": order.buyer_name, "last_name": "", "phone": order.phone,
                                     "address1": order.address, "address3": "Hà Nội", "address4": "", "address5": "",
                                     "country": "Vietnam"}}

    def orders_get(self, params: dict) -> Reply:
        limit, offset = int(params.get("limit", 10)), int(params.get("offset", 0))
        if not 1 <= limit <= 100:
            return self.error("InvalidParameter", "limit must be between 1 and 100")
        if not params.get("update_after") and not params.get("created_after"):
            return self.error("MissingParameter", "update_after or created_after is required")
        after = datetime.fromisoformat(params.get("update_after") or params["created_after"]).timestamp()
        with self.lock:
            chosen = sorted((o for o in self.orders.values() if o.updated > after), key=lambda o: (o.updated, o.order_id))
            page = [self._header(o) for o in chosen[offset:offset + limit]]
        return self.ok({"count": len(page), "countTotal": len(chosen), "orders": page})

    def order_get(self, params: dict) -> Reply:
        order = self.orders.get(params["order_id"])
        return self.ok(self._header(order)) if order else self.error("E0015", "Order not found", "ISP")

    def order_items(self, params: dict) -> Reply:
        ids = json.loads(params["order_ids"])
        if len(ids) > 50:
            return self.error("InvalidParameter", "order_ids must not exceed 50")
        return self.ok([{"order_id": int(i), "order_number": int(i), "order_items": self.item_status.get(str(i), [])}
                        for i in ids if str(i) in self.item_status])

    def transactions(self, params: dict) -> Reply:
        order = self.orders.get(params.get("trade_order_id", ""))
        if not params.get("start_time") or not params.get("end_time"):
            return self.error("MissingParameter", "start_time and end_time are required")
        if order is None or order.status not in ("delivered", "confirmed"):
            return self.ok([])
        total = self.order_total(order)
        rows = [("Item Price Credit", total), ("Commission", -(total * 4 // 100)), ("Payment Fee", -(total * 2 // 100))]
        return self.ok([{"order_no": order.order_id, "fee_name": name, "amount": f"{amount}.00",
                         "transaction_date": self._stamp(order.updated)} for name, amount in rows])

    # -- shipping ---------------------------------------------------------------------------------

    def providers(self, params: dict) -> Reply:
        return self.ok({"shipment_providers": [{"name": "LEX VN", "is_default": 1, "cod": 1},
                                               {"name": "GHN", "is_default": 0, "cod": 1}]})

    def _order_items(self, params: dict) -> list[dict] | None:
        wanted = {int(i) for i in json.loads(params.get("order_item_ids") or "[]")}
        found = [i for items in self.item_status.values() for i in items if i["order_item_id"] in wanted]
        return found if wanted and len(found) == len(wanted) else None

    def pack(self, params: dict) -> Reply:
        items = self._order_items(params)
        if items is None or not params.get("shipping_provider"):
            return self.error("MissingParameter", "order_item_ids and shipping_provider are required")
        with self.lock:
            if any(i["status"] != "pending" for i in items):
                return self.error("E0073", "Order item status is not pending", "ISP")
            tracking, package = f"LZVN{self.next_id():08d}", f"FP{self.next_id():09d}"
            for entry in items:
                entry.update(status="packed", tracking_code=tracking, package_id=package,
                             shipment_provider=params["shipping_provider"])
                self.orders[str(entry["order_id"])].updated = self.now()
        return self.ok({"order_items": [{"order_item_id": i["order_item_id"], "tracking_number": tracking,
                                         "package_id": package, "shipment_provider": i["shipment_provider"]} for i in items]})

    def rts(self, params: dict) -> Reply:
        items = self._order_items(params)
        if items is None or not params.get("tracking_number"):
            return self.error("MissingParameter", "order_item_ids and tracking_number are required")
        with self.lock:
            if any(i["status"] != "packed" or i["tracking_code"] != params["tracking_number"] for i in items):
                return self.error("E0063", "Order items must be packed with this tracking number first", "ISP")
            for entry in items:
                entry["status"] = "ready_to_ship"
                order = self.orders[str(entry["order_id"])]
                order.updated, order.shipped, order.tracking = self.now(), True, entry["tracking_code"]
        return self.ok({"order_items": [{"order_item_id": i["order_item_id"]} for i in items]})

    def document(self, params: dict) -> Reply:
        items = self._order_items(params)
        if params.get("doc_type") != "shippingLabel" or items is None:
            return self.error("InvalidParameter", "doc_type and order_item_ids are required")
        if any(not i["tracking_code"] for i in items):
            return self.error("E0074", "Order items are not packed yet", "ISP")
        parcels = sorted({(str(i["order_id"]), i["tracking_code"]) for i in items})
        pdf = label_pdf("Lazada", parcels)
        return self.ok({"document": {"document_type": "shippingLabel", "mime_type": "application/pdf",
                                     "file": base64.b64encode(pdf).decode()}})


ROUTES = {
    ("POST", "/auth/token/create"): LazadaSimulator.token_create,
    ("POST", "/auth/token/refresh"): LazadaSimulator.token_refresh,
    ("GET", "/seller/get"): LazadaSimulator.seller,
    ("GET", "/products/get"): LazadaSimulator.products,
    ("POST", "/product/price_quantity/update"): LazadaSimulator.price_quantity,
    ("GET", "/orders/get"): LazadaSimulator.orders_get,
    ("GET", "/order/get"): LazadaSimulator.order_get,
    ("GET", "/orders/items/get"): LazadaSimulator.order_items,
    ("GET", "/finance/transaction/details/get"): LazadaSimulator.transactions,
    ("GET", "/shipment/providers/get"): LazadaSimulator.providers,
    ("POST", "/order/pack"): LazadaSimulator.pack,
    ("POST", "/order/rts"): LazadaSimulator.rts,
    ("GET", "/order/document/get"): LazadaSimulator.document,
}


def start(latency: float = 0.0, **options: Any) -> LazadaSimulator:
    """A Lazada simulator listening on 127.0.0.1 (see tests/channels/simulators/__init__.py)."""
    return LazadaSimulator.launch(latency, **options)
