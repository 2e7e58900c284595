"""The channel layer's plain data: what every connector returns and takes, in our shapes only.

No platform JSON crosses this line: a connector's ``mapping.py`` turns its platform's answers into
these dataclasses and back. Money is an ``int`` of đồng, quantities whole units, times aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Platform(StrEnum):
    """The marketplaces (and the national store) a channel account can be on."""

    SHOPEE = "shopee"
    LAZADA = "lazada"
    TIKTOK = "tiktok"
    TIKI = "tiki"
    STORE = "store"  # the national storefront (docs/store-api.md), today's sync


# -- authorisation ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class TokenPair:
    """An access token and the refresh token that renews it, with their expiry times (UTC).

    Shopee replaces the refresh token on every refresh, so a pair is always saved whole, and saved
    before its access token is used (core/channels/tokens.py).
    """

    access_token: str
    refresh_token: str
    access_expires_at: datetime | None = None
    refresh_expires_at: datetime | None = None

    def __repr__(self) -> str:  # never print a token
        return (f"TokenPair(access=***, refresh=***, access_expires_at={self.access_expires_at!r}, "
                f"refresh_expires_at={self.refresh_expires_at!r})")


@dataclass(frozen=True)
class Authorization:
    """What exchanging an authorisation code gives: the token pair and the shop it is for.

    ``extra`` holds platform values the account needs later (TikTok's ``shop_cipher``).
    """

    tokens: TokenPair
    shop_id: str | None = None
    shop_name: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ShopInfo:
    """The shop the credentials open (a cheap call that proves they work)."""

    shop_id: str
    name: str = ""
    region: str = "VN"


class AccountState(StrEnum):
    """A channel account's state as the window and ``channel list`` show it."""

    ACTIVE = "active"
    NEEDS_RELOGIN = "needs_relogin"  # "Cần đăng nhập lại": the refresh token expired or was revoked
    BAD_CREDENTIALS = "bad_credentials"  # the app key/secret is wrong or the app was revoked
    DISABLED = "disabled"  # the user paused it


# -- items ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChannelVariation:
    """One sellable unit of a channel item: Shopee model, Lazada SKU, TikTok SKU, Tiki product.

    ``variation_id`` is None for an item without variations (Shopee item without models); the
    channel's own id of the unit is then the item id.
    """

    variation_id: str | None
    seller_sku: str
    gtin: str | None = None
    price: int | None = None  # đồng
    stock: int | None = None  # what the channel shows as available
    name: str = ""  # the variation's own name, e.g. "Túi 1 kg"
    status: str = ""


@dataclass(frozen=True)
class ChannelItem:
    """A listing on the channel with its variations (one or more)."""

    item_id: str
    name: str
    variations: tuple[ChannelVariation, ...]
    status: str = ""
    seller_sku: str = ""  # the parent's SKU where the platform has one


@dataclass(frozen=True)
class ItemPage:
    """One page of ``list_items``; pass ``next_cursor`` back until it is None."""

    items: tuple[ChannelItem, ...]
    next_cursor: str | None = None


# -- pushes -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StockUpdate:
    """Set the channel's available stock of one unit to ``quantity`` (a whole state, never a delta)."""

    sku: str  # the local SKU, for reporting
    item_id: str
    variation_id: str | None
    quantity: int
    location_id: str | None = None  # the channel's warehouse/location where it has several
    change_key: str = ""  # the outbox entry's persisted key (for platforms that take an Idempotency-Key)


@dataclass(frozen=True)
class PriceUpdate:
    """Set the channel's price of one unit to ``price`` đồng (a whole state)."""

    sku: str
    item_id: str
    variation_id: str | None
    price: int
    change_key: str = ""


class Outcome(StrEnum):
    OK = "ok"
    REFUSED = "refused"  # the platform said no (campaign lock, bad id…): shown, retried on the next change
    RETRYABLE = "retryable"  # 5xx, time-out, rate limit: sent again with backoff


@dataclass(frozen=True)
class PushResult:
    """The answer for one unit of a stock or price batch; ``code``/``message`` are the platform's."""

    sku: str
    item_id: str
    variation_id: str | None
    outcome: Outcome
    code: str = ""
    message: str = ""
    retry_after: float | None = None  # seconds, when the platform said
    version: str | None = None  # the unit's new version on the platform, when it keeps one (the store)

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


# -- orders -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OrderRef:
    """An order seen in a list: enough to tell whether its detail must be fetched."""

    channel_order_id: str
    status: str = ""  # the platform's status
    updated_at: datetime | None = None


@dataclass(frozen=True)
class OrderLine:
    """One line of a channel order, named by the channel's ids and the seller SKU."""

    seller_sku: str
    quantity: int
    unit_price: int = 0  # đồng, after the seller's discounts, before platform vouchers
    item_id: str = ""
    variation_id: str | None = None
    name: str = ""
    line_id: str = ""


@dataclass(frozen=True)
class Address:
    """The buyer's address as the platform gave it: ``full_text`` kept as is, parts when given."""

    full_text: str = ""
    province: str = ""
    district: str = ""  # pre-2025 addresses still name one
    ward: str = ""
    detail: str = ""  # house number, street, hamlet


@dataclass(frozen=True)
class ChannelOrder:
    """An order's detail in our shapes. ``local_status`` is the platform's ``status`` mapped onto
    the local state machine (core/orders/states.py values) by the connector's mapping."""

    channel_order_id: str
    status: str
    local_status: str
    lines: tuple[OrderLine, ...]
    created_at: datetime | None = None
    updated_at: datetime | None = None
    buyer_name: str = ""
    phone: str = ""  # as given (often masked by the platform)
    address: Address = field(default_factory=Address)
    shipping_fee: int = 0  # paid by the buyer
    cod_amount: int = 0  # to collect on delivery, 0 when paid online
    total: int | None = None  # what the buyer paid
    fees: dict[str, int] = field(default_factory=dict)  # platform fees by name (commission, payment, …)
    payout: int | None = None  # what the platform pays the seller, when it says
    tracking_number: str = ""
    shipping: dict[str, str] = field(default_factory=dict)  # ids the shipment calls need (package id…)
    note: str = ""
    cancel_reason: str = ""


@dataclass(frozen=True)
class OrderPage:
    """One answer of ``pull_orders``: orders changed since the cursor and the cursor to save.

    ``refs`` lists every order seen; ``details`` those the list call already returned whole (the
    rest are fetched with ``order_detail``). Save ``next_cursor`` only once the page is applied.
    """

    refs: tuple[OrderRef, ...]
    next_cursor: str | None
    has_more: bool = False
    details: tuple[ChannelOrder, ...] = ()


@dataclass(frozen=True)
class Shipment:
    """What arranging a shipment gave back."""

    channel_order_id: str
    tracking_number: str = ""
    shipping: dict[str, str] = field(default_factory=dict)
