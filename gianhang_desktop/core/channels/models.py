"""Channel tables: accounts, the items seen on each channel, links, one outbox per account, the
last push per SKU, and the channel side of imported orders (migration 0016_channels)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..db.base import Base, UtcDateTime, utcnow

OUTBOX_KINDS = ("stock", "price", "ship")


class ChannelAccount(Base):
    """One shop on one platform. Secrets are in the keyring under ``secret_ref``, never here."""

    __tablename__ = "channel_accounts"
    __table_args__ = (
        CheckConstraint("percent BETWEEN 0 AND 100", name="percent_range"),
        CheckConstraint("buffer >= 0 AND zero_below >= 0", name="rule_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    shop_id: Mapped[str | None] = mapped_column(String(64))
    base_url: Mapped[str | None] = mapped_column(String(500))
    secret_ref: Mapped[str] = mapped_column(String(64), unique=True)
    # active, needs_relogin, bad_credentials, disabled (core/channels/model.py AccountState)
    state: Mapped[str] = mapped_column(String(20), default="active")
    state_detail: Mapped[str | None] = mapped_column(Text)
    auto_sync: Mapped[bool] = mapped_column(Boolean, default=True)
    # The stock rule: available = rule(on hand in the warehouses − reserved − buffer).
    percent: Mapped[int] = mapped_column(Integer, default=100)
    buffer: Mapped[int] = mapped_column(Integer, default=0)
    zero_below: Mapped[int] = mapped_column(Integer, default=0)
    warehouses: Mapped[str] = mapped_column(Text, default="")  # comma-separated warehouse codes; "" = all
    order_cursor: Mapped[str | None] = mapped_column(Text)
    orders_since: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    access_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # shown, not secret
    refresh_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_sync_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ChannelUnit(Base):
    """A sellable unit seen on the channel (an item's variation), as last listed."""

    __tablename__ = "channel_units"
    __table_args__ = (
        UniqueConstraint("account_id", "item_id", "variation_id"),
        Index("ix_channel_units_account_id_seller_sku", "account_id", "seller_sku"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("channel_accounts.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    variation_id: Mapped[str] = mapped_column(String(64), default="")  # "" when the item has none
    seller_sku: Mapped[str] = mapped_column(String(128), default="")
    gtin: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(500), default="")
    price: Mapped[int | None] = mapped_column(Integer)
    stock: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(40), default="")
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ChannelLink(Base):
    """A local product sold as one unit of a channel item (``how``: sku, gtin or manual)."""

    __tablename__ = "channel_links"
    __table_args__ = (
        UniqueConstraint("account_id", "item_id", "variation_id"),
        Index("ix_channel_links_product_id_account_id", "product_id", "account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("channel_accounts.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    variation_id: Mapped[str] = mapped_column(String(64), default="")
    seller_sku: Mapped[str] = mapped_column(String(128), default="")
    how: Mapped[str] = mapped_column(String(10), default="manual")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ChannelOutbox(Base):
    """One change a channel must learn, written in the change's own transaction; done only in the
    transaction that records the channel's answer. ``key`` is a SKU (stock, price) or an order code."""

    __tablename__ = "channel_outbox"
    __table_args__ = (Index("ix_channel_outbox_pending", "account_id", "done_at", "kind", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("channel_accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(128))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime | None] = mapped_column(UtcDateTime)  # backoff after a retryable failure
    last_error: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ChannelPush(Base):
    """The last stock or price sent for a product on an account and the channel's answer, so the
    window shows errors per SKU (a refusal stays until the next change sends it again)."""

    __tablename__ = "channel_pushes"
    __table_args__ = (UniqueConstraint("account_id", "kind", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("channel_accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # stock or price
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(10))  # ok, refused, retryable
    code: Mapped[str] = mapped_column(String(100), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ChannelOrderRecord(Base):
    """The channel side of an imported order: its id there, status, money and flags."""

    __tablename__ = "channel_orders"
    __table_args__ = (UniqueConstraint("account_id", "channel_order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("channel_accounts.id", ondelete="CASCADE"))
    channel_order_id: Mapped[str] = mapped_column(String(64))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(40), default="")  # the platform's
    target_status: Mapped[str] = mapped_column(String(16), default="")  # mapped local status
    remote_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    address_text: Mapped[str] = mapped_column(Text, default="")  # the platform's original text
    phone_raw: Mapped[str] = mapped_column(String(40), default="")
    total: Mapped[int | None] = mapped_column(Integer)
    fees: Mapped[str] = mapped_column(Text, default="{}")  # JSON {name: đồng}
    payout: Mapped[int | None] = mapped_column(Integer)
    shipping: Mapped[str] = mapped_column(Text, default="{}")  # JSON of the ids shipment calls need
    lines: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{line_no, seller_sku, item_id, variation_id}]
    unlinked: Mapped[bool] = mapped_column(Boolean, default=False)
    oversold: Mapped[int] = mapped_column(Integer, default=0)  # units sold beyond what was available
    warning: Mapped[str | None] = mapped_column(Text)
    arranged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
