"""TikTok Shop Partner API connector (202309 versions): signed calls, tokens, errors, orders, shipping.

Sources (TikTok Shop Partner Center, https://partner.tiktokshop.com/docv2/page/...):

* sign-your-api-request: signing.py; ``app_key``, ``timestamp`` (10 digits, "within 5 minutes"),
  ``sign`` and, for shop APIs, ``shop_cipher`` in the query; the access token in the
  ``x-tts-access-token`` header; JSON bodies.
* authorization-overview-202407: ``https://auth.tiktok-shops.com/oauth/authorize?app_key=…&state=…``;
  ``GET https://auth.tiktok-shops.com/api/v2/token/get`` (``grant_type=authorized_code``) and
  ``…/api/v2/token/refresh`` (``grant_type=refresh_token``) answer ``access_token``,
  ``access_token_expire_in``, ``refresh_token``, ``refresh_token_expire_in`` (Unix times).
* get-authorized-shops (``GET /authorization/202309/shops``: each shop's ``cipher``).
* common-errors: answers ``{code, message, request_id, data}`` with ``code == 0`` for success;
  105002 expired access token, 36009004 invalid credentials (or a timestamp out of range),
  106001 invalid sign, 36009002 too many requests (HTTP 429), 36009003 internal error,
  106013 missing shop_cipher.
* Product API 202309: Search Products (``page_size`` ≤ 100, ``page_token``), Update Inventory and
  Update Price (one product a call, its SKUs; per-SKU ``errors`` in ``data``), Get Warehouse
  List ``GET /logistics/202309/warehouses``.
* Order API 202309: Get Order List ``POST /order/202309/orders/search`` (``page_size`` ≤ 100,
  ``update_time_ge``/``update_time_lt``, whole orders in the answer), Get Order Detail
  ``GET /order/202309/orders?ids=`` (≤ 50 ids).
* Finance API 202309: Get Order Statement Transactions
  ``GET /finance/202309/orders/{order_id}/statement_transactions`` (fees and settlement of a
  delivered order).
* Return and Refund API 202309: Search Returns ``POST /return_refund/202309/returns/search``
  (``order_ids``; a completed ``RETURN_AND_REFUND`` means the goods came back).
* Fulfillment API 202309: Ship Package ``POST /fulfillment/202309/packages/{package_id}/ship``,
  Get Package Detail, Get Package Shipping Document
  ``GET /fulfillment/202309/packages/{package_id}/shipping_documents`` (``doc_url`` of the PDF; one
  package a call).

TikTok's per-endpoint quotas are shown to each app in Partner Center, not in the pages above, so
the pace below is our own; an HTTP 429 is retried by ChannelHttp with backoff.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from ..answers import compact_json, refused_batch, require_app_fields, retry_after, server_offset
from ..connector import ChannelConnector, ShipmentRef
from ..errors import (
    BadCredentials,
    BadResponse,
    ChannelError,
    ClockSkew,
    NeedsRelogin,
    RateLimited,
    Refused,
    TokenExpired,
)
from ..http import HttpAnswer, HttpRequest
from ..limits import ChannelLimits, Endpoint, EndpointLimit
from ..model import (
    Authorization,
    ChannelOrder,
    ItemPage,
    OrderPage,
    Platform,
    PriceUpdate,
    PushResult,
    Shipment,
    ShopInfo,
    StockUpdate,
    TokenPair,
)
from . import mapping, signing

PRODUCTION_URL = "https://open-api.tiktokglobalshop.com"
AUTH_URL = "https://auth.tiktok-shops.com"
DOCS = "https://partner.tiktokshop.com/docv2/page/sign-your-api-request"
ORDER_OVERLAP = timedelta(minutes=2)
TOKEN_EXPIRED = {"105002", "105001"}
CREDENTIALS = {"106001", "36009004", "105000"}

_PACE = "TikTok shows each app's quotas in Partner Center, not the docs; our own pace"
LIMITS = ChannelLimits(
    endpoints={
        Endpoint.AUTH: EndpointLimit(rate=2.0, burst=2, source=_PACE),
        Endpoint.ITEMS: EndpointLimit(rate=10.0, burst=10, batch=100, concurrency=4, source="Search Products: page_size ≤ 100; " + _PACE),
        Endpoint.STOCK: EndpointLimit(rate=10.0, burst=10, batch=100, concurrency=4, per_item=True,
                                      source="Update Inventory: one product a call; " + _PACE),
        Endpoint.PRICE: EndpointLimit(rate=10.0, burst=10, batch=100, concurrency=4, per_item=True,
                                      source="Update Price: one product a call; " + _PACE),
        Endpoint.ORDERS: EndpointLimit(rate=10.0, burst=10, batch=100, source="Get Order List: page_size ≤ 100"),
        Endpoint.ORDER_DETAIL: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4, source="Get Order Detail: ids ≤ 50"),
        Endpoint.SHIPMENT: EndpointLimit(rate=5.0, burst=5, concurrency=2, source="Ship Package: one package"),
        Endpoint.DOCUMENT: EndpointLimit(rate=5.0, burst=5, batch=1, source="Get Package Shipping Document: one package"),
    },
    default=EndpointLimit(rate=10.0, burst=10, source=_PACE),
    order_page_size=100,
)


class TiktokConnector(ChannelConnector):
    """One TikTok shop (``shop_cipher``) through the app's ``app_key``/``app_secret``."""

    platform = Platform.TIKTOK
    display_name = "TikTok Shop"
    app_fields = ("app_key", "app_secret", "shop_cipher")
    default_base_url = PRODUCTION_URL
    docs_url = DOCS
    limits = LIMITS

    def __init__(self, context) -> None:
        # shop_cipher is learnt after the authorisation (exchange_code): checked where it is used.
        require_app_fields(context.app, ("app_key", "app_secret"), self.display_name, numeric=())
        super().__init__(context)
        self._warehouse: str | None = None

    @property
    def _auth_base(self) -> str:
        return self.base_url if self.context.account.base_url else AUTH_URL

    def _request(self, method: str, path: str, endpoint: Endpoint, *, params: Mapping[str, Any] | None = None,
                 body: Any = None) -> HttpAnswer:
        app_key, secret = self.context.app["app_key"], self.context.app["app_secret"]
        extra = {k: str(v) for k, v in (params or {}).items() if v is not None}
        data = compact_json(body) if body is not None else b""

        def build() -> HttpRequest:
            query = {"app_key": app_key, "timestamp": str(self.http.timestamp()),
                     "shop_cipher": self.context.app.get("shop_cipher", ""), **extra}
            if path.startswith("/authorization/"):
                query.pop("shop_cipher")
            query["sign"] = signing.sign(path, query, data, secret)
            headers = {"Content-Type": "application/json", "x-tts-access-token": self.access_token()}
            return HttpRequest(method, self.base_url + path, query, headers, data or None)

        return self.http.send(build, endpoint)

    def _call(self, method: str, path: str, endpoint: Endpoint, *, params: Mapping[str, Any] | None = None,
              body: Any = None) -> dict:
        answer = self._request(method, path, endpoint, params=params, body=body)
        payload = answer.json()
        if not isinstance(payload, dict) or "code" not in payload:
            raise BadResponse("TikTok Shop", answer.status, str(payload)[:120])
        if str(payload["code"]) != "0":
            raise self._error(answer, payload)
        return payload.get("data") or {}

    def _error(self, answer: HttpAnswer, payload: dict) -> ChannelError:
        code, message = str(payload.get("code")), str(payload.get("message") or "")
        text = message.lower()
        if answer.status == 429 or code == "36009002":
            return RateLimited(retry_after(answer.headers), code, message)
        if code in TOKEN_EXPIRED or "access_token" in text and "expired" in text:
            return TokenExpired(code, message)
        if "timestamp" in text:
            offset = server_offset(answer.headers)
            if offset is not None:
                self.http.clock_offset = offset
            return ClockSkew(offset, code, message)
        if code in CREDENTIALS:
            return BadCredentials(code, message)
        return Refused(code, message)

    # -- authorisation ----------------------------------------------------------------------------

    def authorization_url(self, redirect_uri: str, state: str) -> str:
        # The redirect address is the one registered for the app in Partner Center.
        return f"{AUTH_URL}/oauth/authorize?{urlencode({'app_key': self.context.app['app_key'], 'state': state})}"

    def _token(self, path: str, params: dict[str, str], *, refreshing: bool) -> TokenPair:
        query = {"app_key": self.context.app["app_key"], "app_secret": self.context.app["app_secret"], **params}
        answer = self.http.send(lambda: HttpRequest("GET", self._auth_base + path, query), Endpoint.AUTH)
        payload = answer.json()
        if not isinstance(payload, dict):
            raise BadResponse("TikTok Shop", answer.status, str(payload)[:120])
        if str(payload.get("code")) != "0":
            if refreshing:
                raise NeedsRelogin(self.context.account.name, str(payload.get("code")), str(payload.get("message") or ""))
            raise self._error(answer, payload)
        data = payload.get("data") or {}
        if not data.get("access_token"):
            raise BadResponse("TikTok Shop", answer.status, "token answer without access_token")
        return TokenPair(data["access_token"], data.get("refresh_token") or "",
                         mapping.when(data.get("access_token_expire_in")), mapping.when(data.get("refresh_token_expire_in")))

    def exchange_code(self, callback: Mapping[str, str], redirect_uri: str) -> Authorization:
        code = callback.get("code") or callback.get("auth_code")
        if not code:
            raise Refused("code", "TikTok's redirect carries a code")
        pair = self._token("/api/v2/token/get", {"auth_code": code, "grant_type": "authorized_code"}, refreshing=False)
        # The shop's cipher, which every shop API needs, comes from Get Authorized Shops.
        self.context.tokens.use(pair)
        shops = self._call("GET", "/authorization/202309/shops", Endpoint.AUTH).get("shops") or []
        if not shops:
            raise Refused("shops", "the authorisation covers no shop")
        shop = shops[0]
        return Authorization(pair, shop_id=str(shop.get("id") or "") or None, shop_name=shop.get("name"),
                             extra={"shop_cipher": str(shop.get("cipher") or "")})

    def refresh_tokens(self, refresh_token: str) -> TokenPair:
        return self._token("/api/v2/token/refresh", {"refresh_token": refresh_token, "grant_type": "refresh_token"},
                           refreshing=True)

    def shop_info(self) -> ShopInfo:
        shops = self._call("GET", "/authorization/202309/shops", Endpoint.AUTH).get("shops") or []
        cipher = self.context.app.get("shop_cipher")
        shop = next((s for s in shops if s.get("cipher") == cipher), None)
        if shop is None:
            raise BadCredentials("shop_cipher", "no authorised shop has this shop_cipher")
        return ShopInfo(str(shop.get("id")), str(shop.get("name") or ""), str(shop.get("region") or "VN"))

    # -- catalogue --------------------------------------------------------------------------------

    def list_items(self, cursor: str | None = None) -> ItemPage:
        params = {"page_size": 100, **({"page_token": cursor} if cursor else {})}
        data = self._call("POST", "/product/202309/products/search", Endpoint.ITEMS, params=params, body={"status": "ALL"})
        items = tuple(mapping.item(p) for p in data.get("products") or [])
        return ItemPage(items, data.get("next_page_token") or None)

    def _default_warehouse(self) -> str:
        if self._warehouse is None:
            warehouses = self._call("GET", "/logistics/202309/warehouses", Endpoint.ITEMS).get("warehouses") or []
            sales = [w for w in warehouses if w.get("type", "SALES_WAREHOUSE") == "SALES_WAREHOUSE"]
            chosen = next((w for w in sales if w.get("is_default")), sales[0] if sales else None)
            if chosen is None:
                raise Refused("warehouse", "the TikTok shop has no sales warehouse")
            self._warehouse = str(chosen["id"])
        return self._warehouse

    def push_stock(self, updates: Sequence[StockUpdate]) -> list[PushResult]:
        warehouse = self._default_warehouse() if any(u.location_id is None for u in updates) else ""
        return self._push(updates, "inventory/update", Endpoint.STOCK, lambda units: mapping.inventory_body(units, warehouse))

    def push_price(self, updates: Sequence[PriceUpdate]) -> list[PushResult]:
        return self._push(updates, "prices/update", Endpoint.PRICE, mapping.price_body)

    def _push(self, updates, action: str, endpoint: Endpoint, body_of) -> list[PushResult]:
        by_product: dict[str, list] = {}
        for update in updates:
            by_product.setdefault(update.item_id, []).append(update)
        results: list[PushResult] = []
        for product_id, units in by_product.items():
            for start in range(0, len(units), 100):
                chunk = units[start:start + 100]
                try:
                    data = self._call("POST", f"/product/202309/products/{self.segment(product_id)}/{action}", endpoint, body=body_of(chunk))
                except Refused as error:
                    results.extend(refused_batch(chunk, error))
                    continue
                results.extend(mapping.push_results(chunk, data))
        return results

    # -- orders -----------------------------------------------------------------------------------

    def pull_orders(self, cursor: str | None, since: datetime) -> OrderPage:
        state = json.loads(cursor) if cursor else {"from": int(since.timestamp()), "page": ""}
        params = {"page_size": 100, "sort_field": "update_time", "sort_order": "ASC",
                  **({"page_token": state["page"]} if state.get("page") else {})}
        data = self._call("POST", "/order/202309/orders/search", Endpoint.ORDERS, params=params,
                          body={"update_time_ge": int(state["from"])})
        orders = data.get("orders") or []
        refs = tuple(mapping.order_ref(o) for o in orders)
        # Whole orders come with the list; a delivered one is left to order_detail, which adds its
        # money and returns only when the engine sees it changed (a re-read window costs nothing).
        details = tuple(o for o in (mapping.order(raw) for raw in orders) if o.status not in mapping.SETTLED)
        if data.get("next_page_token"):
            return OrderPage(refs, json.dumps({"from": state["from"], "page": data["next_page_token"]}), True, details)
        latest = max((r.updated_at for r in refs if r.updated_at), default=None)
        start = int((latest - ORDER_OVERLAP).timestamp()) if latest else int(state["from"])
        return OrderPage(refs, json.dumps({"from": max(start, int(state["from"])), "page": ""}), False, details)

    def order_detail(self, channel_order_ids: Sequence[str]) -> list[ChannelOrder]:
        ids = list(channel_order_ids)
        orders: list[ChannelOrder] = []
        for start in range(0, len(ids), 50):
            data = self._call("GET", "/order/202309/orders", Endpoint.ORDER_DETAIL, params={"ids": ",".join(ids[start:start + 50])})
            orders += [self._with_money(mapping.order(o)) for o in data.get("orders") or []]
        return orders

    def _with_money(self, order: ChannelOrder) -> ChannelOrder:
        """A delivered order's fees and payout (Finance API) and whether its goods came back
        (Return and Refund API: TikTok keeps the order's own status when a return completes)."""
        if order.status not in mapping.SETTLED:
            return order
        data = self._call("GET", f"/finance/202309/orders/{self.segment(order.channel_order_id)}/statement_transactions",
                          Endpoint.ORDER_DETAIL)
        returns = self._call("POST", "/return_refund/202309/returns/search", Endpoint.ORDER_DETAIL,
                             body={"order_ids": [order.channel_order_id]})
        return mapping.with_returns(mapping.with_statement(order, data), returns.get("return_orders") or [])

    # -- shipping ---------------------------------------------------------------------------------

    def _package_of(self, ref: ShipmentRef) -> tuple[str, str]:
        (order,) = self.order_detail([ref.channel_order_id]) or [None]
        if order is None or not order.shipping.get("package_id"):
            raise Refused("package", f"TikTok order {ref.channel_order_id} has no package yet")
        return order.shipping["package_id"], order.status

    def arrange_shipment(self, ref: ShipmentRef) -> Shipment:
        """Ship Package with pickup (the TikTok-arranged carrier collects it); an order already
        shipped answers its package's tracking number."""
        package, status = self._package_of(ref)
        if status in ("UNPAID", "CANCELLED"):
            raise Refused(status, f"TikTok order {ref.channel_order_id} is {status}: it cannot be shipped")
        if status in ("AWAITING_SHIPMENT", "ON_HOLD"):
            try:
                self._call("POST", f"/fulfillment/202309/packages/{self.segment(package)}/ship", Endpoint.SHIPMENT,
                           body={"handover_method": "PICKUP"})
            except Refused:
                if self._package_of(ref)[1] in ("AWAITING_SHIPMENT", "ON_HOLD"):  # not a lost answer
                    raise
        detail = self._call("GET", f"/fulfillment/202309/packages/{self.segment(package)}", Endpoint.SHIPMENT)
        return Shipment(ref.channel_order_id, str(detail.get("tracking_number") or ""), {"package_id": package})

    def shipping_document(self, refs: Sequence[ShipmentRef]) -> bytes:
        """The shipping label PDF of one package (``doc_url``), downloaded as TikTok made it."""
        if len(refs) != 1:
            raise Refused("batch", "TikTok gives one package's shipping document a call")
        package = refs[0].shipping.get("package_id") or self._package_of(refs[0])[0]
        data = self._call("GET", f"/fulfillment/202309/packages/{self.segment(package)}/shipping_documents", Endpoint.DOCUMENT,
                          params={"document_type": "SHIPPING_LABEL", "document_size": "A6"})
        url = data.get("doc_url")
        if not url:
            raise BadResponse("TikTok Shop", 200, "no doc_url in the shipping document answer")
        return self.http.send(lambda: HttpRequest("GET", url), Endpoint.DOCUMENT).pdf()

