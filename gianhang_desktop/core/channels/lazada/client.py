"""Lazada Open Platform connector (Vietnam venture): signed calls, tokens, errors, orders, shipping.

Sources (Lazada Open Platform, https://open.lazada.com/apps/doc/doc?nodeId=10400):

* "API endpoint URLs" (docId=108065): Vietnam is ``https://api.lazada.vn/rest``.
* "Calling parameters" (docId=108067): system parameters ``app_key``, ``access_token``,
  ``timestamp`` (milliseconds, at most 7200 s from UTC), ``sign_method``, ``sign``.
* "Signature algorithm" (docId=108068) and "HTTP request sample" (docId=108069): signing.py.
* "Reconfigure Existing APP" (docId=108139): answers ``{"code": "0", "data": …, "request_id"}``;
  errors ``{"type": "ISV|ISP|SYSTEM", "code", "message", "request_id"}``; "Error messages"
  (docId=108138) for the three error types. The official SDK (lazop-sdk-python) sends the
  business parameters of a POST as form fields, signed like the query ones.
* Seller authorisation ("Seller authorization introduction"): the seller opens
  ``https://auth.lazada.com/oauth/authorize?response_type=code&force_auth=true&redirect_uri=…&client_id=APP_KEY``;
  ``/auth/token/create`` (``code``) and ``/auth/token/refresh`` (``refresh_token``) on
  ``https://auth.lazada.com/rest`` answer ``access_token``, ``refresh_token``, ``expires_in``,
  ``refresh_expires_in``, ``country_user_info``.
* API reference: GetProducts ``/products/get`` (``limit`` ≤ 50), UpdatePriceQuantity
  ``/product/price_quantity/update`` (XML ``payload``, "the maximum number of SKUs is 50"),
  GetOrders ``/orders/get`` (``limit`` ≤ 100, ``update_after``), GetMultipleOrderItems
  ``/orders/items/get`` (≤ 50 ids), GetShipmentProviders ``/shipment/providers/get``,
  SetStatusToPackedByMarketplace ``/order/pack``, SetStatusToReadyToShip ``/order/rts``,
  GetDocument ``/order/document/get`` (``doc_type=shippingLabel``; the file comes base64-encoded
  with its ``mime_type``), GetSeller ``/seller/get``, GetTransactionDetails
  ``/finance/transaction/details/get`` (``trade_order_id``; ``fee_name``/``amount`` rows: the
  fees and, summed, the payout of a delivered order).

Error codes read: ``ApiCallLimit`` ("…ban will last N seconds", HTTP 200), ``IllegalAccessToken`` (expired or invalid token), ``IllegalRefreshToken``,
``IncompleteSignature``, ``InvalidAppKey``, ``ApiCallLimit``/``AppCallLimit`` (rate) and, per
SKU in ``detail[]``, refusals such as "Negative sellable" while a campaign holds the stock.
Lazada shows each app's call quota in its console rather than in the documentation, so the pace
below is our own.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from ... import clock
from ..answers import refused_batch, require_app_fields, retry_after, server_offset
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

PRODUCTION_URL = "https://api.lazada.vn/rest"
AUTH_URL = "https://auth.lazada.com/rest"
AUTHORIZE_PAGE = "https://auth.lazada.com/oauth/authorize"
DOCS = "https://open.lazada.com/apps/doc/doc?nodeId=10400&docId=108136"
TOKEN_PATHS = ("/auth/token/create", "/auth/token/refresh")
ORDER_OVERLAP = timedelta(minutes=2)
NOT_SHIPPABLE = {"unpaid", "canceled", "cancelled", "returned", "failed"}

_PACE = "Lazada shows call quotas in the app console, not the docs; our own pace"
LIMITS = ChannelLimits(
    endpoints={
        Endpoint.AUTH: EndpointLimit(rate=2.0, burst=2, source=_PACE),
        Endpoint.ITEMS: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4, source="GetProducts: limit ≤ 50; " + _PACE),
        Endpoint.STOCK: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4,
                                      source="UpdatePriceQuantity: at most 50 SKUs a request; " + _PACE),
        Endpoint.PRICE: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4,
                                      source="UpdatePriceQuantity: at most 50 SKUs a request; " + _PACE),
        Endpoint.ORDERS: EndpointLimit(rate=10.0, burst=10, batch=100, source="GetOrders: limit ≤ 100"),
        Endpoint.ORDER_DETAIL: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4,
                                             source="GetMultipleOrderItems: order_ids ≤ 50"),
        Endpoint.SHIPMENT: EndpointLimit(rate=5.0, burst=5, concurrency=2, source="SetStatusToPackedByMarketplace, SetStatusToReadyToShip"),
        Endpoint.DOCUMENT: EndpointLimit(rate=5.0, burst=5, batch=20, source="GetDocument: order_item_ids of the orders printed"),
    },
    default=EndpointLimit(rate=10.0, burst=10, source=_PACE),
    order_page_size=100,
)


class LazadaConnector(ChannelConnector):
    """One Lazada seller (the access token names it) through the app's ``app_key``/``app_secret``."""

    platform = Platform.LAZADA
    display_name = "Lazada"
    app_fields = ("app_key", "app_secret")
    default_base_url = PRODUCTION_URL
    docs_url = DOCS
    limits = LIMITS

    def __init__(self, context) -> None:
        require_app_fields(context.app, self.app_fields, self.display_name, numeric=())
        super().__init__(context)

    def _url(self, path: str) -> str:
        if path in TOKEN_PATHS and not self.context.account.base_url:
            return AUTH_URL + path
        return self.base_url + path

    def _request(self, method: str, path: str, params: Mapping[str, Any] | None, endpoint: Endpoint,
                 *, with_token: bool = True) -> HttpAnswer:
        app_key, secret = self.context.app["app_key"], self.context.app["app_secret"]
        business = {k: str(v) for k, v in (params or {}).items() if v is not None}

        def build() -> HttpRequest:
            system = {"app_key": app_key, "timestamp": str(self.http.timestamp_ms()), "sign_method": signing.SIGN_METHOD}
            if with_token:
                system["access_token"] = self.access_token()
            system["sign"] = signing.sign(path, {**system, **business}, secret)
            if method == "GET":
                return HttpRequest("GET", self._url(path), {**system, **business})
            return HttpRequest("POST", self._url(path), system,
                               {"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"},
                               urlencode(business).encode("utf-8"))

        return self.http.send(build, endpoint)

    def _call(self, method: str, path: str, endpoint: Endpoint, params: Mapping[str, Any] | None = None, *,
              with_token: bool = True, partial: bool = False) -> dict:
        answer = self._request(method, path, params, endpoint, with_token=with_token)
        body = answer.json()
        if not isinstance(body, dict):
            raise BadResponse("Lazada", answer.status, str(body)[:120])
        code = str(body.get("code", "0"))
        if code != "0" and not (partial and body.get("detail")):
            raise self._error(answer, body, refreshing=path == "/auth/token/refresh")
        return body

    def _error(self, answer: HttpAnswer, body: dict, *, refreshing: bool = False) -> ChannelError:
        code = str(body.get("code") or f"HTTP {answer.status}")
        message = str(body.get("message") or "")
        text = f"{code} {message}".lower()
        if answer.status == 429 or "calllimit" in text or "call limit" in text:
            found = re.search(r"last (\d+) second", message)
            return RateLimited(float(found.group(1)) if found else retry_after(answer.headers), code, message)
        if refreshing or code in ("IllegalRefreshToken", "InvalidRefreshToken"):
            return NeedsRelogin(self.context.account.name, code, message)
        if code in ("IllegalAccessToken", "MissingAccessToken") or "access token" in text or "access_token" in text:
            return TokenExpired(code, message)
        if "timestamp" in text:
            offset = server_offset(answer.headers)
            if offset is not None:
                self.http.clock_offset = offset
            return ClockSkew(offset, code, message)
        if code in ("IncompleteSignature", "InvalidAppKey", "InvalidSignature", "AppWhiteIpLimit") or "signature" in text:
            return BadCredentials(code, message)
        return Refused(code, message)

    # -- authorisation ----------------------------------------------------------------------------

    def authorization_url(self, redirect_uri: str, state: str) -> str:
        query = {"response_type": "code", "force_auth": "true", "redirect_uri": redirect_uri,
                 "client_id": self.context.app["app_key"], "state": state, "country": "vn"}
        return f"{AUTHORIZE_PAGE}?{urlencode(query)}"

    def exchange_code(self, callback: Mapping[str, str], redirect_uri: str) -> Authorization:
        if not callback.get("code"):
            raise Refused("code", "Lazada's redirect carries a code")
        body = self._call("POST", "/auth/token/create", Endpoint.AUTH, {"code": callback["code"]}, with_token=False)
        seller = next(iter(body.get("country_user_info") or []), {})
        return Authorization(self._pair(body), shop_id=str(seller.get("seller_id") or "") or None,
                             shop_name=str(body.get("account") or "") or None)

    def refresh_tokens(self, refresh_token: str) -> TokenPair:
        body = self._call("POST", "/auth/token/refresh", Endpoint.AUTH, {"refresh_token": refresh_token}, with_token=False)
        return self._pair(body)

    def _pair(self, body: dict) -> TokenPair:
        if not body.get("access_token"):
            raise BadResponse("Lazada", 200, "token answer without access_token")
        now = clock.now_utc()
        access = now + timedelta(seconds=int(body.get("expires_in") or 0)) if body.get("expires_in") else None
        refresh = now + timedelta(seconds=int(body.get("refresh_expires_in") or 0)) if body.get("refresh_expires_in") else None
        return TokenPair(body["access_token"], body.get("refresh_token") or "", access, refresh)

    def shop_info(self) -> ShopInfo:
        data = self._call("GET", "/seller/get", Endpoint.AUTH).get("data") or {}
        return ShopInfo(str(data.get("seller_id") or ""), str(data.get("name") or ""), "VN")

    # -- catalogue --------------------------------------------------------------------------------

    def list_items(self, cursor: str | None = None) -> ItemPage:
        offset = int(cursor or 0)
        data = self._call("GET", "/products/get", Endpoint.ITEMS,
                          {"filter": "all", "offset": offset, "limit": 50, "options": 1}).get("data") or {}
        products = data.get("products") or []
        items = tuple(mapping.item(p) for p in products)
        total = int(data.get("total_products") or 0)
        following = offset + len(products)
        return ItemPage(items, str(following) if products and following < total else None)

    def push_stock(self, updates: Sequence[StockUpdate]) -> list[PushResult]:
        return self._push(updates, mapping.stock_payload, Endpoint.STOCK)

    def push_price(self, updates: Sequence[PriceUpdate]) -> list[PushResult]:
        return self._push(updates, mapping.price_payload, Endpoint.PRICE)

    def _push(self, updates, payload_of, endpoint: Endpoint) -> list[PushResult]:
        results: list[PushResult] = []
        units = list(updates)
        for start in range(0, len(units), 50):
            chunk = units[start:start + 50]
            try:
                body = self._call("POST", "/product/price_quantity/update", endpoint, {"payload": payload_of(chunk)},
                                  partial=True)
            except Refused as error:
                results.extend(refused_batch(chunk, error))
                continue
            results.extend(mapping.push_results(chunk, body))
        return results

    # -- orders -----------------------------------------------------------------------------------

    def pull_orders(self, cursor: str | None, since: datetime) -> OrderPage:
        state = json.loads(cursor) if cursor else {"after": since.astimezone(clock.shop_tz()).isoformat(timespec="seconds"),
                                                   "offset": 0}
        params = {"update_after": state["after"], "sort_by": "updated_at", "sort_direction": "ASC",
                  "offset": state["offset"], "limit": 100}
        data = self._call("GET", "/orders/get", Endpoint.ORDERS, params).get("data") or {}
        orders = data.get("orders") or []
        refs = tuple(mapping.order_ref(o) for o in orders)
        total = int(data.get("countTotal") or data.get("count") or 0)
        if state["offset"] + len(orders) < total and orders:
            return OrderPage(refs, json.dumps({"after": state["after"], "offset": state["offset"] + len(orders)}), True)
        latest = max((r.updated_at for r in refs if r.updated_at), default=None)
        after = state["after"]
        if latest is not None:
            after = (latest - ORDER_OVERLAP).isoformat(timespec="seconds")
        return OrderPage(refs, json.dumps({"after": after, "offset": 0}))

    def order_detail(self, channel_order_ids: Sequence[str]) -> list[ChannelOrder]:
        ids = list(channel_order_ids)
        result: list[ChannelOrder] = []
        for start in range(0, len(ids), 50):
            chunk = ids[start:start + 50]
            items = self._call("GET", "/orders/items/get", Endpoint.ORDER_DETAIL,
                               {"order_ids": "[" + ",".join(chunk) + "]"}).get("data") or []
            by_order = {str(entry.get("order_id")): entry.get("order_items") or [] for entry in items}
            for order_id in chunk:
                header = self._call("GET", "/order/get", Endpoint.ORDER_DETAIL, {"order_id": order_id}).get("data") or {}
                if not header:
                    continue
                result.append(self._with_money(mapping.order(header, by_order.get(order_id, []))))
        return result

    def _with_money(self, order: ChannelOrder) -> ChannelOrder:
        """Fees and payout from the seller's transactions once the order is delivered."""
        if order.local_status not in mapping.SETTLED or order.created_at is None:
            return order
        start = order.created_at.astimezone(clock.shop_tz()).date()
        end = clock.today() + timedelta(days=1)
        rows = self._call("GET", "/finance/transaction/details/get", Endpoint.ORDER_DETAIL,
                          {"trade_order_id": order.channel_order_id, "start_time": start.isoformat(),
                           "end_time": end.isoformat(), "limit": 500}).get("data") or []
        return mapping.with_transactions(order, rows)

    # -- shipping ---------------------------------------------------------------------------------

    def _items_of(self, order_id: str) -> list[dict]:
        data = self._call("GET", "/orders/items/get", Endpoint.SHIPMENT, {"order_ids": f"[{order_id}]"}).get("data") or []
        return next((entry.get("order_items") or [] for entry in data if str(entry.get("order_id")) == order_id), [])

    def arrange_shipment(self, ref: ShipmentRef) -> Shipment:
        """Lazada's two steps: pack (SetStatusToPackedByMarketplace) with the default shipment
        provider, then ready to ship (SetStatusToReadyToShip) with the tracking number pack gave.
        Steps already taken are skipped, so arranging twice answers the same shipment."""
        order_id = ref.channel_order_id
        items = self._items_of(order_id)
        if not items:
            raise Refused("order", f"Lazada order {order_id} has no items")
        ids = "[" + ",".join(str(i["order_item_id"]) for i in items) + "]"
        statuses = {str(i.get("status")) for i in items}
        if statuses & NOT_SHIPPABLE:
            raise Refused(",".join(sorted(statuses)), f"Lazada order {order_id} cannot be shipped")
        if statuses & {"pending", "topack"}:
            providers = self._call("GET", "/shipment/providers/get", Endpoint.SHIPMENT).get("data") or {}
            chosen = next((p for p in providers.get("shipment_providers") or [] if p.get("is_default")), None) \
                or next(iter(providers.get("shipment_providers") or []), {})
            self._step(order_id, "/order/pack", {"pending", "topack"},
                       {"delivery_type": "dropship", "order_item_ids": ids, "shipping_provider": chosen.get("name", "")})
            items = self._items_of(order_id)
        tracking = next((str(i.get("tracking_code")) for i in items if i.get("tracking_code")), "")
        provider = next((str(i.get("shipment_provider")) for i in items if i.get("shipment_provider")), "")
        if {str(i.get("status")) for i in items} & {"packed", "repacked"}:
            self._step(order_id, "/order/rts", {"packed", "repacked"},
                       {"delivery_type": "dropship", "order_item_ids": ids, "shipment_provider": provider,
                        "tracking_number": tracking})
        return Shipment(order_id, tracking, {"order_item_ids": ids.strip("[]")})

    def _step(self, order_id: str, path: str, before: set[str], params: dict[str, str]) -> None:
        """One shipping step; refused because it was already done (its answer lost) is done."""
        try:
            self._call("POST", path, Endpoint.SHIPMENT, params)
        except Refused:
            if {str(i.get("status")) for i in self._items_of(order_id)} & before:
                raise

    def shipping_document(self, refs: Sequence[ShipmentRef]) -> bytes:
        """GetDocument ``shippingLabel`` for every item of the orders: one PDF as Lazada makes it."""
        item_ids: list[str] = []
        for ref in refs:
            known = ref.shipping.get("order_item_ids")
            item_ids += known.split(",") if known else [str(i["order_item_id"]) for i in self._items_of(ref.channel_order_id)]
        data = self._call("GET", "/order/document/get", Endpoint.DOCUMENT,
                          {"doc_type": "shippingLabel", "order_item_ids": "[" + ",".join(item_ids) + "]"}).get("data") or {}
        document = data.get("document") or {}
        try:
            content = base64.b64decode(document.get("file") or "", validate=True)
        except ValueError:
            raise BadResponse("Lazada", 200, "document file is not base64") from None
        if not content.startswith(b"%PDF"):
            raise BadResponse("Lazada", 200, f"shipping label of type {document.get('mime_type')!r}, not a PDF")
        return content
