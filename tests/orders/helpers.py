"""Shared setup for order tests: a shop, products with stock in lots, a valid address."""

from __future__ import annotations

from gianhang_desktop.core.catalog.service import add_product
from gianhang_desktop.core.orders.views import ItemDraft, OrderDraft
from gianhang_desktop.core.shop import update_shop
from gianhang_desktop.core.stock.service import receive_stock

HANOI, HOAN_KIEM = 1, 70
KHANH_HOA, NHA_TRANG = 56, 22366


def stock_up(db) -> None:
    """Shop profile, two products with lots (different expiry) and one without lots."""
    update_shop(db, name="HTX Nông sản Phước Thuận", phone="0912345678",
                address_line="Thôn 3", province_code=KHANH_HOA, ward_code=NHA_TRANG)
    add_product(db, "XOAI-1", "Xoài cát Hòa Lộc loại 1", 120_000, weight_g=1000, bin_location="B-02")
    add_product(db, "MO-500", "Mật ong hoa cà phê 500 ml", 180_000, weight_g=600, bin_location="A-01")
    add_product(db, "TRA-1", "Trà Shan tuyết", 350_000, weight_g=200)
    receive_stock(db, "XOAI-1", 5, lot="X-LATE", expiry="2027-01-10")
    receive_stock(db, "XOAI-1", 4, lot="X-EARLY", expiry="2026-12-01")
    receive_stock(db, "MO-500", 10, lot="M-1", expiry="2027-06-01")
    receive_stock(db, "TRA-1", 3)


def draft(*items: tuple[str, int], **overrides) -> OrderDraft:
    fields = dict(buyer_name="Nguyễn Thị Hương", phone="0987 654 321",
                  address_line="Số 12 ngõ 34 Nguyễn Trãi", province_code=HANOI, ward_code=HOAN_KIEM,
                  items=tuple(ItemDraft(sku, qty) for sku, qty in (items or (("XOAI-1", 2),))),
                  shipping_fee=30_000, note="Cho xem hàng, không cho thử", channel="phone")
    fields.update(overrides)
    return OrderDraft(**fields)
