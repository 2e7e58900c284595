"""Returns at the counter: goods back on the shelf, their value back to the customer.

A returned unit is worth what the customer paid for it: its line's revenue after both discounts,
shared over the line's units (the last unit takes what rounding left, so a fully returned line
gives back exactly what it took). What the customer still owes on the bill is reduced first; the
rest is paid back in cash (or by transfer), with its voucher in the cash book.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.orm import Session

from .. import clock, doc_codes
from ..cashbook.service import post_entry
from ..catalog.scan import match_in_session
from ..changes import Changed, Changes
from ..customers.models import Customer
from ..customers.service import record_debt, sale_outstanding
from ..database import Database
from ..db.base import utcnow
from ..errors import Conflict, ValidationError
from ..i18n import msg
from ..stock.costing import share
from ..stock.ledger import lock_products
from ..stock.service import current_user, parse_quantity
from ..sync import outbox
from ..text import clean
from . import stock_out
from .models import Sale, SaleLine, SaleReturn, SaleReturnLine
from .service import get_sale_row
from .views import ReturnLineView, ReturnView


def return_sale(db: Database, code: str, items: Sequence[tuple[str, int | str]], *, reason: str = "",
                refund: str = "cash", user: str | None = None) -> Changed[ReturnView]:
    """Take back goods of sale `code`: `items` are (SKU or barcode, quantity). The goods go back to
    the lots they left; the customer gets their value back (`refund` "cash" or "transfer") after
    what they still owe on the bill is reduced.

    Raises:
        NotFound: no such sale.
        ValidationError: "items" (none, or a product not on the bill), "quantity" (not above 0, or
            more than was sold less what was returned already), "refund".
        Conflict: a cancelled sale, or one still awaiting its transfer (cancel it instead).
    """
    if not items:
        raise ValidationError("items", msg("Chưa chọn hàng trả lại", "No goods to return"))
    if refund not in ("cash", "transfer"):
        raise ValidationError("refund", msg("Hoàn tiền bằng tiền mặt (cash) hoặc chuyển khoản (transfer)",
                                            "Refund in cash or by transfer"))
    user = current_user() if user is None else user
    with db.session() as session:
        sale = get_sale_row(session, code, for_update=True)
        if sale.status != "completed":
            raise Conflict(msg(
                "Hóa đơn {code} {state}: không trả hàng được",
                "Sale {code} is {state_en}: nothing can be returned",
                code=sale.code, state="đã hủy" if sale.status == "cancelled" else "đang chờ chuyển khoản (hãy hủy)",
                state_en=sale.status.replace("_", " ")), field="status")
        wanted = _wanted(session, sale, items)
        lock_products(session, [line.product_id for line in wanted])
        day = clock.today()
        ret = SaleReturn(code=doc_codes.next_code(session, SaleReturn.code, doc_codes.RETURN, day), sale_id=sale.id,
                         local_day=day, created_at=utcnow(), user_name=user, reason=clean(reason)[:255],
                         amount=0, refund_cash=0, refund_transfer=0, debt_reduced=0, cogs=0)
        session.add(ret)
        total = cogs = 0
        for line, quantity in wanted.items():
            before = line.returned_quantity
            amount = share(line.net_amount * (before + quantity), line.quantity) - share(line.net_amount * before,
                                                                                        line.quantity)
            cost = stock_out.put_back(session, sale, line, quantity, reference=ret.code,
                                      reason=f"Khách trả hàng {sale.code}", user=user)
            ret.lines.append(SaleReturnLine(sale_line_id=line.id, product_id=line.product_id, sku=line.sku,
                                            name=line.name, quantity=quantity, amount=amount, cogs=cost))
            total += amount
            cogs += cost
        # Set only now: a flush in between would find amount ≠ debt reduced + refunds (its CHECK).
        ret.amount, ret.cogs = total, cogs
        _give_back(session, sale, ret, refund, user)
        for sku in sorted({line.sku for line in wanted}):
            outbox.enqueue(session, "stock", sku)
        session.flush()
        view = return_view(sale, ret)
        products = frozenset(line.product_id for line in wanted)
    changes = Changes(stock=products, sales=frozenset({sale.id}), cashbook=True,
                      customers=frozenset({sale.customer_id}) if sale.customer_id else frozenset())
    return Changed(view, changes)


def _wanted(session: Session, sale: Sale, items: Sequence[tuple[str, int | str]]) -> dict[SaleLine, int]:
    """Quantities per line of the bill; a product on several lines fills them in order."""
    asked: dict[int, int] = defaultdict(int)
    names: dict[int, str] = {}
    for item_code, quantity in items:
        found = match_in_session(session, clean(item_code))
        lines_of = [line for line in sale.lines if found and line.product_id == found[0].id]
        if not lines_of:
            raise ValidationError("items", msg("Hóa đơn {code} không có sản phẩm '{sku}'",
                                               "Sale {code} has no product '{sku}'", code=sale.code, sku=item_code))
        units = parse_quantity(quantity)
        if units <= 0:
            raise ValidationError("quantity", msg("Số lượng trả phải lớn hơn 0", "The quantity returned must be above 0"))
        asked[lines_of[0].product_id] += units
        names[lines_of[0].product_id] = lines_of[0].sku
    wanted: dict[SaleLine, int] = {}
    for product_id, units in asked.items():
        lines_of = [line for line in sale.lines if line.product_id == product_id]
        sold = sum(line.quantity for line in lines_of)
        returned = sum(line.returned_quantity for line in lines_of)
        if units > sold - returned:
            raise ValidationError("quantity", msg(
                "Trả {units} {sku} nhưng hóa đơn {code} chỉ bán {sold} (đã trả {returned}): còn trả được {left}",
                "Returning {units} {sku}, but sale {code} sold {sold} ({returned} returned already): {left} can "
                "still be returned", units=units, sku=names[product_id], code=sale.code, sold=sold, returned=returned,
                left=sold - returned))
        for line in lines_of:
            take = min(units, line.quantity - line.returned_quantity)
            if take > 0:
                wanted[line] = take
                units -= take
    return wanted


def _give_back(session: Session, sale: Sale, ret: SaleReturn, refund: str, user: str) -> None:
    # Work out the whole split before anything can flush the return half done (its CHECK wants
    # amount = debt reduced + refunds).
    with session.no_autoflush:
        owed = sale_outstanding(session, sale)
    ret.debt_reduced = min(owed, ret.amount)
    rest = ret.amount - ret.debt_reduced
    if refund == "cash":
        ret.refund_cash = rest
    else:
        ret.refund_transfer = rest
    if ret.debt_reduced:
        record_debt(session, session.get(Customer, sale.customer_id), "return", -ret.debt_reduced, sale_id=sale.id,
                    reference=ret.code, note=f"Trả hàng {sale.code}", user=user)
    if rest:
        post_entry(session, direction="out", fund="cash" if refund == "cash" else "bank", amount=rest,
                   category="refund", reason=f"Trả tiền khách trả hàng {sale.code}", reference=ret.code,
                   customer_id=sale.customer_id, user=user)


def return_view(sale: Sale, ret: SaleReturn) -> ReturnView:
    return ReturnView(ret.code, sale.code, ret.created_at, ret.user_name,
                      tuple(ReturnLineView(line.sku, line.name, line.quantity, line.amount, line.cogs)
                            for line in ret.lines),
                      ret.amount, ret.refund_cash, ret.refund_transfer, ret.debt_reduced, ret.cogs, ret.reason)
