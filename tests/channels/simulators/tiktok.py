"""A TikTok Shop Partner API (202309 versions) simulator written from TikTok's documentation.

Pages (https://partner.tiktokshop.com/docv2/page/...):
* sign-your-api-request: the signature (path + sorted query without ``sign``/``access_token`` +
  body unless multipart, wrapped in the app secret, HMAC-SHA256 hex) is recomputed here exactly
  so; the timestamp must be within 5 minutes; the token comes in ``x-tts-access-token``.
* authorization-overview-202407: ``/api/v2/token/get`` and ``/api/v2/token/refresh`` (Unix
  expiry times ``access_token_expire_in``/``refresh_token_expire_in``).
* common-errors: ``{code, message, request_id, data}``; 105002 expired token, 106001 invalid
  sign, 36009004 invalid app key or timestamp, 36009002 too many requests (HTTP 429), 106013
  missing shop_cipher.
* get-authorized-shops; Product API 202309 (Search Products page_size ≤ 100, Update Inventory,
  Update Price; per-SKU ``errors`` in ``data``); Get Warehouse List; Order API 202309 (Get Order
  List, Get Order Detail ids ≤ 50); Fulfillment API 202309 (Ship Package, Get Package Detail, Get
  Package Shipping Document giving a ``doc_url``); Finance API 202309 (Get Order Statement
  Transactions, for delivered orders); Return and Refund API 202309 (Search Returns).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from typing import Any

from .base import Reply, Request, SimOrder, Simulator, json_reply
from .labels import label_pdf

ACCESS_TTL = 7 * 86400
REFRESH_TTL = 60 * 86400
WAREHOUSE = "7068517275539719942"


class TiktokSimulator(Simulator):
    platform = "tiktok"
    stock_path = r"/product/202309/products/\d+/inventory/update"  # where stock pushes go (a regular expression, for fault injection)
    ship_path = r"/fulfillment/202309/packages/\d+/ship"  # the call that arranges a shipment
    rate_per_s = 12.0  # the quota is unpublished: the connector keeps 10/s, 20% under it
    initial_status = "AWAITING_SHIPMENT"
    access_ttl, refresh_ttl = ACCESS_TTL, REFRESH_TTL
    token_prefix = ("TTP_", "TTP_")
    lock_code = ("12052990", "Check failed: the SKU's stock is locked by an ongoing promotion")
    status_names = {"cancelled": "CANCELLED", "shipped": "IN_TRANSIT", "delivered": "DELIVERED",
                    "completed": "COMPLETED", "unpaid": "UNPAID", "paid": "AWAITING_SHIPMENT"}

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.app_key = "68xu9ks5p4i8"
        self.app_secret = secrets.token_hex(20)
        self.shop_cipher = "ROW_" + secrets.token_urlsafe(18)
        self.packages: dict[str, str] = {}  # package id -> order id
        self.documents: dict[str, bytes] = {}
        self.line_items: dict[str, list[dict]] = {}
        self.returns: dict[str, dict] = {}  # order id -> its completed return

    def credentials(self) -> dict[str, str]:
        access, refresh = self.issue_tokens()
        return {"app_key": self.app_key, "app_secret": self.app_secret, "access_token": access,
                "refresh_token": refresh, "shop_cipher": self.shop_cipher}

    def ok(self, data: Any = None) -> Reply:
        return json_reply({"code": 0, "message": "Success", "request_id": uuid.uuid4().hex, "data": data or {}})

    def error(self, code: int, message: str, status: int = 200) -> Reply:
        return json_reply({"code": code, "message": message, "request_id": uuid.uuid4().hex, "data": None}, status)

    def rate_limit_reply(self) -> Reply:
        return self.error(36009002, "Too many requests. You've made too many requests in a short period of time.", 429)

    def bad_request(self, message: str) -> Reply:
        return self.error(36009001, f"Invalid request: {message}")

    # -- authentication ---------------------------------------------------------------------------

    def _authenticate(self, request: Request) -> Reply | None:
        q = request.query
        if q.get("app_key") != self.app_key:
            return self.error(36009004, "Invalid credentials. Invalid `app_key` query parameter.", 401)
        try:
            ts = int(q["timestamp"])
        except (KeyError, ValueError):
            return self.error(36009001, "Missing `timestamp` query parameter.")
        if abs(self.now() - ts) > self.timestamp_window_s:
            return self.error(36009004, "Invalid timestamp. The `timestamp` is out of the allowed range.", 401)
        base = request.path + "".join(f"{k}{q[k]}" for k in sorted(q) if k not in ("sign", "access_token"))
        raw = base.encode() + (b"" if "multipart/form-data" in request.headers.get("content-type", "") else request.body)
        key = self.app_secret.encode()
        if not hmac.compare_digest(hmac.new(key, key + raw + key, hashlib.sha256).hexdigest(), q.get("sign", "")):
            self.refused_signatures += 1
            return self.error(106001, "Invalid credentials. The `sign` query parameter is invalid.", 401)
        token = request.headers.get("x-tts-access-token", "")
        if not self.access_ok(token):
            return self.error(105002, "Expired credentials. The `access_token` or `x-tts-access-token` header has expired.", 401)
        if not request.path.startswith("/authorization/") and q.get("shop_cipher") != self.shop_cipher:
            return self.error(106013, "Missing identifier. The `shop_cipher` query parameter is required to identify the target shop.")
        return None

    def route(self, request: Request) -> Reply:
        if request.path.startswith("/api/v2/token/"):
            return self._token(request)
        if request.path.startswith("/documents/"):
            data = self.documents.get(request.path.rsplit("/", 1)[-1])
            return Reply(200, data, "application/pdf") if data else self.error(404, "document not found", 404)
        refused = self._authenticate(request)
        if refused is not None:
            return refused
        return self.dispatch(request, ROUTES) or self.error(36009001, f"Invalid path {request.path}", 404)

    def _token(self, request: Request) -> Reply:
        q = request.query
        if q.get("app_key") != self.app_key or q.get("app_secret") != self.app_secret:
            return self.error(36004004, "invalid app_key or app_secret")
        with self.lock:
            if request.path == "/api/v2/token/get":
                if q.get("grant_type") != "authorized_code" or q.get("auth_code") not in self.codes:
                    return self.error(36004003, "auth_code is invalid or expired")
                self.codes.discard(q["auth_code"])
            else:
                if q.get("grant_type") != "refresh_token" or not self.spend_refresh_token(q.get("refresh_token", "")):
                    return self.error(36004005, "refresh_token is invalid or expired")
        access, refresh = self.issue_tokens()
        now = int(self.now())
        return self.ok({"access_token": access, "access_token_expire_in": now + ACCESS_TTL, "refresh_token": refresh,
                        "refresh_token_expire_in": now + REFRESH_TTL, "open_id": "7010736057180325637",
                        "seller_name": "HTX Simulator", "seller_base_region": "VN", "user_type": 0})

    # -- shop, products ---------------------------------------------------------------------------

    def shops(self, request: Request) -> Reply:
        return self.ok({"shops": [{"id": "7495785205308492700", "name": "HTX Simulator", "region": "VN",
                                   "seller_type": "LOCAL", "cipher": self.shop_cipher, "code": "VNLCB3LWHZ"}]})

    def warehouses(self, request: Request) -> Reply:
        return self.ok({"warehouses": [{"id": WAREHOUSE, "name": "Kho HTX", "effect_status": "ENABLED",
                                        "type": "SALES_WAREHOUSE", "is_default": True}]})

    def products(self, request: Request) -> Reply:
        size = int(request.query.get("page_size", 10))
        if not 1 <= size <= 100:
            return self.error(12052700, "page_size must be between 1 and 100")
        items = self.items
        ids = sorted(items, key=int)
        offset = int(request.query.get("page_token") or 0)
        page = ids[offset:offset + size]
        products = [{"id": i, "title": items[i][0].name, "status": "ACTIVATE",
                     "skus": [{"id": x.variation_id, "seller_sku": x.sku,
                               "price": {"currency": "VND", "sale_price": str(x.price), "tax_exclusive_price": str(x.price)},
                               "inventory": [{"warehouse_id": WAREHOUSE, "quantity": x.stock}],
                               "identifier_code": {"code": x.gtin, "type": "GTIN"} if x.gtin else None}
                              for x in items[i]]} for i in page]
        following = offset + size
        return self.ok({"products": products, "total_count": len(ids),
                        "next_page_token": str(following) if following < len(ids) else ""})

    def inventory(self, request: Request, product_id: str) -> Reply:
        skus = request.json().get("skus") or []
        if not skus:
            return self.error(12052700, "skus is required")
        errors = []
        for entry in skus:
            listing = self.unit(product_id, entry.get("id"))
            inventory = entry.get("inventory") or [{}]
            if listing is None:
                errors.append({"code": 12019016, "message": "The SKU does not exist", "detail": {"sku_id": entry.get("id")}})
            elif inventory[0].get("warehouse_id") != WAREHOUSE:
                errors.append({"code": 12052215, "message": "warehouse_id is invalid", "detail": {"sku_id": entry.get("id")}})
            else:
                refusal = self.set_stock(listing.sku, int(inventory[0].get("quantity", -1)))
                if refusal:
                    errors.append({"code": int(refusal[0]) if refusal[0].isdigit() else 12052990, "message": refusal[1],
                                   "detail": {"sku_id": entry.get("id")}})
        return self.ok({"errors": errors} if errors else {})

    def prices(self, request: Request, product_id: str) -> Reply:
        for entry in request.json().get("skus") or []:
            listing = self.unit(product_id, entry.get("id"))
            if listing is None:
                return self.error(12019016, "The SKU does not exist")
            listing.price = int(float(entry["price"]["amount"]))
        return self.ok({})

    # -- orders -----------------------------------------------------------------------------------

    def place_order(self, lines, **kw: Any) -> str:
        order_id = super().place_order(lines, **kw)
        with self.lock:
            package = str(1150000000000000000 + self.next_id())
            self.packages[package] = order_id
            self.line_items[order_id] = [
                {"id": str(577000000000000000 + self.next_id()), "sku_id": self.listings[sku].variation_id,
                 "seller_sku": sku, "product_id": self.listings[sku].item_id, "product_name": self.listings[sku].name,
                 "sale_price": str(self.listings[sku].price), "original_price": str(self.listings[sku].price),
                 "currency": "VND", "package_id": package}
                for sku, quantity in lines for _ in range(quantity)]
        return order_id

    def new_order_id(self) -> str:
        return str(576461413038785000 + self.next_id())

    def _package_of(self, order_id: str) -> str:
        return next(p for p, o in self.packages.items() if o == order_id)

    def _order_json(self, order: SimOrder) -> dict:
        line_items = self.line_items[order.order_id]
        total = self.order_total(order)
        return {"id": order.order_id, "status": order.status, "create_time": int(order.created), "update_time": int(order.updated),
                "buyer_message": "", "cancel_reason": "", "is_cod": True, "tracking_number": order.tracking,
                "recipient_address": {"name": order.buyer_name, "phone_number": "(+84)" + order.phone[1:],
                                      "full_address": order.address, "address_detail": order.address.split(",")[0],
                                      "district_info": [{"address_level_name": "Country", "address_name": "Việt Nam"},
                                                        {"address_level_name": "Province", "address_name": "Hà Nội"}]},
                "payment": {"currency": "VND", "sub_total": str(total), "shipping_fee": "0", "total_amount": str(total)},
                "line_items": line_items, "packages": [{"id": self._package_of(order.order_id)}]}

    def orders_search(self, request: Request) -> Reply:
        q, body = request.query, request.json()
        size = int(q.get("page_size", 10))
        if not 1 <= size <= 100:
            return self.error(36009001, "page_size must be between 1 and 100")
        since = int(body.get("update_time_ge") or 0)
        with self.lock:
            chosen = sorted((o for o in self.orders.values() if int(o.updated) >= since), key=lambda o: (o.updated, o.order_id))
            offset = int(q.get("page_token") or 0)
            page = [self._order_json(o) for o in chosen[offset:offset + size]]
        following = offset + size
        return self.ok({"orders": page, "total_count": len(chosen),
                        "next_page_token": str(following) if following < len(chosen) else ""})

    def orders_get(self, request: Request) -> Reply:
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 50:
            return self.error(36009001, "ids must hold 1 to 50 order ids")
        return self.ok({"orders": [self._order_json(self.orders[i]) for i in ids if i in self.orders]})

    # -- fulfillment ------------------------------------------------------------------------------

    def statement(self, request: Request, order_id: str) -> Reply:
        order = self.orders.get(order_id)
        if order is None:
            return self.error(36009001, "order not found")
        if order.status not in ("DELIVERED", "COMPLETED"):
            return self.ok({"order_id": order_id, "statement_transactions": []})
        total = self.order_total(order)
        commission, transaction = total * 5 // 100, total * 2 // 100
        return self.ok({"order_id": order_id, "statement_transactions": [{
            "id": f"st{order_id}", "currency": "VND", "revenue_amount": str(total),
            "platform_commission_amount": f"-{commission}", "transaction_fee_amount": f"-{transaction}",
            "settlement_amount": str(total - commission - transaction)}]})

    def set_order_status(self, channel_order_id: str, status: str) -> None:
        if status == "returned":  # the order stays delivered; a completed return records the goods coming back
            super().set_order_status(channel_order_id, "DELIVERED")
            self.returns[channel_order_id] = {"return_id": f"R{channel_order_id}", "order_id": channel_order_id,
                                              "return_type": "RETURN_AND_REFUND",
                                              "return_status": "RETURN_OR_REFUND_REQUEST_COMPLETE"}
            return
        super().set_order_status(channel_order_id, status)

    def returns_search(self, request: Request) -> Reply:
        ids = request.json().get("order_ids") or []
        return self.ok({"return_orders": [self.returns[i] for i in ids if i in self.returns], "total_count": 0})

    def ship(self, request: Request, package: str) -> Reply:
        order = self.orders.get(self.packages.get(package, ""))
        if order is None:
            return self.error(21011001, "package not found")
        if request.json().get("handover_method") not in ("PICKUP", "DROP_OFF"):
            return self.error(36009001, "handover_method must be PICKUP or DROP_OFF")
        with self.lock:
            if order.status != "AWAITING_SHIPMENT":
                return self.error(21011013, f"The package cannot be shipped in status {order.status}")
            order.status, order.shipped, order.tracking = "AWAITING_COLLECTION", True, f"TTVN{self.next_id():010d}"
            order.updated = self.now()
        return self.ok({})

    def package(self, request: Request, package: str) -> Reply:
        order = self.orders.get(self.packages.get(package, ""))
        if order is None:
            return self.error(21011001, "package not found")
        return self.ok({"package_id": package, "tracking_number": order.tracking, "package_status": order.status,
                        "orders": [{"id": order.order_id}]})

    def document(self, request: Request, package: str) -> Reply:
        order = self.orders.get(self.packages.get(package, ""))
        if order is None or not order.tracking:
            return self.error(21011020, "The shipping document is not ready: ship the package first")
        if request.query.get("document_type") != "SHIPPING_LABEL":
            return self.error(36009001, "document_type must be SHIPPING_LABEL")
        name = uuid.uuid4().hex
        self.documents[name] = label_pdf("TikTok Shop", [(order.order_id, order.tracking)])
        return self.ok({"doc_url": f"{self.url}/documents/{name}", "tracking_number": order.tracking})


ROUTES = {
    ("GET", r"/authorization/202309/shops"): TiktokSimulator.shops,
    ("GET", r"/logistics/202309/warehouses"): TiktokSimulator.warehouses,
    ("POST", r"/product/202309/products/search"): TiktokSimulator.products,
    ("POST", r"/product/202309/products/(\d+)/inventory/update"): TiktokSimulator.inventory,
    ("POST", r"/product/202309/products/(\d+)/prices/update"): TiktokSimulator.prices,
    ("POST", r"/order/202309/orders/search"): TiktokSimulator.orders_search,
    ("GET", r"/order/202309/orders"): TiktokSimulator.orders_get,
    ("GET", r"/finance/202309/orders/(\d+)/statement_transactions"): TiktokSimulator.statement,
    ("POST", r"/return_refund/202309/returns/search"): TiktokSimulator.returns_search,
    ("POST", r"/fulfillment/202309/packages/(\d+)/ship"): TiktokSimulator.ship,
    ("GET", r"/fulfillment/202309/packages/(\d+)"): TiktokSimulator.package,
    ("GET", r"/fulfillment/202309/packages/(\d+)/shipping_documents"): TiktokSimulator.document,
}


def start(latency: float = 0.0, **options: Any) -> TiktokSimulator:
    """A TikTok Shop simulator listening on 127.0.0.1 (see tests/channels/simulators/__init__.py)."""
    return TiktokSimulator.launch(latency, **options)
