"""Tiki Open API connector: OAuth 2.0 bearer tokens, products, stock, orders, drop-ship shipping.

Sources (https://open.tiki.vn/docs/docs/current/):

* getting-started/obtain-access-token, oauth-2-0/auth-flows/authorization-code-flow,
  refresh-token and client-credentials: the seller authorises a public app at
  ``https://api.tiki.vn/sc/oauth2/auth?response_type=code&client_id=…&redirect_uri=…&scope=…&state=…``;
  ``POST https://api.tiki.vn/sc/oauth2/token`` with the app's credentials in an HTTP Basic header
  (``client_secret_basic``) trades the code (``grant_type=authorization_code``) or the refresh
  token (``grant_type=refresh_token``) for ``access_token``, ``expires_in``, ``refresh_token``;
  an in-house app uses ``grant_type=client_credentials`` and has no refresh token.
  Every API call carries ``Authorization: Bearer <access_token>``; Tiki signs no request.
* api-references/seller-api: ``GET /integration/v2/sellers/me``, ``…/sellers/me/warehouses``.
* api-references/product-api and guides/products/update-product-information:
  ``GET /integration/v2/products`` (``page``, ``limit``), ``PUT /integration/v2.1/products/updateSkus``
  (``data[]`` of products with ``warehouse_quantities``).
* api-references/order-api-v2 and guides/tiki-theory-v2/order-v2: ``GET /integration/v2/orders``
  (``page``, ``limit``, ``updated_from_date``, ``order_by``), ``GET /integration/v2/orders/{code}``,
  drop-shipping: ``GET …/dropship/expected-pickup-times``, ``POST …/dropship/confirm-available``,
  ``GET …/dropship/labels`` (the shipping stamp).

Errors are HTTP statuses with OAuth-style bodies (``{"error", "error_description"}``): 401 an
invalid or expired token, 403 a missing scope, 429 too many requests. Tiki states no rate or
batch limit on these pages; the pace and the 50-product batch below are our own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from ... import clock
from ..answers import compact_json, refused_batch, require_app_fields, retry_after
from ..connector import ChannelConnector, ShipmentRef
from ..errors import (
    BadCredentials,
    BadResponse,
    ChannelError,
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

PRODUCTION_URL = "https://api.tiki.vn"
DOCS = "https://open.tiki.vn/docs/docs/current/getting-started/obtain-access-token/"
SCOPES = "offline product order inventory"
ORDER_OVERLAP = timedelta(minutes=2)
# An in-house app has no refresh token: this stands in its place, so the token keeper (which
# refreshes only with a refresh token) renews the access token through the client-credentials flow.
CLIENT_CREDENTIALS = "client_credentials"

_PACE = "Tiki states no rate or batch limit in its Open API docs; our own pace"
LIMITS = ChannelLimits(
    endpoints={
        Endpoint.AUTH: EndpointLimit(rate=2.0, burst=2, source=_PACE),
        Endpoint.ITEMS: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4, source="GET /integration/v2/products: limit; " + _PACE),
        Endpoint.STOCK: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4, source="PUT /integration/v2.1/products/updateSkus; " + _PACE),
        Endpoint.PRICE: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4, source="PUT /integration/v2.1/products/updateSkus; " + _PACE),
        Endpoint.ORDERS: EndpointLimit(rate=10.0, burst=10, batch=50, source="GET /integration/v2/orders; " + _PACE),
        Endpoint.ORDER_DETAIL: EndpointLimit(rate=10.0, burst=10, batch=1, concurrency=4, source="GET /integration/v2/orders/{code}: one order"),
        Endpoint.SHIPMENT: EndpointLimit(rate=5.0, burst=5, concurrency=2, source="dropship/confirm-available: one order"),
        Endpoint.DOCUMENT: EndpointLimit(rate=5.0, burst=5, batch=1, source="dropship/labels: one order"),
    },
    default=EndpointLimit(rate=10.0, burst=10, source=_PACE),
    order_page_size=50,
)


class TikiConnector(ChannelConnector):
    """One Tiki seller through the app's ``client_id``/``client_secret`` and its bearer tokens."""

    platform = Platform.TIKI
    display_name = "Tiki"
    app_fields = ("client_id", "client_secret")
    default_base_url = PRODUCTION_URL
    docs_url = DOCS
    limits = LIMITS
    app_only_refresh = CLIENT_CREDENTIALS

    def __init__(self, context) -> None:
        require_app_fields(context.app, self.app_fields, self.display_name, numeric=())
        super().__init__(context)
        self._warehouse: int | None = None

    def _call(self, method: str, path: str, endpoint: Endpoint, *, params: Mapping[str, Any] | None = None,
              body: Any = None) -> dict:
        data = compact_json(body) if body is not None else None

        def build() -> HttpRequest:
            headers = {"Authorization": f"Bearer {self.access_token()}"}
            if data is not None:
                headers["Content-Type"] = "application/json"
            return HttpRequest(method, self.base_url + path, {k: str(v) for k, v in (params or {}).items()}, headers, data)

        answer = self.http.send(build, endpoint)
        payload = answer.json()
        if answer.status >= 400:
            raise self._error(answer, payload if isinstance(payload, dict) else {})
        if not isinstance(payload, dict):
            raise BadResponse("Tiki", answer.status, str(payload)[:120])
        return payload

    def _error(self, answer: HttpAnswer, payload: dict, *, token_call: bool = False) -> ChannelError:
        code = str(payload.get("error") or payload.get("code") or f"HTTP {answer.status}")
        message = str(payload.get("error_description") or payload.get("message") or payload.get("msg") or "")
        if answer.status == 429:
            return RateLimited(retry_after(answer.headers), code, message)
        if token_call:
            if code == "invalid_client" or answer.status == 401:
                return BadCredentials(code, message)
            return NeedsRelogin(self.context.account.name, code, message)
        if answer.status == 401:
            return TokenExpired(code, message)
        if answer.status == 403:
            return BadCredentials(code, message)
        return Refused(code, message)

    # -- authorisation ----------------------------------------------------------------------------

    def authorization_url(self, redirect_uri: str, state: str) -> str:
        query = {"response_type": "code", "client_id": self.context.app["client_id"], "redirect_uri": redirect_uri,
                 "scope": SCOPES, "state": state}
        return f"{PRODUCTION_URL}/sc/oauth2/auth?{urlencode(query)}"

    def _token(self, form: dict[str, str]) -> TokenPair:
        """Ask the token endpoint; the app's credentials go in the Basic header."""
        app = self.context.app
        header = {"Authorization": signing.basic_authorization(app["client_id"], app["client_secret"]),
                  "Content-Type": "application/x-www-form-urlencoded"}
        answer = self.http.send(lambda: HttpRequest("POST", self.base_url + "/sc/oauth2/token", None, header,
                                                    urlencode(form).encode()), Endpoint.AUTH)
        payload = answer.json()
        if answer.status >= 400 or not isinstance(payload, dict) or not payload.get("access_token"):
            raise self._error(answer, payload if isinstance(payload, dict) else {}, token_call=True)
        now = clock.now_utc()
        expires = now + timedelta(seconds=int(payload["expires_in"])) if payload.get("expires_in") else None
        refresh = payload.get("refresh_token") or (CLIENT_CREDENTIALS if form["grant_type"] == CLIENT_CREDENTIALS else "")
        return TokenPair(payload["access_token"], refresh, expires, None)

    def exchange_code(self, callback: Mapping[str, str], redirect_uri: str) -> Authorization:
        if not callback.get("code"):
            raise Refused("code", "Tiki's redirect carries a code")
        pair = self._token({"grant_type": "authorization_code", "code": callback["code"], "redirect_uri": redirect_uri,
                            "client_id": self.context.app["client_id"]})
        return Authorization(pair)

    def refresh_tokens(self, refresh_token: str) -> TokenPair:
        """A refresh token when the app has one (public app), else the client-credentials flow
        (in-house app: "every time your access token expires, … authenticate your client app");
        `refresh_token` is then empty or CLIENT_CREDENTIALS."""
        if refresh_token and refresh_token != CLIENT_CREDENTIALS:
            return self._token({"grant_type": "refresh_token", "refresh_token": refresh_token,
                                "client_id": self.context.app["client_id"]})
        return self._token({"grant_type": CLIENT_CREDENTIALS})

    def shop_info(self) -> ShopInfo:
        seller = self._call("GET", "/integration/v2/sellers/me", Endpoint.AUTH)
        return ShopInfo(str(seller.get("id") or ""), str(seller.get("name") or ""), "VN")

    # -- catalogue --------------------------------------------------------------------------------

    def list_items(self, cursor: str | None = None) -> ItemPage:
        """One page of products as items. The children of a configurable product that a page
        boundary splits are completed from the next page (the cursor then skips them there)."""
        first, _, skip_text = (cursor or "1").partition(":")
        page, skip = int(first), int(skip_text or 0)
        products, more = self._products(page)
        products = products[skip:]
        while more and products and _parent(products[-1]):
            following, more_after = self._products(page + 1)
            same = _leading(following, _parent(products[-1]))
            products += same
            if len(same) < len(following):
                return ItemPage(mapping.items(products), f"{page + 1}:{len(same)}")
            page, more = page + 1, more_after
        return ItemPage(mapping.items(products), f"{page + 1}:0" if more else None)

    def _products(self, page: int) -> tuple[list[dict], bool]:
        body = self._call("GET", "/integration/v2/products", Endpoint.ITEMS,
                          params={"page": page, "limit": 50, "include": "inventory"})
        paging = body.get("paging") or {}
        more = int(paging.get("current_page") or page) < int(paging.get("last_page") or page)
        return list(body.get("data") or []), more

    def _default_warehouse(self) -> int:
        if self._warehouse is None:
            warehouses = self._call("GET", "/integration/v2/sellers/me/warehouses", Endpoint.ITEMS).get("data") or []
            active = [w for w in warehouses if str(w.get("status", 1)) in ("1", "active")] or warehouses
            if not active:
                raise Refused("warehouse", "the Tiki seller has no warehouse")
            self._warehouse = int(active[0]["id"])
        return self._warehouse

    def push_stock(self, updates: Sequence[StockUpdate]) -> list[PushResult]:
        warehouse = self._default_warehouse()
        return self._push(updates, lambda units: mapping.stock_body(units, warehouse), Endpoint.STOCK)

    def push_price(self, updates: Sequence[PriceUpdate]) -> list[PushResult]:
        return self._push(updates, mapping.price_body, Endpoint.PRICE)

    def _push(self, updates, body_of, endpoint: Endpoint) -> list[PushResult]:
        units, results = list(updates), []
        for start in range(0, len(units), 50):
            chunk = units[start:start + 50]
            try:
                answer = self._call("PUT", "/integration/v2.1/products/updateSkus", endpoint, body=body_of(chunk))
            except Refused as error:
                results += refused_batch(chunk, error)
                continue
            results += mapping.push_results(chunk, answer)
        return results

    # -- orders -----------------------------------------------------------------------------------

    def pull_orders(self, cursor: str | None, since: datetime) -> OrderPage:
        state = json.loads(cursor) if cursor else {"from": since.astimezone(clock.shop_tz()).strftime("%Y-%m-%d %H:%M:%S"), "page": 1}
        body = self._call("GET", "/integration/v2/orders", Endpoint.ORDERS,
                          params={"page": state["page"], "limit": 50, "updated_from_date": state["from"],
                                  "order_by": "updated_at|asc", "include": "items"})
        orders = body.get("data") or []
        refs = tuple(mapping.order_ref(o) for o in orders)
        paging = body.get("paging") or {}
        if int(paging.get("current_page") or 1) < int(paging.get("last_page") or 1):
            return OrderPage(refs, json.dumps({"from": state["from"], "page": state["page"] + 1}), True)
        latest = max((r.updated_at for r in refs if r.updated_at), default=None)
        start = (latest - ORDER_OVERLAP).astimezone(clock.shop_tz()).strftime("%Y-%m-%d %H:%M:%S") if latest else state["from"]
        return OrderPage(refs, json.dumps({"from": max(start, state["from"]), "page": 1}))

    def order_detail(self, channel_order_ids: Sequence[str]) -> list[ChannelOrder]:
        return [mapping.order(self._call("GET", f"/integration/v2/orders/{self.segment(code)}", Endpoint.ORDER_DETAIL,
                                         params={"include": "items,fees"}))
                for code in channel_order_ids]

    # -- shipping ---------------------------------------------------------------------------------

    def arrange_shipment(self, ref: ShipmentRef) -> Shipment:
        """Drop-shipping: confirm enough stock with the seller warehouse and the first expected
        pickup time Tiki offers; an order already confirmed answers its tracking code."""
        code = ref.channel_order_id
        order = self._call("GET", f"/integration/v2/orders/{self.segment(code)}", Endpoint.SHIPMENT)
        if mapping.STATUSES.get(str(order.get("status"))) in ("unpaid", "cancelled", "returned"):
            raise Refused(str(order.get("status")), f"Tiki order {code} cannot be shipped")
        if order.get("status") in ("queueing", "processing"):
            times = self._call("GET", f"/integration/v2/orders/{self.segment(code)}/dropship/expected-pickup-times", Endpoint.SHIPMENT)
            slots = times.get("expected_pickup_times") or []
            if not slots:
                raise Refused("pickup", f"Tiki offers no pickup time for order {code}")
            try:
                self._call("POST", f"/integration/v2/orders/{self.segment(code)}/dropship/confirm-available", Endpoint.SHIPMENT,
                           body={"seller_inventory_id": self._default_warehouse(), "expected_pickup_time": slots[0]["value"]})
            except Refused:
                order = self._call("GET", f"/integration/v2/orders/{self.segment(code)}", Endpoint.SHIPMENT)
                if order.get("status") in ("queueing", "processing"):  # not a lost answer of a call that worked
                    raise
            order = self._call("GET", f"/integration/v2/orders/{self.segment(code)}", Endpoint.SHIPMENT)
        tracking = str((order.get("shipping") or {}).get("tracking_code") or "")
        return Shipment(code, tracking, {"fulfillment_type": str(order.get("fulfillment_type") or "")})

    def shipping_document(self, refs: Sequence[ShipmentRef]) -> bytes:
        """The drop-ship shipping stamp of one order, downloaded from the ``label_url`` Tiki gives."""
        if len(refs) != 1:
            raise Refused("batch", "Tiki gives one order's shipping stamp a call")
        answer = self._call("GET", f"/integration/v2/orders/{self.segment(refs[0].channel_order_id)}/dropship/labels", Endpoint.DOCUMENT)
        url = answer.get("label_url")
        if not url:
            raise BadResponse("Tiki", 200, "no label_url in the shipping stamp answer")
        return self.http.send(lambda: HttpRequest("GET", url), Endpoint.DOCUMENT).pdf()


def _parent(product: dict) -> str:
    """The configurable product a child belongs to ("" for a simple product)."""
    parent = str(product.get("super_id") or "")
    return "" if parent == "0" else parent


def _leading(products: list[dict], parent: str) -> list[dict]:
    """The first products of a page that are children of `parent`."""
    leading = []
    for product in products:
        if _parent(product) != parent:
            break
        leading.append(product)
    return leading
