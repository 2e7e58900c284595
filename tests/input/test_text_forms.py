"""One text form: everything that enters is NFC without control characters (issue #14, item 1)."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import text

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.labels.layout import build_label
from gianhang_desktop.core.labels.pdf import render_labels
from gianhang_desktop.core.labels.zpl import render_zpl
from gianhang_desktop.core.spreadsheet.importer import import_file
from gianhang_desktop.core.sync.pull import apply_change
from gianhang_desktop.core.text import clean, clean_multiline, normalize_data, normalize_text
from tests.orders import poppler
from tests.orders.label_samples import typical

NFD = unicodedata.normalize("NFD", "Nguyễn Thị Hương")  # "Nguye" U+0302 U+0303 "n" …


def nfc(s: str) -> bool:
    return unicodedata.is_normalized("NFC", s)


@pytest.mark.parametrize("raw, expected", [
    (NFD, "Nguyễn Thị Hương"),
    ("\ufeffChè\u200b Thái\u00a0Nguyên\x00", "Chè Thái Nguyên"),
    ("Mật\x1b[31m ong", "Mật[31m ong"),
    ("Xoài\u202e cát\u2066 Hòa Lộc\u2069", "Xoài cát Hòa Lộc"),
    ("Gạo\tST25\r\nloại 1\x85", "Gạo ST25 loại 1"),
    ("Bánh\u0080\u009f pía\x7f", "Bánh pía"),
    ("e\u200b\u0301", "é"),  # removing a character joins a decomposed pair
])
def test_clean_gives_one_line_of_nfc(raw, expected):
    assert clean(raw) == expected


def test_notes_keep_their_lines():
    assert clean_multiline("Gọi trước\r\n\r\n\r\n  giao giờ hành chính  \u2028" + NFD) == (
        "Gọi trước\n\ngiao giờ hành chính\nNguyễn Thị Hương")
    assert normalize_text("a\nb") == "a b" and normalize_text("a\nb", multiline=True) == "a\nb"


def test_emoji_sequences_survive():
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert clean(f"Quà {family}") == f"Quà {family}"
    assert normalize_data({"a": [NFD, ("x\x02",)], "n": 1}) == {"a": ["Nguyễn Thị Hương", ("x",)], "n": 1}


def test_products_from_every_face_are_stored_in_nfc(db, run_cli):
    catalog.add_product(db, "W-1", "Chè " + NFD, 1000, description="Dòng 1\r\n" + NFD + "\x00",
                        category=unicodedata.normalize("NFD", "Trà đặc sản"))
    view = catalog.get_product(db, "W-1")
    assert view.name == "Chè Nguyễn Thị Hương" and view.description == "Dòng 1\nNguyễn Thị Hương"
    assert view.category == "Trà đặc sản"
    code, _out, err = run_cli("product", "add", "--sku", "W-2", "--name", "Mật ong\u200b " + NFD, "--price", "5000",
                              "--category", unicodedata.normalize("NFD", "Mật ong"))
    assert code == 0, err
    view = catalog.get_product(db, "W-2")
    assert view.name == "Mật ong Nguyễn Thị Hương" and view.category == "Mật ong"
    code, out, _ = run_cli("search", unicodedata.normalize("NFD", "mật ong hương"))
    assert code == 0 and "W-2" in out


def _csv(path, body: str, encoding: str) -> None:
    from tests.input.encodings import encode_cp1258

    data = encode_cp1258(body) if encoding == "cp1258" else body.encode(encoding)
    path.write_bytes(data)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258"])
def test_csv_in_any_encoding_imports_as_nfc(db, tmp_path, encoding):
    path = tmp_path / f"hang-{encoding}.csv"
    body = "Mã SP;Tên sản phẩm;Giá bán;ĐVT;Mô tả\nVT-9;Nguyễn Văn Đức bánh tráng Ước;120.000;hộp;Ngon ươn ướt\n"
    _csv(path, body if encoding != "utf-8" else unicodedata.normalize("NFD", body), encoding)
    report = import_file(db, path)
    assert report.created == 1, report.to_json()
    view = catalog.get_product(db, "VT-9")
    assert view.name == "Nguyễn Văn Đức bánh tráng Ước" and nfc(view.name)
    assert view.description == "Ngon ươn ướt"


def test_western_windows_csv_is_read_as_code_page_1252(db, tmp_path):
    path = tmp_path / "western.csv"
    path.write_bytes("SKU,Product name,Price,Unit\nFR-1,São Tomé café crème,50000,hộp\n".encode("cp1252", "replace")
                     .replace(b"h?p", b"hop"))
    report = import_file(db, path)
    assert report.created == 1, report.to_json()
    assert catalog.get_product(db, "FR-1").name == "São Tomé café crème"


def _store_order(code: str) -> dict:
    return {"type": "order.created", "key": code, "data": {
        "code": code, "status": "paid", "version": 1, "buyer_name": NFD + "\u200b",
        "phone": "0987654321", "address_line": unicodedata.normalize("NFD", "Số 12 ngõ 34 Nguyễn Trãi\x07"),
        "province_code": 1, "ward_code": 70, "shipping_fee": 0, "cod_amount": 0,
        "note": unicodedata.normalize("NFD", "Gọi trước\ngiao giờ hành chính"), "items": [
            {"sku": "VT-1", "name": unicodedata.normalize("NFD", "Chè Thái"), "quantity": 1, "unit_price": 1000}],
    }}


def test_the_store_feed_is_stored_in_nfc(db):
    with db.session() as session:
        apply_change(session, _store_order("GHST0001"))  # the store's order-code pattern: A-Z 0-9, 4 to 32
    with db.read_session() as session:
        row = session.execute(text("SELECT buyer_name, address_line, note FROM orders WHERE code = 'GHST0001'")).one()
        item = session.execute(text("SELECT name FROM order_items")).scalar()
        stored = session.execute(text("SELECT data FROM sync_store_orders")).scalar()
    assert row == ("Nguyễn Thị Hương", "Số 12 ngõ 34 Nguyễn Trãi", "Gọi trước\ngiao giờ hành chính")
    assert item == "Chè Thái" and nfc(stored)


def test_labels_print_nfc_whatever_they_are_given(tmp_path):
    data = typical(receiver_name=NFD, receiver_address=unicodedata.normalize("NFD", "Phường Thanh Xuân\x00"),
                   note=unicodedata.normalize("NFD", "Gọi trước\ngiao"), items=(unicodedata.normalize("NFD", "Xoài × 2"),))
    drawing = build_label(data, 283, 425)
    texts = [item.text for item in drawing.items if hasattr(item, "text") and isinstance(item.text, str)]
    assert texts and all(nfc(t) and "\x00" not in t for t in texts)
    pdf = tmp_path / "label.pdf"
    render_labels([data], pdf)
    extracted = poppler.text(pdf)
    assert "Nguyễn Thị Hương" in unicodedata.normalize("NFC", extracted)
    assert "Nguyễn Thị Hương" in extracted  # one glyph per letter: the accents are not loose marks
    zpl_nfd = render_zpl([data])
    assert zpl_nfd == render_zpl([typical(receiver_name="Nguyễn Thị Hương", receiver_address="Phường Thanh Xuân",
                                           note="Gọi trước giao", items=("Xoài × 2",))])


def run_migration(db, name: str) -> None:
    """Run one migration file's upgrade() again on a database (as on a database made before it)."""
    import importlib.util

    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    from gianhang_desktop.core.db.migrate import MIGRATIONS_DIR

    spec = importlib.util.spec_from_file_location(name, MIGRATIONS_DIR / "versions" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        module.upgrade()


def test_migration_turns_existing_rows_into_nfc(db):
    from gianhang_desktop.core.catalog.search import search_products

    catalog.add_product(db, "OLD-1", "Mật ong rừng", 1000)
    with db.session() as session:  # what an older version stored
        session.execute(text("UPDATE products SET name = :n, description = :d WHERE sku = 'OLD-1'"),
                        # (PostgreSQL text never holds NUL: there an older version stored other controls)
                        {"n": unicodedata.normalize("NFD", "Mật ong rừng\u200b"),
                         "d": "a\x00b\r\nc" if db.is_sqlite else "a\x07b\r\nc"})
        session.execute(text("INSERT INTO warehouses (code, name, address, is_default) VALUES ('K2', :n, '', false)"),
                        {"n": unicodedata.normalize("NFD", "Kho Đà Lạt")})
    run_migration(db, "0014_nfc_text")
    view = catalog.get_product(db, "OLD-1")
    assert view.name == "Mật ong rừng" and nfc(view.name) and view.description == "ab\nc"
    assert [h.sku for h in search_products(db, "mat ong rung")] == ["OLD-1"]
    assert [h.sku for h in search_products(db, "Mật ong")] == ["OLD-1"]
    with db.read_session() as session:
        assert session.execute(text("SELECT name FROM warehouses WHERE code = 'K2'")).scalar() == "Kho Đà Lạt"
