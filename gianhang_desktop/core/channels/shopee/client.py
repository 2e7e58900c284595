"""Shopee Open Platform v2 connector: signed calls, token refresh, error shapes, orders and shipping.

Sources (Shopee Open Platform, https://open.shopee.com):

* developer-guide/16 "API calls": the common parameters ``partner_id``, ``timestamp``, ``sign``,
  ``access_token``, ``shop_id`` always go in the query string; request parameters in the URL for
  GET and in a JSON body for POST; answers ``{request_id, error, message, warning, response}``
  where success is ``error == ""``; "each API request needs to be requested within 5 minutes of a
  timestamp".
* developer-guide/20 "Authorization and Authentication": the link ``/api/v2/shop/auth_partner``
  (redirects with ``code`` and ``shop_id``); ``POST /api/v2/auth/token/get`` and
  ``POST /api/v2/auth/access_token/get`` answer the tokens at the top level; access tokens live
  4 hours; a refresh token lives 30 days and "can be used once only": every refresh returns a new
  one (the engine saves it before use, core/channels/tokens.py).
* "Stock & Price Management" and the API reference of v2.product.update_stock / update_price: one
  ``item_id`` per call with its models; ``success_list`` / ``failure_list``.
* API reference: v2.product.get_item_list (``page_size`` ≤ 100), get_item_base_info (≤ 50 ids),
  get_model_list; v2.order.get_order_list (``page_size`` ≤ 100, ``time_to - time_from`` ≤ 15
  days, ``cursor``/``more``), get_order_detail (≤ 50 ``order_sn``); v2.payment.get_escrow_detail;
  v2.logistics.get_shipping_parameter, ship_order, get_tracking_number, create_shipping_document,
  get_shipping_document_result, download_shipping_document; v2.shop.get_shop_info.

Rate: Shopee's reference pages carry an empty ``rate_limit`` field and no guide states a number,
so the limits below are a conservative pace of our own (10 calls a second, 4 in flight), and an
HTTP 429 or an ``error_rate_limit``-like answer is mapped to RateLimited.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from ... import clock
from ...errors import ValidationError
from ...i18n import msg
from ..answers import (
    compact_json,
    pause,
    refused_batch,
    require_app_fields,
    retry_after,
    server_offset,
)
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

PRODUCTION_URL = "https://partner.shopeemobile.com"
DOCS = "https://open.shopee.com/developer-guide/16"
ACCESS_TTL = timedelta(hours=4)
REFRESH_TTL = timedelta(days=30)
ORDER_WINDOW = timedelta(days=15)
ORDER_OVERLAP = timedelta(minutes=2)  # re-read the window's last minutes: late writes are not missed
DETAIL_FIELDS = ("buyer_user_id,buyer_username,recipient_address,item_list,total_amount,payment_method,"
                 "shipping_carrier,note,estimated_shipping_fee,cancel_reason")
DOCUMENT_TYPE = "NORMAL_AIR_WAYBILL"
NOT_SHIPPABLE = frozenset({"UNPAID", "CANCELLED", "IN_CANCEL", "TO_RETURN"})

TOKEN_EXPIRED = frozenset({"invalid_acceess_token", "invalid_access_token", "error_access_token"})
RELOGIN = frozenset({"error_shop_refresh_token", "refresh_token_expired", "shop_access_expired", "shop_no_linked",
                     "shop_banned", "invalid_refresh_token"})
CREDENTIALS = frozenset({"error_sign", "error_partner", "invalid_partner_id", "error_permission"})

_PACE = "Shopee publishes no rate; our own conservative pace (developer-guide/16 lists none)"
LIMITS = ChannelLimits(
    endpoints={
        Endpoint.AUTH: EndpointLimit(rate=2.0, burst=2, source=_PACE),
        Endpoint.ITEMS: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4,
                                      source="v2.product.get_item_base_info: item_id_list ≤ 50; " + _PACE),
        Endpoint.STOCK: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4, per_item=True,
                                      source="v2.product.update_stock: one item_id a call, stock_list ≤ 50; " + _PACE),
        Endpoint.PRICE: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4, per_item=True,
                                      source="v2.product.update_price: one item_id a call; " + _PACE),
        Endpoint.ORDERS: EndpointLimit(rate=10.0, burst=10, batch=100, source="v2.order.get_order_list: page_size ≤ 100"),
        Endpoint.ORDER_DETAIL: EndpointLimit(rate=10.0, burst=10, batch=50, concurrency=4,
                                             source="v2.order.get_order_detail: order_sn_list ≤ 50"),
        Endpoint.SHIPMENT: EndpointLimit(rate=5.0, burst=5, concurrency=2, source="v2.logistics.ship_order: one order"),
        Endpoint.DOCUMENT: EndpointLimit(rate=5.0, burst=5, batch=50,
                                         source="v2.logistics.create_shipping_document: order_list ≤ 50"),
    },
    default=EndpointLimit(rate=10.0, burst=10, source=_PACE),
    order_page_size=100,
    order_window_days=15,
)


class ShopeeConnector(ChannelConnector):
    """One Shopee shop (``account.shop_id``) through the app's ``partner_id`` / ``partner_key``."""

    platform = Platform.SHOPEE
    display_name = "Shopee"
    app_fields = ("partner_id", "partner_key")
    default_base_url = PRODUCTION_URL
    docs_url = DOCS
    limits = LIMITS

    def __init__(self, context) -> None:
        require_app_fields(context.app, self.app_fields, self.display_name, numeric=("partner_id",))
        super().__init__(context)

    @property
    def partner_id(self) -> int:
        return int(self.context.app["partner_id"])

    @property
    def shop_id(self) -> int:
        shop_id = str(self.context.account.shop_id or "").strip()
        if not shop_id.isdigit():
            raise ValidationError("shop_id", msg("Shopee cần mã cửa hàng (số): channel add --shop-id",
                                                 "Shopee needs the shop id (a number): channel add --shop-id"))
        return int(shop_id)

    # -- requests ---------------------------------------------------------------------------------

    def _request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: Any = None,
                 public: bool = False, endpoint: Endpoint = Endpoint.AUTH) -> HttpAnswer:
        key = self.context.app["partner_key"]

        def build() -> HttpRequest:
            ts = self.http.timestamp()
            query: dict[str, str] = {"partner_id": str(self.partner_id), "timestamp": str(ts)}
            if public:
                query["sign"] = signing.sign(self.partner_id, path, ts, key)
            else:
                token = self.access_token()
                query.update(access_token=token, shop_id=str(self.shop_id),
                             sign=signing.sign(self.partner_id, path, ts, key, token, self.shop_id))
            query.update({k: str(v) for k, v in (params or {}).items()})
            data = None if body is None else compact_json(body)
            headers = {"Content-Type": "application/json"} if data is not None else {}
            return HttpRequest(method, self.base_url + path, query, headers, data)

        return self.http.send(build, endpoint)

    def _call(self, method: str, path: str, endpoint: Endpoint, *, params: Mapping[str, Any] | None = None,
              body: Any = None, public: bool = False, top_level: bool = False) -> dict:
        """A call whose answer is the documented envelope; its ``response`` (or the whole body)."""
        answer = self._request(method, path, params=params, body=body, public=public, endpoint=endpoint)
        payload = answer.json()
        if not isinstance(payload, dict):
            raise BadResponse("Shopee", answer.status, str(payload)[:120])
        if payload.get("error") or answer.status >= 400:
            raise self._error(answer, payload, refreshing=path == "/api/v2/auth/access_token/get")
        if top_level:
            return payload
        return payload.get("response") or {}

    def _error(self, answer: HttpAnswer, payload: dict, *, refreshing: bool = False) -> ChannelError:
        code = str(payload.get("error") or f"HTTP {answer.status}")
        message = str(payload.get("message") or "")
        text = f"{code} {message}".lower()
        if answer.status == 429 or "rate_limit" in text or "too many" in text:
            return RateLimited(retry_after(answer.headers), code, message)
        if refreshing and (code in RELOGIN or code == "error_auth" or "refresh" in text):
            return NeedsRelogin(self.context.account.name, code, message)
        if code in RELOGIN:
            return NeedsRelogin(self.context.account.name, code, message)
        if code in TOKEN_EXPIRED or ("access_token" in text and ("invalid" in text or "expire" in text)):
            return TokenExpired(code, message)
        if "timestamp" in text:
            return self._skew(answer, code, message)
        if code in CREDENTIALS or "sign" in text or "partner" in text:
            return BadCredentials(code, message)
        return Refused(code, message)

    def _skew(self, answer: HttpAnswer, code: str, message: str) -> ClockSkew:
        """The timestamp was refused: measure the offset from the server's Date header and sign
        with the platform's time from now on (the error still tells the user)."""
        offset = server_offset(answer.headers)
        if offset is not None:
            self.http.clock_offset = offset
        return ClockSkew(offset, code, message)

    # -- authorisation ----------------------------------------------------------------------------

    def authorization_url(self, redirect_uri: str, state: str) -> str:
        path = "/api/v2/shop/auth_partner"
        ts = self.http.timestamp()
        sign = signing.sign(self.partner_id, path, ts, self.context.app["partner_key"])
        separator = "&" if "?" in redirect_uri else "?"
        redirect = f"{redirect_uri}{separator}{urlencode({'state': state})}" if state else redirect_uri
        query = urlencode({"partner_id": self.partner_id, "timestamp": ts, "sign": sign, "redirect": redirect})
        return f"{self.base_url}{path}?{query}"

    def exchange_code(self, callback: Mapping[str, str], redirect_uri: str) -> Authorization:
        code, shop_id = callback.get("code"), callback.get("shop_id") or self.context.account.shop_id
        if not code or not shop_id:
            raise Refused("code", "Shopee's redirect carries code and shop_id")
        body = self._call("POST", "/api/v2/auth/token/get", Endpoint.AUTH, public=True, top_level=True,
                          body={"code": code, "shop_id": int(shop_id), "partner_id": self.partner_id})
        return Authorization(self._pair(body), shop_id=str(shop_id))

    def refresh_tokens(self, refresh_token: str) -> TokenPair:
        body = self._call("POST", "/api/v2/auth/access_token/get", Endpoint.AUTH, public=True, top_level=True,
                          body={"refresh_token": refresh_token, "shop_id": self.shop_id, "partner_id": self.partner_id})
        return self._pair(body)

    def _pair(self, body: dict) -> TokenPair:
        if not body.get("access_token"):
            raise BadResponse("Shopee", 200, "token answer without access_token")
        now = clock.now_utc()
        expire_in = int(body.get("expire_in") or ACCESS_TTL.total_seconds())
        # The guide's samples give a duration, the reference's sample an epoch: accept both.
        expires = datetime.fromtimestamp(expire_in, UTC) if expire_in > 10**9 else now + timedelta(seconds=expire_in)
        return TokenPair(body["access_token"], body.get("refresh_token") or "", expires, now + REFRESH_TTL)

    def shop_info(self) -> ShopInfo:
        body = self._call("GET", "/api/v2/shop/get_shop_info", Endpoint.AUTH, top_level=True)
        return ShopInfo(str(self.shop_id), str(body.get("shop_name") or ""), str(body.get("region") or "VN"))

    # -- catalogue --------------------------------------------------------------------------------

    def list_items(self, cursor: str | None = None) -> ItemPage:
        offset = int(cursor or 0)
        page = self._call("GET", "/api/v2/product/get_item_list", Endpoint.ITEMS,
                          params={"offset": offset, "page_size": 100, "item_status": "NORMAL"})
        ids = [str(i["item_id"]) for i in page.get("item") or []]
        items = []
        for start in range(0, len(ids), 50):
            info = self._call("GET", "/api/v2/product/get_item_base_info", Endpoint.ITEMS,
                              params={"item_id_list": ",".join(ids[start:start + 50])})
            for base in info.get("item_list") or []:
                models = ()
                if base.get("has_model"):
                    models = self._call("GET", "/api/v2/product/get_model_list", Endpoint.ITEMS,
                                        params={"item_id": base["item_id"]}).get("model") or ()
                items.append(mapping.item(base, models))
        more = bool(page.get("has_next_page"))
        return ItemPage(tuple(items), str(page.get("next_offset", offset + len(ids))) if more else None)

    def push_stock(self, updates: Sequence[StockUpdate]) -> list[PushResult]:
        return self._push("/api/v2/product/update_stock", Endpoint.STOCK, updates, mapping.stock_body)

    def push_price(self, updates: Sequence[PriceUpdate]) -> list[PushResult]:
        return self._push("/api/v2/product/update_price", Endpoint.PRICE, updates, mapping.price_body)

    def _push(self, path: str, endpoint: Endpoint, updates, body_of) -> list[PushResult]:
        results: list[PushResult] = []
        by_item: dict[str, list] = {}
        for update in updates:
            by_item.setdefault(update.item_id, []).append(update)
        for units in by_item.values():  # the engine sends one item; a mixed batch still works
            for start in range(0, len(units), 50):
                chunk = units[start:start + 50]
                try:
                    response = self._call("POST", path, endpoint, body=body_of(chunk))
                except Refused as error:
                    results.extend(refused_batch(chunk, error))
                    continue
                results.extend(mapping.push_results(chunk, response))
        return results

    # -- orders -----------------------------------------------------------------------------------

    def pull_orders(self, cursor: str | None, since: datetime) -> OrderPage:
        state = json.loads(cursor) if cursor else {"from": int(since.timestamp()), "page": ""}
        now = int(self.http.timestamp())
        start = min(int(state["from"]), now)
        end = min(now, start + int(ORDER_WINDOW.total_seconds()))
        params = {"time_range_field": "update_time", "time_from": start, "time_to": end, "page_size": 100,
                  "response_optional_fields": "order_status"}
        if state.get("page"):
            params["cursor"] = state["page"]
        page = self._call("GET", "/api/v2/order/get_order_list", Endpoint.ORDERS, params=params)
        refs = mapping.order_refs(page.get("order_list") or [])
        if page.get("more"):
            following = {"from": start, "page": str(page.get("next_cursor") or "")}
            return OrderPage(refs, json.dumps(following), has_more=True)
        next_from = max(start, end - int(ORDER_OVERLAP.total_seconds())) if end >= now else end
        return OrderPage(refs, json.dumps({"from": next_from, "page": ""}), has_more=end < now)

    def order_detail(self, channel_order_ids: Sequence[str]) -> list[ChannelOrder]:
        orders: list[ChannelOrder] = []
        ids = list(channel_order_ids)
        for start in range(0, len(ids), 50):
            answer = self._call("GET", "/api/v2/order/get_order_detail", Endpoint.ORDER_DETAIL,
                                params={"order_sn_list": ",".join(ids[start:start + 50]),
                                        "response_optional_fields": DETAIL_FIELDS})
            for detail in answer.get("order_list") or []:
                escrow = None
                if detail.get("order_status") not in ("UNPAID", "CANCELLED"):
                    escrow = self._call("GET", "/api/v2/payment/get_escrow_detail", Endpoint.ORDER_DETAIL,
                                        params={"order_sn": detail["order_sn"]})
                orders.append(mapping.order(detail, escrow))
        return orders

    # -- shipping ---------------------------------------------------------------------------------

    def arrange_shipment(self, ref: ShipmentRef) -> Shipment:
        """v2.logistics.ship_order with the pickup address and slot get_shipping_parameter offers
        (or drop-off when that is what the channel needs). An order already arranged answers its
        tracking number; a ship_order whose answer was lost (it worked, the retry is refused) too."""
        sn = ref.channel_order_id
        status = self._status(sn)
        if status in NOT_SHIPPABLE:
            raise Refused(status, f"Shopee order {sn} is {status}: it cannot be shipped")
        if status == "READY_TO_SHIP":
            try:
                self._ship(sn)
            except Refused:
                if self._status(sn) == "READY_TO_SHIP":  # not a lost answer of a call that worked
                    raise
        tracking = self._call("GET", "/api/v2/logistics/get_tracking_number", Endpoint.SHIPMENT,
                              params={"order_sn": sn})
        return Shipment(sn, str(tracking.get("tracking_number") or ""), {"order_sn": sn})

    def _status(self, sn: str) -> str:
        detail = self._call("GET", "/api/v2/order/get_order_detail", Endpoint.SHIPMENT, params={"order_sn_list": sn})
        found = detail.get("order_list") or []
        if not found:
            raise Refused("order", f"Shopee has no order {sn}")
        return str(found[0].get("order_status") or "")

    def _ship(self, sn: str) -> None:
        parameter = self._call("GET", "/api/v2/logistics/get_shipping_parameter", Endpoint.SHIPMENT,
                               params={"order_sn": sn})
        needed = parameter.get("info_needed") or {}
        body: dict[str, Any] = {"order_sn": sn}
        if "pickup" in needed and (parameter.get("pickup") or {}).get("address_list"):
            addresses = parameter["pickup"]["address_list"]
            chosen = next((a for a in addresses if "pickup_address" in (a.get("address_flag") or [])), addresses[0])
            slots = chosen.get("time_slot_list") or []
            body["pickup"] = {"address_id": chosen["address_id"]}
            if slots:
                body["pickup"]["pickup_time_id"] = slots[0]["pickup_time_id"]
        else:
            body["dropoff"] = {}
        self._call("POST", "/api/v2/logistics/ship_order", Endpoint.SHIPMENT, body=body)

    def shipping_document(self, refs: Sequence[ShipmentRef]) -> bytes:
        """Create, wait for and download the air waybills of up to 50 orders as one PDF."""
        orders = []
        for ref in refs:
            tracking = self._call("GET", "/api/v2/logistics/get_tracking_number", Endpoint.DOCUMENT,
                                  params={"order_sn": ref.channel_order_id}).get("tracking_number")
            orders.append({"order_sn": ref.channel_order_id, "tracking_number": tracking or "",
                           "shipping_document_type": DOCUMENT_TYPE})
        created = self._call("POST", "/api/v2/logistics/create_shipping_document", Endpoint.DOCUMENT,
                             body={"order_list": orders})
        failed = [r for r in created.get("result_list") or [] if r.get("fail_error")]
        if failed:
            raise Refused(str(failed[0].get("fail_error")), f"{failed[0].get('order_sn')}: {failed[0].get('fail_message', '')}")
        wanted = [{"order_sn": o["order_sn"]} for o in orders]
        for _ in range(10):
            result = self._call("POST", "/api/v2/logistics/get_shipping_document_result", Endpoint.DOCUMENT,
                                body={"order_list": wanted})
            states = {str(r.get("status")) for r in result.get("result_list") or []}
            if states == {"READY"}:
                break
            if "FAILED" in states:
                raise Refused("FAILED", "Shopee could not make the shipping document")
            pause(1.0)
        answer = self._request("POST", "/api/v2/logistics/download_shipping_document", endpoint=Endpoint.DOCUMENT,
                               body={"shipping_document_type": DOCUMENT_TYPE, "order_list": wanted})
        if answer.content.startswith(b"%PDF"):
            return answer.pdf()
        payload = answer.json()
        raise self._error(answer, payload if isinstance(payload, dict) else {})
