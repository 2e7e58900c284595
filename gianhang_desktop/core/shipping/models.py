"""Shipping tables: carrier accounts (secrets in the keyring, not here), shipments (the outbox row
of each create, then the parcel's life), and the clerk's old-map ward choices."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db.base import Base, UtcDateTime, utcnow
from .model import ShipmentStatus

_STATUS_LIST = ", ".join(f"'{s.value}'" for s in ShipmentStatus)


class CarrierAccount(Base):
    """A carrier account the shop ships with (GHN, GHTK, Viettel Post, VNPost)."""

    __tablename__ = "carrier_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    carrier: Mapped[str] = mapped_column(String(16))
    base_url: Mapped[str | None] = mapped_column(String(500))
    secret_ref: Mapped[str] = mapped_column(String(64), unique=True)  # keyring entry name
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)


class Shipment(Base):
    """One parcel of one order with one carrier.

    Written (status ``sending``, ``client_code`` = our order code) in the transaction that decides to
    ship, before the carrier is called: after a crash or a lost answer the next attempt looks the code
    up at the carrier first, so one order never gets two waybills. ``active_order_id`` equals
    ``order_id`` while the shipment is live (unique: one live shipment per order) and is cleared when
    it is cancelled or refused."""

    __tablename__ = "shipments"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUS_LIST})", name="status_known"),
        CheckConstraint("cod_amount >= 0 AND insured_value >= 0 AND weight_g > 0", name="parcel_sane"),
        Index("ix_shipments_status_polled_at", "status", "polled_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    active_order_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("carrier_accounts.id", ondelete="SET NULL"),
                                                   index=True)
    carrier_name: Mapped[str] = mapped_column(String(64))  # the account's name, kept if it is removed
    carrier_kind: Mapped[str] = mapped_column(String(16))  # ghn, ghtk, viettelpost, vnpost, other
    client_code: Mapped[str] = mapped_column(String(64), unique=True)
    tracking_code: Mapped[str | None] = mapped_column(String(64), index=True)
    service: Mapped[str] = mapped_column(String(64), default="")
    service_name: Mapped[str] = mapped_column(String(200), default="")
    fee: Mapped[int | None] = mapped_column(Integer)
    cod_amount: Mapped[int] = mapped_column(Integer, default=0)
    insured_value: Mapped[int] = mapped_column(Integer, default=0)
    weight_g: Mapped[int] = mapped_column(Integer)
    length_cm: Mapped[int] = mapped_column(Integer, default=10)
    width_cm: Mapped[int] = mapped_column(Integer, default=10)
    height_cm: Mapped[int] = mapped_column(Integer, default=10)
    pickup: Mapped[bool] = mapped_column(Boolean, default=True)
    legacy_key: Mapped[str | None] = mapped_column(String(200))  # the old-map unit sent, if any
    status: Mapped[str] = mapped_column(String(20), default=ShipmentStatus.SENDING.value)
    carrier_status: Mapped[str] = mapped_column(String(100), default="")
    status_detail: Mapped[str] = mapped_column(Text, default="")
    expected_delivery: Mapped[date | None] = mapped_column(Date)
    cod_collected: Mapped[int | None] = mapped_column(Integer)
    cod_remitted: Mapped[int | None] = mapped_column(Integer)
    remitted_on: Mapped[date | None] = mapped_column(Date)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Who is sending it right now ("host:pid"), so two windows or PCs never send one order at once.
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    polled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class OrderLegacyWard(Base):
    """The clerk's answer to "which old ward?" for an order whose 2025 ward was merged from several
    (kept with the ward it answers for: a changed address asks again)."""

    __tablename__ = "order_legacy_wards"

    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True)
    ward_code: Mapped[int] = mapped_column(Integer)
    legacy_key: Mapped[str] = mapped_column(String(200))
    chosen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
