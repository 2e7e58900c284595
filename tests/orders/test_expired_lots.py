"""Orders never take an expired lot: confirm, pick list, pack, ship, and a lot that expires while an
order holds stock (flagged, packing refused, filled from the next sellable lot)."""

from __future__ import annotations

import pytest

from gianhang_desktop.core import clock
from gianhang_desktop.core.catalog.service import add_product
from gianhang_desktop.core.errors import Conflict
from gianhang_desktop.core.orders import documents, service
from gianhang_desktop.core.orders.availability import available_to_sell, short_holds
from gianhang_desktop.core.stock.service import receive_stock
from gianhang_desktop.core.sync.payloads import products_by_sku, sellable_quantities
from tests.orders.helpers import draft, stock_up

RECEIVED = "2026-06-01T09:00:00+07:00"
LATE_ON_15TH = "2026-06-15T23:30:00+07:00"
EARLY_ON_16TH = "2026-06-16T00:30:00+07:00"


@pytest.fixture
def shop(db):
    with clock.frozen(RECEIVED):
        stock_up(db)
        add_product(db, "VAI-1", "Vải thiều Thanh Hà", 60_000, unit="kg", stop_selling_days=2)
        receive_stock(db, "VAI-1", 5, lot="V-15", expiry="15/06/2026")  # last sale day 13/06
        receive_stock(db, "VAI-1", 3, lot="V-30", expiry="30/06/2026")
        add_product(db, "MO-9", "Mật ong rừng", 250_000)
        receive_stock(db, "MO-9", 4, lot="M-15", expiry="15/06/2026")
        receive_stock(db, "MO-9", 2, lot="M-30", expiry="30/06/2026")
    return db


def step(db, code, *actions):
    view = None
    for action in actions:
        view, _ = action(db, code)
    return view


@pytest.mark.parametrize("moment, lots", [
    (LATE_ON_15TH, [("MO-9", "M-15", 4), ("MO-9", "M-30", 1)]),
    (EARLY_ON_16TH, None),  # only 2 in date: shipping 5 is refused
])
def test_ship_at_2330_and_0030_local_time(shop, moment, lots):
    with clock.frozen(RECEIVED):
        view, _ = service.add_order(shop, draft(("MO-9", 5)))
        step(shop, view.code, service.confirm_order, service.pack_order)
    with clock.frozen(moment):
        if lots is None:
            with pytest.raises(Conflict) as error:
                service.ship_order(shop, view.code)
            assert "MO-9" in error.value.message() and error.value.field == "items"
            assert service.get_order(shop, view.code).status == "packed"
        else:
            shipped, _ = service.ship_order(shop, view.code)
            assert list(shipped.shipped_lots) == lots


def test_confirm_counts_only_sellable_stock(shop):
    with clock.frozen("2026-06-14T10:00:00+07:00"):  # V-15 past its last sale day (13/06), not yet expired
        view, _ = service.add_order(shop, draft(("VAI-1", 4)))
        with pytest.raises(Conflict) as error:
            service.confirm_order(shop, view.code)
        assert "3" in error.value.message() and "4" in error.value.message()
        small, _ = service.add_order(shop, draft(("VAI-1", 3)))
        shipped = step(shop, small.code, service.confirm_order, service.pack_order, service.ship_order)
        assert list(shipped.shipped_lots) == [("VAI-1", "V-30", 3)]


def test_pick_list_never_lists_an_expired_lot(shop):
    with clock.frozen(RECEIVED):
        first, _ = service.add_order(shop, draft(("MO-9", 3)))
        second, _ = service.add_order(shop, draft(("MO-9", 2)))
    with clock.frozen(LATE_ON_15TH):
        lines, short = documents.pick_list(shop, [first.code, second.code])
        assert [(line.lot_code, line.quantity) for line in lines] == [("M-15", 4), ("M-30", 1)]
        assert short == {}
    with clock.frozen(EARLY_ON_16TH):
        lines, short = documents.pick_list(shop, [first.code, second.code])
        assert [(line.lot_code, line.quantity) for line in lines] == [("M-30", 2)]
        assert short == {"MO-9": 3}


def test_a_lot_that_expires_under_held_orders(shop):
    """Confirmed on the 10th; M-15 expires overnight on the 15th. The order packed first keeps the
    in-date stock, the others are flagged and cannot be packed until stock arrives."""
    with clock.frozen("2026-06-10T09:00:00+07:00"):
        a, _ = service.add_order(shop, draft(("MO-9", 1)))
        b, _ = service.add_order(shop, draft(("MO-9", 2)))
        c, _ = service.add_order(shop, draft(("MO-9", 3)))
        for order in (a, b, c):
            service.confirm_order(shop, order.code)
        assert service.get_order(shop, c.code).stock_short == ()
    with clock.frozen(EARLY_ON_16TH):
        # 2 units in date (M-30) for 6 held: oldest confirmation first.
        assert service.get_order(shop, a.code).stock_short == ()
        assert service.get_order(shop, b.code).stock_short == (("MO-9", 1),)
        assert service.get_order(shop, c.code).to_json()["stock_short"] == [{"sku": "MO-9", "missing": 3}]
        with pytest.raises(Conflict) as error:
            service.pack_order(shop, c.code)  # 2 in date, 3 needed
        assert error.value.field == "items" and service.get_order(shop, c.code).status == "confirmed"
        service.pack_order(shop, b.code)  # packing takes priority: b now holds both in-date units
        assert [(s.order_code, s.missing) for s in _shorts(shop)] == [(a.code, 1), (c.code, 3)]
        with pytest.raises(Conflict):
            service.pack_order(shop, a.code)
        receive_stock(shop, "MO-9", 10, lot="M-NEW", expiry="31/12/2026")
        assert _shorts(shop) == []
        shipped = step(shop, c.code, service.pack_order, service.ship_order)
        assert list(shipped.shipped_lots) == [("MO-9", "M-30", 2), ("MO-9", "M-NEW", 1)]
        assert list(service.ship_order(shop, b.code)[0].shipped_lots) == [("MO-9", "M-NEW", 2)]


def _shorts(db):
    with db.read_session() as session:
        return short_holds(session)


def test_the_store_is_told_only_sellable_stock(shop):
    with clock.frozen(RECEIVED):
        view, _ = service.add_order(shop, draft(("MO-9", 1)))
        service.confirm_order(shop, view.code)
    for moment, expected in ((LATE_ON_15TH, {"MO-9": 5, "VAI-1": 3}), (EARLY_ON_16TH, {"MO-9": 1, "VAI-1": 3})):
        with clock.frozen(moment), shop.read_session() as session:
            products = products_by_sku(session, ["MO-9", "VAI-1"])
            assert sellable_quantities(session, products, 0) == expected
            by_id = available_to_sell(session, [p.id for p in products.values()])
            assert {sku: by_id[p.id] for sku, p in products.items()} == expected
