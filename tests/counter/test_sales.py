"""Counter sales in the core, on both engines: FEFO from sellable lots only, the bill's arithmetic,
credit, awaited transfers (VietQR) marked paid in one call or cancelled, returns; refusals write nothing."""

from __future__ import annotations

from datetime import date

import pytest

from gianhang_desktop.core import clock
from gianhang_desktop.core.cashbook import service as cashbook
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.counter import returns, service
from gianhang_desktop.core.counter.cart import LineDraft, SaleDraft, discount_amount, split
from gianhang_desktop.core.customers import service as customers
from gianhang_desktop.core.errors import Conflict, ValidationError
from gianhang_desktop.core.payments import service as payments
from gianhang_desktop.core.purchases import service as purchases
from gianhang_desktop.core.stock import service as stock

NOW = "2026-11-30T10:00:00+07:00"


@pytest.fixture
def shop(db):
    with clock.frozen(NOW):
        catalog.add_product(db, sku="SUA", name="Sữa chua nếp cẩm", price=12_000)
        purchases.add_purchase(db, "HTX Bò sữa", [purchases.PurchaseItem("SUA", 4, 7_000)], lot="L-DEC",
                               expiry="2026-12-05")
        purchases.add_purchase(db, "HTX Bò sữa", [purchases.PurchaseItem("SUA", 10, 8_000)], lot="L-JAN",
                               expiry="2027-01-10")
        stock.receive_stock(db, "SUA", 6, lot="L-OLD", expiry=date(2026, 11, 25), allow_expired=True)
        yield db


def on_hand(db) -> dict[str, int]:
    return {lot["lot"]: lot["on_hand"] for wh in stock.stock_report(db, "SUA").to_json()["warehouses"]
            for lot in wh["lots"]}


def sell(db, quantity, **kwargs):
    with clock.frozen(NOW):
        return service.sell(db, SaleDraft(items=(LineDraft("SUA", quantity),), **kwargs)).value


def test_fefo_skips_expired_lots_and_costs_the_lots_taken(shop):
    sale = sell(shop, 6, cash=100_000)
    assert [(lot.lot, lot.quantity) for lot in sale.lines[0].lots] == [("L-DEC", 4), ("L-JAN", 2)]
    assert sale.cogs == 4 * 7_000 + 2 * 8_000 and sale.change_due == 100_000 - 72_000
    assert on_hand(shop) == {"L-OLD": 6, "L-DEC": 0, "L-JAN": 8} or on_hand(shop) == {"L-OLD": 6, "L-JAN": 8}


def test_expired_stock_never_makes_up_a_shortfall(shop):
    before = on_hand(shop)
    with pytest.raises(Conflict) as error:
        sell(shop, 15, cash=500_000)
    assert error.value.field == "quantity" and "hết hạn" in str(error.value)
    with pytest.raises(ValidationError) as named:
        with clock.frozen(NOW):
            service.sell(shop, SaleDraft(items=(LineDraft("SUA", 1, lot="L-OLD"),), cash=20_000))
    assert named.value.field == "lot"
    assert on_hand(shop) == before
    with clock.frozen(NOW):
        assert cashbook.cash_book(shop).money_in == 0


def test_bill_discount_is_shared_over_the_lines_exactly():
    assert split(5_000, [360_000, 105_000]) == [3_871, 1_129]
    assert sum(split(7, [1, 1, 1])) == 7
    assert discount_amount("10%", 1_330_000) == 133_000
    assert discount_amount("12,5%", 99) == 12  # half up, in integers
    with pytest.raises(ValidationError):
        discount_amount("101%", 1000)


def test_credit_then_a_transfer_marks_the_bill_paid_in_one_call(shop):
    sale = sell(shop, 2, cash=10_000, customer_phone="+84 912 345 678", customer_name="Chị Lan")
    assert sale.debt == 14_000
    with clock.frozen(NOW):
        payments.mark_paid(shop, sale.code)
        assert customers.customer_detail(shop, "0912345678").row.debt == 0
        with pytest.raises(Conflict):
            payments.mark_paid(shop, sale.code)
        bank = [e for e in cashbook.cash_book(shop).entries if e.fund == "bank"]
    assert [(e.category, e.amount) for e in bank] == [("debt_payment", 14_000)]


def test_awaited_transfer_is_booked_when_it_arrives_or_cancelled(shop):
    paid_later = sell(shop, 1, transfer=12_000, await_transfer=True)
    never = sell(shop, 2, transfer=24_000, await_transfer=True)
    assert paid_later.status == never.status == "awaiting_payment"
    with clock.frozen(NOW):
        assert cashbook.cash_book(shop).money_in == 0
        payments.mark_paid(shop, paid_later.code)
        assert service.get_sale(shop, paid_later.code).status == "completed"
        assert cashbook.cash_book(shop).money_in == 12_000
        service.cancel_awaiting(shop, never.code)
    assert service.get_sale(shop, never.code).status == "cancelled"
    assert on_hand(shop)["L-JAN"] == 10 and on_hand(shop).get("L-DEC", 0) == 3


def test_a_return_of_several_lines_refunds_their_sum(shop):
    with clock.frozen(NOW):
        catalog.add_product(shop, sku="BO", name="Bơ sáp", price=50_000)
        stock.receive_stock(shop, "BO", 3)
        sale = service.sell(shop, SaleDraft(items=(LineDraft("SUA", 2), LineDraft("BO", 2)), cash=124_000)).value
        back = returns.return_sale(shop, sale.code, [("SUA", 1), ("BO", 2)]).value
    assert (back.amount, back.refund, back.debt_reduced) == (112_000, 112_000, 0)


def test_returns_refund_reduce_debt_first_and_never_exceed_the_sale(shop):
    sale = sell(shop, 5, cash=20_000, customer_phone="0912345678")  # 60.000 ₫, 40.000 ₫ on credit
    with clock.frozen(NOW):
        back = returns.return_sale(shop, sale.code, [("SUA", 4)]).value
        assert (back.amount, back.debt_reduced, back.refund) == (48_000, 40_000, 8_000)
        assert customers.customer_detail(shop, "0912345678").row.debt == 0
        before = on_hand(shop)
        with pytest.raises(ValidationError) as error:
            returns.return_sale(shop, sale.code, [("SUA", 2)])
        assert error.value.field == "quantity"
        assert on_hand(shop) == before


@pytest.mark.parametrize("draft,field", [
    (SaleDraft(items=()), "items"),
    (SaleDraft(items=(LineDraft("SUA", 1),), cash=1_000), "pay"),
    (SaleDraft(items=(LineDraft("SUA", 1),), transfer=13_000), "pay"),
    (SaleDraft(items=(LineDraft("SUA", 1),), discount=13_000, cash=20_000), "discount"),
    (SaleDraft(items=(LineDraft("SUA", 1, discount="13000"),), cash=20_000), "discount"),
    (SaleDraft(items=(LineDraft("SUA", "1,5"),), cash=20_000), "quantity"),
    (SaleDraft(items=(LineDraft("SUA", 1, unit_price="-1"),), cash=20_000), "unit_price"),
    (SaleDraft(items=(LineDraft("SUA", 1),), cash=20_000, customer_phone="01681234567"), "customer"),
])
def test_refused_bills_write_nothing(shop, draft, field):
    before = on_hand(shop)
    with pytest.raises(ValidationError) as error, clock.frozen(NOW):
        service.sell(shop, draft)
    assert error.value.field == field
    assert on_hand(shop) == before
    with clock.frozen(NOW):
        assert service.sales_of_day(shop) == [] and customers.list_customers(shop) == []


def test_stock_flow_values_at_cost_on_both_engines(shop):
    from gianhang_desktop.core.reports.stock_flow import stock_flow

    sell(shop, 6, cash=100_000)
    with clock.frozen(NOW):
        flow = stock_flow(shop, "01/11/2026", "30/11/2026")
    row = next(r for r in flow.rows if r.sku == "SUA")
    assert (row.opening_qty, row.in_qty, row.out_qty, row.closing_qty) == (0, 20, 6, 14)
    assert row.out_value == 4 * 7_000 + 2 * 8_000
    assert row.closing_value == row.in_value - row.out_value
    assert row.ins == {"purchase": 20} and row.outs == {"sale": 6}
