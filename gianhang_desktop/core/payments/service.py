"""Being paid by bank transfer: the VietQR of an order or a counter sale, and marking it paid in one step.

The QR carries the shop's account (shop profile), the amount still due and the order's or sale's
code as the transfer description, so the clerk matches the bank's notification to the bill at a
glance. Marking it paid books the money in the cash book (fund "bank").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..cashbook.service import post_entry
from ..changes import Changed, Changes
from ..counter.models import Sale
from ..counter.service import confirm_transfer
from ..customers.models import Customer
from ..customers.service import record_debt, sale_outstanding
from ..database import Database
from ..errors import Conflict, NotFound, ValidationError
from ..i18n import msg
from ..orders.models import Order, OrderItem
from ..orders.service import apply_status, get_order_row
from ..orders.states import OrderStatus
from ..shop import get_shop
from ..stock.service import current_user
from ..text import clean
from .bank_account import BankAccount
from .vietqr import build_payload


@dataclass(frozen=True)
class TransferQR:
    """A VietQR for one bill: `kind` "sale" or "order", `amount` in đồng, `payload` the QR's text."""

    kind: str
    code: str
    amount: int
    payload: str
    account: BankAccount

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "code": self.code, "amount": self.amount, "payload": self.payload,
                "purpose": self.code, "bank": self.account.to_json()}


def shop_account(db: Database) -> BankAccount:
    """The shop's bank account from its profile.

    Raises:
        ValidationError("bank_account"): none is set.
    """
    shop = get_shop(db)
    if not shop.bank_bin or not shop.bank_account:
        raise ValidationError("bank_account", msg(
            "Chưa có tài khoản ngân hàng của cửa hàng: nhập ngân hàng và số tài khoản trong Cài đặt → Cửa hàng "
            "(gianhang shop set --bank … --bank-account …)",
            "The shop has no bank account yet: set the bank and account number in Settings → Shop "
            "(gianhang shop set --bank … --bank-account …)"))
    return BankAccount(shop.bank_bin, shop.bank_account, shop.bank_account_name)


def transfer_qr(db: Database, code: str) -> TransferQR:
    """The VietQR for order or counter sale `code`: the amount still due (a sale's awaited transfer
    or its unpaid credit; an order's goods and shipping), else the bill's total.

    Raises:
        NotFound: no sale or order with that code.
        ValidationError: no bank account in the shop profile ("bank_account"); a code too long for
            a transfer description ("purpose").
    """
    account = shop_account(db)
    with db.read_session() as session:
        kind, found, amount = _bill(session, code)
    payload = build_payload(account.bin, account.account, amount or None, found)
    return TransferQR(kind, found, amount, payload, account)


def _bill(session: Session, code: str) -> tuple[str, str, int]:
    wanted = clean(code)
    sale = session.scalar(select(Sale).where(Sale.code == wanted.upper()))
    if sale is not None:
        if sale.status == "awaiting_payment":
            return "sale", sale.code, sale.paid_transfer
        return "sale", sale.code, sale_outstanding(session, sale) or sale.total
    order = session.scalar(select(Order).where((Order.code == wanted) | (Order.remote_code == wanted)))
    if order is None:
        raise NotFound(msg("Không có đơn hàng hay hóa đơn '{code}'", "No order or sale '{code}'", code=wanted))
    goods = session.scalar(select(func.coalesce(func.sum(OrderItem.quantity * OrderItem.unit_price), 0))
                           .where(OrderItem.order_id == order.id)) or 0
    return "order", order.code, int(goods) + order.shipping_fee


def mark_paid(db: Database, code: str, *, user: str | None = None) -> Changed[TransferQR | None]:
    """The transfer for `code` arrived: a sale awaiting it is completed, a credit sale's unpaid rest
    is paid off, an unpaid order becomes paid; the money goes into the cash book (bank).

    Raises:
        NotFound: no such sale or order.
        Conflict: nothing is due on it (already paid, cancelled, or an order past payment).
    """
    user = current_user() if user is None else user
    with db.session() as session:
        wanted = clean(code)
        sale = session.scalar(select(Sale).where(Sale.code == wanted.upper()).with_for_update(of=Sale))
        if sale is not None:
            return Changed(None, _sale_paid(session, sale, user))
        order = get_order_row(session, wanted, for_update=True)
        if OrderStatus(order.status) is not OrderStatus.UNPAID:
            raise Conflict(msg("Đơn {code} không ở trạng thái chờ thanh toán", "Order {code} is not awaiting payment",
                               code=order.code), field="status")
        _kind, _code, amount = _bill(session, order.code)
        changes = apply_status(session, order, OrderStatus.PAID, user=user)
        if amount:
            post_entry(session, direction="in", fund="bank", amount=amount, category="order",
                       reason=f"Chuyển khoản đơn {order.code}", reference=order.code, user=user)
    return Changed(None, changes | Changes(cashbook=True))


def _sale_paid(session: Session, sale: Sale, user: str) -> Changes:
    if sale.status == "awaiting_payment":
        return confirm_transfer(session, sale, user)
    owed = sale_outstanding(session, sale) if sale.status == "completed" else 0
    if not owed:
        raise Conflict(msg("Hóa đơn {code} không còn tiền phải thu", "Nothing is due on sale {code}", code=sale.code),
                       field="status")
    customer = session.get(Customer, sale.customer_id)
    voucher = post_entry(session, direction="in", fund="bank", amount=owed, category="debt_payment",
                         reason=f"Chuyển khoản trả nợ hóa đơn {sale.code}", reference=sale.code,
                         customer_id=customer.id, user=user)
    record_debt(session, customer, "payment", -owed, sale_id=sale.id, reference=voucher.code,
                note=f"Chuyển khoản hóa đơn {sale.code}", user=user)
    return Changes(sales=frozenset({sale.id}), customers=frozenset({customer.id}), cashbook=True)
