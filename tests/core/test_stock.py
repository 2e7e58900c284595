"""The stock ledger: receipts, adjustments, transfers, lots, and never below zero by accident."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from gianhang_desktop.core import clock
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.errors import Conflict, NotFound, ValidationError
from gianhang_desktop.core.stock import service as stock
from gianhang_desktop.core.stock.models import StockBalance, StockMovement, StockTotal


@pytest.fixture
def honey(db):
    catalog.add_product(db, "MO-1", "Mật ong hoa nhãn", 180_000, low_stock_threshold=5)
    return db


def test_receive_into_lots_and_report(honey):
    stock.receive_stock(honey, "MO-1", 10, lot="L1", expiry="30/06/2027", harvest="01/05/2026")
    stock.receive_stock(honey, "MO-1", "4", lot="L2", expiry=date(2027, 1, 31))
    report = stock.stock_report(honey, "mo-1")
    assert report.on_hand == 14
    lots = report.warehouses[0].lots
    assert [(lot.lot, lot.on_hand) for lot in lots] == [("L2", 4), ("L1", 10)]


def test_adjust_takes_earliest_expiry_first_and_needs_a_reason(honey):
    stock.receive_stock(honey, "MO-1", 10, lot="L1", expiry="2027-06-30")
    stock.receive_stock(honey, "MO-1", 4, lot="L2", expiry="2027-01-31")
    with pytest.raises(ValidationError) as info:
        stock.adjust_stock(honey, "MO-1", -1, reason=" ")
    assert info.value.field == "reason"
    moves, changes = stock.adjust_stock(honey, "MO-1", -6, reason="Vỡ chai")
    assert [(m.lot, m.quantity) for m in moves] == [("L2", -4), ("L1", -2)]
    assert changes.stock
    assert stock.stock_report(honey, "MO-1").on_hand == 8


def test_stock_never_goes_negative_unless_the_adjustment_says_so(honey):
    stock.receive_stock(honey, "MO-1", 3)
    with pytest.raises(Conflict) as info:
        stock.adjust_stock(honey, "MO-1", -5, reason="kiểm kê")
    assert info.value.field == "quantity"
    assert stock.stock_report(honey, "MO-1").on_hand == 3
    stock.adjust_stock(honey, "MO-1", -5, reason="bán trước nhập sau", allow_negative=True)
    assert stock.stock_report(honey, "MO-1").on_hand == -2


def test_transfer_keeps_lots_and_totals(honey):
    stock.add_warehouse(honey, "KHO-2", "Kho Thanh Hà")
    stock.receive_stock(honey, "MO-1", 10, lot="L1", expiry="2027-06-30")
    moves, _ = stock.transfer_stock(honey, "MO-1", 4, source="Kho chính", target="kho thanh ha")
    assert {(m.warehouse, m.quantity, m.lot) for m in moves} == {("KHO-CHINH", -4, "L1"), ("KHO-2", 4, "L1")}
    report = stock.stock_report(honey, "MO-1")
    assert report.on_hand == 10
    assert {w.warehouse: w.on_hand for w in report.warehouses} == {"KHO-CHINH": 6, "KHO-2": 4}
    with pytest.raises(Conflict):
        stock.transfer_stock(honey, "MO-1", 7, source="KHO-CHINH", target="KHO-2")


@pytest.mark.parametrize(
    "call,field",
    [
        (lambda db: stock.receive_stock(db, "MO-1", 0), "quantity"),
        (lambda db: stock.receive_stock(db, "MO-1", "1,5"), "quantity"),
        (lambda db: stock.receive_stock(db, "MO-1", 5, warehouse="Kho ma"), "warehouse"),
        (lambda db: stock.receive_stock(db, "MO-1", 5, expiry="31/02/2027"), "expiry"),
        (lambda db: stock.receive_stock(db, "MO-1", 5, expiry="2027-01-01", harvest="2027-02-01"), "expiry"),
        (lambda db: stock.transfer_stock(db, "MO-1", 1, source="KHO-CHINH", target="KHO-CHINH"), "to"),
        (lambda db: stock.adjust_stock(db, "MO-1", 1, reason="x", lot="NOPE"), "lot"),
    ],
)
def test_bad_stock_input_is_named_and_writes_nothing(honey, call, field):
    with pytest.raises(ValidationError) as info:
        call(honey)
    assert info.value.field == field
    with honey.read_session() as s:
        assert s.scalar(select(func.count()).select_from(StockMovement)) == 0


def test_unknown_sku(honey):
    with pytest.raises(NotFound):
        stock.receive_stock(honey, "NOPE", 1)


def test_lot_keeps_one_expiry(honey):
    stock.receive_stock(honey, "MO-1", 1, lot="L1", expiry="2027-06-30")
    with pytest.raises(ValidationError) as info:
        stock.receive_stock(honey, "MO-1", 1, lot="L1", expiry="2027-07-30")
    assert info.value.field == "expiry"


def test_dashboard_lists(honey):
    catalog.add_product(honey, "CF-1", "Cà phê", 150_000, cost=100_000)
    with clock.frozen("2026-01-01T09:00:00+07:00"):
        stock.receive_stock(honey, "MO-1", 3, lot="L1", expiry=date(2026, 1, 10))
        stock.receive_stock(honey, "CF-1", 20)
        assert [r.sku for r in stock.low_stock(honey)] == ["MO-1"]
        assert [r.sku for r in stock.expiring_soon(honey, days=30)] == ["MO-1"]
    assert [r.sku for r in stock.expiring_soon(honey, days=30, today=date(2026, 1, 1))] == ["MO-1"]
    assert stock.stock_value(honey) == 3 * 180_000 + 20 * 100_000


operations = st.lists(
    st.tuples(
        st.sampled_from(["receive", "adjust", "adjust_neg", "transfer"]),
        st.sampled_from(["A", "B"]),
        st.integers(min_value=1, max_value=30),
        st.sampled_from([None, "L1", "L2"]),
        st.sampled_from(["KHO-CHINH", "KHO-2"]),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_cached_balances_always_equal_the_ledger(fresh_db, ops):
    """Property: whatever sequence of operations succeeds or is refused, every cached balance and
    total equals the sum of the ledger, and no balance is negative unless an explicit adjustment
    allowed it (on SQLite and on PostgreSQL: a fresh database per example)."""
    db = fresh_db()
    catalog.add_product(db, "A", "Sản phẩm A", 1000)
    catalog.add_product(db, "B", "Sản phẩm B", 1000)
    stock.add_warehouse(db, "KHO-2", "Kho hai")
    allowed_negative = False
    for kind, sku, qty, lot, wh in ops:
        other = "KHO-2" if wh == "KHO-CHINH" else "KHO-CHINH"
        try:
            if kind == "receive":
                stock.receive_stock(db, sku, qty, warehouse=wh, lot=lot, expiry="2030-01-01" if lot else None)
            elif kind == "adjust":
                stock.adjust_stock(db, sku, -qty, reason="kiểm kê", warehouse=wh)
            elif kind == "adjust_neg":
                stock.adjust_stock(db, sku, -qty, reason="âm có chủ ý", warehouse=wh, allow_negative=True)
                allowed_negative = True
            else:
                stock.transfer_stock(db, sku, qty, source=wh, target=other)
        except (Conflict, ValidationError):
            pass
    with db.read_session() as s:
        ledger = dict(
            ((p, w, lot_id), total)
            for p, w, lot_id, total in s.execute(
                select(StockMovement.product_id, StockMovement.warehouse_id, StockMovement.lot_id,
                       func.sum(StockMovement.quantity))
                .group_by(StockMovement.product_id, StockMovement.warehouse_id, StockMovement.lot_id)
            )
        )
        balances = {(b.product_id, b.warehouse_id, b.lot_id): b.on_hand for b in s.scalars(select(StockBalance))}
        totals = {t.product_id: t.on_hand for t in s.scalars(select(StockTotal))}
    assert {k: v for k, v in balances.items() if v} == {k: v for k, v in ledger.items() if v}
    for product_id, total in totals.items():
        assert total == sum(v for (p, _w, _l), v in ledger.items() if p == product_id)
    if not allowed_negative:
        assert all(v >= 0 for v in balances.values())
    db.dispose()
