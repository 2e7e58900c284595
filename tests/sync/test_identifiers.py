"""Identifiers are safe everywhere (issue 13 item 6): one SKU alphabet at every entry, every path
segment the sync client builds percent-encoded, and SKUs of older versions that the store refuses
neither break a sync nor get renamed behind the user's back."""

from __future__ import annotations

import csv
import json

import pytest
from helpers import store_products
from sqlalchemy import func, insert, select

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.catalog.models import Product
from gianhang_desktop.core.catalog.rename import rename_sku
from gianhang_desktop.core.catalog.validation import validate_sku
from gianhang_desktop.core.errors import Conflict, SyncError, ValidationError
from gianhang_desktop.core.spreadsheet.importer import import_file
from gianhang_desktop.core.stock.models import StockTotal
from gianhang_desktop.core.stock.service import receive_stock
from gianhang_desktop.core.sync import credentials, outbox
from gianhang_desktop.core.sync.client import Credentials, StoreClient, path_segments
from gianhang_desktop.core.sync.engine import SyncReport, sync
from gianhang_desktop.core.sync.models import OutboxEntry
from gianhang_desktop.core.sync.pull import apply_change

REFUSED = {
    "X/../VT-2": "'/'",
    "VT\\2": "'\\'",
    "VT..2": "..",
    "..": "bắt đầu",
    ".VT": "bắt đầu",
    "-VT": "bắt đầu",
    "_VT": "bắt đầu",
    "VT 2": "dấu cách",
    "VT\t2": "'\\x09'",
    "VT\x002": "'\\x00'",
    "VT\x1b2": "'\\x1b'",
    "VT\x7f2": "'\\x7f'",
    "VT\x852": "'\\x85'",
    "VT\x9f2": "'\\x9f'",
    "VT\u200b2": "'\\u200b'",
    "Chè-01": "'è'",
    "ĐT-01": "'Đ'",
    "VT%2F2": "'%'",
    "VT?2": "'?'",
    "VT#2": "'#'",
    "VT:2": "':'",
    "A" * 65: "65",
}
ACCEPTED = {"VT-001": "VT-001", " vt_2.b ": "vt_2.b", "A": "A", "9": "9", "A" * 64: "A" * 64, "VT-1.": "VT-1.",
            "\u00a0VT-3\u3000": "VT-3"}


@pytest.mark.parametrize("sku", list(REFUSED))
def test_the_sku_alphabet_refuses_and_names_the_problem(sku):
    with pytest.raises(ValidationError) as raised:
        validate_sku(sku)
    assert raised.value.field == "sku"
    text = raised.value.message("vi")
    assert REFUSED[sku] in text and "\n" not in text
    assert all(ch.isprintable() for ch in text)  # one clean line, control characters shown escaped
    assert raised.value.message("en") != text


@pytest.mark.parametrize("sku", list(ACCEPTED))
def test_the_sku_alphabet_accepts(sku):
    assert validate_sku(sku) == ACCEPTED[sku]


@pytest.mark.parametrize("sku", ["X/../VT-2", "VT..2", "Chè-01", "VT\\2", "-VT"])
def test_cli_refuses_with_exit_2_one_line_and_writes_nothing(run_cli, db, sku):
    code, out, err = run_cli("product", "add", f"--sku={sku}", "--name", "Chè Thái Nguyên 200g", "--price", "85000")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("Lỗi [sku]: Mã SKU")
    code, _, err = run_cli("product", "add", f"--sku={sku}", "--name", "Chè Thái Nguyên 200g", "--price", "85000",
                           env={"GIANHANG_LANG": "en"})
    assert code == 2 and err.startswith("Error [sku]: SKU")
    with db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Product)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0


def test_spreadsheet_import_refuses_the_row_naming_the_column(db, tmp_path):
    path = tmp_path / "hang.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Mã SKU", "Tên sản phẩm", "Giá bán"])
        writer.writerow(["VT-001", "Chè Thái Nguyên 200g", "85000"])
        writer.writerow(["X/../VT-2", "Chè Shan tuyết 100g", "120000"])
        writer.writerow(["VT..3", "Chè móc câu 500g", "150000"])
    report = import_file(db, path)
    errors = {(e.row, e.column): e.message.text() for e in report.errors}
    assert set(errors) == {(3, "Mã SKU"), (4, "Mã SKU")}
    assert "'/'" in errors[(3, "Mã SKU")] and ".." in errors[(4, "Mã SKU")]
    assert [p.sku for p in catalog.list_products(db)] == ["VT-001"]


def test_every_path_segment_is_percent_encoded():
    assert path_segments(("products", "X/../VT-2")) == "/products/X%2F..%2FVT-2"
    assert path_segments(("orders", "GH 1?x#y", "confirm")) == "/orders/GH%201%3Fx%23y/confirm"
    assert path_segments(("products", "Chè%2F", "images")) == "/products/Ch%C3%A8%252F/images"
    assert path_segments("/products/batch") == "/products/batch"
    for bad in ("..", ".", ""):
        with pytest.raises(SyncError):
            path_segments(("products", bad))


def test_a_sku_with_a_slash_never_reaches_another_products_address(store):
    """The wire path the client signs and sends keeps the slash inside one segment."""
    creds = store.create_shop()
    client = store.client(creds)
    sent: list[str] = []
    client.on_request = lambda method, path, size: sent.append(path)
    body = {"name": "Chè Thái Nguyên 200g", "price": 85_000}
    assert client.request("PUT", ("products", "VT-2"), json_body=body).status == 201
    answer = client.request("PUT", ("products", "X/../VT-2"), json_body={**body, "price": 1})
    assert answer.status in (404, 422)  # never 200 on VT-2
    assert sent[-1] == "/api/v1/products/X%2F..%2FVT-2"
    assert client.get(("products", "VT-2")).body["price"] == 85_000


def _legacy_product(db, sku: str, price: int = 99_000) -> None:
    """A row an older version accepted (its SKU rule allowed '/'), with pending outbox entries."""
    with db.session() as session:
        product_id = session.execute(insert(Product).values(
            sku=sku, sku_key=sku.casefold(), name="Trà sen Tây Hồ hộp 100g", price=price, unit="hộp",
            description="", category="", status="active", version=1, search_text="tra sen").returning(Product.id)).scalar_one()
        session.add(StockTotal(product_id=product_id, on_hand=0))
        outbox.enqueue(session, "product", sku)
    receive_stock(db, sku, 7)


def test_legacy_skus_do_not_break_sync_and_are_not_renamed(db, store, run_cli, data_dir):
    creds = store.create_shop()
    catalog.add_product(db, "VT-2", "Chè Thái Nguyên đặc biệt 200g", 185_000, weight_g=250)
    _legacy_product(db, "X/../VT-2")
    _legacy_product(db, "TRÀ SEN 1", price=50_000)
    catalog.add_product(db, "VT-3", "Chè Shan tuyết cổ thụ 100g", 120_000, weight_g=100)
    receive_stock(db, "VT-3", 4)

    env = {credentials.ENV_KEY: creds.key, credentials.ENV_SECRET: creds.secret}
    code, out, err = run_cli("sync", "--server", store.url, "--json", env=env)
    assert code == 0, err
    report = json.loads(out)
    refused = {f["key"]: f["error"] for f in report["failed"]}
    assert set(refused) == {"X/../VT-2", "TRÀ SEN 1"}  # one line per SKU, not per pending entry
    assert "gianhang product rename \"X/../VT-2\"" in refused["X/../VT-2"] and "'/'" in refused["X/../VT-2"]
    assert report["pending"] == 4  # their product and stock entries wait, nothing dropped
    on_store = store_products(store.client(creds))
    assert set(on_store) == {"VT-2", "VT-3"}
    assert on_store["VT-2"]["price"] == 185_000 and on_store["VT-3"]["quantity"] == 4  # VT-2 not overwritten
    assert {p.sku for p in catalog.list_products(db)} == {"VT-2", "VT-3", "X/../VT-2", "TRÀ SEN 1"}

    code, out, err = run_cli("sync", "status", "--json")
    assert {f["key"] for f in json.loads(out)["failing"]} == {"X/../VT-2", "TRÀ SEN 1"}

    code, out, err = run_cli("product", "rename", "X/../VT-2", "VT-2")  # taken
    assert code == 2 and err.startswith("Lỗi [sku]:") and err.count("\n") == 1
    code, out, err = run_cli("product", "rename", "X/../VT-2", "VT/4")  # still not in the alphabet
    assert code == 2 and err.startswith("Lỗi [sku]:")
    code, out, err = run_cli("product", "rename", "X/../VT-2", "VT-4")
    assert code == 0, err
    code, out, err = run_cli("product", "rename", "tRà sEn 1", "TRA-SEN-1")
    assert code == 0, err

    code, out, err = run_cli("sync", "--server", store.url, "--json", env=env)
    assert code == 0, err
    report = json.loads(out)
    assert report["failed"] == [] and report["pending"] == 0
    on_store = store_products(store.client(creds))
    assert set(on_store) == {"VT-2", "VT-3", "VT-4", "TRA-SEN-1"}
    assert (on_store["VT-4"]["price"], on_store["VT-4"]["quantity"]) == (99_000, 7)
    assert on_store["VT-2"]["price"] == 185_000


def test_renaming_a_sku_the_store_knows_is_refused(db, store):
    creds = store.create_shop()
    catalog.add_product(db, "VT-7", "Chè Thái Nguyên đặc biệt 200g", 185_000, weight_g=250)
    assert sync(db, store.client(creds)).ok
    with pytest.raises(Conflict) as raised:
        rename_sku(db, "VT-7", "VT-8")
    assert raised.value.field == "sku"
    assert catalog.get_product(db, "VT-7").sku == "VT-7"


def test_rename_finds_a_sku_with_control_characters_as_messages_show_it(db):
    _legacy_product(db, "VT\x01-9")
    view, changes = rename_sku(db, "VT\\x01-9", "VT-9")
    assert view.sku == "VT-9" and changes.sync
    with db.read_session() as session:
        keys = set(session.scalars(select(OutboxEntry.key).where(OutboxEntry.done_at.is_(None))))
    assert keys == {"VT-9"}


def test_store_feed_keys_outside_the_patterns_touch_nothing(db):
    _legacy_product(db, "X/../VT-2")
    result = SyncReport()
    with db.session() as session:
        apply_change(session, {"seq": 1, "type": "product.updated", "key": "X/../VT-2",
                               "data": {"sku": "X/../VT-2", "name": "Đổi từ xa", "price": 1, "version": 9}}, result)
        apply_change(session, {"seq": 2, "type": "order.created", "key": "../ORD1",
                               "data": {"code": "../ORD1", "status": "paid", "items": []}}, result)
    assert [f["key"] for f in result.failed] == ["1", "2"]
    assert catalog.get_product(db, "X/../VT-2").price == 99_000


def test_plain_http_is_refused_beyond_this_machine(db, run_cli, data_dir):
    from gianhang_desktop.core.settings import Settings

    for url in ("http://store.example", "http://192.168.1.20:8765", "http://10.0.0.1", "http://[fe80::1]:80",
                "http://127.0.0.1.nip.io", "http://localhost.example.com", "http://0x7f000001", "ftp://127.0.0.1",
                "https://user:pw@store.example", "store.example", "http://"):
        with pytest.raises(ValidationError) as raised:
            StoreClient(url, Credentials("k", "s"))
        assert raised.value.field == "server"
        code, out, err = run_cli("sync", "--server", url, env={credentials.ENV_KEY: "k", credentials.ENV_SECRET: "s"})
        assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("Lỗi [server]:"), (url, err)
    code, out, err = run_cli("sync", "--server", "http://store.example", env={"GIANHANG_LANG": "en"})
    assert code == 2 and err.startswith("Error [server]: Refusing http:// to store.example")
    assert Settings.load(data_dir).server_url == ""  # nothing saved
    with db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    for url in ("http://127.0.0.1:8765", "http://127.8.9.10", "http://[::1]:8765", "http://localhost:1",
                "http://LOCALHOST", "https://store.example", "https://203.0.113.5:8443/api/v1"):
        assert StoreClient(url, Credentials("k", "s")).origin.startswith(url.split(":")[0])
