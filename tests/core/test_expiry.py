"""Expired goods are never sold: the sellable rule, FEFO that skips expired and held-back lots,
receiving refused past expiry, the expired list and the write-off, the shop's local date."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from gianhang_desktop.core import clock
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.catalog.browse import BrowseFilters, product_ids
from gianhang_desktop.core.errors import Conflict, ValidationError
from gianhang_desktop.core.stock import expiry
from gianhang_desktop.core.stock import service as stock
from gianhang_desktop.core.stock.sellable import (
    LotStatus,
    announce_unsellable_lots,
    last_sale_day,
    lot_status,
    sellable_lots,
    sellable_quantities,
)
from gianhang_desktop.core.sync.models import OutboxEntry
from tests.postgres import postgres_port  # noqa: F401

# 15/06/2026 in Vietnam: 23:30 is still the 15th; 00:30 is the 16th locally but still the 15th in UTC.
LATE_ON_15TH = "2026-06-15T23:30:00+07:00"
EARLY_ON_16TH = "2026-06-16T00:30:00+07:00"
RECEIVED = "2026-06-01T09:00:00+07:00"


@pytest.fixture
def lychee(db):
    """Lychee (stop selling 2 days before expiry) and honey, each with an expired, a near and a later lot."""
    catalog.add_product(db, "VAI-1", "Vải thiều Thanh Hà", 60_000, cost=40_000, unit="kg", stop_selling_days=2)
    catalog.add_product(db, "MO-1", "Mật ong hoa nhãn", 180_000, unit="chai")
    with clock.frozen(RECEIVED):
        stock.receive_stock(db, "VAI-1", 5, lot="V-OLD", expiry="05/06/2026", allow_expired=True)
        stock.receive_stock(db, "VAI-1", 7, lot="V-NEAR", expiry="16/06/2026")
        stock.receive_stock(db, "VAI-1", 9, lot="V-LATE", expiry="30/06/2026")
        stock.receive_stock(db, "MO-1", 4, lot="M-15", expiry="15/06/2026")
        stock.receive_stock(db, "MO-1", 6, lot="M-LATE", expiry="31/12/2026")
        stock.receive_stock(db, "MO-1", 2)  # no lot at all
    return db


def ids(db, *skus):
    return [catalog.get_product(db, s).id for s in skus]


def test_the_rule_at_its_edges():
    day = date(2026, 6, 15)
    assert lot_status(None, 5, day) is LotStatus.SELLABLE
    assert lot_status(day, 0, day) is LotStatus.SELLABLE  # may be sold on its expiry date
    assert lot_status(date(2026, 6, 14), 0, day) is LotStatus.EXPIRED
    assert lot_status(date(2026, 6, 17), 2, day) is LotStatus.SELLABLE  # last sale day 15/06
    assert lot_status(date(2026, 6, 16), 2, day) is LotStatus.STOP_SELLING
    assert last_sale_day(date(2026, 6, 10), 2) == date(2026, 6, 8)


@pytest.mark.parametrize("moment, honey, lychee_lots", [
    (LATE_ON_15TH, 6 + 2 + 4, ["V-LATE"]),  # M-15 still sellable on the 15th; V-NEAR stopped (16/06 − 2)
    (EARLY_ON_16TH, 6 + 2, ["V-LATE"]),  # the 16th locally, though UTC still says the 15th
])
def test_sellable_follows_the_shops_local_date(lychee, moment, honey, lychee_lots):
    vai, mo = ids(lychee, "VAI-1", "MO-1")
    with clock.frozen(moment):
        with lychee.read_session() as session:
            assert sellable_quantities(session, [mo, vai]) == {mo: honey, vai: 9}
            assert [lot.lot_code for lot in sellable_lots(session, vai)] == lychee_lots
            assert [lot.lot_code for lot in sellable_lots(session, mo)][-1] == ""  # stock without a lot last


def test_fefo_order_of_sellable_lots(lychee):
    with clock.frozen(RECEIVED), lychee.read_session() as session:
        lots = sellable_lots(session, ids(lychee, "MO-1")[0])
    assert [(lot.lot_code, lot.quantity) for lot in lots] == [("M-15", 4), ("M-LATE", 6), ("", 2)]


def test_adjust_without_a_lot_skips_expired_lots_but_a_named_lot_is_allowed(lychee):
    with clock.frozen(EARLY_ON_16TH):
        moves, _ = stock.adjust_stock(lychee, "MO-1", -7, reason="Vỡ chai")
        assert [(m.lot, m.quantity) for m in moves] == [("M-LATE", -6), (None, -1)]
        with pytest.raises(Conflict) as error:
            stock.adjust_stock(lychee, "MO-1", -2, reason="Vỡ chai")  # 1 sellable left, 4 expired
        assert error.value.field == "quantity"
        moves, _ = stock.adjust_stock(lychee, "MO-1", -4, reason=expiry.WRITE_OFF_REASON, lot="M-15")
        assert [(m.lot, m.quantity, m.reason) for m in moves] == [("M-15", -4, "Hủy hàng hết hạn")]
    assert stock.stock_report(lychee, "MO-1").on_hand == 1


def test_transfer_without_a_lot_moves_sellable_lots_only(lychee):
    stock.add_warehouse(lychee, "K2", "Kho Lục Ngạn")
    with clock.frozen(LATE_ON_15TH):
        moves, _ = stock.transfer_stock(lychee, "VAI-1", 9, source="KHO-CHINH", target="K2")
        assert {m.lot for m in moves} == {"V-LATE"}
        with pytest.raises(Conflict):
            stock.transfer_stock(lychee, "VAI-1", 1, source="KHO-CHINH", target="K2")
        stock.transfer_stock(lychee, "VAI-1", 5, source="KHO-CHINH", target="K2", lot="V-OLD")  # named: allowed


def test_receiving_past_expiry_is_refused_and_writes_nothing(lychee):
    with clock.frozen(EARLY_ON_16TH):
        before = stock.stock_report(lychee, "VAI-1")
        for kwargs, shown in ((dict(expiry="15/06/2026"), "15/06/2026"), (dict(lot="V-OLD"), "05/06/2026"),
                              (dict(lot="new", expiry=date(2026, 6, 15)), "15/06/2026")):
            with pytest.raises(ValidationError) as error:
                stock.receive_stock(lychee, "VAI-1", 3, **kwargs)
            assert error.value.field == "expiry" and shown in str(error.value)
        assert stock.stock_report(lychee, "VAI-1") == before
        stock.receive_stock(lychee, "VAI-1", 3, lot="V-NEAR")  # expires today: still in date
    with clock.frozen(LATE_ON_15TH):
        stock.receive_stock(lychee, "VAI-1", 1, expiry="15/06/2026")  # the 15th is not past on the 15th


def test_expired_list_with_cost_value(lychee):
    with clock.frozen(EARLY_ON_16TH):
        rows = expiry.expired_lots(lychee)
    assert [(r.sku, r.lot, r.quantity, r.unit_cost, r.cost_value, r.days_expired) for r in rows] == [
        ("VAI-1", "V-OLD", 5, 40_000, 200_000, 11),
        ("MO-1", "M-15", 4, 180_000, 720_000, 1),  # no cost known: valued at its price, as the stock value is
    ]
    with clock.frozen(LATE_ON_15TH):
        assert [r.lot for r in expiry.expired_lots(lychee)] == ["V-OLD"]
        assert [r.lot for r in expiry.expired_lots(lychee, sku="mo-1")] == []


def test_write_off_takes_the_whole_lot_in_every_warehouse(lychee):
    stock.add_warehouse(lychee, "K2", "Kho Lục Ngạn")
    with clock.frozen(RECEIVED):
        stock.transfer_stock(lychee, "VAI-1", 2, source="KHO-CHINH", target="K2", lot="V-OLD")
    with clock.frozen(EARLY_ON_16TH):
        with pytest.raises(ValidationError) as error:
            expiry.write_off_expired(lychee, "VAI-1", "V-LATE")
        assert error.value.field == "lot"
        moves, changes = expiry.write_off_expired(lychee, "VAI-1", " V-OLD ")
        assert sorted((m.warehouse, m.quantity, m.reason) for m in moves) == [
            ("K2", -2, "Hủy hàng hết hạn"), ("KHO-CHINH", -3, "Hủy hàng hết hạn")]
        assert changes.stock
        assert [r.lot for r in expiry.expired_lots(lychee)] == ["M-15"]
        with pytest.raises(ValidationError):
            expiry.write_off_expired(lychee, "VAI-1", "V-OLD")  # nothing left


def test_dashboard_keeps_expired_apart_from_expiring_soon(lychee):
    with clock.frozen(EARLY_ON_16TH):
        soon = [(r.sku, r.lot) for r in stock.expiring_soon(lychee, days=30)]
        assert ("VAI-1", "V-OLD") not in soon and ("MO-1", "M-15") not in soon
        assert ("VAI-1", "V-NEAR") in soon
        vai, mo = ids(lychee, "VAI-1", "MO-1")
        assert sorted(product_ids(lychee, filters=BrowseFilters(expired=True))) == sorted([vai, mo])
        assert product_ids(lychee, filters=BrowseFilters(expiring_within_days=1)) == [vai]


def test_stock_report_marks_each_lot(lychee):
    with clock.frozen(LATE_ON_15TH):
        lots = {lot.lot: lot for lot in stock.stock_report(lychee, "VAI-1").warehouses[0].lots}
    assert {code: lot.status for code, lot in lots.items()} == {
        "V-OLD": "expired", "V-NEAR": "stop_selling", "V-LATE": "sellable"}
    assert lots["V-NEAR"].last_sale_day == date(2026, 6, 14)


def test_stop_selling_days_is_validated_and_changes_what_sells(lychee):
    for bad in ("-1", "2.5", "hai", 3651, True):
        with pytest.raises(ValidationError) as error:
            catalog.update_product(lychee, "VAI-1", stop_selling_days=bad)
        assert error.value.field == "stop_selling_days"
    vai = ids(lychee, "VAI-1")[0]
    with clock.frozen(LATE_ON_15TH):
        view, _ = catalog.update_product(lychee, "VAI-1", stop_selling_days="0")
        assert view.stop_selling_days == 0
        with lychee.read_session() as session:
            assert sellable_quantities(session, [vai]) == {vai: 7 + 9}
    with lychee.read_session() as session:  # the store must learn the new sellable stock
        keys = session.scalars(select(OutboxEntry.key).where(OutboxEntry.kind == "stock", OutboxEntry.done_at.is_(None)))
        assert "VAI-1" in set(keys)


def test_lots_expiring_overnight_are_announced_to_the_store_once(lychee):
    with lychee.session() as session:
        session.query(OutboxEntry).delete()
    with clock.frozen(RECEIVED), lychee.session() as session:
        assert announce_unsellable_lots(session) == []  # everything is in date on the 1st
    with clock.frozen(LATE_ON_15TH), lychee.session() as session:
        assert announce_unsellable_lots(session) == ["VAI-1"]  # V-OLD expired, V-NEAR stopped selling
        assert announce_unsellable_lots(session) == []
    with clock.frozen(EARLY_ON_16TH), lychee.session() as session:
        assert announce_unsellable_lots(session) == ["MO-1"]  # M-15 expired overnight
        assert announce_unsellable_lots(session) == []


def test_negative_balance_lowers_what_may_be_sold(lychee):
    mo = ids(lychee, "MO-1")[0]
    with clock.frozen(RECEIVED):
        stock.adjust_stock(lychee, "MO-1", -5, reason="bán trước nhập sau", allow_negative=True)  # no-lot: 2 → −3
        with lychee.read_session() as session:
            assert sellable_quantities(session, [mo]) == {mo: 4 + 6 - 3}


def test_the_first_sweep_announces_every_unsellable_lot_in_stock(lychee):
    with lychee.session() as session:
        session.query(OutboxEntry).delete()
    with clock.frozen(EARLY_ON_16TH), lychee.session() as session:
        assert announce_unsellable_lots(session) == ["MO-1", "VAI-1"]
    with lychee.read_session() as session:
        assert sorted(session.scalars(select(OutboxEntry.key).where(OutboxEntry.kind == "stock"))) == ["MO-1", "VAI-1"]


@pytest.mark.postgres
def test_expiry_rules_on_postgresql(postgres_port, tmp_path):  # noqa: F811
    import uuid

    from gianhang_desktop.core.database import Database
    from gianhang_desktop.core.orders import service as orders
    from gianhang_desktop.core.orders.availability import available_to_sell, short_holds
    from tests.orders.helpers import draft, stock_up
    from tests.postgres import create_database

    db = Database.open(tmp_path, url=create_database(postgres_port, "expiry_" + uuid.uuid4().hex[:10]))
    try:
        with clock.frozen(RECEIVED):
            stock_up(db)
            catalog.add_product(db, "MO-9", "Mật ong rừng", 250_000, stop_selling_days=1)
            stock.receive_stock(db, "MO-9", 4, lot="M-15", expiry="15/06/2026")
            stock.receive_stock(db, "MO-9", 2, lot="M-30", expiry="30/06/2026")
            order, _ = orders.add_order(db, draft(("MO-9", 5)))
            orders.confirm_order(db, order.code)
        mo = catalog.get_product(db, "MO-9").id
        with clock.frozen(EARLY_ON_16TH):
            with db.read_session() as session:
                assert sellable_quantities(session, [mo]) == {mo: 2}
                assert available_to_sell(session, [mo]) == {mo: 0}
                assert [(s.sku, s.missing) for s in short_holds(session)] == [("MO-9", 3)]
            with db.session() as session:
                assert "MO-9" in announce_unsellable_lots(session)
            assert [(r.lot, r.cost_value) for r in expiry.expired_lots(db, sku="MO-9")] == [("M-15", 1_000_000)]
            moves, _ = expiry.write_off_expired(db, "MO-9", "M-15")
            assert [m.quantity for m in moves] == [-4]
    finally:
        db.dispose()


def test_lots_without_expiry_are_always_sellable_after_dated_lots(lychee):
    with clock.frozen(RECEIVED):
        stock.receive_stock(lychee, "MO-1", 3, lot="NO-DATE")
    mo = ids(lychee, "MO-1")[0]
    with clock.frozen("2099-01-01T00:30:00+07:00"), lychee.read_session() as session:
        assert [(lot.lot_code, lot.quantity) for lot in sellable_lots(session, mo)] == [("NO-DATE", 3), ("", 2)]
    with clock.frozen(RECEIVED), lychee.read_session() as session:
        assert [lot.lot_code for lot in sellable_lots(session, mo)] == ["M-15", "M-LATE", "NO-DATE", ""]
