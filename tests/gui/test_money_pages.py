"""The money pages in the window: reports with a chart and exports, customers and their debts,
the cash book; each works through the task runner and refreshes from ctx.changes."""

from __future__ import annotations

import openpyxl
import pytest

from gianhang_desktop.core.cashbook import service as cashbook
from gianhang_desktop.core.counter import service
from gianhang_desktop.core.counter.cart import LineDraft, SaleDraft
from gianhang_desktop.core.customers import service as customers
from gianhang_desktop.gui.cashbook.page import CashBookPage
from gianhang_desktop.gui.customers.page import CustomersPage
from gianhang_desktop.gui.reports.page import KINDS, ReportsPage


@pytest.fixture
def sales(ctx):
    service.sell(ctx.db, SaleDraft(items=(LineDraft("VT-001", 2),), cash=300_000))
    service.sell(ctx.db, SaleDraft(items=(LineDraft("VT-001", 1),), cash=20_000, customer_phone="0912345678",
                                   customer_name="Chị Lan"))
    return ctx


def test_every_report_shows_tables_and_the_money_ones_a_chart(qtbot, sales, monkeypatch, tmp_path):
    page = ReportsPage(sales)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.ready, timeout=10000):
        pass
    assert page.chart.data is not None and page.chart.data.labels[0] == "Tại quầy"
    assert page.chart.data.series[0][1][0] == 360_000
    for kind in KINDS:
        page.select(kind, "day" if kind == "profit" else None)
        qtbot.waitUntil(lambda k=kind: page.report is not None and page.tables.count() > 0
                        and type(page.report).__module__.split(".")[-1] in _MODULES[k], timeout=10000)
    top = page.report
    page.select("profit", "product")
    qtbot.waitUntil(lambda: page.report is not top and getattr(page.report, "by", None) == "product", timeout=10000)
    assert page.tables.widget(0).item(0, 0).text() == "VT-001"
    out = tmp_path / "loi-nhuan.xlsx"
    monkeypatch.setattr(page, "ask_file", lambda suffix: str(out))
    page.export(".xlsx")
    qtbot.waitUntil(out.exists, timeout=10000)
    cells = [c for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert "VT-001" in cells and 360_000 in cells


_MODULES = {"eod": ("end_of_day",), "profit": ("profit",), "stock_flow": ("stock_flow",),
            "health": ("stock_health",), "top": ("profit",)}


def test_wrong_date_order_is_said_beside_the_dates(qtbot, sales):
    page = ReportsPage(sales)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.ready, timeout=10000):
        pass
    page.kind.setCurrentIndex(KINDS.index("profit"))
    page.start.set_date(page.end.date().replace(day=28))
    page.end.set_date(page.end.date().replace(day=1))
    page.refresh()
    qtbot.waitUntil(lambda: bool(page.error.text()), timeout=10000)
    assert "trước ngày bắt đầu" in page.error.text()


def test_customer_pays_a_debt_from_the_page(qtbot, sales):
    page = CustomersPage(sales)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.ready, timeout=10000):
        pass
    row = next(i for i, r in enumerate(page.rows) if r.phone == "0912345678")
    page.list.selectRow(row)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.row.phone == "0912345678", timeout=10000)
    assert page.detail.row.debt == 100_000
    page.amount.setText("60.000")
    with qtbot.waitSignal(sales.changes, timeout=10000):
        page.pay()
    qtbot.waitUntil(lambda: page.detail.row.debt == 40_000, timeout=10000)
    assert customers.customer_detail(sales.db, "0912345678").row.debt == 40_000
    page.amount.setText("900.000")
    page.pay()
    qtbot.waitUntil(lambda: bool(page.pay_error.text()), timeout=10000)


def test_cash_book_voucher_by_hand(qtbot, sales):
    page = CashBookPage(sales)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.ready, timeout=10000):
        pass
    assert page.entries.rowCount() == 2
    page.direction.setCurrentIndex(1)
    page.amount.setText("50k")
    page.reason.setText("Mua túi nilon")
    with qtbot.waitSignal(sales.changes, timeout=10000):
        page.add()
    qtbot.waitUntil(lambda: page.entries.rowCount() == 3, timeout=10000)
    assert cashbook.balances(sales.db)["cash"] == 240_000 + 20_000 - 50_000
    page.amount.setText("0")
    page.reason.setText("x")
    page.add()
    qtbot.waitUntil(lambda: bool(page.form_error.text()), timeout=10000)


def test_the_shop_account_for_vietqr_is_set_in_the_settings(qtbot, ctx):
    from gianhang_desktop.core.shop import get_shop
    from gianhang_desktop.gui.counter.bank_panel import BankAccountPanel

    panel = BankAccountPanel(ctx)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.loaded, timeout=10000)
    panel.bank.setCurrentIndex(panel.bank.findData("970436"))
    panel.account.setText("12")
    panel.save()
    qtbot.waitUntil(lambda: bool(panel.error.text()), timeout=10000)
    assert get_shop(ctx.db).bank_account == ""
    panel.account.setText("0011004379424")
    panel.holder.setText("HTX THANH HA")
    panel.save()
    qtbot.waitUntil(lambda: panel.saved.text() != "", timeout=10000)
    shop = get_shop(ctx.db)
    assert (shop.bank_bin, shop.bank_account) == ("970436", "0011004379424")
