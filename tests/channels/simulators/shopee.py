"""A Shopee Open Platform v2 simulator written from Shopee's documentation (not from our client).

Pages (https://open.shopee.com):
* developer-guide/16 "API calls": common parameters in the query, answer envelope
  ``{request_id, error, message, warning, response}``, timestamps valid 5 minutes, the base
  strings and HMAC-SHA256 hex signature (checked here exactly as documented).
* developer-guide/20 "Authorization and Authentication": ``/api/v2/auth/token/get`` (code valid
  10 minutes, once), ``/api/v2/auth/access_token/get`` (refresh token used once, replaced on every
  refresh, valid 30 days; access token 4 hours, the previous one valid 5 more minutes), both
  answering at the top level; errors ``error_auth``/"Invalid refresh_token.", ``refresh_token_expired``.
* "Stock & Price Management" and API reference v2.product.update_stock / update_price (one
  item_id per call; ``success_list`` / ``failure_list``), get_item_list (page_size ≤ 100),
  get_item_base_info (≤ 50 ids), get_model_list.
* API reference v2.order.get_order_list (page_size ≤ 100, range ≤ 15 days, ``cursor``/``more``),
  get_order_detail (≤ 50 order_sn), v2.payment.get_escrow_detail.
* API reference v2.logistics.get_shipping_parameter, ship_order, get_tracking_number,
  create_shipping_document, get_shipping_document_result, download_shipping_document.

Shopee publishes no numeric rate limit; the simulator enforces `rate_per_s` and answers HTTP 429.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from typing import Any

from .base import Reply, Request, SimOrder, Simulator, json_reply
from .labels import label_pdf

ACCESS_TTL = 4 * 3600
OLD_ACCESS_GRACE = 300
PUBLIC_PATHS = {"/api/v2/auth/token/get", "/api/v2/auth/access_token/get"}


class ShopeeSimulator(Simulator):
    platform = "shopee"
    stock_path = "/api/v2/product/update_stock"  # where stock pushes go (a regular expression, for fault injection)
    ship_path = "/api/v2/logistics/ship_order"  # the call that arranges a shipment
    rate_per_s = 12.0  # the quota is unpublished: the connector keeps 10/s, 20% under it
    initial_status = "READY_TO_SHIP"
    access_ttl = ACCESS_TTL  # "each access_token is valid for 4 hours"
    refresh_ttl = 30 * 86400  # "each refresh_token is valid for 30 days"
    every_unit_has_variation = False  # an item without variations has no model (model_id 0)
    # The message Shopee gives when a promotion holds the stock (update_stock failure_list).
    lock_code = ("error_item_promotion", "Item is in promotion, stock can not be edited.")
    status_names = {"cancelled": "CANCELLED", "shipped": "SHIPPED", "delivered": "TO_CONFIRM_RECEIVE",
                    "completed": "COMPLETED", "returned": "TO_RETURN", "unpaid": "UNPAID", "paid": "READY_TO_SHIP"}

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.partner_id = 2001887
        self.partner_key = "shpk" + secrets.token_hex(30)
        self.shop_id = "14701711"
        self.documents: set[str] = set()
        self.code_expiry: dict[str, float] = {}

    # -- accounts ---------------------------------------------------------------------------------

    def credentials(self) -> dict[str, str]:
        access, refresh = self.issue_tokens()
        return {"partner_id": str(self.partner_id), "partner_key": self.partner_key, "access_token": access,
                "refresh_token": refresh}

    def issue_code(self) -> str:
        code = super().issue_code()
        self.code_expiry[code] = self.now() + 600  # "valid for only once and expires after 10 minutes"
        return code

    # -- envelope ---------------------------------------------------------------------------------

    def ok(self, response: Any) -> Reply:
        return json_reply({"request_id": uuid.uuid4().hex, "error": "", "message": "", "response": response})

    def error(self, code: str, message: str, status: int = 200) -> Reply:
        return json_reply({"request_id": uuid.uuid4().hex, "error": code, "message": message}, status)

    def rate_limit_reply(self) -> Reply:
        return self.error("error_rate_limit", "Too many requests, please slow down.", 429)

    def bad_request(self, message: str) -> Reply:
        return self.error("error_param", message)

    # -- authentication (developer-guide/16, /20) -------------------------------------------------

    def _authenticate(self, request: Request) -> Reply | None:
        q = request.query
        try:
            partner_id, ts = int(q["partner_id"]), int(q["timestamp"])
        except (KeyError, ValueError):
            return self.error("error_param", "partner_id and timestamp are required.")
        if partner_id != self.partner_id:
            return self.error("error_partner", "Invalid partner_id.")
        if abs(self.now() - ts) > self.timestamp_window_s:
            return self.error("error_param", "Invalid timestamp.")
        public = request.path in PUBLIC_PATHS
        base = f"{partner_id}{request.path}{ts}" if public else f"{partner_id}{request.path}{ts}{q.get('access_token', '')}{q.get('shop_id', '')}"
        expected = hmac.new(self.partner_key.encode(), base.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, q.get("sign", "")):
            self.refused_signatures += 1
            return self.error("error_sign", "Wrong sign.")
        if public:
            return None
        if q.get("shop_id") != self.shop_id:
            return self.error("error_auth", "Invalid shop_id.")
        if not self.access_ok(q.get("access_token", "")):
            return self.error("invalid_acceess_token", "Invalid access_token.")
        return None

    def route(self, request: Request) -> Reply:
        refused = self._authenticate(request)
        if refused is not None:
            return refused
        handler = ROUTES.get((request.method, request.path))
        if handler is None:
            return self.error("error_not_found", f"No API {request.path}", 404)
        return handler(self, request)

    def token_get(self, request: Request) -> Reply:
        body = request.json()
        with self.lock:
            known = str(body.get("code")) in self.codes
            self.codes.discard(str(body.get("code")))
            expires = self.code_expiry.get(str(body.get("code")), 0)
        if not known or self.now() > expires or str(body.get("shop_id", "")) != self.shop_id:
            return self.error("invalid_code", "The code is expired or used or invalid.")
        access, refresh = self.issue_tokens()
        return json_reply({"refresh_token": refresh, "access_token": access, "expire_in": ACCESS_TTL,
                           "request_id": uuid.uuid4().hex, "error": "", "message": ""})

    def token_refresh(self, request: Request) -> Reply:
        body = request.json()
        with self.lock:
            expires = self.refresh.get(str(body.get("refresh_token")))
            if expires is None or str(body.get("shop_id", "")) != self.shop_id:
                return self.error("error_auth", "Invalid refresh_token.")
            if self.now() >= expires:
                return self.error("refresh_token_expired", "Your refresh_token expired.")
            del self.refresh[str(body["refresh_token"])]  # "can be used once only"
            for token, until in list(self.access.items()):  # the old access token: 5 more minutes
                self.access[token] = min(until, self.now() + OLD_ACCESS_GRACE)
        access, refresh = self.issue_tokens()
        return json_reply({"partner_id": self.partner_id, "refresh_token": refresh, "access_token": access,
                           "expire_in": ACCESS_TTL, "request_id": uuid.uuid4().hex, "error": "", "message": "",
                           "shop_id": int(self.shop_id)})

    def shop_info(self, request: Request) -> Reply:
        return json_reply({"shop_name": "HTX Simulator", "region": "VN", "status": "NORMAL",
                           "expire_time": int(self.now()) + 300 * 86400, "request_id": uuid.uuid4().hex,
                           "error": "", "message": ""})

    # -- products ---------------------------------------------------------------------------------

    def _has_model(self, listings: list) -> bool:
        return len(listings) > 1 or listings[0].variation_id != "0"

    def item_list(self, request: Request) -> Reply:
        offset, size = int(request.query.get("offset", 0)), int(request.query["page_size"])
        if not 1 <= size <= 100:
            return self.error("error_param", "page_size should be between 1 and 100.")
        ids = sorted(self.items, key=int)
        page = ids[offset:offset + size]
        return self.ok({"item": [{"item_id": int(i), "item_status": "NORMAL"} for i in page], "total_count": len(ids),
                        "has_next_page": offset + size < len(ids), "next_offset": offset + size})

    def item_base_info(self, request: Request) -> Reply:
        ids = [i for i in request.query["item_id_list"].split(",") if i]
        if len(ids) > 50:
            return self.error("error_param", "item_id_list exceeds 50.")
        items = self.items
        out = []
        for item_id in ids:
            listings = items.get(item_id)
            if not listings:
                continue
            first = listings[0]
            entry = {"item_id": int(item_id), "item_name": first.name, "item_status": "NORMAL",
                     "has_model": self._has_model(listings), "item_sku": "" if self._has_model(listings) else first.sku}
            if not self._has_model(listings):
                entry["gtin_code"] = first.gtin
                entry["price_info"] = [{"currency": "VND", "original_price": float(first.price), "current_price": float(first.price)}]
                entry["stock_info_v2"] = {"seller_stock": [{"stock": first.stock}]}
            out.append(entry)
        return self.ok({"item_list": out})

    def model_list(self, request: Request) -> Reply:
        listings = self.items.get(request.query["item_id"], [])
        models = [{"model_id": int(x.variation_id), "model_sku": x.sku, "gtin_code": x.gtin, "model_name": x.name,
                   "price_info": [{"original_price": float(x.price), "current_price": float(x.price)}],
                   "stock_info_v2": {"seller_stock": [{"stock": x.stock}]}} for x in listings if x.variation_id != "0"]
        return self.ok({"tier_variation": [{"name": "Loại", "option_list": [{"option": x.name} for x in listings]}], "model": models})

    def update_stock(self, request: Request) -> Reply:
        body = request.json()
        stock_list = body.get("stock_list") or []
        if not stock_list or len(stock_list) > 50:
            return self.error("error_param", "stock_list length should be between 1 and 50.")
        success, failure = [], []
        for entry in stock_list:
            listing = self.unit(body.get("item_id"), entry.get("model_id"))
            quantity = int(entry["seller_stock"][0]["stock"])
            refusal = ("error_item_not_found", "item or model not found") if listing is None else self.set_stock(listing.sku, quantity)
            if refusal:
                failure.append({"model_id": entry.get("model_id", 0), "failed_reason": refusal[1]})
            else:
                success.append({"model_id": entry.get("model_id", 0), "seller_stock": [{"stock": quantity}]})
        return self.ok({"success_list": success, "failure_list": failure})

    def update_price(self, request: Request) -> Reply:
        body = request.json()
        success, failure = [], []
        for entry in body.get("price_list") or []:
            listing = self.unit(body.get("item_id"), entry.get("model_id"))
            if listing is None:
                failure.append({"model_id": entry.get("model_id", 0), "failed_reason": "item or model not found"})
                continue
            listing.price = int(round(float(entry["original_price"])))
            success.append({"model_id": entry.get("model_id", 0), "original_price": entry["original_price"]})
        return self.ok({"success_list": success, "failure_list": failure})

    # -- orders -----------------------------------------------------------------------------------

    def order_list(self, request: Request) -> Reply:
        q = request.query
        field_name = q.get("time_range_field", "create_time")
        start, end, size = int(q["time_from"]), int(q["time_to"]), int(q["page_size"])
        if end - start > 15 * 86400:
            return self.error("error_param", "The time range should not exceed 15 days.")
        if not 1 <= size <= 100:
            return self.error("error_param", "page_size should be between 1 and 100.")
        key = "updated" if field_name == "update_time" else "created"
        with self.lock:
            chosen = sorted((o for o in self.orders.values() if start <= int(getattr(o, key)) <= end), key=lambda o: (getattr(o, key), o.order_id))
        offset = int(q.get("cursor") or 0)
        with_status = "order_status" in q.get("response_optional_fields", "")
        page = chosen[offset:offset + size]
        more = offset + size < len(chosen)
        return self.ok({"more": more, "next_cursor": str(offset + size) if more else "",
                        "order_list": [{"order_sn": o.order_id, **({"order_status": o.status} if with_status else {})}
                                       for o in page]})

    def order_detail(self, request: Request) -> Reply:
        ids = [i for i in request.query["order_sn_list"].split(",") if i]
        if len(ids) > 50:
            return self.error("error_param", "order_sn_list exceeds 50.")
        return self.ok({"order_list": [self._order_json(self.orders[i]) for i in ids if i in self.orders]})

    def _order_json(self, order: SimOrder) -> dict:
        items = []
        for sku, quantity in order.lines:
            x = self.listings[sku]
            items.append({"item_id": int(x.item_id), "item_name": x.name, "item_sku": "" if x.variation_id != "0" else x.sku,
                          "model_id": int(x.variation_id), "model_name": x.name, "model_sku": x.sku if x.variation_id != "0" else "",
                          "model_quantity_purchased": quantity, "model_original_price": float(x.price),
                          "model_discounted_price": float(x.price)})
        return {"order_sn": order.order_id, "region": "VN", "currency": "VND", "cod": False,
                "total_amount": float(self.order_total(order)), "order_status": order.status,
                "shipping_carrier": "SPX Express", "payment_method": "ShopeePay",
                "create_time": int(order.created), "update_time": int(order.updated),
                "buyer_user_id": 9000 + int(order.order_id) % 1000, "buyer_username": "buyer_" + order.order_id[-4:],
                "recipient_address": {"name": order.buyer_name, "phone": order.phone, "full_address": order.address,
                                      "town": "", "district": "", "city": "Hà Nội", "state": "Hà Nội", "region": "VN", "zipcode": ""},
                "item_list": items, "note": ""}

    def escrow_detail(self, request: Request) -> Reply:
        order = self.orders[request.query["order_sn"]]
        total = self.order_total(order)
        commission, service, transaction = total * 4 // 100, total * 3 // 100, total * 2 // 100
        return self.ok({"order_sn": order.order_id, "order_income": {
            "buyer_total_amount": float(total), "commission_fee": float(commission), "service_fee": float(service),
            "seller_transaction_fee": float(transaction), "actual_shipping_fee": 0.0,
            "escrow_amount": float(total - commission - service - transaction)}})

    # -- logistics --------------------------------------------------------------------------------

    def shipping_parameter(self, request: Request) -> Reply:
        if request.query["order_sn"] not in self.orders:
            return self.error("error_not_found", "order not found")
        return self.ok({"info_needed": {"dropoff": [], "pickup": ["address_id", "pickup_time_id"]},
                        "pickup": {"address_list": [{"address_id": 7001, "address": "Kho HTX", "address_flag": ["default_address", "pickup_address"],
                                                     "time_slot_list": [{"pickup_time_id": "slot-1", "date": int(self.now()) + 86400}]}]}})

    def ship_order(self, request: Request) -> Reply:
        body = request.json()
        with self.lock:
            order = self.orders.get(str(body.get("order_sn")))
            if order is None:
                return self.error("error_not_found", "order not found")
            pickup = body.get("pickup") or {}
            if pickup.get("address_id") != 7001 or pickup.get("pickup_time_id") != "slot-1":
                return self.error("error_param", "pickup address_id and pickup_time_id are required.")
            if order.status != "READY_TO_SHIP":
                return self.error("logistics.ship_order_invalid", f"Order status {order.status} can not be shipped.")
            order.status, order.shipped, order.tracking = "PROCESSED", True, f"SPXVN{order.order_id}"
            order.updated = self.now()
        return self.ok({})

    def tracking_number(self, request: Request) -> Reply:
        order = self.orders[request.query["order_sn"]]
        return self.ok({"tracking_number": order.tracking})

    def create_document(self, request: Request) -> Reply:
        results = []
        for entry in request.json().get("order_list") or []:
            order = self.orders.get(str(entry.get("order_sn")))
            if order is None or not order.tracking:
                results.append({"order_sn": entry.get("order_sn"), "fail_error": "logistics.package_not_ready", "fail_message": "not shipped"})
            else:
                self.documents.add(order.order_id)
                results.append({"order_sn": order.order_id})
        return self.ok({"result_list": results})

    def document_result(self, request: Request) -> Reply:
        return self.ok({"result_list": [
            {"order_sn": e.get("order_sn"), "status": "READY" if str(e.get("order_sn")) in self.documents else "FAILED"}
            for e in request.json().get("order_list") or []]})

    def download_document(self, request: Request) -> Reply:
        parcels = []
        for entry in request.json().get("order_list") or []:
            sn = str(entry.get("order_sn"))
            if sn not in self.documents:
                return self.error("logistics.shipping_document_should_print_first", f"{sn}: create the document first")
            parcels.append((sn, self.orders[sn].tracking))
        return Reply(200, label_pdf("Shopee", parcels), "application/pdf")


ROUTES = {
    ("POST", "/api/v2/auth/token/get"): ShopeeSimulator.token_get,
    ("POST", "/api/v2/auth/access_token/get"): ShopeeSimulator.token_refresh,
    ("GET", "/api/v2/shop/get_shop_info"): ShopeeSimulator.shop_info,
    ("GET", "/api/v2/product/get_item_list"): ShopeeSimulator.item_list,
    ("GET", "/api/v2/product/get_item_base_info"): ShopeeSimulator.item_base_info,
    ("GET", "/api/v2/product/get_model_list"): ShopeeSimulator.model_list,
    ("POST", "/api/v2/product/update_stock"): ShopeeSimulator.update_stock,
    ("POST", "/api/v2/product/update_price"): ShopeeSimulator.update_price,
    ("GET", "/api/v2/order/get_order_list"): ShopeeSimulator.order_list,
    ("GET", "/api/v2/order/get_order_detail"): ShopeeSimulator.order_detail,
    ("GET", "/api/v2/payment/get_escrow_detail"): ShopeeSimulator.escrow_detail,
    ("GET", "/api/v2/logistics/get_shipping_parameter"): ShopeeSimulator.shipping_parameter,
    ("POST", "/api/v2/logistics/ship_order"): ShopeeSimulator.ship_order,
    ("GET", "/api/v2/logistics/get_tracking_number"): ShopeeSimulator.tracking_number,
    ("POST", "/api/v2/logistics/create_shipping_document"): ShopeeSimulator.create_document,
    ("POST", "/api/v2/logistics/get_shipping_document_result"): ShopeeSimulator.document_result,
    ("POST", "/api/v2/logistics/download_shipping_document"): ShopeeSimulator.download_document,
}


def start(latency: float = 0.0, **options: Any) -> ShopeeSimulator:
    """A Shopee simulator listening on 127.0.0.1 (see tests/channels/simulators/__init__.py)."""
    return ShopeeSimulator.launch(latency, **options)
