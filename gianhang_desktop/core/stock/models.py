"""Stock tables: warehouses, lots, the movement ledger and the balances cached from it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..db.base import Base, UtcDateTime, utcnow

MOVEMENT_KINDS = ("receipt", "adjustment", "shipment", "transfer_out", "transfer_in", "return")
DEFAULT_WAREHOUSE_CODE = "KHO-CHINH"
DEFAULT_WAREHOUSE_NAME = "Kho chính"


class Warehouse(Base):
    """A place stock is kept; "Kho chính" always exists."""

    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(255), default="")
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)


class Lot(Base):
    """A batch of one product: harvest or production date and expiry date."""

    __tablename__ = "lots"
    __table_args__ = (UniqueConstraint("product_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    harvest_date: Mapped[date | None] = mapped_column(Date)
    expiry_date: Mapped[date | None] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class StockMovement(Base):
    """One line of the append-only ledger; quantity is signed, in the product's unit."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('receipt', 'adjustment', 'shipment', 'transfer_out', 'transfer_in', 'return')",
            name="kind_known",
        ),
        CheckConstraint("quantity <> 0", name="quantity_not_zero"),
        Index("ix_stock_movements_product_id_id", "product_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="RESTRICT"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id", ondelete="RESTRICT"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(255), default="")
    user_name: Mapped[str] = mapped_column(String(80), default="")
    # What caused it, e.g. an order code or a transfer id, to find related lines.
    reference: Mapped[str] = mapped_column(String(64), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    # Value at cost in đồng, signed like quantity (core/stock/costing.py); None for lines written
    # in bulk before they were valued (reports value those at the product's catalogue cost).
    cost_value: Mapped[int | None] = mapped_column(BigInteger)


class StockBalance(Base):
    """On-hand quantity per product / warehouse / lot, cached from the ledger in the same transaction."""

    __tablename__ = "stock_balances"
    __table_args__ = (
        UniqueConstraint("product_id", "warehouse_id", "lot_id"),
        # NULL lots are distinct in the constraint above: this index keeps "no lot" to one row.
        Index("uq_stock_balances_no_lot", "product_id", "warehouse_id", unique=True,
              sqlite_where=text("lot_id IS NULL"), postgresql_where=text("lot_id IS NULL")),
        Index("ix_stock_balances_lot_id", "lot_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id", ondelete="RESTRICT"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id", ondelete="RESTRICT"))
    on_hand: Mapped[int] = mapped_column(Integer, default=0)


class StockTotal(Base):
    """On-hand total per product (sum of its balances), so tables sort and filter by stock in SQL."""

    __tablename__ = "stock_totals"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    on_hand: Mapped[int] = mapped_column(Integer, default=0, index=True)


class ExpirySweep(Base):
    """The shop day up to which lots that stopped being sellable were announced to the store (one row)."""

    __tablename__ = "expiry_sweeps"

    id: Mapped[int] = mapped_column(primary_key=True)
    swept_on: Mapped[date] = mapped_column(Date)
