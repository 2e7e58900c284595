"""The orders page offscreen: list, detail, status buttons, manual entry, label files."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from gianhang_desktop.core.orders import service  # noqa: E402
from gianhang_desktop.core.settings import Settings  # noqa: E402
from gianhang_desktop.gui.orders.entry_dialog import ManualOrderDialog  # noqa: E402
from gianhang_desktop.gui.orders.page import OrdersPage  # noqa: E402
from tests.orders import poppler  # noqa: E402
from tests.orders.helpers import HANOI, HOAN_KIEM, draft, stock_up  # noqa: E402


@pytest.fixture
def page(db, qtbot, ctx):
    stock_up(db)
    for lines in ((("XOAI-1", 2),), (("MO-500", 1),), (("TRA-1", 1),)):
        service.add_order(db, draft(*lines))
    widget = OrdersPage(ctx)
    widget.errors = []
    widget.show_error = widget.errors.append
    widget.confirm = lambda text: True
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    return widget


def test_model_is_a_good_qt_model(page, qtmodeltester):
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 3


def test_select_confirm_and_refresh_only_that_row(page, qtbot, tasks):
    with qtbot.waitSignal(page.order_shown, timeout=10_000):  # read off the GUI thread
        page.table.selectRow(0)
    code = page.selected_codes()[0]
    assert code in page.detail.toPlainText()
    from PySide6.QtWidgets import QPushButton
    button = page.findChild(QPushButton, "to_confirmed")
    with qtbot.waitSignal(tasks.changes_happened) as blocker:  # announced by the one writer
        button.click()
    assert blocker.args[0].orders
    assert service.get_order(page._db, code).status == "confirmed"
    assert page.model.order_at(0).status == "confirmed"
    qtbot.waitUntil(lambda: page.findChild(QPushButton, "to_packed") is not None, timeout=10_000)


def test_filters(page):
    page.search.setText("không có ai")
    assert page.model.rowCount() == 0
    page.search.setText("")
    page.status_filter.setCurrentIndex(page.status_filter.findData("unpaid"))
    assert page.model.rowCount() == 3


def test_manual_entry_dialog_validates_in_place(page, qtbot, monkeypatch, tasks):
    dialog = ManualOrderDialog(lambda d: tasks.write(lambda _p, _c: service.add_order(page._db, d)))
    qtbot.addWidget(dialog)
    dialog.buyer.setText("Lê Văn Tám")
    dialog.phone.setText("0123")
    dialog.save()
    qtbot.waitUntil(lambda: "0123" in dialog.error.text(), timeout=10_000)  # refused on the writer
    assert dialog.result() == 0
    dialog.phone.setText("0912345678")
    dialog.address.setText("Số 5 Lê Lợi")
    dialog.province.setCurrentIndex(dialog.province.findData(HANOI))
    dialog.ward.setCurrentIndex(dialog.ward.findData(HOAN_KIEM))
    from PySide6.QtWidgets import QTableWidgetItem
    dialog.items.setItem(0, 0, QTableWidgetItem("XOAI-1"))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    assert dialog.created is not None and dialog.created.buyer_name == "Lê Văn Tám"
    monkeypatch.setattr(ManualOrderDialog, "ask", classmethod(lambda cls, parent, submit: None))
    page.add_order()


def test_save_labels_pdf_and_remember_size(page, qtbot, tmp_path, data_dir, ctx):
    page.table.selectAll()
    page.label_size.setCurrentIndex(page.label_size.findData("a4x4"))
    out = tmp_path / "labels.pdf"
    page.ask_save_path = lambda *args: str(out)
    saved = []
    page.file_saved.connect(saved.append)
    page.save_labels_pdf()
    assert saved == []  # drawn in the task runner's pool: the window is not held up meanwhile
    qtbot.waitUntil(lambda: saved == [str(out)], timeout=30_000)
    assert page.errors == []
    assert len(poppler.page_sizes(out)) == 1
    assert Settings.load(data_dir).label_size == "a4x4"  # in the settings file, for the next start
    again = OrdersPage(ctx)
    qtbot.addWidget(again)
    assert again.label_size.currentData() == "a4x4"


def test_screenshot(page, tmp_path):
    page.table.selectRow(0)
    path = tmp_path / "orders_page.png"
    assert page.grab().save(str(path))


def test_bulk_status_change_reports_refusals(page, qtbot, tasks):
    from PySide6.QtWidgets import QPushButton
    page.table.selectAll()
    button = page.findChild(QPushButton, "bulk_to_confirmed")
    assert button is not None and "(3)" in button.text()
    with qtbot.waitSignal(tasks.changes_happened):
        button.click()
    assert {page.model.order_at(r).status for r in range(3)} == {"confirmed"}
    with qtbot.waitSignal(tasks.changes_happened):
        page.findChild(QPushButton, "bulk_to_packed").click()
    assert page.errors == []
    assert {page.model.order_at(r).status for r in range(3)} == {"packed"}


def test_printing_remembers_the_label_size_and_printer_in_the_settings_file(page, qtbot, tmp_path, data_dir):
    from PySide6.QtPrintSupport import QPrinter

    page.table.selectRow(0)
    page.label_size.setCurrentIndex(page.label_size.findData("a4x4"))
    out = tmp_path / "printed.pdf"
    used: list[QPrinter] = []

    def print_to_file(printer: QPrinter) -> bool:  # the print dialog, as the clerk leaves it
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        used.append(printer)
        return True

    page.ask_printer = print_to_file
    page.print_selected_labels()
    assert page.errors == [] and len(poppler.page_sizes(out)) == 1
    saved = Settings.load(data_dir)
    assert saved.label_size == "a4x4" and saved.printer_name == used[0].printerName()
    assert page._settings.values.label_size == "a4x4"  # the window's one settings object knows too
