"""FEFO allocation and pick list planning."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gianhang_desktop.core.orders.picking import (
    Demand,
    LotStock,
    ProductPlace,
    ShortOfStock,
    allocate_fefo,
    plan_picks,
)

D = dt.date


def test_oldest_expiry_first_and_no_expiry_last():
    lots = [LotStock(1, "NOEXP", None, 10), LotStock(2, "LATE", D(2027, 1, 1), 10),
            LotStock(3, "EARLY", D(2026, 12, 1), 4)]
    taken = allocate_fefo(lots, 16)
    assert [(lot.lot_code, qty) for lot, qty in taken] == [("EARLY", 4), ("LATE", 10), ("NOEXP", 2)]


def test_short_of_stock_says_how_much():
    with pytest.raises(ShortOfStock) as error:
        allocate_fefo([LotStock(1, "A", None, 3)], 5)
    assert error.value.missing == 2


lots_strategy = st.lists(
    st.builds(LotStock, st.integers(1, 10**6), st.text("ABC123", min_size=1, max_size=4),
              st.none() | st.dates(D(2026, 1, 1), D(2028, 1, 1)), st.integers(0, 50)),
    max_size=8, unique_by=lambda lot: lot.lot_id)


@given(lots=lots_strategy, quantity=st.integers(1, 200))
def test_allocation_takes_exactly_the_quantity_fefo(lots, quantity):
    available = sum(lot.quantity for lot in lots)
    if quantity > available:
        with pytest.raises(ShortOfStock):
            allocate_fefo(lots, quantity)
        return
    taken = allocate_fefo(lots, quantity)
    assert sum(qty for _lot, qty in taken) == quantity
    assert all(0 < qty <= lot.quantity for lot, qty in taken)
    keys = [lot.fefo_key() for lot, _ in taken]
    assert keys == sorted(keys)
    # Every lot before the last one used was emptied (no later lot while an earlier has stock).
    assert all(qty == lot.quantity for lot, qty in taken[:-1])


def test_plan_picks_consumes_lots_across_orders_and_sorts_by_bin():
    lots = {"XOAI": [LotStock(1, "X1", D(2026, 12, 1), 5), LotStock(2, "X2", D(2026, 12, 9), 9)],
            "MO": [LotStock(3, "M1", None, 2)]}
    places = {"XOAI": ProductPlace("Xoài", "B-02"), "MO": ProductPlace("Mật ong", "A-01")}
    lines, short = plan_picks([Demand("O1", "XOAI", 3), Demand("O2", "XOAI", 4),
                               Demand("O2", "MO", 3)], lots, places)
    assert [(line.bin_location, line.lot_code, line.quantity, line.order_codes) for line in lines] == [
        ("A-01", "M1", 2, ("O2",)), ("B-02", "X1", 5, ("O1", "O2")), ("B-02", "X2", 2, ("O2",))]
    assert short == {"MO": 1}
