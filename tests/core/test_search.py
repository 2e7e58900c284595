"""Tone-mark-insensitive search over the FTS index, updated in the product's own transaction."""

import pytest

from gianhang_desktop.core.catalog import search, service


@pytest.fixture
def catalogue(db):
    for sku, name, barcode in [
        ("VT-001", "Vải thiều Thanh Hà", "8934567890120"),
        ("VT-002", "Vải thiều Lục Ngạn hộp quà", None),
        ("NL-001", "Nhãn lồng Hưng Yên", None),
        ("ST-25", "Gạo ST25 Sóc Trăng", None),
        ("MO-01", "Mật ong hoa nhãn", None),
        ("TR-01", "Trà Shan tuyết cổ thụ", None),
    ]:
        service.add_product(db, sku, name, 100_000, barcode=barcode)
    return db


def skus(db, query, **kw):
    return [h.sku for h in search.search_products(db, query, **kw)]


def test_plain_ascii_finds_vietnamese_names(catalogue):
    assert set(skus(catalogue, "vai thieu")) == {"VT-001", "VT-002"}
    assert skus(catalogue, "luc ngan") == ["VT-002"]
    assert skus(catalogue, "Lục Ngạn") == ["VT-002"]
    assert skus(catalogue, "nhan") == ["NL-001", "MO-01"] or set(skus(catalogue, "nhan")) == {"NL-001", "MO-01"}


def test_word_prefixes_match_but_not_word_middles(catalogue):
    assert skus(catalogue, "thie") == ["VT-001", "VT-002"] or set(skus(catalogue, "thie")) == {"VT-001", "VT-002"}
    assert skus(catalogue, "hieu") == []


def test_sku_and_barcode_come_first(catalogue):
    assert skus(catalogue, "8934567890120")[0] == "VT-001"
    assert skus(catalogue, "st-25")[0] == "ST-25"
    assert skus(catalogue, "st25")[0] == "ST-25"


def test_shorter_closer_names_rank_higher(catalogue):
    assert skus(catalogue, "vai thieu")[0] == "VT-001"


def test_index_follows_renames_and_archiving(catalogue):
    service.update_product(catalogue, "TR-01", name="Chè Shan tuyết")
    assert skus(catalogue, "tra shan") == []
    assert skus(catalogue, "che shan") == ["TR-01"]
    service.archive_product(catalogue, "TR-01")
    assert skus(catalogue, "che shan") == []
    assert skus(catalogue, "che shan", include_archived=True) == ["TR-01"]


def test_search_result_has_price_and_stock(catalogue):
    from gianhang_desktop.core.stock import service as stock

    stock.receive_stock(catalogue, "MO-01", 7)
    hit = search.search_products(catalogue, "mat ong")[0].to_json()
    assert hit["sku"] == "MO-01" and hit["price"] == 100_000 and hit["stock"] == 7 and hit["name"] == "Mật ong hoa nhãn"


def test_empty_and_punctuation_queries_return_nothing(catalogue):
    assert skus(catalogue, "") == []
    assert skus(catalogue, '"*) OR (') == []
