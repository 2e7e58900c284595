"""Plain values about customers: a list row, the detail with history and debts, a payment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .. import clock


@dataclass(frozen=True)
class CustomerRow:
    """One customer in the list: what they bought (counter sales and orders) and what they owe."""

    id: int
    phone: str
    name: str
    address: str
    debt: int
    purchases: int  # counter bills and orders (not cancelled)
    spent: int  # in đồng, after discounts and returns
    last_purchase: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "phone": self.phone, "name": self.name, "address": self.address, "debt": self.debt,
            "purchases": self.purchases, "spent": self.spent,
            "last_purchase": clock.to_local(self.last_purchase).isoformat() if self.last_purchase else None,
        }


@dataclass(frozen=True)
class HistoryItem:
    """A counter sale, a return or an order of the customer."""

    kind: str  # "sale", "return", "order"
    code: str
    at: datetime
    channel: str
    amount: int
    status: str
    debt: int = 0  # still owed on this sale (counter sales on credit)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "code": self.code, "at": clock.to_local(self.at).isoformat(),
                "channel": self.channel, "amount": self.amount, "status": self.status, "debt": self.debt}


@dataclass(frozen=True)
class DebtLine:
    """One entry of the customer's debt ledger with the balance after it."""

    day: date
    kind: str
    amount: int
    balance: int
    reference: str
    note: str

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "kind": self.kind, "amount": self.amount, "balance": self.balance,
                "reference": self.reference, "note": self.note}


@dataclass(frozen=True)
class CustomerDetail:
    row: CustomerRow
    email: str
    note: str
    history: tuple[HistoryItem, ...]
    debts: tuple[DebtLine, ...]

    def to_json(self) -> dict[str, Any]:
        return {**self.row.to_json(), "email": self.email, "note": self.note,
                "history": [h.to_json() for h in self.history], "debts": [d.to_json() for d in self.debts]}


@dataclass(frozen=True)
class DebtPayment:
    """What `pay_debt` recorded: the amount, the voucher, what is still owed, the bills it settled."""

    phone: str
    name: str
    amount: int
    voucher: str
    fund: str
    debt_before: int
    debt_after: int
    settled: tuple[tuple[str, int], ...]  # (sale code, amount of this payment put against it)

    def to_json(self) -> dict[str, Any]:
        return {"phone": self.phone, "name": self.name, "amount": self.amount, "voucher": self.voucher,
                "fund": self.fund, "debt_before": self.debt_before, "debt": self.debt_after,
                "settled": [{"sale": code, "amount": amount} for code, amount in self.settled]}
