"""The cash book table: one voucher per movement of money (phiếu thu / phiếu chi)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..customers.models import Customer  # noqa: F401 (vouchers name customers and suppliers)
from ..db.base import Base, UtcDateTime, utcnow
from ..purchases.models import Supplier  # noqa: F401

DIRECTIONS = ("in", "out")
FUNDS = ("cash", "bank")


class CashEntry(Base):
    """Money in or out of the drawer (cash) or the shop's account (bank); `amount` > 0 in đồng.

    Sales, refunds, debt payments and purchases write their entry in their own transaction
    (`reference` is the sale, return or purchase code); clerks add the rest by hand.
    """

    __tablename__ = "cash_entries"
    __table_args__ = (
        CheckConstraint("direction IN ('in', 'out')", name="direction_known"),
        CheckConstraint("fund IN ('cash', 'bank')", name="fund_known"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_cash_entries_local_day_id", "local_day", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # PT-261130-0001 (in), PC-… (out)
    local_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    direction: Mapped[str] = mapped_column(String(3))
    fund: Mapped[str] = mapped_column(String(4), default="cash")
    amount: Mapped[int] = mapped_column(BigInteger)
    category: Mapped[str] = mapped_column(String(30), default="other")
    reason: Mapped[str] = mapped_column(String(255), default="")
    reference: Mapped[str] = mapped_column(String(64), default="", index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"), index=True)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id", ondelete="RESTRICT"), index=True)
    user_name: Mapped[str] = mapped_column(String(80), default="")
