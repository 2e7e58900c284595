"""`demo` adds orders in every status through the real services, and labels print right after."""

from collections import Counter

from sqlalchemy import func, select

from gianhang_desktop.core.demo import build_demo
from gianhang_desktop.core.orders import documents, service
from gianhang_desktop.core.stock.models import StockMovement, StockTotal
from tests.orders import poppler


def test_demo_orders_in_every_status_with_exact_stock(db, tmp_path):
    result = build_demo(db, 60, seed=7)
    rows = service.list_orders(db)
    assert len(rows) >= 30
    assert result.changes.orders >= {row.id for row in rows}
    statuses = Counter(row.status for row in rows)
    assert set(statuses) >= {"unpaid", "paid", "confirmed", "packed", "shipped", "delivered",
                             "completed", "cancelled", "returned"}
    with db.read_session() as session:
        ledger = dict(session.execute(select(StockMovement.product_id, func.sum(StockMovement.quantity))
                                      .group_by(StockMovement.product_id)).all())
        totals = {t.product_id: t.on_hand for t in session.scalars(select(StockTotal))}
        kinds = set(session.scalars(select(StockMovement.kind)))
    assert {p: q for p, q in ledger.items() if q} == {p: q for p, q in totals.items() if q}
    assert {"shipment", "return"} <= kinds
    pdf = tmp_path / "labels.pdf"
    codes = [row.code for row in rows[:8]]
    assert documents.render_order_labels(db, codes, pdf, "a4x4") == 2
    decoded = {s for page in poppler.decode_barcodes(pdf, tmp_path) for s in page}
    assert {f"CODE-128:{code}" for code in codes} <= decoded
