"""The national store behind the channel interface (docs/store-api.md), over the store sync's own
signed client (core/sync/client.py: HMAC per request, Idempotency-Key, retries).

The store signs every request with the app key and secret, so there are no tokens to refresh.
It keeps no shipping labels (the app prints its own) and takes prices with the listing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import datetime

from ...sync.client import Credentials, StoreClient, StoreUnreachable
from ..connector import ChannelConnector, ConnectorContext, ShipmentRef
from ..errors import BadCredentials, ClockSkew, NotSupported, Refused, Unavailable
from ..limits import ChannelLimits, Endpoint, EndpointLimit
from ..model import (
    Authorization,
    ChannelOrder,
    ItemPage,
    OrderPage,
    OrderRef,
    Outcome,
    PriceUpdate,
    PushResult,
    Shipment,
    ShopInfo,
    StockUpdate,
    TokenPair,
)
from . import mapping

DOCS = "docs/store-api.md"
_LIMIT = EndpointLimit(rate=50, burst=50, concurrency=4, source=f"{DOCS}#limits-and-rate-limiting")


class StoreConnector(ChannelConnector):
    platform = "store"
    display_name = "Gian hàng Việt"
    app_fields = ("key", "secret")
    default_base_url = ""
    docs_url = DOCS
    limits = ChannelLimits({
        Endpoint.STOCK: EndpointLimit(rate=50, burst=50, batch=50, concurrency=4, source=f"{DOCS}#stock"),
        Endpoint.ORDERS: _LIMIT, Endpoint.ORDER_DETAIL: _LIMIT, Endpoint.ITEMS: _LIMIT,
    }, default=_LIMIT, order_page_size=200)

    def __init__(self, context: ConnectorContext, client: StoreClient | None = None) -> None:
        super().__init__(context)
        self.client = client or StoreClient(self.base_url, Credentials(context.app["key"], context.app["secret"]),
                                            cancel=context.cancel)

    def close(self) -> None:
        super().close()
        self.client.close()

    def with_auth(self, call, *args, **kwargs):
        return call(*args, **kwargs)  # every request carries its own signature: nothing to refresh

    def _request(self, method: str, path: str | tuple[str, ...], **options):
        """`path`: a fixed path, or segments when any part is data (each percent-encoded whole)."""
        try:
            response = self.client.request(method, path, **options)
        except StoreUnreachable as error:
            raise Unavailable(self.display_name, error.message()) from None
        if response.status == 401:
            if response.error_code == "stale_timestamp":
                raise ClockSkew(None, response.error_code, str((response.body or {}).get("error", {}).get("message", "")))
            raise BadCredentials(response.error_code)
        return response

    # -- authorisation: the store's app key and secret come from its web console --------------------

    def authorization_url(self, redirect_uri: str, state: str) -> str:
        raise NotSupported("OAuth")

    def exchange_code(self, callback: Mapping[str, str], redirect_uri: str) -> Authorization:
        raise NotSupported("OAuth")

    def refresh_tokens(self, refresh_token: str) -> TokenPair:
        raise NotSupported("token refresh")

    def shop_info(self) -> ShopInfo:
        body = self._json(self._request("GET", "/shop"))
        return ShopInfo(str(body["shop_id"]), body.get("name", ""))

    def _json(self, response):
        if not response.ok:
            raise Refused(response.error_code or str(response.status), str(response.body)[:200])
        return response.body

    # -- catalogue ----------------------------------------------------------------------------------

    def list_items(self, cursor: str | None = None) -> ItemPage:
        body = self._json(self._request("GET", "/products", params={"cursor": cursor, "limit": 200}))
        return ItemPage(tuple(mapping.item(p) for p in body["items"]), body.get("next_cursor"))

    @staticmethod
    def request_key(updates: Sequence[StockUpdate], body: dict) -> str:
        """Derived from the persisted keys of the outbox entries behind the updates and the body:
        a resend after a crash replays the store's stored answer, never applies twice."""
        digest = hashlib.sha256()
        for update in updates:
            digest.update(update.change_key.encode())
        digest.update(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))
        return f"stock-{digest.hexdigest()[:48]}"

    def push_stock(self, updates: Sequence[StockUpdate]) -> list[PushResult]:
        body = {"items": [{"sku": u.item_id, "quantity": u.quantity} for u in updates]}
        response = self._request("POST", "/stock/batch", json_body=body, idempotency_key=self.request_key(updates, body))
        if not response.ok:
            error = f"{response.status} {response.error_code}"
            return [PushResult(u.sku, u.item_id, None, Outcome.REFUSED, response.error_code or str(response.status),
                               error) for u in updates]
        results = {r["sku"]: r for r in (response.body or {}).get("results", [])}
        return [mapping.stock_result(u.item_id, results.get(u.item_id)) for u in updates]

    def push_price(self, updates: Sequence[PriceUpdate]) -> list[PushResult]:
        return [PushResult(u.sku, u.item_id, None, Outcome.REFUSED, "listing",
                           "Giá trên gian hàng đi cùng tin đăng (đồng bộ tin đăng)") for u in updates]

    # -- orders -------------------------------------------------------------------------------------

    def pull_orders(self, cursor: str | None, since: datetime) -> OrderPage:
        """Order changes from the store's changes feed (it never misses nor repeats a change)."""
        body = self._json(self._request("GET", "/changes", params={"cursor": cursor, "limit": 500}))
        latest: dict[str, ChannelOrder] = {}
        for change in body["changes"]:
            if change["type"].startswith("order."):
                latest[change["key"]] = mapping.order(change["data"])
        refs = tuple(OrderRef(o.channel_order_id, o.status, o.updated_at) for o in latest.values())
        return OrderPage(refs, body["next_cursor"], bool(body.get("has_more")), tuple(latest.values()))

    def order_detail(self, channel_order_ids: Sequence[str]) -> list[ChannelOrder]:
        return [mapping.order(self._json(self._request("GET", ("orders", code)))) for code in channel_order_ids]

    def arrange_shipment(self, ref: ShipmentRef) -> Shipment:
        """The store's seller steps up to packed (confirm, pack); the app prints its own label."""
        current = mapping.order(self._json(self._request("GET", ("orders", ref.channel_order_id))))
        for action, before in (("confirm", ("unpaid", "paid")), ("pack", ("confirmed",))):
            if current.status in before:
                response = self._request("POST", ("orders", ref.channel_order_id, action),
                                         idempotency_key=f"arrange-{action}-{ref.channel_order_id}")
                current = mapping.order(self._json(response) if response.ok else
                                        (response.error_details or {}).get("current") or self._json(response))
        return Shipment(ref.channel_order_id, current.tracking_number, dict(current.shipping))

    def shipping_document(self, refs: Sequence[ShipmentRef]) -> bytes:
        raise NotSupported("vận đơn của gian hàng (dùng nhãn của ứng dụng: gianhang labels)")


def store_connector(client: StoreClient) -> StoreConnector:
    """The connector over an existing store client (the store sync's own, with its retry budget)."""
    from ..connector import AccountRef
    from ..tokens import TokenKeeper

    account = AccountRef("store", "store", base_url=client.origin)
    context = ConnectorContext(account, {"key": client.credentials.key, "secret": client.credentials.secret},
                               TokenKeeper("store", None), cancel=client.cancel)
    return StoreConnector(context, client)
