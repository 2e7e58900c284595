"""The one connector interface every marketplace (and the national store) implements.

A connector is a small package ``core/channels/<platform>/`` with ``signing.py`` (pure functions,
tested against the documentation's published examples), ``client.py`` (the class below, over
:class:`~.http.ChannelHttp`) and ``mapping.py`` (the platform's JSON to :mod:`.model` and back).
It knows nothing of the database: the engine (core/channels/engine.py) decides what to send, keeps
the outbox and the cursors, and calls these methods through the scheduler, which keeps the limits
the connector declares in ``limits``. See core/channels/README.md for how to add one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, TypeVar

from ..tasks import CancelToken
from .errors import TokenExpired
from .http import ChannelHttp, HttpOptions, path_segment
from .limits import ChannelLimits
from .model import (
    Authorization,
    ChannelOrder,
    ItemPage,
    OrderPage,
    PriceUpdate,
    PushResult,
    Shipment,
    ShopInfo,
    StockUpdate,
    TokenPair,
)
from .tokens import TokenKeeper

T = TypeVar("T")


@dataclass(frozen=True)
class AccountRef:
    """Which account a connector works for (a row of the accounts table, as plain data)."""

    name: str
    platform: str
    shop_id: str | None = None
    base_url: str | None = None  # None: the platform's production address
    id: int | None = None


@dataclass(frozen=True)
class ShipmentRef:
    """An order to arrange or print: the channel's order id and the ids its shipment calls need
    (``ChannelOrder.shipping``, e.g. TikTok's package id, Lazada's order item ids)."""

    channel_order_id: str
    shipping: Mapping[str, str] = field(default_factory=dict)


@dataclass
class ConnectorContext:
    """Everything a connector needs: the account, the app credentials under the platform's own key
    names (``partner_id``/``partner_key``, ``app_key``/``app_secret``, ``client_id``/``client_secret``,
    TikTok's ``shop_cipher``), the token keeper and the HTTP options."""

    account: AccountRef
    app: dict[str, str]
    tokens: TokenKeeper
    http: HttpOptions = field(default_factory=HttpOptions)
    cancel: CancelToken | None = None


class ChannelConnector(ABC):
    """One marketplace account's API, in our shapes (core/channels/model.py).

    Rules every implementation keeps:

    - Sign each attempt afresh (``self.http.send(build)`` calls ``build`` per try), with the
      timestamp from ``self.http.timestamp()``; map the platform's "timestamp out of window" error
      to ``ClockSkew``.
    - Read the access token with ``self.access_token()`` inside ``build``; map the platform's
      "token expired/invalid" answer to ``TokenExpired`` (the caller refreshes and retries once),
      a refused refresh to ``NeedsRelogin``, wrong app key/secret/signature to ``BadCredentials``.
    - Raise ``BadResponse`` for an answer that is not the documented shape (``HttpAnswer.json()``
      already does for HTML); ``RateLimited`` for a rate-limit answer given with status 200.
    - Batches: ``push_stock``/``push_price`` get at most ``limits.of(Endpoint.STOCK).batch`` units
      (all of one item when ``per_item``) and answer one PushResult per unit, in any order.
    - Never touch the database or the keyring; raise, do not log secrets.
    """

    platform: ClassVar[str]
    display_name: ClassVar[str]
    # Keys the `channel add` JSON must carry besides access_token and refresh_token.
    app_fields: ClassVar[tuple[str, ...]]
    default_base_url: ClassVar[str]
    limits: ClassVar[ChannelLimits]
    docs_url: ClassVar[str] = ""
    # True when the platform's calls need the shop id (Shopee signs with it): `channel add` asks for it.
    shop_id_required: ClassVar[bool] = False
    # Set when the app alone can get a token (Tiki in-house apps: client credentials): the refresh
    # token that stands for "ask with the app's credentials", so `channel add` may omit both tokens
    # and the token keeper fetches the first one.
    app_only_refresh: ClassVar[str | None] = None

    def __init__(self, context: ConnectorContext) -> None:
        self.context = context
        self.http = ChannelHttp(self.platform, context.http, cancel=context.cancel)

    @property
    def base_url(self) -> str:
        return (self.context.account.base_url or self.default_base_url).rstrip("/")

    def segment(self, value: object) -> str:
        """The platform's id `value` as one percent-encoded URL path segment: every path a client
        builds from data goes through this (an id holding "/" or "?" never reaches another address).

        Raises:
            BadResponse: an empty, "." or ".." id.
        """
        return path_segment(self.display_name, value)

    def access_token(self) -> str:
        """The current access token, refreshed first when it is about to expire."""
        return self.context.tokens.access_token()

    def close(self) -> None:
        self.http.close()

    def with_auth(self, call: Callable[..., T], *args, **kwargs) -> T:
        """Run ``call`` refreshing the token first if needed, and once more after a refresh when the
        platform answers that the token expired. Raises NeedsRelogin when it cannot be refreshed."""
        token = self.access_token()
        try:
            return call(*args, **kwargs)
        except TokenExpired:
            self.context.tokens.refresh(stale=token)
            return call(*args, **kwargs)

    # -- authorisation --------------------------------------------------------------------------

    @abstractmethod
    def authorization_url(self, redirect_uri: str, state: str) -> str:
        """The platform's own page where the shop owner authorises the app; it sends the browser
        back to ``redirect_uri`` (a 127.0.0.1 loopback address, or one whose code is pasted)."""

    @abstractmethod
    def exchange_code(self, callback: Mapping[str, str], redirect_uri: str) -> Authorization:
        """Turn the redirect's query parameters (``code``, Shopee's ``shop_id``…) into tokens.
        Raises BadCredentials, Refused (code used or expired)."""

    @abstractmethod
    def refresh_tokens(self, refresh_token: str) -> TokenPair:
        """A new pair from the refresh token. Raises NeedsRelogin when the platform refuses it."""

    @abstractmethod
    def shop_info(self) -> ShopInfo:
        """The shop these credentials open: proves they work. Raises BadCredentials, TokenExpired."""

    # -- catalogue ------------------------------------------------------------------------------

    @abstractmethod
    def list_items(self, cursor: str | None = None) -> ItemPage:
        """One page of the shop's items with their variations (seller SKU, GTIN, price, stock)."""

    @abstractmethod
    def push_stock(self, updates: Sequence[StockUpdate]) -> list[PushResult]:
        """Set each unit's available stock; one result per unit (partial success is normal).
        Raises only for the whole call (Unavailable, TokenExpired, RateLimited…)."""

    @abstractmethod
    def push_price(self, updates: Sequence[PriceUpdate]) -> list[PushResult]:
        """Set each unit's price in đồng; one result per unit."""

    # -- orders ---------------------------------------------------------------------------------

    @abstractmethod
    def pull_orders(self, cursor: str | None, since: datetime) -> OrderPage:
        """Orders created or changed after the cursor (or after ``since`` when there is none yet).
        The cursor is the connector's own opaque text; overlap is fine (the engine deduplicates),
        gaps are not. A page with nothing new is one call."""

    @abstractmethod
    def order_detail(self, channel_order_ids: Sequence[str]) -> list[ChannelOrder]:
        """The orders' detail (at most ``limits.of(Endpoint.ORDER_DETAIL).batch`` ids a call)."""

    @abstractmethod
    def arrange_shipment(self, ref: ShipmentRef) -> Shipment:
        """Arrange shipment the platform's way (Shopee ship_order; Lazada pack then ready-to-ship;
        TikTok ship package). Arranging an already arranged order answers its shipment, not an error."""

    @abstractmethod
    def shipping_document(self, refs: Sequence[ShipmentRef]) -> bytes:
        """The platform's own shipping label(s) as PDF bytes, exactly as delivered (at most
        ``limits.of(Endpoint.DOCUMENT).batch`` orders a call). Raises NotSupported where none exists."""
