"""Several PCs writing stock into one database at the same moment: nothing lost, nothing doubled.

Each test runs on SQLite and on a real PostgreSQL (the `db` fixture), with real processes
started together on a barrier. On PostgreSQL these were the issue's failures: two processes × 40
`stock receive` gave a total of 79 and two "no lot" rows; 2 × 200 service receipts left a
warehouse balance of 205 for a ledger of 400.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.errors import Conflict
from gianhang_desktop.core.orders import service as orders
from gianhang_desktop.core.stock import service as stock
from gianhang_desktop.core.stock.models import StockBalance, StockMovement
from tests.core import hammer
from tests.orders.helpers import draft, stock_up

pytestmark = pytest.mark.slow


def _url(db) -> str | None:
    return None if db.is_sqlite else db.url


def test_two_command_lines_receiving_the_same_product_lose_nothing(db):
    catalog.add_product(db, "VT-1", "Vải thiều", 100_000)
    hammer.run_processes(hammer.cli_receipts, 2, str(db.data_dir), _url(db), "VT-1", 40)
    report = stock.stock_report(db, "VT-1")
    assert report.on_hand == 80
    assert [(w.warehouse, [(lot.lot, lot.on_hand) for lot in w.lots]) for w in report.warehouses] == [
        ("KHO-CHINH", [(None, 80)])]
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(StockMovement)) == 80
        assert s.scalar(select(func.count()).select_from(StockBalance)) == 1
    assert hammer.check_ledger(db) == []


def test_service_receipts_from_two_processes_all_count_and_can_be_taken_out(db):
    catalog.add_product(db, "MO-1", "Mật ong", 180_000)
    hammer.run_processes(hammer.service_receipts, 2, str(db.data_dir), _url(db), "MO-1", 200)
    assert stock.stock_report(db, "MO-1").on_hand == 400
    assert hammer.check_ledger(db) == []
    moves, _ = stock.adjust_stock(db, "MO-1", -300, reason="kiểm kê")
    assert sum(m.quantity for m in moves) == -300
    assert stock.stock_report(db, "MO-1").on_hand == 100


def test_four_processes_hammering_the_same_products_keep_ledger_equal_to_balances(db):
    """Receipts into shared and new lots, removals, moves and the whole order workflow from four
    processes at once; the ledger is read back in consistent snapshots all along."""
    stock_up(db)
    stock.add_warehouse(db, "KHO-2", "Kho đóng gói")
    snapshots: list[list[str]] = []

    def check() -> None:
        snapshots.append(hammer.check_ledger(db, holds=False))

    done = hammer.run_processes(hammer.mixed_work, 4, str(db.data_dir), _url(db), ["XOAI-1", "MO-500", "TRA-1"],
                                60, 7, while_running=check)
    check()
    assert [p for p in snapshots if p] == []
    assert sum(d.get("receive", 0) for d in done) > 0 and sum(d.get("order_step", 0) for d in done) > 0
    with db.read_session() as s:
        # Lots created by several processes at once exist once each.
        from gianhang_desktop.core.stock.models import Lot

        codes = s.execute(select(Lot.product_id, Lot.code, func.count()).group_by(Lot.product_id, Lot.code)).all()
        assert all(n == 1 for _p, _c, n in codes)


def test_orders_confirmed_at_once_never_hold_more_than_is_on_hand(db):
    """Twelve orders of 2 for a product with 10 on hand, confirmed by four processes at once:
    exactly five are confirmed, the others refused naming the shortage."""
    stock_up(db)  # MO-500: 10 on hand
    codes = [orders.add_order(db, draft(("MO-500", 2), cod_amount=0))[0].code for _ in range(12)]
    results = hammer.run_processes(_confirm_some, 4, str(db.data_dir), _url(db), codes)
    confirmed = [c for r in results for c in r]
    assert len(confirmed) == 5
    assert hammer.check_ledger(db) == []


def _confirm_some(barrier, index, data_dir, url, codes) -> list[str]:
    db = hammer.open_database(data_dir, url)
    barrier.wait()
    confirmed = []
    for code in codes[index::4] + codes[:index * 3]:
        try:
            orders.confirm_order(db, code)
            confirmed.append(code)
        except Conflict as error:
            assert "MO-500" in str(error) or "không thể chuyển" in str(error)
    db.dispose()
    return confirmed


def test_the_same_order_shipped_and_cancelled_at_once_ends_with_its_stock_right(db):
    """Shipping and cancelling the same packed orders from four processes: each order ends
    shipped (one unit out) or cancelled (nothing out: never shipped, or shipped and put back),
    never shipped twice nor cancelled with its unit lost."""
    stock_up(db)
    codes = [orders.add_order(db, draft(("XOAI-1", 1), cod_amount=0))[0].code for _ in range(6)]
    for code in codes:
        orders.confirm_order(db, code)
        orders.pack_order(db, code)
    hammer.run_processes(_ship_or_cancel, 4, str(db.data_dir), _url(db), codes)
    with db.read_session() as s:
        out = dict(s.execute(select(StockMovement.reference, func.sum(StockMovement.quantity))
                             .where(StockMovement.reference.in_(codes)).group_by(StockMovement.reference)).all())
        shipments = dict(s.execute(select(StockMovement.reference, func.count()).where(
            StockMovement.reference.in_(codes), StockMovement.kind == "shipment").group_by(StockMovement.reference)).all())
    for code in codes:
        status = orders.get_order(db, code).status
        assert status in ("shipped", "cancelled")
        assert out.get(code, 0) == (-1 if status == "shipped" else 0), code
        assert shipments.get(code, 0) <= 1, code
    assert hammer.check_ledger(db) == []


def _ship_or_cancel(barrier, index, data_dir, url, codes) -> int:
    from gianhang_desktop.core.orders.states import OrderStatus

    db = hammer.open_database(data_dir, url)
    barrier.wait()
    target = OrderStatus.SHIPPED if index % 2 == 0 else OrderStatus.CANCELLED
    moved = 0
    for code in codes:
        try:
            orders.change_status(db, code, target)
            moved += 1
        except Conflict:
            pass
    db.dispose()
    return moved


def test_two_pcs_adding_the_same_product_at_once_get_one_product_and_a_clear_message(db):
    """Checks then inserts (a new SKU) race between PCs: the loser is told nothing was saved and to
    try again, never shown a database error; the catalogue holds the product once."""
    results = hammer.run_processes(_add_same_product, 4, str(db.data_dir), _url(db))
    added = [r for r in results if r == "added"]
    assert len(added) == 1, results
    refused = [r for r in results if r != "added"]
    assert all("đã tồn tại" in r or "Máy khác vừa thay đổi" in r for r in refused), refused
    assert [p.sku for p in catalog.list_products(db)] == ["NEW-1"]


def _add_same_product(barrier, index, data_dir, url) -> str:
    from gianhang_desktop.core.errors import GianHangError

    db = hammer.open_database(data_dir, url)
    barrier.wait()
    try:
        catalog.add_product(db, "NEW-1", f"Sản phẩm mới từ máy {index}", 10_000)
        return "added"
    except GianHangError as error:
        return str(error)
    finally:
        db.dispose()
