"""Scanners typing through a Vietnamese keyboard, AIM identifiers and framing (issue #14, item 4)."""

from __future__ import annotations

import pytest

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.catalog.scan import keyboard_readings, lookup_scan, normalize_scan
from gianhang_desktop.core.catalog.search import search_products

# (code on the label, what Unikey/EVKey made of the scanner's key presses, scheme)
TYPED = [
    ("SW-100", "SƯ-100", "telex"),  # w alone -> ư
    ("SUW-100", "SƯ-100", "telex"),
    ("DD-01", "Đ-01", "telex"),
    ("VAAT-200", "VÂT-200", "telex"),
    ("BOOT-7", "BÔT-7", "telex"),
    ("AW-9", "Ă-9", "telex"),
    ("TOANS-01", "TOÁN-01", "telex"),  # tone key at the end of the word
    ("TOASN-02", "TOÁN-02", "telex"),  # tone key right after the vowel
    ("HF-12", "HF-12", None),  # no vowel for the tone: nothing changes
    ("MEEJ-5", "MỆ-5", "telex"),
    ("OW-3", "Ơ-3", "telex"),
    ("D9-100", "Đ-100", "vni"),
    ("A61-4", "Ấ-4", "vni"),
    ("SU7-8", "SƯ-8", "vni"),
    ("CAN1-2", "CÁN-2", "vni"),
    ("sp-as1", "sp-á1", "telex"),
]


@pytest.mark.parametrize("label, typed, scheme", TYPED)
def test_codes_changed_by_a_vietnamese_keyboard_are_found(db, label, typed, scheme):
    catalog.add_product(db, label, "Sản phẩm " + label, 1000)
    match = lookup_scan(db, typed)
    assert match is not None and match.product.sku == label
    assert match.keyboard == scheme
    assert catalog.find_by_code(db, typed).sku == label
    assert [h.sku for h in search_products(db, typed)][:1] == [label]
    assert catalog.get_product(db, typed).sku == label  # CLI lookups by code take the same path


def test_the_exact_code_wins_over_a_keyboard_reading(db):
    catalog.add_product(db, "SW-100", "A", 1000)
    catalog.add_product(db, "SUW-100", "B", 1000)
    assert lookup_scan(db, "SƯ-100").product.sku == "SW-100"  # "w" alone is the likelier key press
    assert lookup_scan(db, "sw-100").keyboard is None


def test_unknown_codes_stay_unknown(db):
    catalog.add_product(db, "SW-100", "A", 1000)
    assert lookup_scan(db, "SƯ-101") is None and lookup_scan(db, "") is None and lookup_scan(db, "\x02\x03") is None


@pytest.mark.parametrize("raw, code", [
    ("]E08934567890120", "8934567890120"),
    ("]E496385074", "96385074"),
    ("]C1SW-100", "SW-100"),
    ("]A0SW-100", "SW-100"),
    ("]Q1SW-100", "SW-100"),
    ("]d1SW-100", "SW-100"),
    ("]z0SW-100", "SW-100"),
    ("\x02SW-100\x03", "SW-100"),
    ("\x02]E08934567890120\x03\r\n", "8934567890120"),
    ("\x01SW-100\x04\t", "SW-100"),
    ("]C10108934567890120\x1d10LOT-7", "08934567890120"),
    ("]d20108934567890120172611301012", "08934567890120"),
    ("]Q30108934567890120", "08934567890120"),
    ("(01)08934567890120(17)261130", "08934567890120"),
    ("  SW-100  ", "SW-100"),
])
def test_aim_identifiers_framing_and_gs1_are_removed(raw, code):
    assert normalize_scan(raw) == code


def test_a_scan_with_aim_and_framing_finds_the_product(db):
    catalog.add_product(db, "SW-100", "A", 1000, barcode="8934567890120")
    for raw in ("]E08934567890120", "\x02]E08934567890120\x03", "]C1SW-100", "\x02SW-100\x03\r",
                "]C10108934567890120\x1d10LOT"):
        assert catalog.find_by_code(db, raw).sku == "SW-100", repr(raw)


def test_readings_are_only_offered_for_vietnamese_letters():
    assert keyboard_readings("SW-100") == []
    readings = dict(keyboard_readings("SƯ-100"))
    assert readings["SW-100"] == "telex" and readings["SU7-100"] == "vni"


def test_cli_search_reads_the_scan_back(run_cli, db):
    catalog.add_product(db, "SW-100", "Sữa tươi", 30_000)
    code, out, err = run_cli("search", "SƯ-100")
    assert code == 0, err
    assert out.splitlines()[0].startswith("SW-100")
    code, out, _ = run_cli("product", "show", "]C1SƯ-100")
    assert code == 0 and out.startswith("SW-100")
    code, _out, err = run_cli("product", "show", "SƯ-999")
    assert code == 2 and "SƯ-999" in err
