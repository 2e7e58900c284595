"""Plain values of counter sales the window, the CLI and the receipts read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .. import clock


@dataclass(frozen=True)
class LotTaken:
    lot: str  # "" for stock kept without a lot
    expiry: date | None
    quantity: int

    def to_json(self) -> dict[str, Any]:
        return {"lot": self.lot, "expiry": self.expiry.isoformat() if self.expiry else None, "quantity": self.quantity}


@dataclass(frozen=True)
class SaleLineView:
    sku: str
    name: str
    unit: str
    quantity: int
    unit_price: int
    discount: int  # the line's own
    amount: int  # quantity × price − discount
    bill_discount: int  # its share of the bill's discount
    net_amount: int
    cogs: int
    returned: int
    lots: tuple[LotTaken, ...]

    def to_json(self) -> dict[str, Any]:
        return {"sku": self.sku, "name": self.name, "unit": self.unit, "quantity": self.quantity,
                "unit_price": self.unit_price, "discount": self.discount, "amount": self.amount,
                "bill_discount": self.bill_discount, "net_amount": self.net_amount, "cost": self.cogs,
                "returned": self.returned, "lots": [lot.to_json() for lot in self.lots]}


@dataclass(frozen=True)
class SaleView:
    """A counter sale as printed on its receipt; money in đồng, `created_at` in UTC."""

    id: int
    code: str
    status: str
    created_at: datetime
    warehouse: str
    customer_phone: str
    customer_name: str
    user_name: str
    lines: tuple[SaleLineView, ...]
    subtotal: int
    discount: int
    total: int
    cash_tendered: int
    change_due: int
    paid_cash: int
    paid_transfer: int
    debt: int
    cogs: int
    note: str
    returned_amount: int = 0
    debt_outstanding: int = 0  # still owed on this bill

    @property
    def gross_profit(self) -> int:
        return self.total - self.cogs

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "status": self.status, "created_at": clock.to_local(self.created_at).isoformat(),
            "warehouse": self.warehouse, "customer": ({"phone": self.customer_phone, "name": self.customer_name}
                                                      if self.customer_phone else None),
            "user": self.user_name, "items": [line.to_json() for line in self.lines],
            "subtotal": self.subtotal, "discount": self.discount, "total": self.total,
            "paid": self.paid_cash + self.paid_transfer, "cash_tendered": self.cash_tendered,
            "change": self.change_due, "change_due": self.change_due, "paid_cash": self.paid_cash,
            "paid_transfer": self.paid_transfer, "debt": self.debt, "debt_outstanding": self.debt_outstanding,
            "cost": self.cogs, "gross_profit": self.gross_profit, "returned_amount": self.returned_amount,
            "note": self.note,
        }


@dataclass(frozen=True)
class ReturnLineView:
    sku: str
    name: str
    quantity: int
    amount: int
    cogs: int

    def to_json(self) -> dict[str, Any]:
        return {"sku": self.sku, "name": self.name, "quantity": self.quantity, "amount": self.amount,
                "cost": self.cogs}


@dataclass(frozen=True)
class ReturnView:
    """A return at the counter: the goods back in stock and how their value went back."""

    code: str
    sale_code: str
    created_at: datetime
    user_name: str
    lines: tuple[ReturnLineView, ...]
    amount: int
    refund_cash: int
    refund_transfer: int
    debt_reduced: int
    cogs: int
    reason: str

    @property
    def refund(self) -> int:
        return self.refund_cash + self.refund_transfer

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "sale": self.sale_code, "created_at": clock.to_local(self.created_at).isoformat(),
                "user": self.user_name, "items": [line.to_json() for line in self.lines], "amount": self.amount,
                "refund": self.refund, "refund_cash": self.refund_cash, "refund_transfer": self.refund_transfer,
                "debt_reduced": self.debt_reduced, "cost": self.cogs, "reason": self.reason}


@dataclass(frozen=True)
class SaleRow:
    """A sale in the day's list."""

    id: int
    code: str
    created_at: datetime
    status: str
    customer: str
    total: int
    debt: int
    user_name: str
