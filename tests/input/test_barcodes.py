"""Barcodes are GTINs: one number in any form, validated with the reason (issue #14, item 2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.catalog.gtin import check_digit, gtin14, validate_gtin
from gianhang_desktop.core.catalog.search import search_products
from gianhang_desktop.core.errors import Conflict, ValidationError

UPC_A = "036000291452"
EAN_13 = "0036000291452"
GTIN_14 = "00036000291452"


@pytest.mark.parametrize("code", [UPC_A, EAN_13, GTIN_14, "036 000 291452", "0-036000-291452"])
def test_every_form_of_one_number_has_one_gtin14(code):
    assert gtin14(code) == GTIN_14


def test_ean8_is_a_gtin8_padded_too():
    assert gtin14("96385074") == "00000096385074"
    assert validate_gtin("96385074") == "96385074"


@pytest.mark.parametrize("code, reason", [
    ("8934567890121", "số cuối phải là 0"),
    ("893456789012X", "chỉ được gồm chữ số"),
    ("89345678901", "11 chữ số"),
    ("12345", "5 chữ số"),
    ("00000000", "toàn số 0"),
    ("３６０００２９１４５２", "chỉ được gồm chữ số"),  # full-width digits are not what a scanner sends
])
def test_invalid_codes_are_refused_with_the_reason(code, reason):
    with pytest.raises(ValidationError) as caught:
        validate_gtin(code)
    assert caught.value.field == "barcode" and reason in caught.value.message("vi")


def test_a_lost_leading_zero_is_pointed_out():
    with pytest.raises(ValidationError) as caught:
        validate_gtin("36000291452")  # UPC-A 036000291452 without its zero
    assert "036000291452" in caught.value.message("vi") and "leading zero" in caught.value.message("en")


@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_a_computed_check_digit_always_validates(body):
    code = body + str(check_digit(body))
    if len(code) in (8, 12, 13, 14) and code.strip("0"):
        assert validate_gtin(code) == code and gtin14(code) == code.zfill(14)


def test_upc_a_is_found_by_its_ean13_and_gtin14_forms(db):
    catalog.add_product(db, "COCA-1", "Nước ngọt", 10_000, barcode=UPC_A)
    for scanned in (UPC_A, EAN_13, GTIN_14, f"]E0{EAN_13}", f"\x02{EAN_13}\x03\r\n", f"(01){GTIN_14}(17)261130"):
        found = catalog.find_by_code(db, scanned)
        assert found is not None and found.sku == "COCA-1", scanned
        assert found.barcode == UPC_A  # shown as entered
        assert [h.sku for h in search_products(db, scanned)][:1] == ["COCA-1"], scanned


def test_a_second_product_cannot_take_another_form_of_the_same_gtin(db, run_cli):
    catalog.add_product(db, "COCA-1", "Nước ngọt", 10_000, barcode=UPC_A)
    with pytest.raises(Conflict) as caught:
        catalog.add_product(db, "COCA-2", "Nước ngọt 2", 10_000, barcode=EAN_13)
    assert caught.value.field == "barcode" and "COCA-1" in caught.value.message("vi")
    catalog.add_product(db, "OTHER", "Khác", 1000)
    with pytest.raises(Conflict):
        catalog.update_product(db, "OTHER", barcode=GTIN_14)
    code, _out, err = run_cli("product", "add", "--sku", "COCA-3", "--name", "X", "--price", "1",
                              "--barcode", EAN_13)
    assert code == 2 and "[barcode]" in err and "COCA-1" in err
    code, _out, err = run_cli("product", "add", "--sku", "COCA-4", "--name", "X", "--price", "1",
                              "--barcode", "8934567890121")
    assert code == 2 and "số cuối phải là 0" in err
    with db.read_session() as session:
        assert session.execute(text("SELECT count(*) FROM products WHERE sku LIKE 'COCA-%'")).scalar() == 1


def test_the_gtin_column_follows_the_barcode(db):
    catalog.add_product(db, "G-1", "A", 1000, barcode="8934567890120")
    catalog.update_product(db, "G-1", barcode=UPC_A)
    with db.read_session() as session:
        assert session.execute(text("SELECT barcode, gtin FROM products WHERE sku = 'G-1'")).one() == (UPC_A, GTIN_14)
    catalog.update_product(db, "G-1", barcode="")
    with db.read_session() as session:
        assert session.execute(text("SELECT gtin FROM products WHERE sku = 'G-1'")).scalar() is None


def test_the_migration_fills_gtins_and_keeps_the_older_of_two_forms(db):
    from tests.input.test_text_forms import run_migration

    catalog.add_product(db, "M-1", "A", 1000, barcode=UPC_A)
    catalog.add_product(db, "M-2", "B", 1000, barcode="8934567890120")
    with db.session() as session:  # a database of the version before: two forms of one GTIN, no column
        session.execute(text("DROP INDEX ix_products_gtin"))
        session.execute(text("UPDATE products SET gtin = NULL"))
        session.execute(text("INSERT INTO products (sku, sku_key, name, description, category, unit, price, barcode,"
                             " status, low_stock_threshold, bin_location, search_text, version, created_at, updated_at)"
                             " SELECT 'M-3', 'm-3', name, '', '', unit, price, :b, status, 0, '', '', 1, created_at,"
                             " updated_at FROM products WHERE sku = 'M-1'"), {"b": EAN_13})
        session.execute(text("ALTER TABLE products DROP COLUMN gtin"))
    run_migration(db, "0015_gtin")
    with db.read_session() as session:
        rows = dict(session.execute(text("SELECT sku, gtin FROM products WHERE sku LIKE 'M-%'")).all())
    assert rows == {"M-1": GTIN_14, "M-2": "08934567890120", "M-3": None}
    assert catalog.find_by_code(db, EAN_13).sku == "M-1"


def test_the_window_prefills_the_scanned_gtin(db):
    from gianhang_desktop.core.catalog.scan import new_product_prefill

    assert new_product_prefill(f"]E0{EAN_13}\r") == {"barcode": EAN_13}
    assert new_product_prefill("SƯ-100") == {"sku": "SW-100"}
    assert new_product_prefill("NEW-1") == {"sku": "NEW-1"}


def test_a_barcode_scanned_into_the_field_is_read_as_a_scan(db):
    from gianhang_desktop.core.catalog.validation import validate_barcode

    assert validate_barcode("]E08934567890120") == "8934567890120"
    assert validate_barcode("\x028934567890120\x03\r") == "8934567890120"
    assert validate_barcode("(01)08934567890120(17)261130") == "08934567890120"
    view, _ = catalog.add_product(db, "SC-1", "A", 1000, barcode="]E08934567890120")
    assert view.barcode == "8934567890120"
