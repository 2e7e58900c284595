"""A Tiki Open API simulator written from Tiki's documentation (https://open.tiki.vn/docs/docs/current/).

Pages:
* oauth-2-0/auth-flows/authorization-code-flow, refresh-token, client-credentials: ``POST
  /sc/oauth2/token`` with the app's credentials in a Basic header (checked here: a wrong client
  secret is refused with ``invalid_client``, the way Tiki authenticates an app, since it signs no
  request); grants ``authorization_code``, ``refresh_token``, ``client_credentials``; answers
  ``access_token``, ``expires_in``, ``refresh_token``, ``token_type``; OAuth errors
  ``{"error", "error_description"}``.
* Every API call: ``Authorization: Bearer <access_token>``; 401 ``invalid_token`` when expired.
* api-references/seller-api: ``/integration/v2/sellers/me``, ``/integration/v2/sellers/me/warehouses``.
* api-references/product-api, guides/products/update-product-information: ``/integration/v2/products``
  (``page``, ``limit``, ``paging``), ``PUT /integration/v2.1/products/updateSkus`` (``data[]``).
* api-references/order-api-v2, guides/tiki-theory-v2/order-v2: ``/integration/v2/orders``,
  ``/integration/v2/orders/{code}``, drop-ship ``expected-pickup-times``, ``confirm-available``,
  ``labels`` (the shipping stamp).
Tiki states no rate limit there; the simulator enforces `rate_per_s` with HTTP 429.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl

from .base import Reply, Request, SimOrder, Simulator, json_reply
from .labels import label_pdf

ACCESS_TTL = 4 * 3600
VN = timezone(timedelta(hours=7))
WAREHOUSE = 1034


class TikiSimulator(Simulator):
    platform = "tiki"
    stock_path = r"/integration/v2\.1/products/updateSkus"  # where stock pushes go (a regular expression, for fault injection)
    ship_path = r"/integration/v2/orders/\d+/dropship/confirm-available"  # the call that arranges a shipment
    rate_per_s = 12.0  # the quota is unpublished: the connector keeps 10/s, 20% under it
    initial_status = "queueing"
    access_ttl = ACCESS_TTL
    every_unit_has_variation = False
    lock_code = ("rejected", "Sản phẩm đang tham gia chương trình khuyến mãi, không thể cập nhật tồn kho")
    status_names = {"cancelled": "canceled", "shipped": "shipping", "delivered": "successful_delivery",
                    "completed": "complete", "returned": "returned", "unpaid": "waiting_payment", "paid": "queueing"}

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.client_id = "7590139168389961"
        self.client_secret = secrets.token_urlsafe(24)
        self.documents: dict[str, bytes] = {}
        self.children: dict[str, Any] = {}  # child product id -> unit

    def add_item(self, seller_sku: str, **kw: Any) -> tuple[str, str | None]:
        item_id, variation = super().add_item(seller_sku, **kw)
        if variation is not None:
            self.children[variation] = self.listings[seller_sku]
        return item_id, variation

    def credentials(self) -> dict[str, str]:
        access, refresh = self.issue_tokens()
        return {"client_id": self.client_id, "client_secret": self.client_secret, "access_token": access,
                "refresh_token": refresh}

    def error(self, code: str, description: str, status: int) -> Reply:
        return json_reply({"error": code, "error_description": description}, status)

    def rate_limit_reply(self) -> Reply:
        return self.error("too_many_requests", "Rate limit exceeded", 429)

    def bad_request(self, message: str) -> Reply:
        return self.error("invalid_request", message, 400)

    # -- authentication ---------------------------------------------------------------------------

    def _token(self, request: Request) -> Reply:
        expected = "Basic " + base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.headers.get("authorization") != expected:
            self.refused_signatures += 1
            return self.error("invalid_client", "Client authentication failed", 401)
        form = dict(parse_qsl(request.body.decode()))
        grant = form.get("grant_type")
        with self.lock:
            if grant == "authorization_code" and form.get("code") in self.codes:
                self.codes.discard(form["code"])
                access, refresh = self.issue_tokens()
            elif grant == "refresh_token":
                if not self.spend_refresh_token(form.get("refresh_token", "")):
                    return self.error("invalid_grant", "The refresh token is invalid, expired or revoked", 400)
                access, refresh = self.issue_tokens()
            elif grant == "client_credentials":
                access, refresh = self.issue_tokens(with_refresh=False)
            else:
                return self.error("invalid_grant", "The provided authorization grant is invalid", 400)
        answer = {"access_token": access, "expires_in": ACCESS_TTL, "scope": "offline product order inventory",
                  "token_type": "bearer"}
        if refresh:
            answer["refresh_token"] = refresh
        return json_reply(answer)

    def route(self, request: Request) -> Reply:
        if request.path == "/sc/oauth2/token" and request.method == "POST":
            return self._token(request)
        if request.path.startswith("/labels/"):
            data = self.documents.get(request.path.rsplit("/", 1)[-1])
            return Reply(200, data, "application/pdf") if data else self.error("not_found", "label not found", 404)
        header = request.headers.get("authorization", "")
        if not self.access_ok(header[7:] if header.startswith("Bearer ") else ""):
            return self.error("invalid_token", "The access token is invalid or has expired", 401)
        return self.dispatch(request, ROUTES) or self.error("not_found", f"No API {request.path}", 404)

    # -- seller, products -------------------------------------------------------------------------

    def seller(self, request: Request) -> Reply:
        return json_reply({"id": 5678, "name": "HTX Simulator", "active": 1, "can_update_product": 1,
                           "operation_models": ["dropship"], "registration_status": "completed"})

    def warehouses(self, request: Request) -> Reply:
        return json_reply({"data": [{"id": WAREHOUSE, "name": "Kho HTX", "status": 1, "street": "Số 1 Tràng Tiền"}]})

    def _product(self, listing) -> dict:
        grouped = listing.variation_id != "0"
        return {"product_id": int(listing.variation_id if grouped else listing.item_id), "sku": f"TK{listing.item_id}",
                "original_sku": listing.sku, "name": listing.name, "price": listing.price, "active": 1,
                "super_id": int(listing.item_id) if grouped else 0, "barcode": listing.gtin,
                "inventory": {"quantity_available": listing.stock, "warehouse_id": WAREHOUSE}}

    def products(self, request: Request) -> Reply:
        page, limit = int(request.query.get("page", 1)), int(request.query.get("limit", 20))
        if not 1 <= limit <= 50:
            return self.error("invalid_request", "limit must be between 1 and 50", 400)
        listings = sorted(self.listings.values(), key=lambda x: (int(x.item_id), x.variation_id))
        chosen = listings[(page - 1) * limit:page * limit]
        last = max(1, -(-len(listings) // limit))
        return json_reply({"data": [self._product(x) for x in chosen],
                           "paging": {"total": len(listings), "per_page": limit, "current_page": page, "last_page": last}})

    def _by_product_id(self, product_id: int):
        """A Tiki product id names a simple product (item, no variation) or a configurable's child."""
        return self.unit(product_id, 0) or self.children.get(str(product_id))

    def update_skus(self, request: Request) -> Reply:
        data = request.json().get("data") or []
        if not data:
            return self.error("invalid_request", "data is required", 400)
        results = []
        for entry in data:
            listing = self._by_product_id(entry.get("product_id", 0)) if entry.get("product_id") else self.listings.get(entry.get("original_sku", ""))
            if listing is None:
                results.append({"product_id": entry.get("product_id"), "state": "rejected", "errors": ["Product not found"]})
                continue
            refusal = None
            for quantity in entry.get("warehouse_quantities") or []:
                if int(quantity.get("warehouse_id", 0)) != WAREHOUSE:
                    refusal = ("rejected", f"Warehouse {quantity.get('warehouse_id')} is not the seller's")
                else:
                    refusal = self.set_stock(listing.sku, int(quantity["qty_available"]))
            if refusal is None and "price" in entry:
                listing.price = int(entry["price"])
            results.append({"product_id": entry.get("product_id"), "original_sku": listing.sku,
                            "state": "rejected" if refusal else "approved", "errors": [refusal[1]] if refusal else []})
        return json_reply({"data": results})

    # -- orders -----------------------------------------------------------------------------------

    def new_order_id(self) -> str:
        return str(745467000 + self.next_id())

    def _stamp(self, seconds: float) -> str:
        return datetime.fromtimestamp(seconds, VN).strftime("%Y-%m-%d %H:%M:%S")

    def _order_json(self, order: SimOrder) -> dict:
        items, fees_total = [], 0
        for index, (sku, quantity) in enumerate(order.lines):
            x = self.listings[sku]
            fee = x.price * quantity * 5 // 100
            fees_total += fee
            items.append({"id": int(order.order_id) * 100 + index, "product": self._product(x) | {"seller_product_code": sku},
                          "seller_income_detail": {"item_price": x.price, "item_qty": quantity, "sub_total": x.price * quantity,
                                                   "seller_fees": [{"fee_type_key": "commission_fee", "fee_type_name": "Phí hoa hồng",
                                                                    "fee_amount": fee}],
                                                   "seller_income": x.price * quantity - fee}})
        total = self.order_total(order)
        return {"code": order.order_id, "status": order.status, "fulfillment_type": "dropship",
                "created_at": self._stamp(order.created), "updated_at": self._stamp(order.updated),
                "invoice": {"subtotal": total, "grand_total": total, "collectible_amount": total,
                            "shipping_amount_after_discount": 0, "total_seller_fee": fees_total,
                            "total_seller_income": total - fees_total},
                "items": items, "customer": {"id": 1, "full_name": order.buyer_name},
                "shipping": {"tracking_code": order.tracking, "partner_name": "TikiNOW Smart Logistics",
                             "address": {"full_name": order.buyer_name, "street": order.address.split(",")[0],
                                         "ward": "Phường Hoàn Kiếm", "district": "", "region": "Hà Nội",
                                         "country": "Việt Nam", "phone": order.phone}}}

    def orders(self, request: Request) -> Reply:
        q = request.query
        page, limit = int(q.get("page", 1)), int(q.get("limit", 20))
        if not 1 <= limit <= 50:
            return self.error("invalid_request", "limit must be between 1 and 50", 400)
        since = datetime.strptime(q["updated_from_date"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=VN).timestamp() \
            if q.get("updated_from_date") else 0
        with self.lock:
            chosen = sorted((o for o in self.orders.values() if int(o.updated) >= since), key=lambda o: (o.updated, o.order_id))
            data = [self._order_json(o) for o in chosen[(page - 1) * limit:page * limit]]
        return json_reply({"data": data, "paging": {"total": len(chosen), "per_page": limit, "current_page": page,
                                                    "last_page": max(1, -(-len(chosen) // limit))}})

    def order(self, request: Request, code: str) -> Reply:
        order = self.orders.get(code)
        return json_reply(self._order_json(order)) if order else self.error("not_found", "order not found", 404)

    def pickup_times(self, request: Request, code: str) -> Reply:
        start = datetime.fromtimestamp(self.now(), VN).replace(hour=9, minute=0, second=0) + timedelta(days=1)
        return json_reply({"expected_pickup_times": [{"label": "Sáng mai", "value": start.strftime("%Y-%m-%d %H:%M:%S")}]})

    def confirm(self, request: Request, code: str) -> Reply:
        body = request.json()
        with self.lock:
            order = self.orders.get(code)
            if order is None:
                return self.error("not_found", "order not found", 404)
            if body.get("seller_inventory_id") != WAREHOUSE or not body.get("expected_pickup_time"):
                return self.error("invalid_request", "seller_inventory_id and expected_pickup_time are required", 400)
            if order.status not in ("queueing", "processing"):
                return self.error("invalid_state", f"Order in status {order.status} can not be confirmed", 400)
            order.status, order.shipped, order.tracking = "ready_to_ship", True, f"TIKI{order.order_id}"
            order.updated = self.now()
        return json_reply({"success": True})

    def labels(self, request: Request, code: str) -> Reply:
        order = self.orders.get(code)
        if order is None or not order.tracking:
            return self.error("invalid_state", "Confirm the order before printing its stamp", 400)
        name = uuid.uuid4().hex
        self.documents[name] = label_pdf("Tiki", [(order.order_id, order.tracking)])
        return json_reply({"label_url": f"{self.url}/labels/{name}"})


ROUTES = {
    ("GET", r"/integration/v2/sellers/me"): TikiSimulator.seller,
    ("GET", r"/integration/v2/sellers/me/warehouses"): TikiSimulator.warehouses,
    ("GET", r"/integration/v2/products"): TikiSimulator.products,
    ("PUT", r"/integration/v2\.1/products/updateSkus"): TikiSimulator.update_skus,
    ("GET", r"/integration/v2/orders"): TikiSimulator.orders,
    ("GET", r"/integration/v2/orders/(\d+)"): TikiSimulator.order,
    ("GET", r"/integration/v2/orders/(\d+)/dropship/expected-pickup-times"): TikiSimulator.pickup_times,
    ("POST", r"/integration/v2/orders/(\d+)/dropship/confirm-available"): TikiSimulator.confirm,
    ("GET", r"/integration/v2/orders/(\d+)/dropship/labels"): TikiSimulator.labels,
}


def start(latency: float = 0.0, **options: Any) -> TikiSimulator:
    """A Tiki simulator listening on 127.0.0.1 (see tests/channels/simulators/__init__.py)."""
    return TikiSimulator.launch(latency, **options)

