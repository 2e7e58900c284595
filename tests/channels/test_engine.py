"""The channel engine on a double of the interface: accounts, linking, one stock, pushes per SKU,
order import, tokens. (The real simulators over HTTP: test_integration.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gianhang_desktop.core.catalog.service import add_product
from gianhang_desktop.core.channels.accounts import (
    add_account,
    get_account,
    list_accounts,
    set_rule,
)
from gianhang_desktop.core.channels.models import ChannelAccount, ChannelOutbox
from gianhang_desktop.core.channels.service import link_automatically, sync_channels
from gianhang_desktop.core.errors import Conflict, ValidationError
from gianhang_desktop.core.orders.service import change_status, get_order, list_orders
from gianhang_desktop.core.orders.views import OrderFilter
from gianhang_desktop.core.stock.service import adjust_stock, receive_stock

from .double import PLATFORM, credentials_json, install
from .helpers import catalogue, channel


def pending(db, name="Shop A") -> list[str]:
    with db.read_session() as session:
        account = session.scalar(select(ChannelAccount).where(ChannelAccount.name == name))
        return [key for key, in session.execute(select(ChannelOutbox.key).where(
            ChannelOutbox.account_id == account.id, ChannelOutbox.done_at.is_(None)))]


def test_account_secrets_go_to_the_keyring_never_the_database(db, memory_keyring):
    fake = install()
    view, _ = add_account(db, PLATFORM, "Shop A", credentials_json(fake))
    assert view.state == "active" and view.credentials_saved
    stored = " ".join(memory_keyring.store.values())
    assert "access-0" in stored and "s1" in stored
    from gianhang_desktop.core.models import Base

    with db.read_session() as session:  # every row of every table, on either engine
        dump = "\n".join(str(row) for table in Base.metadata.sorted_tables
                         for row in session.execute(table.select()))
    assert "access-0" not in dump and "refresh-0" not in dump and '"s1"' not in dump
    assert [a.name for a in list_accounts(db)] == ["Shop A"]


@pytest.mark.parametrize("data, field", [
    ({"app_key": "k1", "access_token": "a", "refresh_token": "r"}, "credentials.app_secret"),
    ({"app_key": "k1", "app_secret": "", "access_token": "a", "refresh_token": "r"}, "credentials.app_secret"),
    ({"app_key": "k1", "app_secret": "s1", "access_token": "a", "refresh_token": "r", "partnerid": 1}, "credentials.partnerid"),
    (["not", "an", "object"], "credentials"),
])
def test_bad_credentials_json_names_the_key_and_adds_nothing(db, data, field):
    install()
    with pytest.raises(ValidationError) as caught:
        add_account(db, PLATFORM, "Shop A", data)
    assert caught.value.field == field
    assert list_accounts(db) == []


def test_wrong_app_secret_is_refused_and_leaves_nothing_behind(db, memory_keyring):
    fake = install()
    with pytest.raises(ValidationError) as caught:
        add_account(db, PLATFORM, "Shop A", {**credentials_json(fake), "app_secret": "wrong"})
    assert caught.value.field == "credentials"
    assert list_accounts(db) == [] and memory_keyring.store == {}


def test_names_are_unique_and_not_a_builtin_channel(db):
    fake = install()
    add_account(db, PLATFORM, "Shop A", credentials_json(fake))
    with pytest.raises(Conflict):
        add_account(db, PLATFORM, "shop a", credentials_json(fake))
    for name in ("store", "Zalo", ""):
        with pytest.raises(ValidationError):
            add_account(db, PLATFORM, name, credentials_json(fake))
    with pytest.raises(ValidationError) as caught:
        add_account(db, PLATFORM, "Shop B", credentials_json(fake), base_url="http://example.com")
    assert caught.value.field == "base_url"


def gtin13(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def test_auto_link_by_sku_then_gtin_with_variations_and_conflicts(db):
    catalogue(db)
    fake = channel(db, link=False)
    fake.add("mat-ong")  # a second unit with the same seller SKU (case apart): a duplicate on the channel
    barcode = gtin13("893123456789")
    add_product(db, "TRA-XANH", "Trà xanh", 50_000, barcode=barcode)
    fake.add("TRA-XANH", item="TEA", name="Trà")
    fake.add("", item="TEA2", gtin=barcode, name="Trà (cũ)")  # the same product listed twice
    review, _ = link_automatically(db, "Shop A")
    linked = {(r["sku"], r["item_id"], r["variation_id"], r["how"]) for r in review.links}
    # one marketplace item, two variations, two local SKUs
    assert ("GAO-1KG", "RICE", "V1", "sku") in linked and ("GAO-5KG", "RICE", "V2", "sku") in linked
    assert ("CHE-200", "I3", None, "gtin") in linked
    assert review.linked == 3 and review.new == 3
    kinds = {c["kind"]: c for c in review.conflicts}
    assert {u["seller_sku"] for u in kinds["duplicate_sku"]["units"]} == {"MAT-ONG", "mat-ong"}
    assert kinds["sku_on_two_items"]["sku"] == "TRA-XANH"
    assert {u["item_id"] for u in kinds["sku_on_two_items"]["units"]} == {"TEA", "TEA2"}
    assert {(u["seller_sku"], u["reason"]) for u in review.unlinked} == {
        ("MAT-ONG", "conflict"), ("mat-ong", "conflict"), ("TRA-XANH", "conflict"), ("", "conflict")}
    again, _ = link_automatically(db, "Shop A")
    assert again.linked == 3 and again.new == 0


def test_push_applies_the_rule_and_the_stock_of_every_channel(db):
    catalogue(db)
    fake = channel(db)
    set_rule(db, "Shop A", percent=50, buffer=2, zero_below=3)
    report = sync_channels(db).channels[0]
    # GAO-1KG: (20 − 2) × 50 % = 9; GAO-5KG: (10 − 2) × 50 % = 4; CHE-200: (7 − 2) × 50 % = 2 < 3 → 0
    assert report.stock == {"GAO-1KG": 9, "GAO-5KG": 4, "CHE-200": 0, "MAT-ONG": 0}
    assert fake.unit("GAO-1KG").stock == 9 and fake.unit("Chè").stock == 0
    assert pending(db) == []


def test_every_ledger_change_queues_a_push_in_its_own_transaction(db):
    catalogue(db)
    fake = channel(db)
    sync_channels(db)
    receive_stock(db, "GAO-1KG", 5)
    assert len(pending(db)) == 1
    with pytest.raises(Conflict):  # a refused change queues nothing
        adjust_stock(db, "MAT-ONG", -3, reason="kiểm kê")
    assert len(pending(db)) == 1
    sync_channels(db)
    assert fake.unit("GAO-1KG").stock == 25


def test_refusal_is_shown_per_sku_and_sent_again_on_the_next_change_only(db):
    catalogue(db)
    fake = channel(db)
    fake.refused["GAO-5KG"] = ("E0501", "Negative sellable: campaign locks stock")
    report = sync_channels(db).channels[0]
    assert report.stock == {"GAO-1KG": 20, "CHE-200": 7, "MAT-ONG": 0}
    assert report.errors == [{"sku": "GAO-5KG", "kind": "stock", "outcome": "refused", "code": "E0501",
                              "message": "Negative sellable: campaign locks stock"}]
    assert get_account(db, "Shop A").errors[0]["code"] == "E0501"
    calls = len(fake.calls)
    assert sync_channels(db).channels[0].errors == []  # not retried forever
    assert fake.calls[calls:] == ["orders"]
    del fake.refused["GAO-5KG"]
    receive_stock(db, "GAO-5KG", 1)
    assert sync_channels(db).channels[0].stock == {"GAO-5KG": 11}
    assert get_account(db, "Shop A").errors == ()


def test_platform_down_keeps_the_rows_for_later(db):
    catalogue(db)
    fake = channel(db)
    fake.unavailable = 1  # the order poll fails: nothing is pushed, nothing lost
    report = sync_channels(db).channels[0]
    assert report.error and report.pending == 4
    assert sync_channels(db).channels[0].stock == {"GAO-1KG": 20, "GAO-5KG": 10, "CHE-200": 7, "MAT-ONG": 0}


def test_orders_import_once_with_buyer_money_and_status(db):
    catalogue(db)
    fake = channel(db)
    sync_channels(db)
    order_id = fake.place([("GAO-1KG", 2), ("GAO-5KG", 1)])
    first = sync_channels(db).channels[0]
    assert first.orders == [order_id]
    again = sync_channels(db).channels[0]
    assert again.orders == []
    rows = list_orders(db, OrderFilter(channel="Shop A"))
    assert len(rows) == 1
    view = get_order(db, order_id)
    assert view.status == "confirmed" and view.phone == "0912345678"
    assert (view.province_code, view.ward_code) == (1, 70)  # Hàng Gai, Hoàn Kiếm → Phường Hoàn Kiếm (2025)
    assert view.address_line == "Số 10 Hàng Bông"
    # one stock: the other units went down on the platform too, the ordered ones held
    assert fake.unit("GAO-1KG").stock == 18 and fake.unit("GAO-5KG").stock == 9
    fake.move(order_id, "CANCELLED")
    sync_channels(db)
    assert get_order(db, order_id).status == "cancelled"
    assert fake.unit("GAO-1KG").stock == 20


def test_shipped_then_returned_gives_stock_back(db):
    catalogue(db)
    fake = channel(db)
    order_id = fake.place([("GAO-1KG", 3)], status="SHIPPED")
    sync_channels(db)
    assert get_order(db, order_id).status == "shipped"
    assert fake.unit("GAO-1KG").stock == 17
    fake.move(order_id, "CANCELLED")  # failed delivery, parcel back
    sync_channels(db)
    assert get_order(db, order_id).status == "returned"
    assert fake.unit("GAO-1KG").stock == 20


def test_unlinked_sku_order_is_imported_flagged_and_touches_stock_once_linked(db):
    catalogue(db)
    fake = channel(db)
    fake.add("GAO-1KG-OLD")
    order_id = fake.place([("GAO-1KG-OLD", 2)], status="SHIPPED")
    sync_channels(db)
    view = get_order(db, order_id)
    assert view.items[0].product_id is None
    from gianhang_desktop.core.channels.linking import link_by_hand
    from gianhang_desktop.core.stock.service import stock_report

    assert stock_report(db, "GAO-1KG").on_hand == 20
    unit = fake.unit("GAO-1KG-OLD")
    link_by_hand(db, "Shop A", "GAO-1KG", unit.item_id)
    assert stock_report(db, "GAO-1KG").on_hand == 18
    assert get_order(db, order_id).items[0].product_id is not None


def test_oversold_order_is_accepted_and_flagged(db):
    catalogue(db, {"GAO-1KG": 2})
    fake = channel(db)
    order_id = fake.place([("GAO-1KG", 5)])
    sync_channels(db)
    from gianhang_desktop.core.channels.orders_view import channel_order_info

    info = channel_order_info(db, order_id)
    assert info["oversold"] == 3 and "vượt" in info["warning"]
    assert get_order(db, order_id).status == "confirmed"


def test_expired_token_is_refreshed_saved_first_and_refresh_failure_needs_relogin(db, memory_keyring):
    catalogue(db)
    fake = channel(db)
    fake.access = "access-7"  # the platform expired our token
    fake.refresh = "refresh-0"
    report = sync_channels(db).channels[0]
    assert report.error is None and "refresh" in fake.calls
    assert "access-8" in " ".join(memory_keyring.store.values())
    fake.access = "access-99"
    fake.refresh_valid = False
    report = sync_channels(db).channels[0]
    assert report.state == "needs_relogin" and "đăng nhập lại" in report.error
    calls = len(fake.calls)
    receive_stock(db, "GAO-1KG", 1)
    assert sync_channels(db).channels[0].state == "needs_relogin"
    assert len(fake.calls) == calls  # nothing more is sent until the user signs in again
    assert get_account(db, "Shop A").state_label == "Cần đăng nhập lại"


def test_two_channels_share_one_stock(db):
    catalogue(db)
    a = channel(db, "Shop A", "k1")
    b = channel(db, "Shop B", "k2")
    sync_channels(db)
    a.place([("GAO-5KG", 4)])
    sync_channels(db)
    assert b.unit("GAO-5KG").stock == 6 and a.unit("GAO-5KG").stock == 6


def test_local_order_reserves_on_every_channel(db):
    catalogue(db)
    fake = channel(db)
    sync_channels(db)
    from gianhang_desktop.core.orders.service import add_order
    from gianhang_desktop.core.orders.views import ItemDraft, OrderDraft

    view, _ = add_order(db, OrderDraft("Chị Lan", "0912345678", "Thôn 3", 1, 70, (ItemDraft("CHE-200", 2),)))
    sync_channels(db)
    assert fake.unit("Chè").stock == 5
    change_status(db, view.code, "cancelled")
    sync_channels(db)
    assert fake.unit("Chè").stock == 7


def test_a_new_channel_keeps_two_units_back_by_default(db):
    catalogue(db)
    fake = install("k9")
    fake.add("GAO-1KG")
    view, _ = add_account(db, PLATFORM, "Shop Z", credentials_json(fake))
    assert (view.percent, view.buffer, view.zero_below) == (100, 2, 0)
    link_automatically(db, "Shop Z")
    assert sync_channels(db).channels[0].stock == {"GAO-1KG": 18}


def test_a_lot_expiring_overnight_is_pushed_the_next_morning_with_no_other_change(db):
    from gianhang_desktop.core import clock

    with clock.frozen("2026-12-01T09:00:00+07:00"):
        catalogue(db)
        receive_stock(db, "CHE-200", 5, lot="C-OLD", expiry="2026-12-01")
        fake = channel(db)
        assert sync_channels(db).channels[0].stock["CHE-200"] == 12  # sold on its last day
        assert sync_channels(db).channels[0].stock == {}
    with clock.frozen("2026-12-02T06:00:00+07:00"):  # nothing was written since: the calendar alone
        report = sync_channels(db).channels[0]
    assert report.stock == {"CHE-200": 7} and fake.unit("Chè").stock == 7  # linked by its barcode
    with clock.frozen("2026-12-02T06:01:00+07:00"):
        assert sync_channels(db).channels[0].stock == {}  # once


def test_packing_a_marketplace_order_here_arranges_its_shipment_on_the_next_sync(db):
    catalogue(db)
    fake = channel(db)
    order_id = fake.place([("GAO-1KG", 1)])
    sync_channels(db)
    code = get_order(db, order_id).code
    assert fake.ship_calls == []  # importing the order arranges nothing
    change_status(db, code, "packed")  # the clerk packed it
    assert "ship" in {kind for kind in _pending_kinds(db)}  # queued in the same transaction
    report = sync_channels(db).channels[0]
    assert report.shipped == [order_id] and fake.ship_calls == [order_id]
    assert get_order(db, code).tracking_code == f"TRK{order_id}"
    change_status(db, code, "shipped")
    assert sync_channels(db).channels[0].shipped == [] and fake.ship_calls == [order_id]  # once


def _pending_kinds(db) -> list[str]:
    with db.read_session() as session:
        return list(session.scalars(select(ChannelOutbox.kind).where(ChannelOutbox.done_at.is_(None))))
