"""Customer tables: the customer (keyed by phone) and the ledger of what they owe (công nợ)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db.base import Base, UtcDateTime, utcnow

DEBT_KINDS = ("opening", "sale", "payment", "return", "adjustment")


class Customer(Base):
    """A buyer known by their phone number (national form, core/phone.py).

    `debt` is what they owe now, kept equal to the sum of their `DebtEntry` rows in the same
    transaction as each entry (so the list sorts "who owes us" in SQL).
    """

    __tablename__ = "customers"
    __table_args__ = (Index("ix_customers_debt", "debt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    debt: Mapped[int] = mapped_column(BigInteger, default=0)
    search_text: Mapped[str] = mapped_column(Text, default="")  # folded name and phone
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class DebtEntry(Base):
    """One change of what a customer owes: + a credit sale or an opening balance, − a payment or a
    return. Append-only, like the stock ledger."""

    __tablename__ = "customer_debts"
    __table_args__ = (
        CheckConstraint("kind IN ('opening', 'sale', 'payment', 'return', 'adjustment')", name="kind_known"),
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        Index("ix_customer_debts_customer_id_id", "customer_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)  # signed: + they owe more, − they owe less
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id", ondelete="RESTRICT"), index=True)
    reference: Mapped[str] = mapped_column(String(64), default="")  # the sale, return or voucher code
    note: Mapped[str] = mapped_column(String(255), default="")
    user_name: Mapped[str] = mapped_column(String(80), default="")
    local_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
