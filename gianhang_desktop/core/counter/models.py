"""Counter sale tables: sales, their lines, the lots each line took, and returns.

Money is whole đồng (BigInteger: a wholesale bill may pass the 2.1 billion a 32-bit column
holds); quantities are in the product's unit. `local_day` is the shop's calendar day of the
event (core/clock.py), so a day's report is one index range, never a time-zone computation.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..customers.models import Customer  # noqa: F401 (a sale names its customer)
from ..db.base import Base, UtcDateTime, utcnow

SALE_STATUSES = ("completed", "awaiting_payment", "cancelled")
COUNTER_CHANNEL = "counter"  # the channel a counter sale is reported under ("Tại quầy")


class Sale(Base):
    """One bill at the counter: totals after discounts, how it was paid, and what it cost."""

    __tablename__ = "sales"
    __table_args__ = (
        CheckConstraint("status IN ('completed', 'awaiting_payment', 'cancelled')", name="status_known"),
        CheckConstraint("discount >= 0 AND discount <= subtotal", name="discount_within_subtotal"),
        CheckConstraint("total = subtotal - discount", name="total_after_discount"),
        CheckConstraint("paid_cash >= 0 AND paid_transfer >= 0 AND debt >= 0 AND change_due >= 0",
                        name="payments_not_negative"),
        Index("ix_sales_local_day_id", "local_day", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # HD-261130-0001
    status: Mapped[str] = mapped_column(String(20), default="completed")
    local_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id", ondelete="RESTRICT"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"), index=True)
    customer_name: Mapped[str] = mapped_column(String(200), default="")
    customer_phone: Mapped[str] = mapped_column(String(20), default="")
    user_name: Mapped[str] = mapped_column(String(80), default="")  # the cashier (staff: #18)
    subtotal: Mapped[int] = mapped_column(BigInteger, default=0)  # lines after their own discounts
    discount: Mapped[int] = mapped_column(BigInteger, default=0)  # on the whole bill
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    cash_tendered: Mapped[int] = mapped_column(BigInteger, default=0)  # what the customer handed over
    change_due: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_cash: Mapped[int] = mapped_column(BigInteger, default=0)  # kept: tendered − change
    paid_transfer: Mapped[int] = mapped_column(BigInteger, default=0)
    debt: Mapped[int] = mapped_column(BigInteger, default=0)  # sold on credit (công nợ)
    cogs: Mapped[int] = mapped_column(BigInteger, default=0)  # cost of the goods, from their lots
    note: Mapped[str] = mapped_column(String(500), default="")

    lines: Mapped[list[SaleLine]] = relationship(
        back_populates="sale", cascade="all, delete-orphan", order_by="SaleLine.line_no")


class SaleLine(Base):
    """One product on a bill: quantity, price, its own discount and its share of the bill's."""

    __tablename__ = "sale_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        CheckConstraint("discount >= 0 AND bill_discount >= 0", name="discounts_not_negative"),
        CheckConstraint("returned_quantity >= 0 AND returned_quantity <= quantity", name="returned_within_sold"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(Integer, default=1)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="RESTRICT"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    unit: Mapped[str] = mapped_column(String(20), default="")
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(BigInteger)
    discount: Mapped[int] = mapped_column(BigInteger, default=0)  # this line's own discount
    amount: Mapped[int] = mapped_column(BigInteger)  # quantity × unit_price − discount
    bill_discount: Mapped[int] = mapped_column(BigInteger, default=0)  # its share of the bill's discount
    net_amount: Mapped[int] = mapped_column(BigInteger)  # amount − bill_discount: the revenue
    cogs: Mapped[int] = mapped_column(BigInteger, default=0)
    returned_quantity: Mapped[int] = mapped_column(Integer, default=0)

    sale: Mapped[Sale] = relationship(back_populates="lines")
    lots: Mapped[list[SaleLineLot]] = relationship(
        back_populates="line", cascade="all, delete-orphan", order_by="SaleLineLot.id")


class SaleLineLot(Base):
    """Units of a line taken from one lot (FEFO) and their cost, so a return goes back to that lot."""

    __tablename__ = "sale_line_lots"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("returned_quantity >= 0 AND returned_quantity <= quantity", name="returned_within_taken"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_line_id: Mapped[int] = mapped_column(ForeignKey("sale_lines.id", ondelete="CASCADE"), index=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id", ondelete="RESTRICT"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(Integer)
    cost_value: Mapped[int] = mapped_column(BigInteger, default=0)
    returned_quantity: Mapped[int] = mapped_column(Integer, default=0)

    line: Mapped[SaleLine] = relationship(back_populates="lots")


class SaleReturn(Base):
    """Goods brought back to the counter: what they were worth, how it was given back, their cost."""

    __tablename__ = "sale_returns"
    __table_args__ = (
        CheckConstraint("amount = refund_cash + refund_transfer + debt_reduced", name="refund_adds_up"),
        Index("ix_sale_returns_local_day_id", "local_day", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # TH-261130-0001
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id", ondelete="RESTRICT"), index=True)
    local_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    user_name: Mapped[str] = mapped_column(String(80), default="")
    amount: Mapped[int] = mapped_column(BigInteger)  # value of the goods, after the sale's discounts
    refund_cash: Mapped[int] = mapped_column(BigInteger, default=0)
    refund_transfer: Mapped[int] = mapped_column(BigInteger, default=0)
    debt_reduced: Mapped[int] = mapped_column(BigInteger, default=0)  # taken off what the customer owes
    cogs: Mapped[int] = mapped_column(BigInteger, default=0)  # cost put back into stock
    reason: Mapped[str] = mapped_column(String(255), default="")

    lines: Mapped[list[SaleReturnLine]] = relationship(
        back_populates="sale_return", cascade="all, delete-orphan", order_by="SaleReturnLine.id")


class SaleReturnLine(Base):
    """One product of a return."""

    __tablename__ = "sale_return_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("sale_returns.id", ondelete="CASCADE"), index=True)
    sale_line_id: Mapped[int] = mapped_column(ForeignKey("sale_lines.id", ondelete="RESTRICT"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="RESTRICT"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    quantity: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
    cogs: Mapped[int] = mapped_column(BigInteger, default=0)

    sale_return: Mapped[SaleReturn] = relationship(back_populates="lines")
