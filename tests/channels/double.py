"""An in-memory platform and a connector for it: the channel engine's unit tests run on these.

The integration tests use the real simulators over loopback HTTP (tests/channels/simulators/);
this double only lets the engine's rules (outbox, rules, linking, order import, kill points) be
tested quickly and deterministically.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from gianhang_desktop.core import clock
from gianhang_desktop.core.channels import registry
from gianhang_desktop.core.channels.connector import ChannelConnector, ShipmentRef
from gianhang_desktop.core.channels.errors import (
    BadCredentials,
    NeedsRelogin,
    TokenExpired,
    Unavailable,
)
from gianhang_desktop.core.channels.limits import ChannelLimits, Endpoint, EndpointLimit
from gianhang_desktop.core.channels.model import (
    Address,
    Authorization,
    ChannelItem,
    ChannelOrder,
    ChannelVariation,
    ItemPage,
    OrderLine,
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

PLATFORM = "double"
STATUS = {"unpaid": "UNPAID", "paid": "READY", "confirmed": "READY", "packed": "PROCESSED", "shipped": "SHIPPED",
          "delivered": "DELIVERED", "completed": "COMPLETED", "cancelled": "CANCELLED", "returned": "RETURNED"}
LOCAL = {"UNPAID": "unpaid", "READY": "confirmed", "PROCESSED": "packed", "SHIPPED": "shipped",
         "DELIVERED": "delivered", "COMPLETED": "completed", "CANCELLED": "cancelled", "RETURNED": "returned"}


@dataclass
class Unit:
    item_id: str
    variation_id: str | None
    seller_sku: str
    stock: int = 0
    price: int = 10_000
    gtin: str | None = None
    item_name: str = ""


@dataclass
class FakeOrder:
    id: str
    lines: list[tuple[str, int]]
    status: str = "UNPAID"
    updated: datetime = field(default_factory=clock.now_utc)
    created: datetime = field(default_factory=clock.now_utc)
    arranged: int = 0
    tracking: str = ""


class FakePlatform:
    """The platform side: units, orders, tokens, and switches to make it misbehave."""

    def __init__(self, app_key: str = "k1") -> None:
        self.app_key, self.app_secret = app_key, "s1"
        self.units: dict[tuple[str, str | None], Unit] = {}
        self.orders: dict[str, FakeOrder] = {}
        self.calls: list[str] = []
        self.access, self.refresh = "access-0", "refresh-0"
        self.refresh_valid = True
        self.refused: dict[str, tuple[str, str]] = {}
        self.unavailable = 0  # the next N calls fail as 5xx after retries
        self.ids = itertools.count(1)
        self.tick = itertools.count(1)
        self.ship_calls: list[str] = []

    def add(self, seller_sku: str, *, stock: int = 0, item: str | None = None, gtin: str | None = None,
            name: str = "") -> tuple[str, str | None]:
        item_id = item or f"I{len(self.units) + 1}"
        variation = f"V{len(self.units) + 1}" if item else None
        self.units[(item_id, variation)] = Unit(item_id, variation, seller_sku, stock, gtin=gtin, item_name=name or seller_sku)
        return item_id, variation

    def unit(self, seller_sku: str) -> Unit:
        return next(u for u in self.units.values() if seller_sku in (u.seller_sku, u.item_name))

    def place(self, lines: list[tuple[str, int]], status: str = "READY") -> str:
        order_id = f"{self.app_key.upper()}-{next(self.ids):04d}"
        for sku, quantity in lines:
            self.unit(sku).stock -= quantity
        self.orders[order_id] = FakeOrder(order_id, lines, status, self._stamp(), self._stamp())
        return order_id

    def move(self, order_id: str, status: str) -> None:
        order = self.orders[order_id]
        order.status, order.updated = status, self._stamp()

    def _stamp(self) -> datetime:
        return datetime(2026, 11, 30, tzinfo=clock.now_utc().tzinfo) + timedelta(seconds=next(self.tick))

    def gate(self, token: str, name: str) -> None:
        self.calls.append(name)
        if self.unavailable:
            self.unavailable -= 1
            raise Unavailable("Double", "HTTP 503")
        if token != self.access:
            raise TokenExpired("invalid_access_token", "Access token expired")


PLATFORMS: dict[str, FakePlatform] = {}


class DoubleConnector(ChannelConnector):
    platform = PLATFORM
    display_name = "Double"
    app_fields = ("app_key", "app_secret")
    default_base_url = "https://double.invalid"
    limits = ChannelLimits({
        Endpoint.STOCK: EndpointLimit(rate=1000, burst=1000, batch=3, concurrency=2),
        Endpoint.PRICE: EndpointLimit(rate=1000, burst=1000, batch=3),
        Endpoint.ORDERS: EndpointLimit(rate=1000, burst=1000),
        Endpoint.ORDER_DETAIL: EndpointLimit(rate=1000, burst=1000, batch=2),
    }, default=EndpointLimit(rate=1000, burst=1000), order_page_size=2)

    @property
    def fake(self) -> FakePlatform:
        platform = PLATFORMS[self.context.app["app_key"]]
        if self.context.app["app_secret"] != platform.app_secret:
            platform.calls.append("refused-credentials")
            raise BadCredentials("IncompleteSignature", "The request signature does not conform to platform standards")
        return platform

    def authorization_url(self, redirect_uri: str, state: str) -> str:
        return f"https://double.invalid/authorize?redirect_uri={redirect_uri}&state={state}"

    def exchange_code(self, callback: Mapping[str, str], redirect_uri: str) -> Authorization:
        return Authorization(TokenPair(self.fake.access, self.fake.refresh))

    def refresh_tokens(self, refresh_token: str) -> TokenPair:
        fake = self.fake
        fake.calls.append("refresh")
        if not fake.refresh_valid or refresh_token != fake.refresh:
            raise NeedsRelogin(self.context.account.name, "invalid_refresh_token")
        n = int(fake.access.split("-")[1]) + 1
        fake.access, fake.refresh = f"access-{n}", f"refresh-{n}"
        return TokenPair(fake.access, fake.refresh, clock.now_utc() + timedelta(hours=4), clock.now_utc() + timedelta(days=30))

    def shop_info(self) -> ShopInfo:
        self.fake.gate(self.access_token(), "shop")
        return ShopInfo("S1", "Shop")

    def list_items(self, cursor: str | None = None) -> ItemPage:
        fake = self.fake
        fake.gate(self.access_token(), "items")
        grouped: dict[str, list[Unit]] = {}
        for unit in fake.units.values():
            grouped.setdefault(unit.item_id, []).append(unit)
        return ItemPage(tuple(ChannelItem(item_id, units[0].item_name, tuple(
            ChannelVariation(u.variation_id, u.seller_sku, u.gtin, u.price, u.stock) for u in units))
            for item_id, units in grouped.items()))

    def _push(self, updates, what: str) -> list[PushResult]:
        fake = self.fake
        fake.gate(self.access_token(), what)
        out = []
        for update in updates:
            unit = fake.units.get((update.item_id, update.variation_id))
            if unit is None:
                out.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.REFUSED, "SKU_NOT_FOUND", "no such unit"))
            elif unit.seller_sku in fake.refused:
                code, message = fake.refused[unit.seller_sku]
                out.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.REFUSED, code, message))
            else:
                if what == "stock":
                    unit.stock = update.quantity
                else:
                    unit.price = update.price
                out.append(PushResult(update.sku, update.item_id, update.variation_id, Outcome.OK))
        return out

    def push_stock(self, updates: Sequence[StockUpdate]) -> list[PushResult]:
        return self._push(updates, "stock")

    def push_price(self, updates: Sequence[PriceUpdate]) -> list[PushResult]:
        return self._push(updates, "price")

    def pull_orders(self, cursor: str | None, since: datetime) -> OrderPage:
        fake = self.fake
        fake.gate(self.access_token(), "orders")
        after = int(cursor or 0)
        changed = sorted((o for o in fake.orders.values() if int(o.updated.timestamp()) > after),
                         key=lambda o: o.updated)
        page = changed[:self.limits.order_page_size]
        has_more = len(changed) > len(page)
        next_cursor = str(int(page[-1].updated.timestamp())) if page else str(after)
        return OrderPage(tuple(OrderRef(o.id, o.status, o.updated) for o in page), next_cursor, has_more)

    def order_detail(self, channel_order_ids: Sequence[str]) -> list[ChannelOrder]:
        fake = self.fake
        fake.gate(self.access_token(), "detail")
        out = []
        for cid in channel_order_ids:
            o = fake.orders[cid]
            lines = tuple(OrderLine(sku, qty, fake.unit(sku).price, fake.unit(sku).item_id, fake.unit(sku).variation_id,
                                    fake.unit(sku).item_name) for sku, qty in o.lines)
            out.append(ChannelOrder(
                o.id, o.status, LOCAL[o.status], lines, o.created, o.updated, buyer_name="Nguyễn Văn A",
                phone="+84 912 345 678",
                address=Address(province="Thành phố Hà Nội", district="Quận Hoàn Kiếm", ward="Phường Hàng Gai",
                                detail="Số 10 Hàng Bông"),
                total=sum(line.unit_price * line.quantity for line in lines), fees={"commission": 1000},
                payout=sum(line.unit_price * line.quantity for line in lines) - 1000,
                shipping={"package_id": f"PK-{o.id}"}, tracking_number=o.tracking))
        return out

    def arrange_shipment(self, ref: ShipmentRef) -> Shipment:
        fake = self.fake
        fake.gate(self.access_token(), "ship")
        order = fake.orders[ref.channel_order_id]
        fake.ship_calls.append(ref.channel_order_id)
        order.arranged += 1
        order.tracking = order.tracking or f"TRK{ref.channel_order_id}"
        if order.status in ("READY", "UNPAID"):
            order.status, order.updated = "PROCESSED", fake._stamp()
        return Shipment(ref.channel_order_id, order.tracking, {"package_id": ref.shipping.get("package_id", "")})

    def shipping_document(self, refs: Sequence[ShipmentRef]) -> bytes:
        self.fake.gate(self.access_token(), "document")
        import io

        from reportlab.pdfgen import canvas

        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, pagesize=(283, 425))
        for ref in refs:
            page.drawString(20, 400, f"AWB {ref.channel_order_id}")
            page.showPage()
        page.save()
        return buffer.getvalue()


def install(app_key: str = "k1") -> FakePlatform:
    """A fresh fake platform reachable with app key ``app_key`` and the double connector registered."""
    registry.overrides[PLATFORM] = DoubleConnector
    fake = PLATFORMS[app_key] = FakePlatform(app_key)
    return fake


def credentials_json(fake: FakePlatform) -> dict[str, str]:
    return {"app_key": fake.app_key, "app_secret": fake.app_secret, "access_token": fake.access,
            "refresh_token": fake.refresh}
