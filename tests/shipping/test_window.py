"""The window's “Gửi vận chuyển” against the four simulators (pytest-qt, offscreen): quotes side by
side, a waybill created on the sync lane and announced, the carrier's label sent to the printer;
“Đối soát COD” with differences highlighted; carrier accounts added from Cài đặt."""

from __future__ import annotations

import subprocess

import pytest

from gianhang_desktop.core.orders.service import get_order
from gianhang_desktop.core.shipping import accounts, service, tracking
from gianhang_desktop.gui.shipping.cod_dialog import COLORS, CodDialog
from gianhang_desktop.gui.shipping.order_actions import ShippingActions, shipment_html
from gianhang_desktop.gui.shipping.ship_dialog import ShipDialog
from tests.gui.test_date_fields import typed

from .conftest import FAST, new_order


@pytest.fixture(autouse=True)
def fast_http(monkeypatch):
    from gianhang_desktop.core.shipping import service as service_module

    real = service_module._factory
    monkeypatch.setattr(service_module, "_factory", lambda http, cancel: real(http or FAST, cancel))


def test_ship_dialog_quotes_creates_and_prints(qtbot, tasks, shop, all_carriers, tmp_path):
    code = new_order(shop)
    dialog = ShipDialog(shop, tasks, [code])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.quotes_shown, timeout=20000):
        dialog.show()
    assert dialog.weight.value() == 500 and dialog.cod.value() == get_order(shop, code).cod_amount
    carriers = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    assert carriers == {f"{k}-test" for k in all_carriers}
    fees = [q.fee for q in dialog._quotes]
    assert fees == sorted(fees)  # cheapest first, side by side
    ghtk_row = next(r for r, q in enumerate(dialog._quotes) if q.carrier == "ghtk-test")
    dialog.table.selectRow(ghtk_row)
    assert "ghtk-test" in dialog.create_button.text()
    qtbot.wait(50)  # let the layout take the button's new text
    dialog.grab().save(str(tmp_path / "ship.png"))
    with qtbot.waitSignal(tasks.changes_happened, timeout=20000):
        dialog.create_button.click()
    tracking_code = dialog.results[0].tracking_code
    assert tracking_code and get_order(shop, code).tracking_code == tracking_code
    printed = []
    dialog.send_to_printer = printed.append
    dialog.print_labels()
    qtbot.waitUntil(lambda: bool(printed), timeout=20000)
    text = subprocess.run(["pdftotext", printed[0], "-"], capture_output=True, check=True).stdout.decode()
    assert tracking_code in text


def test_ship_dialog_shows_a_carriers_refusal_beside_the_others(qtbot, tasks, shop, all_carriers):
    all_carriers["ghtk"].stop_serving("Phường Bến Thành")
    dialog = ShipDialog(shop, tasks, [new_order(shop)])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.quotes_shown, timeout=20000):
        dialog.show()
    refused = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 0).text() == "ghtk-test"]
    assert refused and "không phục vụ" in refused[0]
    assert "ghtk-test" not in {q.carrier for q in dialog._quotes}


def test_ambiguous_old_ward_is_offered_to_the_clerk(qtbot, tasks, shop, all_carriers):
    dialog = ShipDialog(shop, tasks, [new_order(shop, address_line="45 Lê Lợi")])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.quotes_shown, timeout=20000):
        dialog.show()
    assert not dialog.old_ward.isHidden() and dialog.old_ward.count() == 5
    assert "ghn-test" not in {q.carrier for q in dialog._quotes}
    dialog.old_ward.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.quotes_shown, timeout=20000):
        dialog.request_quotes()
    assert {q.carrier for q in dialog._quotes} == {f"{k}-test" for k in all_carriers}


def test_cod_dialog_highlights_differences(qtbot, tasks, shop, all_carriers, tmp_path):
    codes = [new_order(shop), new_order(shop)]
    results, _ = service.create_shipments(shop, codes, "ghn-test", http=FAST)
    sim = all_carriers["ghn"]
    for r in results:
        sim.set_status(r.tracking_code, "delivered")
    sim.remit(results[0].tracking_code, 1000)
    tracking.poll(shop, http=FAST)
    dialog = CodDialog(shop, tasks)
    qtbot.addWidget(dialog)
    typed(qtbot, dialog.date_from, "1/1/2016")  # typed as a clerk does (the one date field)
    typed(qtbot, dialog.date_to, "31122036")
    assert dialog.date_to.text() == "31/12/2036"
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.report.date_to.year == 2036, timeout=10000)
    assert dialog.report.date_from.year == 2016
    assert dialog.table.rowCount() == 2
    colors = {dialog.table.item(r, 0).text(): dialog.table.item(r, 6).background().color() for r in range(2)}
    assert colors[codes[0]] == COLORS["different"]
    assert colors[codes[1]] == COLORS["not_remitted"]
    dialog.ask_save_path = lambda: str(tmp_path / "cod.xlsx")
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        dialog.export()
    assert (tmp_path / "cod.xlsx").exists()


def test_order_detail_shows_the_waybill_and_the_received_back_step(qtbot, ctx, tasks, shop, all_carriers):
    code = new_order(shop)
    created = service.create_shipments(shop, [code], "vnpost-test", http=FAST)[0][0]
    all_carriers["vnpost"].set_status(created.tracking_code, "returned")
    tracking.poll(shop, http=FAST)
    from gianhang_desktop.core.shipping.views import shipment_of

    text, returned = shipment_html(shipment_of(shop, code))
    assert created.tracking_code in text and "Đã hoàn về" in text and returned
    from gianhang_desktop.gui.orders.page import OrdersPage

    page = OrdersPage(ctx)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.findChild(type(page.shipping.ship_button), "receive_return") is not None,
                    timeout=10000)
    with qtbot.waitSignal(tasks.changes_happened, timeout=10000):
        page.findChild(type(page.shipping.ship_button), "receive_return").click()
    assert get_order(shop, code).status == "returned"


def test_background_poll_moves_orders(qtbot, tasks, shop, all_carriers):
    code = new_order(shop)
    created = service.create_shipments(shop, [code], "ghtk-test", http=FAST)[0][0]
    all_carriers["ghtk"].set_status(created.tracking_code, "delivered")
    from PySide6.QtWidgets import QWidget

    holder = QWidget()
    qtbot.addWidget(holder)
    actions = ShippingActions(holder, shop, tasks, poll=False)
    with qtbot.waitSignal(tasks.changes_happened, timeout=20000) as blocker:
        actions.poll_now()
    assert get_order(shop, code).status == "delivered"
    assert blocker.args[0].orders


def test_add_carrier_account_from_settings(qtbot, tasks, shop):
    from gianhang_desktop.gui.shipping.accounts_section import AddCarrierDialog
    from tests.shipping.simulators import ghtk

    sim = ghtk.start()
    try:
        dialog = AddCarrierDialog(shop, tasks)
        qtbot.addWidget(dialog)
        dialog.carrier.setCurrentIndex(dialog.carrier.findData("ghtk"))
        dialog.name.setText("GHTK kho chính")
        dialog.base_url.setText(sim.url)
        assert set(dialog.fields) == {"token", "client_source"}
        dialog.fields["token"].setText("sai")
        dialog.save()
        qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=10000)
        assert accounts.list_accounts(shop) == []
        dialog.error.setText("")
        dialog.fields["token"].setText(sim.credentials()["token"])
        with qtbot.waitSignal(dialog.added, timeout=10000):
            dialog.save()
        assert [a.name for a in accounts.list_accounts(shop)] == ["GHTK kho chính"]
    finally:
        sim.stop()
