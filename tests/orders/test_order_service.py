"""Order entry, the state machine's stock effects, the outbox, and order paper from the database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gianhang_desktop.core.errors import Conflict, NotFound, ValidationError
from gianhang_desktop.core.orders import documents, service
from gianhang_desktop.core.orders.views import ItemDraft, OrderFilter
from gianhang_desktop.core.stock.models import StockBalance, StockMovement
from gianhang_desktop.core.stock.service import stock_report
from gianhang_desktop.core.sync.models import OutboxEntry
from tests.orders import poppler
from tests.orders.helpers import draft, stock_up


@pytest.fixture
def shop_db(db):
    stock_up(db)
    return db


def on_hand(db, sku: str) -> int:
    return stock_report(db, sku).on_hand


def lot_balances(db) -> dict[tuple[int, int | None], int]:
    with db.read_session() as session:
        return {(b.product_id, b.lot_id): b.on_hand for b in session.scalars(select(StockBalance))}


def outbox(db, kind: str) -> list[tuple[str, str | None]]:
    with db.read_session() as session:
        return [(e.key, e.payload) for e in session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == kind).order_by(OutboxEntry.id))]


def test_add_order_normalises_and_numbers(shop_db):
    view, changes = service.add_order(shop_db, draft(("XOAI-1", 2), ("MO-500", 1)))
    assert view.code.startswith("GH-") and view.code.endswith("-0001")
    assert view.phone == "0987654321"
    assert view.status == "unpaid" and view.channel == "phone"
    assert view.subtotal == 2 * 120_000 + 180_000
    assert view.cod_amount == view.subtotal + 30_000  # default: collect everything
    assert view.weight_g == 2 * 1000 + 600
    assert "Phường Hoàn Kiếm" in view.full_address and "Hà Nội" in view.full_address
    assert changes.orders == {view.id}
    second, _ = service.add_order(shop_db, draft(cod_amount=0))
    assert second.code.endswith("-0002") and second.status == "paid"


@pytest.mark.parametrize("overrides, field", [
    (dict(buyer_name="  "), "buyer_name"),
    (dict(phone="0123"), "phone"),
    (dict(phone="0112345678"), "phone"),
    (dict(address_line=""), "address_line"),
    (dict(province_code=None), "province_code"),
    (dict(province_code=999), "province_code"),
    (dict(ward_code=22366), "ward_code"),  # Nha Trang is not in Hà Nội
    (dict(items=()), "items"),
    (dict(items=(ItemDraft("NOPE", 1),)), "items[1].sku"),
    (dict(items=(ItemDraft("XOAI-1", 0),)), "items[1].quantity"),
    (dict(items=(ItemDraft("XOAI-1", "2.5"),)), "items[1].quantity"),
    (dict(items=(ItemDraft("XOAI-1", 1), ItemDraft("xoai-1", 1))), "items[2].sku"),
    (dict(items=(ItemDraft("XOAI-1", 1, "12,5"),)), "items[1].unit_price"),
    (dict(shipping_fee="-5"), "shipping_fee"),
    (dict(cod_amount="abc"), "cod_amount"),
    (dict(channel="store"), "channel"),
])
def test_manual_entry_errors_name_the_field(shop_db, overrides, field):
    with pytest.raises(ValidationError) as error:
        service.add_order(shop_db, draft(**overrides))
    assert error.value.field == field
    assert service.list_orders(shop_db) == []


def test_regions_by_name_when_unambiguous(shop_db):
    view, _ = service.add_order(shop_db, draft(province_code="ha noi", ward_code="Hoàn Kiếm"))
    assert (view.province_code, view.ward_code) == (1, 70)
    with pytest.raises(ValidationError) as error:
        service.add_order(shop_db, draft(province_code="Hà Nội", ward_code="Phường"))
    assert error.value.field == "ward_code"


def test_confirm_reserves_and_refuses_beyond_sellable(shop_db):
    first, _ = service.add_order(shop_db, draft(("XOAI-1", 6)))
    second, _ = service.add_order(shop_db, draft(("XOAI-1", 4)))
    _, changes = service.confirm_order(shop_db, first.code)
    assert changes.stock and changes.orders == {first.id}
    assert service.reserved_stock(shop_db) == {first.items[0].product_id: 6}
    with pytest.raises(Conflict) as error:
        service.confirm_order(shop_db, second.code)  # 9 on hand − 6 held = 3 < 4
    assert "3" in error.value.message() and "4" in error.value.message()
    assert service.get_order(shop_db, second.code).status == "unpaid"
    service.cancel_order(shop_db, first.code)  # releases the hold
    assert service.reserved_stock(shop_db) == {}
    service.confirm_order(shop_db, second.code)
    assert on_hand(shop_db, "XOAI-1") == 9  # holding never touches the ledger


def test_ship_fefo_then_cancel_after_ship_restores_the_same_lots(shop_db):
    view, _ = service.add_order(shop_db, draft(("XOAI-1", 6), ("TRA-1", 2)))
    before = lot_balances(shop_db)
    for step in (service.confirm_order, service.pack_order, service.ship_order):
        view, _ = step(shop_db, view.code)
    assert view.status == "shipped"
    assert on_hand(shop_db, "XOAI-1") == 3 and on_hand(shop_db, "TRA-1") == 1
    # Oldest expiry first: the early lot (4) is emptied before the late one.
    assert [(sku, lot, qty) for sku, lot, qty in view.shipped_lots] == [
        ("XOAI-1", "X-EARLY", 4), ("XOAI-1", "X-LATE", 2), ("TRA-1", "", 2)]
    assert service.reserved_stock(shop_db) == {}
    with shop_db.read_session() as session:
        shipped = session.scalars(select(StockMovement).where(StockMovement.kind == "shipment")).all()
        assert {m.reference for m in shipped} == {view.code}
    view, changes = service.cancel_order(shop_db, view.code, reason="Khách hủy khi đang giao")
    assert view.status == "cancelled" and changes.stock
    assert view.cancel_reason == "Khách hủy khi đang giao"
    assert lot_balances(shop_db) == before
    with shop_db.read_session() as session:
        returns = session.scalars(select(StockMovement).where(StockMovement.kind == "return")).all()
        assert sum(m.quantity for m in returns) == 8


def test_return_after_delivery(shop_db):
    view, _ = service.add_order(shop_db, draft(("MO-500", 3)))
    for target in ("confirmed", "packed", "shipped", "delivered", "returned"):
        view, _ = service.change_status(shop_db, view.code, target)
    assert on_hand(shop_db, "MO-500") == 10
    with pytest.raises(Conflict):
        service.change_status(shop_db, view.code, "returned")  # only once


def test_refused_transition_changes_nothing(shop_db):
    view, _ = service.add_order(shop_db, draft())
    with pytest.raises(Conflict) as error:
        service.ship_order(shop_db, view.code)
    assert error.value.field == "status"
    assert outbox(shop_db, "order_status") == []
    with pytest.raises(NotFound):
        service.confirm_order(shop_db, "GH-0000-9999")


def test_each_status_change_enqueues_order_status(shop_db):
    view, _ = service.add_order(shop_db, draft())
    service.confirm_order(shop_db, view.code)
    service.pack_order(shop_db, view.code)
    entries = outbox(shop_db, "order_status")
    assert [key for key, _ in entries] == [view.code, view.code]
    assert '"status": "confirmed"' in entries[0][1] and '"status": "packed"' in entries[1][1]


def test_list_filters(shop_db):
    a, _ = service.add_order(shop_db, draft(buyer_name="Trần Văn Ánh"))
    b, _ = service.add_order(shop_db, draft(channel="zalo"))
    service.confirm_order(shop_db, b.code)
    assert [r.code for r in service.list_orders(shop_db)] == [b.code, a.code]
    assert [r.code for r in service.list_orders(shop_db, OrderFilter(statuses=("confirmed",)))] == [b.code]
    assert [r.code for r in service.list_orders(shop_db, OrderFilter(channel="zalo"))] == [b.code]
    assert [r.code for r in service.list_orders(shop_db, OrderFilter(search="tran van anh"))] == [a.code]
    row = service.list_orders(shop_db, OrderFilter(search=a.code))[0]
    assert row.total == a.total and row.item_count == 1


def test_labels_pick_list_and_packing_slip_from_orders(shop_db, tmp_path):
    one, _ = service.add_order(shop_db, draft(("XOAI-1", 6), ("MO-500", 1)))
    two, _ = service.add_order(shop_db, draft(("MO-500", 2), cod_amount=0))
    pdf = tmp_path / "labels.pdf"
    assert documents.render_order_labels(shop_db, [one.code, two.code], pdf, "a6") == 2
    text = poppler.text(pdf)
    assert "Nguyễn Thị Hương" in text and "HTX Nông sản Phước Thuận" in text
    assert f"Thu hộ: {one.cod_amount:,} ₫".replace(",", ".") in text and "Không thu tiền" in text
    decoded = [s for page in poppler.decode_barcodes(pdf, tmp_path) for s in page]
    assert f"CODE-128:{one.code}" in decoded and f"CODE-128:{two.code}" in decoded
    lines, short = documents.pick_list(shop_db, [one.code, two.code])
    assert short == {}
    assert [(line.sku, line.lot_code, line.quantity) for line in lines] == [
        ("MO-500", "M-1", 3), ("XOAI-1", "X-EARLY", 4), ("XOAI-1", "X-LATE", 2)]  # bin A-01 before B-02
    documents.render_order_pick_list(shop_db, [one.code, two.code], tmp_path / "pick.pdf")
    documents.render_order_packing_slips(shop_db, [one.code], tmp_path / "slip.pdf")
    assert "PHIẾU ĐÓNG GÓI" in poppler.text(tmp_path / "slip.pdf")


def test_labels_need_a_shop_profile(db, tmp_path):
    with pytest.raises((ValidationError, NotFound)):
        documents.render_order_labels(db, ["GH-2611-0001"], tmp_path / "x.pdf")


def test_store_codes_also_find_orders(shop_db):
    view, _ = service.add_order(shop_db, draft())
    with shop_db.session() as session:
        order = service.get_order_row(session, view.code)
        order.remote_code = "SAN-998877"
    assert service.get_order(shop_db, "SAN-998877").code == view.code


def test_change_status_many_moves_what_it_can(shop_db):
    ok, _ = service.add_order(shop_db, draft(("XOAI-1", 2)))
    too_big, _ = service.add_order(shop_db, draft(("XOAI-1", 50)))
    moved, refused, changes = service.change_status_many(shop_db, [ok.code, too_big.code, "NOPE"],
                                                         "confirmed")
    assert moved == [ok.code]
    assert [code for code, _ in refused] == [too_big.code, "NOPE"]
    assert changes.orders == {ok.id}


def test_store_orders_take_store_side_steps_only_from_sync(shop_db):
    view, _ = service.add_order(shop_db, draft(("MO-500", 2)))
    with shop_db.session() as session:
        service.get_order_row(session, view.code).channel = "store"
    for step in (service.confirm_order, service.pack_order, service.ship_order):
        step(shop_db, view.code)
    with pytest.raises(Conflict):
        service.cancel_order(shop_db, view.code)  # the store has no cancel after shipping
    with pytest.raises(Conflict):
        service.change_status(shop_db, view.code, "delivered")  # the carrier says so, via sync
    before = len(outbox(shop_db, "order_status"))
    with shop_db.session() as session:  # what sync does when the store reports a return
        order = service.get_order_row(session, view.code)
        service.apply_status(session, order, "returned", notify_store=False)
    assert service.get_order(shop_db, view.code).status == "returned"
    assert len(outbox(shop_db, "order_status")) == before  # nothing echoed back to the store
    assert stock_report(shop_db, "MO-500").on_hand == 10
