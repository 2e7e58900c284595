"""Product sheets of the tools clerks come from: KiotViet, Sapo, Nhanh.vn, Haravan, Shopee, Lazada.

Each tool names its columns its own way; a file from any of them imports without mapping
anything by hand. Headers are compared folded (`headers.normalise`: no tone marks, lower case,
punctuation and "*" dropped), so "Mã SKU*", "MA SKU" and "mã sku" are one header.

Where the names come from (public material, checked 2026-11):

* KiotViet, Hàng hóa › Xuất file (DanhSachSanPham.xlsx) and the import template
  MauFileSanPham.xlsx: Loại hàng, Nhóm hàng(3 Cấp), Mã hàng, Mã vạch, Tên hàng, Thương hiệu,
  Giá bán, Giá vốn, Tồn kho, KH đặt, Dự kiến hết hàng, Tồn nhỏ nhất, Tồn lớn nhất, ĐVT,
  Mã ĐVT Cơ bản, Quy đổi, Thuộc tính, Mã HH Liên quan, Hình ảnh (url1,url2...), Trọng lượng
  (grams), Đang kinh doanh, Được bán trực tiếp, Mô tả, Mẫu ghi chú, Vị trí, Hàng thành phần.
* Sapo, Sản phẩm › Nhập file (template): Tên sản phẩm*, Loại sản phẩm, Mô tả sản phẩm, Nhãn
  hiệu, Tags, Thuộc tính 1–3, Giá trị thuộc tính 1–3, Tên phiên bản sản phẩm, Mã SKU*, Barcode,
  Khối lượng, Đơn vị khối lượng, Ảnh đại diện, Đơn vị, Áp dụng thuế, LC_CN1_Giá vốn khởi tạo*,
  LC_CN1_Tồn kho ban đầu*, LC_CN1_Tồn tối thiểu, LC_CN1_Tồn tối đa, LC_CN1_Điểm lưu kho,
  PL_Giá nhập, PL_Giá bán lẻ, PL_Giá bán buôn (LC_<branch>_ per branch, PL_<price list>).
* Haravan, Sản phẩm › Nhập dữ liệu (support.haravan.com, "Nhập sản phẩm bằng file"): Url, Tên,
  Mô tả, Trích dẫn, Hãng, Loại sản phẩm, Tag, Hiển thị, Thuộc tính 1, Giá trị thuộc tính 1, …,
  Mã phiên bản sản phẩm, Khối lượng (grams), Quản lý tồn kho, Số lượng tồn kho, Đặt hàng khi hết
  hàng, Giá, Giá so sánh, Có giao hàng không?, Barcode, Link hình; and the Shopify-style English
  names (Handle, Title, Body (HTML), Variant SKU, Variant Grams, Variant Inventory Qty,
  Variant Price, Variant Barcode).
* Nhanh.vn, Sản phẩm › Xuất/Nhập Excel: Mã sản phẩm, Mã vạch, Tên sản phẩm, Danh mục, Thương
  hiệu, Giá nhập, Giá bán, Giá bán buôn, Tồn, Có thể bán, Đang giao, Tạm giữ, Cân nặng (grams),
  Đơn vị tính.
* Shopee mass upload (Kênh Người Bán › Đăng hàng loạt): Ngành hàng, Tên sản phẩm, Mô tả sản
  phẩm, SKU sản phẩm, Mã sản phẩm, Tên nhóm phân loại hàng 1, Tên phân loại hàng 1, Hình ảnh mỗi
  phân loại, Giá, Kho hàng (the stock), SKU phân loại, Ảnh bìa, Hình ảnh sản phẩm 1–8, Cân nặng
  (grams), Chiều dài, Chiều rộng, Chiều cao (cm); English: Product Name, Parent SKU, Price,
  Stock, SKU, Weight.
* Lazada bulk upload: Product Name, SellerSKU, Price, SpecialPrice, Quantity, Package Weight (kg),
  Package Length/Width/Height (cm); Vietnamese: Tên sản phẩm, SKU người bán, Giá, Giá khuyến
  mãi, Số lượng, Trọng lượng gói hàng (kg), Chiều dài/rộng/cao gói hàng (cm).
"""

from __future__ import annotations

import re

# Field -> more header names, of the tools above (folded forms).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "sku": (
        "ma sku", "sku phan loai", "sku san pham", "ma phien ban san pham", "seller sku", "sellersku",
        "sku nguoi ban", "variant sku", "parent sku", "ma hh", "ma hang hoa"),
    "name": ("ten", "ten hang", "title", "product name", "product name english", "product name vietnamese",
             "ten san pham tieng viet"),
    "price": ("gia ban le", "gia", "variant price", "gia niem yet", "gia ban san pham"),
    "cost": ("gia von", "gia nhap", "gia von khoi tao", "gia mua"),
    "barcode": ("barcode", "ma barcode", "variant barcode", "ma vach barcode", "gtin", "ean"),
    "category": ("nhom hang 3 cap", "nhom hang", "loai san pham", "danh muc", "nganh hang", "type",
                 "product type", "danh muc san pham"),
    "unit": ("dvt", "don vi", "don vi tinh"),
    "description": ("mo ta", "mo ta san pham", "body html", "noi dung", "mo ta ngan"),
    "weight_g": ("trong luong", "khoi luong", "can nang", "variant grams", "weight", "trong luong gram",
                 "package weight", "trong luong goi hang", "can nang g", "khoi luong g"),
    "length_cm": ("chieu dai", "length", "package length", "chieu dai goi hang"),
    "width_cm": ("chieu rong", "width", "package width", "chieu rong goi hang"),
    "height_cm": ("chieu cao", "height", "package height", "chieu cao goi hang"),
    "weight_unit": ("don vi khoi luong", "weight unit", "don vi trong luong"),
    "low_stock_threshold": ("ton nho nhat", "ton toi thieu", "dinh muc ton toi thieu"),
    "bin_location": ("vi tri", "diem luu kho"),
    "quantity": (
        "ton kho", "sl ton", "sl ton kho", "so luong ton", "so luong ton kho", "ton", "ton dau ky",
        "ton kho ban dau", "sl", "so luong", "variant inventory qty", "stock", "quantity", "qty",
        "kho hang shopee", "sl ton dau ky", "so luong ton dau ky"),
}

# Where one tool's header means another field than ours: only when the sheet carries the tool's markers.
# Tool -> (marker headers, at least how many of them, header -> field ("" = not imported)).
PROFILES: dict[str, tuple[frozenset[str], int, dict[str, str]]] = {
    "shopee": (frozenset({"sku phan loai", "sku san pham", "ten nhom phan loai hang 1", "nganh hang", "anh bia",
                          "hinh anh moi phan loai", "parent sku", "variation integration no"}), 2,
               {"kho hang": "quantity", "ma san pham": "", "nganh hang": "category"}),
    "lazada": (frozenset({"sellersku", "seller sku", "specialprice", "special price", "sku nguoi ban",
                          "package weight", "package weight kg"}), 2, {}),
    "kiotviet": (frozenset({"loai hang", "nhom hang 3 cap", "ma hang", "ten hang", "kh dat", "ton nho nhat",
                            "ma dvt co ban", "duoc ban truc tiep", "dang kinh doanh", "hang thanh phan"}), 3,
                 {"loai hang": ""}),
    "sapo": (frozenset({"lc cn1 ton kho ban dau", "pl gia ban le", "ten phien ban san pham", "ma sku",
                        "lc cn1 gia von khoi tao", "ap dung thue"}), 2,
             {"ten phien ban san pham": "", "ma san pham": ""}),
    "haravan": (frozenset({"ma phien ban san pham", "so luong ton kho", "gia so sanh", "quan ly ton kho",
                           "co giao hang khong", "link hinh", "handle", "variant sku"}), 2, {"url": "handle"}),
    "nhanh": (frozenset({"co the ban", "dang giao", "tam giu", "gia ban buon", "ma san pham", "ton"}), 3,
              {"co the ban": "", "dang giao": "", "tam giu": ""}),
}

# When two columns name one field, the one listed first here wins; the other stays as a fallback
# for rows where the first is blank (Shopee leaves "SKU phân loại" empty for a product without
# variations and puts its code in "SKU sản phẩm").
PREFERRED: dict[str, tuple[str, ...]] = {
    "sku": ("sku phan loai", "ma sku", "ma phien ban san pham", "variant sku", "sellersku", "seller sku",
            "sku nguoi ban", "ma hang", "ma sp", "ma san pham", "sku", "sku san pham", "parent sku"),
    "name": ("ten hang", "ten san pham", "product name", "ten", "title"),
    "price": ("gia ban le", "gia ban", "don gia", "variant price", "gia"),
    "cost": ("gia von", "gia von khoi tao", "gia nhap"),
    "quantity": ("ton kho", "ton kho ban dau", "sl ton", "so luong ton kho", "so luong ton", "ton dau ky",
                 "kho hang", "quantity", "stock", "so luong", "ton"),
    "category": ("nhom hang 3 cap", "nhom hang", "danh muc", "loai san pham", "nganh hang"),
    "barcode": ("ma vach", "barcode"),
}

# Sapo prefixes a branch ("LC_CN1_", "LC_Kho Hà Nội_") or a price list ("PL_") to some headers.
_PREFIX = re.compile(r"^(?:lc [a-z0-9 ]*?|pl) (?=ton|gia|diem|sl|so luong)")
TOTAL_WORDS = frozenset({"tong", "tong cong", "cong", "tong so", "tong cong so luong", "total", "grand total",
                         "sum", "tong gia tri", "cong tien hang", "tong tien"})
INSTRUCTION_WORDS = frozenset({"bat buoc", "tuy chon", "khong bat buoc", "bat buoc co dieu kien", "mandatory",
                               "optional", "required", "conditional mandatory", "conditional", "vi du", "example"})


def strip_prefix(header: str) -> str:
    """A folded header without Sapo's branch or price-list prefix: "lc cn1 ton kho ban dau" → "ton kho ban dau"."""
    return _PREFIX.sub("", header)


def detect(headers: list[str]) -> str | None:
    """The tool a folded header row comes from, or None."""
    names = set(headers) | {strip_prefix(h) for h in headers}
    best, score = None, 0
    for tool, (markers, needed, _overrides) in PROFILES.items():
        found = len(markers & names)
        if found >= needed and found > score:
            best, score = tool, found
    return best


def overrides(tool: str | None) -> dict[str, str]:
    return PROFILES[tool][2] if tool else {}


def preference(field: str, header: str) -> int:
    """Rank of `header` for `field` (lower wins); headers not listed come after the listed ones."""
    order = PREFERRED.get(field, ())
    bare = strip_prefix(header)
    return order.index(bare) if bare in order else len(order)
