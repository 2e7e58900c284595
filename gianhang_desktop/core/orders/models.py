"""Order tables: orders, their lines, and the lots each line was shipped from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db.base import Base, UtcDateTime, utcnow
from .states import OrderStatus

# Channels orders come from; a marketplace order's channel is its account's name (core/channels).
CHANNELS = ("manual", "phone", "zalo", "store")
MANUAL_CHANNELS = ("manual", "phone", "zalo")

_STATUS_LIST = ", ".join(f"'{s.value}'" for s in OrderStatus)


class Order(Base):
    """One order from any channel; ``status`` follows :mod:`.states`. Money in đồng, times UTC."""

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUS_LIST})", name="status_known"),
        CheckConstraint("shipping_fee >= 0 AND cod_amount >= 0", name="money_not_negative"),
        Index("ix_orders_status_created_at", "status", "created_at"),
        Index("ix_orders_created_at_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # "GH-2611-0001" for orders entered here; store orders keep the store's code.
    code: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(64), default="manual", index=True)
    status: Mapped[str] = mapped_column(String(16), default=OrderStatus.UNPAID.value)
    buyer_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20))
    address_line: Mapped[str] = mapped_column(String(255))
    province_code: Mapped[int | None] = mapped_column(Integer)
    ward_code: Mapped[int | None] = mapped_column(Integer)
    shipping_fee: Mapped[int] = mapped_column(Integer, default=0)
    cod_amount: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(500), default="")
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id", ondelete="RESTRICT"))
    tracking_code: Mapped[str | None] = mapped_column(String(64))
    tracking_url: Mapped[str | None] = mapped_column(String(500))
    cancel_reason: Mapped[str | None] = mapped_column(String(255))  # why cancelled or returned
    # Store side, filled by sync: the store's id for the order and its version counter.
    remote_code: Mapped[str | None] = mapped_column(String(64), unique=True)
    remote_version: Mapped[int | None] = mapped_column(Integer)
    remote_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    search_text: Mapped[str] = mapped_column(Text, default="")  # folded code, buyer, phone
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    items: Mapped[list[OrderItem]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderItem.line_no"
    )


class OrderItem(Base):
    """One line: a product (by SKU, name kept as sold), quantity and unit price in đồng."""

    __tablename__ = "order_items"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(Integer, default=1)
    # None when a store order names a SKU this catalogue does not have (it cannot be confirmed).
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="RESTRICT"), index=True
    )
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(Integer, default=0)

    order: Mapped[Order] = relationship(back_populates="items")
    allocations: Mapped[list[OrderAllocation]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="OrderAllocation.id"
    )


class OrderAllocation(Base):
    """Units of an order line shipped from one lot, so a return goes back to the same lot."""

    __tablename__ = "order_allocations"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_item_id: Mapped[int] = mapped_column(
        ForeignKey("order_items.id", ondelete="CASCADE"), index=True
    )
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id", ondelete="RESTRICT"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(Integer)
    shipped_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    returned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    item: Mapped[OrderItem] = relationship(back_populates="allocations")


# Every order's buyer becomes a customer (the mapper event lives with the customers).
from ..customers import from_orders  # noqa: E402,F401
