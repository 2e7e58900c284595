"""The #19 command lines end to end: sell, take back, VietQR, receipts, customers and debts,
purchases, the cash book and the reports; each bad input exits 2 naming its field, writing nothing."""

from __future__ import annotations

import json
import subprocess

import openpyxl
import pytest

from gianhang_desktop.core import clock
from gianhang_desktop.core.payments.vietqr import parse_payload

NOW = "2026-11-30T10:00:00+07:00"


@pytest.fixture(autouse=True)
def shop_clock():
    with clock.frozen(NOW):
        yield


@pytest.fixture
def cli(run_cli):
    """run_cli that fails loudly and returns the parsed JSON of a --json command."""

    def run(*args: str):
        code, out, err = run_cli(*args)
        assert code == 0, err
        return json.loads(out) if "--json" in args else out

    return run


@pytest.fixture
def shop(cli):
    """Honey in two lots (the earlier expiry first) bought at 120.000 ₫, rice without lots at 25.000 ₫."""
    cli("product", "add", "--sku", "MO-1", "--name", "Mật ong hoa nhãn", "--price", "180000", "--barcode",
        "8934567890120")
    cli("product", "add", "--sku", "ST-25", "--name", "Gạo ST25", "--price", "35000", "--unit", "kg")
    cli("shop", "set", "--name", "HTX Thanh Hà", "--bank", "Vietcombank", "--bank-account", "0011004379424",
        "--bank-name", "Nguyễn Văn A")
    cli("purchase", "add", "--supplier", "HTX Ong Mật", "--item", "MO-1:5:120000", "--lot", "L-LATE",
        "--expiry", "2027-06-30", "--json")
    cli("purchase", "add", "--supplier", "HTX Ong Mật", "--item", "MO-1:5:100000", "--lot", "L-EARLY",
        "--expiry", "2027-01-31", "--json")
    cli("purchase", "add", "--supplier", "HTX Lúa", "--item", "ST-25:100:25000", "--json")
    return cli


def state(run_cli) -> tuple:
    """Everything a refused command must leave as it was."""
    outputs = [run_cli(*args)[1] for args in (("stock", "show", "MO-1", "--json"), ("stock", "show", "ST-25", "--json"),
                                              ("cash", "list", "--json"), ("customer", "list", "--json"),
                                              ("report", "eod", "--json"), ("supplier", "list", "--json"))]
    return tuple(outputs)


def test_sale_takes_fefo_lots_gives_change_and_books_cash(shop):
    sale = shop("sale", "add", "--item", "MO-1:7", "--item", "ST-25:2", "--discount", "10%", "--pay",
                "cash:1.200.000", "--json")
    assert sale["code"] == "HD-261130-0001" and sale["status"] == "completed"
    assert (sale["subtotal"], sale["discount"], sale["total"]) == (1_330_000, 133_000, 1_197_000)
    assert (sale["cash_tendered"], sale["change_due"], sale["debt"]) == (1_200_000, 3_000, 0)
    honey = sale["items"][0]
    # FEFO: the lot expiring first is emptied before the later one is touched.
    assert [(p["lot"], p["quantity"]) for p in honey["lots"]] == [("L-EARLY", 5), ("L-LATE", 2)]
    assert honey["cost"] == 5 * 100_000 + 2 * 120_000
    assert sum(i["net_amount"] for i in sale["items"]) == sale["total"]
    stock = shop("stock", "show", "MO-1", "--json")
    assert stock["on_hand"] == 3
    book = shop("cash", "list", "--json")
    sale_entries = [e for e in book["entries"] if e["reference"] == sale["code"]]
    assert [(e["direction"], e["fund"], e["amount"]) for e in sale_entries] == [("in", "cash", 1_197_000)]


def test_cash_and_transfer_together_and_a_scanned_barcode(shop):
    sale = shop("sale", "add", "--item", "8934567890120:1", "--pay", "cash:100000", "--pay", "transfer:80000", "--json")
    assert (sale["total"], sale["paid_cash"], sale["paid_transfer"], sale["change_due"]) == (180_000, 100_000, 80_000, 0)
    funds = {(e["fund"], e["amount"]) for e in shop("cash", "list", "--json")["entries"] if e["reference"] == sale["code"]}
    assert funds == {("cash", 100_000), ("bank", 80_000)}


def test_credit_sale_partial_payments_and_what_the_customer_owes(shop):
    shop("sale", "add", "--item", "MO-1:2", "--pay", "cash:100000", "--customer", "0912 345 678", "--name", "Chị Lan",
         "--json")
    shop("sale", "add", "--item", "ST-25:1", "--customer", "0912345678", "--json")
    detail = shop("customer", "show", "0912345678", "--json")
    assert detail["name"] == "Chị Lan" and detail["debt"] == 260_000 + 35_000
    assert [h["code"] for h in detail["history"]] == ["HD-261130-0002", "HD-261130-0001"]
    paid = shop("customer", "pay", "0912345678", "200.000", "--json")
    assert (paid["debt_before"], paid["debt"]) == (295_000, 95_000)
    # The oldest bill is settled first.
    assert paid["settled"] == [{"sale": "HD-261130-0001", "amount": 200_000}]
    owing = shop("customer", "list", "--owing", "--json")
    assert [(c["phone"], c["debt"]) for c in owing] == [("0912345678", 95_000)]


def test_return_gives_stock_back_to_its_lot_and_refunds(shop):
    sale = shop("sale", "add", "--item", "MO-1:6", "--pay", "cash:1080000", "--json")
    back = shop("sale", "return", sale["code"], "--item", "MO-1:2", "--json")
    assert back["sale"] == sale["code"] and back["refund"] == 360_000
    lots = {lot["lot"]: lot["on_hand"] for wh in shop("stock", "show", "MO-1", "--json")["warehouses"]
            for lot in wh["lots"]}
    # The last lot taken (L-LATE, 1 unit) comes back first, then L-EARLY.
    assert lots == {"L-EARLY": 1, "L-LATE": 5}
    refunds = [e for e in shop("cash", "list", "--json")["entries"] if e["reference"] == back["code"]]
    assert [(e["direction"], e["amount"]) for e in refunds] == [("out", 360_000)]
    assert shop("sale", "show", sale["code"], "--json")["returned_amount"] == 360_000


def test_vietqr_payload_and_picture_decode_back(shop, tmp_path):
    sale = shop("sale", "add", "--item", "MO-1:1", "--pay", "transfer:180000", "--json")
    qr = shop("vietqr", sale["code"], "--json")
    payload = parse_payload(qr["payload"])
    assert (payload.bin, payload.account, payload.amount, payload.purpose) == ("970436", "0011004379424", 180_000,
                                                                                sale["code"])
    out = tmp_path / "qr.png"
    shop("vietqr", sale["code"], "--out", str(out))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(out)], capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == qr["payload"]


@pytest.mark.parametrize("width", ["80", "58", "a5"])
def test_receipts_are_pdfs_of_the_roll_with_the_bill(shop, tmp_path, width):
    sale = shop("sale", "add", "--item", "MO-1:2", "--pay", "cash:400000", "--customer", "0912345678", "--json")
    out = tmp_path / f"r{width}.pdf"
    shop("receipt", sale["code"], "--width", width, "--out", str(out))
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert sale["code"] in text and "360.000 ₫" in text and "Mật ong hoa nhãn" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    page_width_pt = float(info.split("Page size:")[1].split()[0])
    expected_mm = {"80": 80, "58": 58, "a5": 148}[width]
    assert abs(page_width_pt / 72 * 25.4 - expected_mm) < 1


def test_escpos_receipt_is_raw_printer_data(shop, tmp_path):
    sale = shop("sale", "add", "--item", "ST-25:1", "--pay", "cash:50000", "--json")
    out = tmp_path / "r.bin"
    shop("receipt", sale["code"], "--width", "58", "--out", str(out), "--open-drawer")
    data = out.read_bytes()
    # Initialise, kick the drawer, the receipt as a raster picture (any code page prints Vietnamese), cut.
    assert data.startswith(b"\x1b@\x1bp\x00") and b"\x1dv0\x00" in data and data.endswith(b"\x1dVB0")
    width_bytes = int.from_bytes(data[data.index(b"\x1dv0\x00") + 4:][:2], "little")
    assert width_bytes * 8 == 384  # 58 mm roll: 48 mm printable at 203 dpi


def test_purchase_with_lot_and_expiry_and_what_is_owed_to_the_supplier(shop):
    bought = shop("purchase", "add", "--supplier", "HTX Lúa", "--item", "ST-25:10:24000", "--paid", "100000", "--json")
    assert (bought["total"], bought["paid"], bought["owed"]) == (240_000, 100_000, 140_000)
    suppliers = {s["name"]: s for s in shop("supplier", "list", "--json")}
    assert suppliers["HTX Lúa"]["debt"] == 140_000


def test_cash_book_by_hand_and_day_balances(shop):
    shop("cash", "add", "in", "5.000.000", "--reason", "Vốn đầu ca", "--json")
    shop("cash", "add", "out", "150k", "--reason", "Tiền điện", "--category", "expense", "--json")
    book = shop("cash", "list", "--from", "2026-11-30", "--to", "2026-11-30", "--json")
    purchases = 5 * 120_000 + 5 * 100_000 + 100 * 25_000
    assert book["closing_by_fund"]["cash"] == 5_000_000 - 150_000 - purchases
    assert book["days"] == [{"date": "2026-11-30", "opening": 0, "in": 5_000_000, "out": 150_000 + purchases,
                             "closing": 5_000_000 - 150_000 - purchases}]


def test_reports_add_up(shop, tmp_path):
    shop("sale", "add", "--item", "MO-1:6", "--item", "ST-25:4", "--pay", "cash:2000000", "--json")
    shop("sale", "add", "--item", "ST-25:2", "--pay", "transfer:70000", "--json")
    shop("sale", "return", "HD-261130-0001", "--item", "ST-25:1", "--json")
    eod = shop("report", "eod", "--date", "30/11/2026", "--json")
    assert eod["sales"]["count"] == 2 and eod["sales"]["revenue"] == 6 * 180_000 + 6 * 35_000
    assert eod["returns"]["amount"] == 35_000 and eod["net_revenue"] == 1_290_000 - 35_000
    assert eod["payments"]["cash"] == 1_080_000 + 140_000 and eod["payments"]["transfer"] == 70_000
    counter = eod["by_channel"][0]
    assert counter["channel"] == "counter" and counter["revenue"] == 1_255_000
    assert counter["cogs"] == 5 * 100_000 + 120_000 + 5 * 25_000
    assert eod["by_staff"][0]["sales"] == 2
    profit = shop("report", "profit", "--from", "2026-11-01", "--to", "2026-11-30", "--by", "product", "--json")
    rows = {r["key"]: r for r in profit["rows"]}
    assert (rows["MO-1"]["quantity"], rows["MO-1"]["revenue"], rows["MO-1"]["cogs"]) == (6, 1_080_000, 620_000)
    assert (rows["ST-25"]["quantity"], rows["ST-25"]["revenue"], rows["ST-25"]["gross_profit"]) == (5, 175_000, 50_000)
    assert profit["total"]["revenue"] == eod["net_revenue"]
    by_channel = shop("report", "profit", "--from", "2026-11-01", "--to", "2026-11-30", "--by", "channel", "--json")
    assert by_channel["total"] == profit["total"]
    flow = shop("report", "stock-flow", "--from", "2026-11-01", "--to", "2026-11-30", "--json")
    st = next(r for r in flow["rows"] if r["sku"] == "ST-25")
    assert st["opening"] == {"quantity": 0, "value": 0}
    assert (st["in"]["quantity"], st["out"]["quantity"], st["closing"]["quantity"]) == (101, 6, 95)
    assert st["closing"]["value"] == 95 * 25_000
    out = tmp_path / "xnt.xlsx"
    shop("report", "stock-flow", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out))
    sheet = openpyxl.load_workbook(out).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "ST-25" in cells and 95 * 25_000 in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    pdf = tmp_path / "eod.pdf"
    shop("report", "eod", "--out", str(pdf))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Báo cáo cuối ngày" in text and "1.290.000 ₫" in text


def test_expiring_report_names_expired_lots(shop, run_cli):
    assert run_cli("stock", "receive", "MO-1", "3", "--lot", "L-OLD", "--expiry", "2026-11-20", "--allow-expired")[0] == 0
    report = shop("report", "expiring", "--days", "90", "--json")
    assert [(r["lot"], r["status"], r["quantity"]) for r in report["lots"]] == [
        ("L-OLD", "expired", 3), ("L-EARLY", "sellable", 5)]
    assert report["lots"][0]["days_left"] == -10


@pytest.mark.parametrize("args,field", [
    (["sale", "add", "--item", "MO-1:1", "--pay", "cash:100000"], "pay"),  # below the total, no customer
    (["sale", "add", "--item", "MO-1:1", "--pay", "transfer:200000"], "pay"),
    (["sale", "add", "--item", "MO-1:1", "--discount", "200000", "--pay", "cash:200000"], "discount"),
    (["sale", "add", "--item", "MO-1:1", "--discount", "120%", "--pay", "cash:200000"], "discount"),
    (["sale", "add", "--item", "MO-1:1", "--line-discount", "MO-1:181000", "--pay", "cash:200000"], "discount"),
    (["sale", "add", "--item", "MO-1:11", "--pay", "cash:5000000"], "quantity"),  # below zero
    (["sale", "add", "--item", "MO-1:1", "--lot", "MO-1:L-OLD", "--pay", "cash:200000"], "lot"),  # expired lot
    (["sale", "add", "--item", "MO-1:0", "--pay", "cash:200000"], "quantity"),
    (["sale", "add", "--item", "KHONG-CO:1", "--pay", "cash:200000"], "items"),
    (["sale", "add", "--item", "MO-1", "--pay", "cash:200000"], "item"),
    (["sale", "add", "--item", "MO-1:1", "--pay", "vang:200000"], "pay"),
    (["sale", "add", "--item", "MO-1:1", "--pay", "cash:200000", "--customer", "01234"], "customer"),
    (["sale", "return", "HD-261130-0001", "--item", "MO-1:3"], "quantity"),  # more than was sold
    (["sale", "return", "HD-261130-0001", "--item", "ST-25:1"], "items"),
    (["sale", "return", "HD-261130-0001", "--item", "MO-1:-1"], "quantity"),
    (["sale", "return", "HD-999999-0001", "--item", "MO-1:1"], None),
    (["shop", "set", "--bank", "970436", "--bank-account", "12"], "bank_account"),
    (["shop", "set", "--bank", "999999"], "bank_bin"),
    (["report", "eod", "--date", "31/11/2026"], "date"),
    (["report", "profit", "--from", "2026-11-30", "--to", "2026-11-01"], "to"),
    (["report", "stock-flow", "--from", "30/11/2026", "--to", "01/11/2026"], "to"),
    (["report", "expiring", "--days", "-1"], "days"),
    (["cash", "list", "--from", "2026-11-30", "--to", "2026-11-01"], "to"),
    (["cash", "add", "out", "0", "--reason", "x"], "amount"),
    (["customer", "pay", "0912345678", "500000"], "amount"),  # more than owed
    (["purchase", "add", "--supplier", "X", "--item", "MO-1:2:-1"], "cost"),
    (["purchase", "add", "--supplier", "X", "--item", "MO-1:2:1000", "--expiry", "2026-02-30"], "expiry"),
    (["receipt", "HD-261130-0001", "--width", "70", "--out", "r.pdf"], "width"),
])
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(shop, run_cli, args, field):
    assert run_cli("stock", "receive", "MO-1", "3", "--lot", "L-OLD", "--expiry", "2026-11-20", "--allow-expired")[0] == 0
    shop("sale", "add", "--item", "MO-1:2", "--pay", "cash:200000", "--customer", "0912345678", "--json")
    before = state(run_cli)
    code, out, err = run_cli(*args)
    assert code == 2, (out, err)
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"Lỗi [{field}]: " if field else "Lỗi: "), err
    assert state(run_cli) == before


def test_bad_input_in_english(shop, run_cli):
    code, _, err = run_cli("sale", "add", "--item", "MO-1:1", "--pay", "cash:1000", env={"GIANHANG_LANG": "en"})
    assert code == 2 and err.startswith("Error [pay]: Paid 1.000 ₫")
