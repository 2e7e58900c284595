"""Plain values of the cash book: one voucher, one day's balances, a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .. import clock


@dataclass(frozen=True)
class CashEntryView:
    """One voucher; `amount` > 0 in đồng, `direction` "in" or "out", `fund` "cash" or "bank"."""

    id: int
    code: str
    day: date
    created_at: datetime
    direction: str
    fund: str
    amount: int
    category: str
    category_label: str
    reason: str
    reference: str
    user_name: str

    @property
    def signed(self) -> int:
        return self.amount if self.direction == "in" else -self.amount

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "date": self.day.isoformat(),
            "time": clock.to_local(self.created_at).strftime("%H:%M"),
            "direction": self.direction, "fund": self.fund, "amount": self.amount, "category": self.category,
            "category_label": self.category_label, "reason": self.reason, "reference": self.reference,
            "user": self.user_name,
        }


@dataclass(frozen=True)
class DayBalance:
    """A shop day of the cash book: balance at its start, money in, money out, balance at its end."""

    day: date
    opening: int
    money_in: int
    money_out: int
    closing: int

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "opening": self.opening, "in": self.money_in,
                "out": self.money_out, "closing": self.closing}


@dataclass(frozen=True)
class CashBook:
    """The cash book over [date_from, date_to] (shop days, inclusive), one fund or both."""

    date_from: date
    date_to: date
    fund: str | None
    opening: int
    money_in: int
    money_out: int
    closing: int
    opening_by_fund: dict[str, int]
    closing_by_fund: dict[str, int]
    days: tuple[DayBalance, ...]
    entries: tuple[CashEntryView, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.date_from.isoformat(), "to": self.date_to.isoformat(), "fund": self.fund,
            "opening": self.opening, "in": self.money_in, "out": self.money_out, "closing": self.closing,
            "opening_by_fund": self.opening_by_fund, "closing_by_fund": self.closing_by_fund,
            "days": [d.to_json() for d in self.days], "entries": [e.to_json() for e in self.entries],
        }
