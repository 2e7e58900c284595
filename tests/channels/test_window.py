"""The "Kênh bán" page and the window's automatic channel sync (pytest-qt, offscreen), on the
channel double (tests/channels/double.py) through the real engine, keyring and task runner."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from gianhang_desktop.core.channels.accounts import get_account  # noqa: E402
from gianhang_desktop.core.channels.model import AccountState  # noqa: E402
from gianhang_desktop.core.orders.service import find_order_ids, get_order  # noqa: E402
from gianhang_desktop.core.orders.views import OrderFilter  # noqa: E402
from gianhang_desktop.core.stock.service import receive_stock  # noqa: E402

from .helpers import catalogue, channel  # noqa: E402


@pytest.fixture
def errors_shown(monkeypatch):
    from gianhang_desktop.gui import tasks, widgets

    shown: list = []
    monkeypatch.setattr(tasks, "show_error", lambda parent, error, details="": shown.append(error))
    monkeypatch.setattr(widgets.Confirm, "ask", classmethod(lambda cls, parent, title, text: True))
    return shown


@pytest.fixture
def page(qtbot, ctx, errors_shown):
    from gianhang_desktop.gui.language import install_language
    from gianhang_desktop.gui.pages import page_by_key

    install_language("vi")

    def build():
        widget = page_by_key("channels").factory(ctx)
        qtbot.addWidget(widget)
        widget.resize(1150, 700)
        widget.show()
        with qtbot.waitSignal(widget.ready, timeout=10_000):
            pass
        return widget

    return build


def cell(table, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text() if item else ""


def column(table, col: int) -> list[str]:
    return [cell(table, r, col) for r in range(table.rowCount())]


def test_an_empty_page_says_how_to_start(page):
    widget = page()
    assert widget.table.rowCount() == 0
    assert not widget.empty.isHidden() and "Thêm kênh" in widget.empty.text()


def test_accounts_show_state_links_and_the_review_table(qtbot, ctx, page):
    catalogue(ctx.db)
    fake = channel(ctx.db)
    fake.add("LA-LAI", name="Lá lạ")  # no local SKU: stays unlinked
    fake.add("DUP", item="X1", name="Trùng 1")
    fake.add("DUP", item="X2", name="Trùng 2")  # a duplicate SKU on the channel: a conflict
    from gianhang_desktop.core.channels.service import link_automatically

    link_automatically(ctx.db, "Shop A")
    widget = page()
    assert column(widget.table, 0) == ["Shop A"]
    assert cell(widget.table, 0, 2) == "Đang hoạt động" or cell(widget.table, 0, 2) == get_account(
        ctx.db, "Shop A").state_label
    assert cell(widget.table, 0, 5) == "4 / 7"  # linked / units seen
    with qtbot.waitSignal(widget.links.reviewed, timeout=10_000):
        widget.links.reload()
    kinds = column(widget.links.table, 0)
    assert kinds.count("Đã liên kết") == 4 and kinds.count("Xung đột") == 2 and kinds.count("Chưa liên kết") == 1
    assert "trùng" in " ".join(column(widget.links.table, 6))
    widget.links.show_filter.setCurrentIndex(1)  # only the unlinked ones
    assert column(widget.links.table, 4) == ["LA-LAI"]
    assert "4 đã liên kết, 1 chưa liên kết, 1 xung đột" in widget.links.summary.text()


def test_a_link_by_hand_from_the_review_table(qtbot, ctx, page, monkeypatch):
    catalogue(ctx.db)
    fake = channel(ctx.db)
    fake.add("GAO-1KG-CU", name="Gạo cũ")
    from gianhang_desktop.core.channels.service import link_automatically
    from gianhang_desktop.gui.channels.dialogs import ManualLinkDialog

    link_automatically(ctx.db, "Shop A")
    widget = page()
    with qtbot.waitSignal(widget.links.reviewed, timeout=10_000):
        widget.links.reload()
    widget.links.show_filter.setCurrentIndex(1)
    widget.links.table.selectRow(0)
    asked = []
    unit = fake.unit("GAO-1KG-CU")
    monkeypatch.setattr(ManualLinkDialog, "ask", classmethod(
        lambda cls, row, parent: (asked.append(row), ("GAO-1KG", row["item_id"], None))[1]))
    widget.links.link_by_hand()
    assert asked[0]["seller_sku"] == "GAO-1KG-CU" and asked[0]["item_id"] == unit.item_id
    qtbot.waitUntil(lambda: widget.links.table.rowCount() == 0, timeout=10_000)  # nothing left unlinked
    assert get_account(ctx.db, "Shop A").linked == 5
    widget.links.show_filter.setCurrentIndex(0)
    assert column(widget.links.table, 0) == ["Đã liên kết"] * 5
    assert "GAO-1KG-CU" in column(widget.links.table, 4)


def test_the_rule_is_saved_and_a_bad_warehouse_is_named_and_changes_nothing(qtbot, ctx, page):
    catalogue(ctx.db)
    channel(ctx.db)
    widget = page()
    rules = widget.rules
    rules.percent.setValue(50)
    rules.buffer.setValue(3)
    rules.zero_below.setValue(2)
    with qtbot.waitSignal(rules.saved, timeout=10_000):
        rules.save()
    view = get_account(ctx.db, "Shop A")
    assert (view.percent, view.buffer, view.zero_below) == (50, 3, 2)
    qtbot.waitUntil(lambda: widget.selected_view().percent == 50, timeout=10_000)  # the page read it back
    rules.percent.setValue(80)
    rules.warehouses.setText("KHONG-CO")
    rules.save()
    qtbot.waitUntil(lambda: rules.error.isVisibleTo(rules), timeout=10_000)
    assert "KHONG-CO" in rules.error.text()
    assert get_account(ctx.db, "Shop A").percent == 50  # nothing changed


def test_sync_now_pulls_orders_shows_refusals_and_oversold_orders(qtbot, ctx, page):
    catalogue(ctx.db, {"GAO-1KG": 2, "GAO-5KG": 10, "CHE-200": 7})
    fake = channel(ctx.db)
    fake.refused["GAO-5KG"] = ("E0501", "Negative sellable: campaign locks stock")
    order_id = fake.place([("GAO-1KG", 5)])
    widget = page()
    with qtbot.waitSignal(widget.sync_finished, timeout=20_000) as finished:
        assert widget.sync_now()
        assert not widget.sync_now()  # one at a time
    report = finished.args[0]
    assert report.channels[0].orders == [order_id]
    assert "1 đơn" in widget.state_line.text()
    qtbot.waitUntil(lambda: cell(widget.table, 0, 7) == "1", timeout=10_000)
    assert column(widget.errors.table, 0) == ["GAO-5KG"]
    assert "Negative sellable" in cell(widget.errors.table, 0, 4)
    qtbot.waitUntil(lambda: widget.flagged.table.rowCount() == 1, timeout=10_000)
    assert cell(widget.flagged.table, 0, 1) == order_id
    assert "Bán quá 3" in cell(widget.flagged.table, 0, 4)
    assert get_order(ctx.db, order_id).status == "confirmed"


def test_an_account_that_needs_signing_in_again_says_so(qtbot, ctx, page):
    catalogue(ctx.db)
    fake = channel(ctx.db)
    fake.refresh_valid = False
    fake.access = "revoked"  # the saved access token no longer works, and neither does the refresh token
    widget = page()
    with qtbot.waitSignal(widget.sync_finished, timeout=20_000):
        widget.sync_now()
    qtbot.waitUntil(lambda: cell(widget.table, 0, 2) == "Cần đăng nhập lại", timeout=10_000)
    assert "Cần đăng nhập lại" in widget.state_line.text()
    assert get_account(ctx.db, "Shop A").state == AccountState.NEEDS_RELOGIN.value


def test_the_orders_page_filters_by_marketplace_account(qtbot, ctx, errors_shown):
    from gianhang_desktop.gui.pages import page_by_key

    catalogue(ctx.db)
    fake = channel(ctx.db)
    order_id = fake.place([("GAO-1KG", 1)])
    from gianhang_desktop.core.channels.service import sync_channels

    sync_channels(ctx.db)
    from gianhang_desktop.core.orders.service import add_order
    from tests.orders.helpers import draft

    add_order(ctx.db, draft(("GAO-5KG", 1)))
    orders = page_by_key("orders").factory(ctx)
    qtbot.addWidget(orders)
    qtbot.waitUntil(lambda: orders.channel_filter.findData("Shop A") >= 0, timeout=10_000)
    orders.channel_filter.setCurrentIndex(orders.channel_filter.findData("Shop A"))
    assert orders.current_filter().channel == "Shop A"
    ids = find_order_ids(ctx.db, orders.current_filter())
    assert list(ids) == [get_order(ctx.db, order_id).id]  # not the phone order


def test_automatic_sync_pulls_orders_and_pushes_a_local_change_at_once(qtbot, ctx, errors_shown):
    from gianhang_desktop.gui.channels.auto import ChannelAutoSync

    catalogue(ctx.db)
    fake = channel(ctx.db)
    auto = ChannelAutoSync(ctx, interval_ms=50)
    auto.start()
    qtbot.waitUntil(lambda: auto.timer.isActive(), timeout=10_000)
    qtbot.waitUntil(lambda: fake.unit("GAO-1KG").stock == 20, timeout=10_000)  # the first push
    order_id = fake.place([("GAO-1KG", 3)])
    qtbot.waitUntil(lambda: bool(find_order_ids(ctx.db, OrderFilter(channel="Shop A"))), timeout=10_000)
    assert get_order(ctx.db, order_id).status == "confirmed"
    auto.timer.setInterval(600_000)  # no more polls: what follows is sent because of the local change alone
    qtbot.waitUntil(lambda: not (auto.job and auto.job.running), timeout=10_000)
    polls = fake.calls.count("orders")
    ctx.tasks.write(lambda _p, _c: receive_stock(ctx.db, "GAO-1KG", 10))
    qtbot.waitUntil(lambda: fake.unit("GAO-1KG").stock == 27, timeout=10_000)
    assert fake.calls.count("orders") == polls  # sent without polling
    auto.stop()


def test_automatic_sync_stays_idle_without_automatic_accounts(qtbot, ctx, errors_shown):
    from gianhang_desktop.core.channels.accounts import set_rule
    from gianhang_desktop.gui.channels.auto import ChannelAutoSync

    catalogue(ctx.db)
    channel(ctx.db)
    set_rule(ctx.db, "Shop A", auto_sync=False)
    auto = ChannelAutoSync(ctx, interval_ms=50)
    auto.start()
    qtbot.waitUntil(lambda: auto.checks == 1, timeout=10_000)
    assert not auto.timer.isActive() and auto.rounds == 0
    ctx.tasks.changes_happened.emit(set_rule(ctx.db, "Shop A", auto_sync=True).changes)
    qtbot.waitUntil(lambda: auto.timer.isActive(), timeout=10_000)
    auto.stop()


def test_connecting_a_shop_in_the_window_with_a_pasted_code(qtbot, ctx, errors_shown, memory_keyring, monkeypatch):
    from gianhang_desktop.gui.channels.dialogs import ConnectDialog

    for key, value in {"GIANHANG_CHANNEL_TIMEOUT": "3", "GIANHANG_CHANNEL_RETRIES": "1",
                       "GIANHANG_CHANNEL_BACKOFF": "0.01"}.items():
        monkeypatch.setenv(key, value)

    from .connecting import running

    with running("lazada") as sim:
        dialog = ConnectDialog(ctx.tasks, ctx.db)
        qtbot.addWidget(dialog)
        dialog.platform.setCurrentIndex(dialog.platform.findData("lazada"))
        assert set(dialog.fields) == {"app_key", "app_secret"}  # the platform's own names, nothing else
        creds = sim.credentials()
        dialog.name.setText("Lazada HTX")
        dialog.base_url.setText(sim.url)
        dialog.fields["app_key"].setText(creds["app_key"])
        dialog.fields["app_secret"].setText("wrong-secret")
        dialog.pasted.setText(f"{dialog.redirect.text()}?code={sim.issue_code()}")
        dialog.finish()
        qtbot.waitUntil(lambda: dialog.finish_button.isEnabled() and dialog.status.text() != "", timeout=10_000)
        assert dialog.result_view is None  # refused: nothing added
        from gianhang_desktop.core.channels.accounts import list_accounts

        assert list_accounts(ctx.db) == []
        dialog.fields["app_secret"].setText(creds["app_secret"])
        dialog.pasted.setText(f"{dialog.redirect.text()}?code={sim.issue_code()}")
        with qtbot.waitSignal(ctx.changes, timeout=10_000):
            dialog.finish()
        qtbot.waitUntil(lambda: dialog.result_view is not None, timeout=10_000)
        assert dialog.result_view.name == "Lazada HTX" and dialog.result_view.state == "active"
        assert creds["app_secret"] in " ".join(memory_keyring.store.values())
        assert creds["app_secret"] not in str(list_accounts(ctx.db))


def test_labels_of_a_mixed_selection_platform_label_as_delivered_and_our_own(qtbot, ctx, errors_shown, tmp_path):
    """The orders page: a marketplace order gets the platform's label (arranged first), a phone
    order the app's own, in one PDF in the order of the list; a refusal writes no file."""
    from pypdf import PdfReader

    from gianhang_desktop.core.channels.service import sync_channels
    from gianhang_desktop.core.orders.service import add_order, change_status
    from gianhang_desktop.core.shop import update_shop
    from gianhang_desktop.gui.pages import page_by_key
    from tests.orders.helpers import KHANH_HOA, NHA_TRANG, draft

    from .connecting import pdf_text

    update_shop(ctx.db, name="HTX Nông sản Phước Thuận", phone="0912345678", address_line="Thôn 3",
                province_code=KHANH_HOA, ward_code=NHA_TRANG)  # the sender on the app's own label
    catalogue(ctx.db)
    fake = channel(ctx.db)
    channel_id = fake.place([("GAO-1KG", 1)])
    sync_channels(ctx.db)
    own = add_order(ctx.db, draft(("GAO-5KG", 1)))[0].code
    change_status(ctx.db, own, "confirmed")
    orders = page_by_key("orders").factory(ctx)
    qtbot.addWidget(orders)
    qtbot.waitUntil(lambda: orders.model.rowCount() == 2, timeout=10_000)
    orders.table.selectAll()
    assert orders.selected_marketplace_codes() == [get_order(ctx.db, channel_id).code]
    out = tmp_path / "nhan.pdf"
    orders.ask_save_path = lambda *_a: str(out)
    fake.unavailable = 10  # the platform is down: nothing is written, the clerk is told
    shown = []
    orders.show_error = shown.append
    orders.save_labels_pdf()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert not out.exists()
    fake.unavailable = 0
    shown.clear()
    with qtbot.waitSignal(orders.file_saved, timeout=20_000):
        orders.save_labels_pdf()
        qtbot.waitUntil(lambda: bool(shown) or out.exists(), timeout=20_000)
        assert not shown, shown
    assert fake.ship_calls == [channel_id]  # arranged before its label is asked for
    pages = PdfReader(str(out)).pages
    text = pdf_text(out.read_bytes())
    assert f"AWB {channel_id}" in text and own in text
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages}
    assert (283, 425) in sizes  # the platform's page exactly as delivered
    opened = []
    orders.open_file = opened.append
    with qtbot.waitSignal(orders.file_saved, timeout=20_000):
        orders.print_selected_labels()
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    assert PdfReader(opened[0]).pages and fake.ship_calls == [channel_id]  # arranged once only


def test_a_marketplace_order_shows_its_channel_side_on_the_orders_page(qtbot, ctx, errors_shown):
    from gianhang_desktop.core.channels.service import sync_channels
    from gianhang_desktop.gui.pages import page_by_key

    catalogue(ctx.db, {"GAO-1KG": 2})
    fake = channel(ctx.db)
    channel_id = fake.place([("GAO-1KG", 5)])  # 3 more than there is
    sync_channels(ctx.db)
    orders = page_by_key("orders").factory(ctx)
    qtbot.addWidget(orders)
    qtbot.waitUntil(lambda: orders.model.rowCount() == 1, timeout=10_000)
    with qtbot.waitSignal(orders.order_shown, timeout=10_000):
        orders.table.selectRow(0)
    text = orders.detail.toPlainText()
    assert f"mã đơn trên sàn {channel_id}" in text
    assert "Cần xem" in text and "3" in text  # oversold, with the units
    assert "Sàn trả về: 49.000 ₫" in text.replace("\xa0", " ") and "commission: 1.000 ₫" in text, text
