"""Local simulators of the marketplaces, written from each platform's documentation.

Every simulator module ``<platform>.py`` (shopee, lazada, tiktok, tiki) offers
``start(latency: float = 0.0) -> Simulator``: a loopback HTTP server already listening, with the
control methods below, so the channel integration tests and ``bench/bench_channels.py`` can drive
any platform the same way. A simulator keeps its platform's rules (signatures, token expiry,
documented limits and batch sizes, error shapes); the control methods are the test's hands on the
"platform side" (what the seller centre or a buyer would do), never part of the platform's API.
"""

from __future__ import annotations

from typing import Protocol


class SoldOut(Exception):
    """The platform refused a buyer's order: its own stock for the SKU is too low."""


class Simulator(Protocol):
    platform: str  # "shopee", "lazada", "tiktok", "tiki"
    url: str  # base URL for `channel add --base-url`
    shop_id: str | None  # for `channel add --shop-id` where the platform has one
    latency: float  # seconds added to every API call (settable)

    def credentials(self) -> dict[str, str]:
        """Valid JSON for `channel add --credentials-stdin` (app credentials and a fresh token pair)."""

    def add_item(self, seller_sku: str, *, stock: int = 0, price: int = 10_000, gtin: str | None = None,
                 name: str = "", item: str | None = None) -> tuple[str, str | None]:
        """List a unit; units given the same ``item`` key become variations of one item.
        Returns (item_id, variation_id)."""

    def stock(self, seller_sku: str) -> int:
        """The stock the platform now shows for the unit."""

    def place_order(self, lines: list[tuple[str, int]], *, buyer: str = "Nguyễn Văn A") -> str:
        """A buyer orders (seller SKU, quantity) lines; the platform takes its own stock down.
        Raises SoldOut when the platform's stock is too low. Returns the channel order id."""

    def set_order_status(self, channel_order_id: str, status: str) -> None:
        """Move an order on the platform side; ``status`` in the local vocabulary
        ("cancelled", "shipped", "delivered", "completed", "returned")."""

    def calls(self) -> list[str]:
        """Every API path called so far, in order (for "a no-op sync polls once")."""

    def expire_access_token(self) -> None:
        """The current access token stops working (the platform answers "token expired")."""

    def expire_refresh_token(self) -> None:
        """The refresh token stops working too (the account needs a new authorisation)."""

    def lock_stock(self, seller_sku: str) -> None:
        """Stock updates for the unit are refused the platform's way (e.g. a campaign lock)."""

    def stop(self) -> None:
        """Shut the server down."""
