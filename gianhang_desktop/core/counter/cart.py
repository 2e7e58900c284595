"""The arithmetic of a bill, free of the database: line amounts, discounts, and how it is paid.

All money is whole đồng. A discount is an amount ("5.000", "5k") or a percentage ("10%") of
what it applies to. The whole bill's discount is shared over the lines in proportion to their
amounts (largest remainders get the odd đồng), so revenue per product adds up to the bill.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import ValidationError
from ..i18n import msg
from ..money import format_vnd, parse_vnd

_PERCENT = re.compile(r"^\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*%\s*$")


@dataclass(frozen=True)
class LineDraft:
    """A cart line as entered: a SKU or a scanned barcode, the quantity, and optionally a price
    (default: the product's), a discount on the line, and the lot (a scanned GS1 code names it)."""

    code: str
    quantity: int | str
    unit_price: int | str | None = None
    discount: int | str = 0
    lot: str | None = None


@dataclass(frozen=True)
class SaleDraft:
    """A bill before it is checked: lines, the bill's discount, what the customer pays and how.

    `cash` is what the customer hands over (change is given back from it); `transfer` is paid by
    bank transfer (VietQR). With a customer (`customer_phone`) anything not paid is sold on
    credit; without one the bill must be paid in full. `await_transfer`: the transfer is shown
    as a VietQR and confirmed when it arrives (`payments.mark_paid`).
    """

    items: tuple[LineDraft, ...]
    discount: int | str = 0
    cash: int | str = 0
    transfer: int | str = 0
    customer_phone: str = ""
    customer_name: str = ""
    warehouse: str | None = None
    note: str = ""
    await_transfer: bool = False


@dataclass(frozen=True)
class Settlement:
    """How a total is paid: cash handed over and kept, change given, transfer, and credit."""

    cash_tendered: int
    change_due: int
    paid_cash: int
    paid_transfer: int
    debt: int


def discount_amount(value: int | str | None, base: int, field: str = "discount") -> int:
    """A discount in đồng off `base`: an amount ("5.000", "5k") or a percentage ("10%", rounded
    half up to the đồng).

    Raises:
        ValidationError(field): unreadable, negative, a percentage above 100, or more than `base`.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    percent = _PERCENT.match(value) if isinstance(value, str) else None
    if percent:
        rate = float(percent.group(1).replace(",", "."))
        if rate > 100:
            raise ValidationError(field, msg("Chiết khấu không quá 100%: {value}", "A discount is at most 100%: {value}",
                                             value=value))
        hundredths = round(rate * 100)
        amount = (base * hundredths * 2 + 10_000) // 20_000  # base × rate / 100, half up, in integers
    else:
        amount = parse_vnd(value, field)
    if amount > base:
        raise ValidationError(field, msg(
            "Chiết khấu {discount} lớn hơn tổng tiền {base}", "The discount {discount} is more than the total {base}",
            discount=format_vnd(amount), base=format_vnd(base)))
    return amount


def split(amount: int, weights: Sequence[int]) -> list[int]:
    """`amount` shared in proportion to `weights` (≥ 0), in whole đồng that add up exactly
    (largest remainder method); all to the first when every weight is 0."""
    total = sum(weights)
    if not weights:
        return []
    if total <= 0:
        return [amount] + [0] * (len(weights) - 1)
    shares = [amount * w // total for w in weights]
    rests = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % total), i))
    for i in rests[:amount - sum(shares)]:
        shares[i] += 1
    return shares


def settle(total: int, cash: int, transfer: int, *, on_credit_allowed: bool) -> Settlement:
    """Share `total` between the cash handed over, a transfer and credit.

    Change comes out of cash only (a transfer above the total is refused); anything left unpaid
    is credit, allowed only for a known customer (`on_credit_allowed`).

    Raises:
        ValidationError("pay"): a transfer above the total, or a payment below the total
            without a customer to owe the rest.
    """
    if transfer > total:
        raise ValidationError("pay", msg(
            "Chuyển khoản {transfer} nhiều hơn số phải trả {total}",
            "The transfer {transfer} is more than the amount due {total}",
            transfer=format_vnd(transfer), total=format_vnd(total)))
    paid = cash + transfer
    if paid >= total:
        change = paid - total
        return Settlement(cash, change, cash - change, transfer, 0)
    short = total - paid
    if not on_credit_allowed:
        raise ValidationError("pay", msg(
            "Khách trả {paid}, còn thiếu {short} so với tổng {total}: thu đủ, hoặc chọn khách hàng để ghi nợ",
            "Paid {paid}, {short} short of the total {total}: take the full amount, or choose a customer to owe the rest",
            paid=format_vnd(paid), short=format_vnd(short), total=format_vnd(total)))
    return Settlement(cash, 0, cash, transfer, short)
