"""Each carrier end to end against its simulator: quote, create, the tracking code on the order, the
carrier's label PDF, statuses mapped onto the order, cancel, COD remitted and reconciled."""

from __future__ import annotations

import io
import subprocess
from datetime import date

from gianhang_desktop.core.orders.service import get_order
from gianhang_desktop.core.shipping import cod, quotes, service, tracking
from gianhang_desktop.core.shipping.labels import carrier_labels
from gianhang_desktop.core.shipping.model import LabelSize
from gianhang_desktop.core.shipping.parcels import ShipOptions
from gianhang_desktop.core.stock.service import stock_report

from .conftest import FAST, new_order


def stock_of(db, sku: str) -> int:
    return stock_report(db, sku).on_hand


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def pdf_barcodes(data: bytes, tmp_path) -> list[str]:
    """The barcodes a scanner reads off the printed pages (pdftoppm at 203 dpi, a thermal printer's, then zbarimg)."""
    source = tmp_path / "labels.pdf"
    source.write_bytes(data)
    for old in tmp_path.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "203", str(source), str(tmp_path / "page")], check=True)
    found = []
    for page in sorted(tmp_path.glob("page-*.png")):
        out = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True).stdout
        found += out.split()
    return found


def page_sizes_mm(data: bytes) -> list[tuple[int, int]]:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return [(round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4)) for p in pages]


def test_quote_create_label_track(carrier, shop):
    kind, sim, name = carrier
    code = new_order(shop)
    answer = quotes.quote_order(shop, code, accounts=[name], http=FAST)
    assert not answer.errors, answer.errors
    assert answer.quotes and all(q.fee > 0 and q.carrier == name for q in answer.quotes)
    if kind != "ghtk":  # GHTK's fee page gives no delivery time
        assert all(q.eta is not None or q.eta_text for q in answer.quotes)
    chosen = answer.quotes[0].service
    results, changes = service.create_shipments(shop, [code], name, ShipOptions(service=chosen), http=FAST)
    result = results[0]
    assert result.error is None, result.error
    assert result.tracking_code and changes.orders
    order = get_order(shop, code)
    assert order.tracking_code == result.tracking_code
    parcel = sim.parcel(result.tracking_code)
    assert parcel.client_code == code  # our order code is the carrier's client code
    assert sim.creates == 1

    out = io.BytesIO()
    job = carrier_labels(shop, [code], out, http=FAST)
    assert job.pages == 1
    assert result.tracking_code in pdf_text(out.getvalue())

    stock_before = stock_of(shop, "TRA-01")
    sim.set_status(result.tracking_code, "picked_up")
    report = tracking.poll(shop, http=FAST)
    assert not report.errors
    assert get_order(shop, code).status == "shipped"
    assert stock_of(shop, "TRA-01") == stock_before - 2  # the parcel left the warehouse
    sim.set_status(result.tracking_code, "delivered")
    tracking.poll(shop, http=FAST)
    assert get_order(shop, code).status == "delivered"


PAPER_MM = {LabelSize.A5: (148, 210), LabelSize.A6: (105, 148), LabelSize.P80X80: (80, 80),
            LabelSize.P52X70: (52, 70)}


def test_labels_in_every_size_the_carrier_prints(carrier, shop, tmp_path):
    kind, sim, name = carrier
    codes = [new_order(shop), new_order(shop)]
    results, _ = service.create_shipments(shop, codes, name, http=FAST)
    assert all(r.tracking_code for r in results), [r.error for r in results]
    from gianhang_desktop.core.shipping.registry import carrier_class

    for size in carrier_class(kind).label_sizes:
        out = io.BytesIO()
        job = carrier_labels(shop, codes, out, size=size, http=FAST)
        text = pdf_text(out.getvalue())
        assert job.pages == 2 and all(r.tracking_code in text for r in results), size
        assert page_sizes_mm(out.getvalue()) == [PAPER_MM[size]] * 2  # the paper asked for, page by page
        assert pdf_barcodes(out.getvalue(), tmp_path) == [r.tracking_code for r in results], size
    if LabelSize.P80X80 not in carrier_class(kind).label_sizes:
        try:
            carrier_labels(shop, codes, io.BytesIO(), size=LabelSize.P80X80, http=FAST)
        except Exception as error:  # noqa: BLE001
            assert getattr(error, "field", None) == "size"
        else:
            raise AssertionError("a size the carrier does not print must be refused")


def test_cancel_then_ship_again_under_a_new_code(carrier, shop):
    kind, sim, name = carrier
    code = new_order(shop)
    first = service.create_shipments(shop, [code], name, http=FAST)[0][0]
    service.cancel_shipment(shop, code, http=FAST)
    assert get_order(shop, code).tracking_code is None
    second = service.create_shipments(shop, [code], name, http=FAST)[0][0]
    assert second.error is None and second.tracking_code != first.tracking_code
    assert sim.parcel(second.tracking_code).client_code == f"{code}-2"
    assert get_order(shop, code).tracking_code == second.tracking_code


def test_cancel_after_pickup_is_refused_with_the_carriers_message(carrier, shop):
    kind, sim, name = carrier
    code = new_order(shop)
    created = service.create_shipments(shop, [code], name, http=FAST)[0][0]
    sim.set_status(created.tracking_code, "picked_up")
    try:
        service.cancel_shipment(shop, code, http=FAST)
    except Exception as error:  # noqa: BLE001
        assert "từ chối" in str(error)
    else:
        raise AssertionError("cancelling a picked-up parcel must be refused")
    assert get_order(shop, code).tracking_code == created.tracking_code


def test_returned_parcel_gives_stock_back_only_when_received(carrier, shop):
    kind, sim, name = carrier
    code = new_order(shop)
    created = service.create_shipments(shop, [code], name, http=FAST)[0][0]
    before = stock_of(shop, "TRA-01")
    sim.set_status(created.tracking_code, "picked_up")
    tracking.poll(shop, http=FAST)
    sim.set_status(created.tracking_code, "returned")
    tracking.poll(shop, http=FAST)
    assert get_order(shop, code).status == "shipped"  # not back in stock until the clerk checks it
    assert stock_of(shop, "TRA-01") == before - 2
    tracking.receive_return(shop, code)
    assert get_order(shop, code).status == "returned"
    assert stock_of(shop, "TRA-01") == before


def test_cod_reconciliation(carrier, shop, tmp_path):
    kind, sim, name = carrier
    paid, short, waiting = new_order(shop), new_order(shop), new_order(shop)
    results, _ = service.create_shipments(shop, [paid, short, waiting], name, http=FAST)
    for r in results:
        sim.set_status(r.tracking_code, "delivered")
    cod_amount = get_order(shop, paid).cod_amount
    sim.remit(results[0].tracking_code)
    sim.remit(results[1].tracking_code, cod_amount - 15000)
    tracking.poll(shop, http=FAST)
    if kind == "viettelpost":  # VTP reports no remittance per parcel: the clerk records the statement
        cod.record_remittance(shop, paid, cod_amount, date(2026, 11, 30))
        cod.record_remittance(shop, short, cod_amount - 15000, date(2026, 11, 30))
    report = cod.cod_report(shop, date(2020, 1, 1), date(2030, 1, 1))
    by_code = {r.order_code: r for r in report.rows}
    assert by_code[paid].state == "matched"
    assert by_code[short].state == "different" and by_code[short].difference == -15000
    assert by_code[waiting].state == "not_remitted"
    path = tmp_path / "cod.xlsx"
    assert cod.export_cod_report(report, path) == 3
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows[short][8].value == -15000
    assert rows[short][8].fill.fgColor.rgb.endswith("F8CBAD")  # the difference is highlighted
    assert rows[paid][8].fill.fgColor.rgb in (None, "00000000")
