"""The one bulk writer (core/stock/bulk.py): what the services keep true, kept true in bulk."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.stock import service as stock
from gianhang_desktop.core.stock.bulk import NewProduct, OpeningLot, load_products
from gianhang_desktop.core.stock.models import Lot, StockBalance, StockMovement, StockTotal
from gianhang_desktop.core.sync import outbox
from gianhang_desktop.core.sync.models import OutboxEntry


def test_a_load_keeps_ledger_balances_and_totals_equal_and_follows_the_outbox_rules(db):
    with db.session() as session:
        outbox.enqueue(session, "product", "NEW-1")  # unsent: a later entry replaces it
        tried = outbox.enqueue(session, "stock", "NEW-1")
        session.flush()
        tried.attempts = 1  # already sent once: its idempotency key may be on the store, so it stays
        warehouse = stock.resolve_warehouse(session, None).id
        ids = load_products(session, (p for p in [  # (any iterable, read once)
            NewProduct("NEW-1", {"name": "Vải thiều mới", "price": 65_000}, (
                OpeningLot(warehouse, 5, "L1", expiry=date(2027, 1, 10), harvest=date(2026, 11, 1)),
                OpeningLot(warehouse, 3, None),
                OpeningLot(warehouse, 0, "L0"),  # a lot recorded with nothing in it
            )),
            NewProduct("NEW-2", {"name": "Mật ong", "price": 180_000, "barcode": "8934567890120"}),
        ]), reason="Tồn đầu kỳ", reference="TEST", user="tester")
    first, second = (catalog.get_product_by_id(db, i) for i in ids)
    assert (first.sku, first.on_hand, second.sku, second.on_hand) == ("NEW-1", 8, "NEW-2", 0)
    assert catalog.find_by_code(db, "08934567890120").id == second.id  # the GTIN-14 form finds it
    assert [p.sku for p in catalog.list_products(db) if p.sku.startswith("NEW")] == ["NEW-1", "NEW-2"]
    report = stock.stock_report(db, "NEW-1")
    assert sorted((lot.lot or "", lot.on_hand) for wh in report.warehouses for lot in wh.lots) == [("", 3), ("L1", 5)]
    with db.read_session() as session:
        ledger = dict(session.execute(select(StockMovement.product_id, func.sum(StockMovement.quantity))
                                      .group_by(StockMovement.product_id)).all())
        balances = dict(session.execute(select(StockBalance.product_id, func.sum(StockBalance.on_hand))
                                        .group_by(StockBalance.product_id)).all())
        totals = dict(session.execute(select(StockTotal.product_id, StockTotal.on_hand)).all())
        assert ledger == balances == {first.id: 8} and totals == {first.id: 8, second.id: 0}
        assert session.scalar(select(Lot.code).where(Lot.code == "L0", Lot.product_id == first.id)) == "L0"
        entries = sorted(session.execute(select(OutboxEntry.kind, OutboxEntry.key, OutboxEntry.attempts)).all())
    assert entries == [("product", "NEW-1", 0), ("product", "NEW-2", 0), ("stock", "NEW-1", 0), ("stock", "NEW-1", 1)]
