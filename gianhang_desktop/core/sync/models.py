"""The outbox: local changes the store must learn about, written in the change's own transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db.base import Base, UtcDateTime, utcnow

OUTBOX_KINDS = ("product", "photos", "stock", "listing", "order_status")


class OutboxEntry(Base):
    """One change to send; `idempotency_key` makes a resend harmless."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "done_at", "id"), Index("ix_outbox_kind_key", "kind", "key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(128))
    payload: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SyncState(Base):
    """The one row of sync bookkeeping: the store's changes cursor, the last sync and its error."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    server_url: Mapped[str] = mapped_column(String(500), default="")
    cursor: Mapped[str | None] = mapped_column(String(200))
    last_sync_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_result: Mapped[str | None] = mapped_column(Text)  # JSON of the last SyncReport
    # This installation's X-GH-Device (made at the first sync; not a secret): desktops sharing one
    # app key see each other's changes in the feed, never their own echo.
    device_id: Mapped[str | None] = mapped_column(String(64))


class RemoteProduct(Base):
    """What the store last acknowledged for a product: its version and the descriptive fields.

    `base` is the last copy both sides agreed on; `sent` is a write in flight (kept across a crash),
    so a 409 caused by our own unacknowledged write is told apart from an edit made elsewhere.
    """

    __tablename__ = "sync_products"

    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int | None] = mapped_column(Integer)
    base: Mapped[str | None] = mapped_column(Text)
    sent: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RemoteImage(Base):
    """A picture already uploaded: local sha256 of the original -> the store's image id."""

    __tablename__ = "sync_images"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    image_id: Mapped[str] = mapped_column(String(64))


class Listing(Base):
    """A product's listing on the national store: the terms the seller wants and the review outcome."""

    __tablename__ = "sync_listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    price: Mapped[int] = mapped_column(Integer, default=0)
    sale_price: Mapped[int | None] = mapped_column(Integer)
    sale_from: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sale_to: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # draft (never sent), sending (in the outbox), pending_review, approved, rejected
    status: Mapped[str] = mapped_column(String(20), default="draft")
    reasons: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{code, message}]
    live: Mapped[bool] = mapped_column(Boolean, default=False)
    remote_version: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SyncConflict(Base):
    """A product edited here and on the store; both copies kept until the user picks one."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_open", "resolved_at", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="product")
    key: Mapped[str] = mapped_column(String(128))
    local: Mapped[str] = mapped_column(Text)  # JSON
    remote: Mapped[str] = mapped_column(Text)  # JSON
    remote_version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolution: Mapped[str | None] = mapped_column(String(10))  # "local" or "store"


class StoreOrder(Base):
    """The store's copy of an order (as last pulled), used to acknowledge status pushes."""

    __tablename__ = "sync_store_orders"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[str] = mapped_column(Text)  # JSON as the store sent it
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
