"""Product sheets as other tools write them (column names from their exports and templates, see
core/spreadsheet/sources.py), for the import tests."""

from __future__ import annotations

from pathlib import Path

from tests.spreadsheet.spreadsheet_files import write_xlsx as _save


def kiotviet_export(path: Path) -> Path:
    """Hàng hóa › Xuất file (DanhSachSanPham.xlsx), with a variant unit row and a total row."""
    header = ["Loại hàng", "Nhóm hàng(3 Cấp)", "Mã hàng", "Mã vạch", "Tên hàng", "Thương hiệu", "Giá bán", "Giá vốn",
              "Tồn kho", "KH đặt", "Dự kiến hết hàng", "Tồn nhỏ nhất", "Tồn lớn nhất", "ĐVT", "Mã ĐVT Cơ bản",
              "Quy đổi", "Thuộc tính", "Mã HH Liên quan", "Hình ảnh (url1,url2...)", "Trọng lượng",
              "Đang kinh doanh", "Được bán trực tiếp", "Mô tả", "Mẫu ghi chú", "Vị trí", "Hàng thành phần"]
    rows = [
        ["Hàng hóa", "Nông sản>>Trà", "SP000001", "8934567890120", "Chè Thái Nguyên 200g", "HTX Tân Cương", 185000,
         120000, 40, 0, "", 5, 100, "hộp", "", 1, "", "", "", 250, 1, 1, "Chè búp", "", "K1", ""],
        ["Hàng hóa", "Nông sản>>Mật ong", "SP000002", "", "Mật ong hoa nhãn", "", 150000, 90000, 12, 0, "", 0, 0,
         "chai", "", 1, "", "", "", 500, 1, 1, "", "", "", ""],
        ["Hàng hóa", "Nông sản>>Gạo", "SP000003", 8934567890137, "Gạo ST25 túi 5kg", "", 175000, 140000, 0, 0, "", 0,
         0, "túi", "", 1, "", "", "", 5000, 1, 1, "", "", "", ""],
        ["Hàng hóa", "Nông sản>>Trà", "SP000001-T", "", "Chè Thái Nguyên 200g (thùng 24)", "", 4200000, 2880000,
         1, 0, "", 0, 0, "thùng", "SP000001", 24, "", "", "", 6000, 1, 1, "", "", "", ""],
        [None, None, "Tổng cộng", None, None, None, None, None, 53],
    ]
    return _save(path, [header, *rows], "DanhSachSanPham")


def sapo_template(path: Path) -> Path:
    header = ["Tên sản phẩm*", "Loại sản phẩm", "Mô tả sản phẩm", "Nhãn hiệu", "Tags", "Thuộc tính 1",
              "Giá trị thuộc tính 1", "Tên phiên bản sản phẩm", "Mã SKU*", "Barcode", "Khối lượng",
              "Đơn vị khối lượng", "Ảnh đại diện", "Đơn vị", "Áp dụng thuế", "LC_CN1_Giá vốn khởi tạo*",
              "LC_CN1_Tồn kho ban đầu*", "LC_CN1_Tồn tối thiểu", "LC_CN1_Tồn tối đa", "LC_CN1_Điểm lưu kho",
              "PL_Giá nhập", "PL_Giá bán lẻ", "PL_Giá bán buôn"]
    rows = [
        ["Cà phê Robusta rang mộc", "Cà phê", "Rang mộc", "Cầu Đất", "", "Khối lượng", "500g",
         "Cà phê Robusta rang mộc - 500g", "CF-R-500", "", 0.5, "kg", "", "gói", "Có", 90000, 30, 5, 200, "A2",
         85000, 150000, 130000],
        ["Cà phê Robusta rang mộc", "Cà phê", "", "Cầu Đất", "", "Khối lượng", "1kg",
         "Cà phê Robusta rang mộc - 1kg", "CF-R-1000", "", 1000, "g", "", "gói", "Có", 170000, 10, 2, 50, "A2",
         160000, 280000, 250000],
    ]
    return _save(path, [header, *rows])


def nhanh_export(path: Path) -> Path:
    header = ["ID", "Mã sản phẩm", "Mã vạch", "Tên sản phẩm", "Danh mục", "Thương hiệu", "Giá nhập", "Giá bán",
              "Giá bán buôn", "Tồn", "Có thể bán", "Đang giao", "Tạm giữ", "Cân nặng", "Đơn vị tính"]
    rows = [[101, "NH-01", "", "Bánh tráng Trảng Bàng", "Đặc sản", "", 20000, 35000, 30000, 80, 75, 5, 0, 300,
             "gói"]]
    return _save(path, [header, *rows])


def haravan_file(path: Path) -> Path:
    header = ["Url", "Tên", "Mô tả", "Trích dẫn", "Hãng", "Loại sản phẩm", "Tag", "Hiển thị", "Thuộc tính 1",
              "Giá trị thuộc tính 1", "Mã phiên bản sản phẩm", "Khối lượng", "Quản lý tồn kho", "Số lượng tồn kho",
              "Đặt hàng khi hết hàng", "Giá", "Giá so sánh", "Có giao hàng không?", "Barcode", "Link hình"]
    rows = [["nuoc-mam-phu-quoc", "Nước mắm Phú Quốc 40 độ đạm", "Nước mắm nhĩ", "", "Khải Hoàn", "Gia vị", "",
             "Yes", "Title", "Default Title", "NM-PQ-40", 700, "Haravan", 24, "deny", 95000, 120000, "Yes", "", ""],
            # A second variant of the same product: Haravan leaves the name, description and type blank.
            ["nuoc-mam-phu-quoc", "", "", "", "", "", "", "", "", "Chai 1 lít", "NM-PQ-40-1L", 1300, "Haravan", 6,
             "deny", 170000, "", "Yes", "", ""]]
    return _save(path, [header, *rows])


def shopee_mass_upload(path: Path) -> Path:
    """The Vietnamese mass-upload sheet: a technical key row, the labels, a "Bắt buộc/Tùy chọn" row."""
    keys = ["ps_category", "ps_product_name", "ps_product_description", "ps_parent_sku", "et_title_variation_1",
            "et_title_option_1_for_variation_1", "ps_price", "ps_stock", "ps_sku_short", "ps_weight", "ps_length",
            "ps_width", "ps_height"]
    labels = ["Ngành hàng", "Tên sản phẩm", "Mô tả sản phẩm", "SKU sản phẩm", "Tên nhóm phân loại hàng 1",
              "Tên phân loại hàng 1", "Giá", "Kho hàng", "SKU phân loại", "Cân nặng", "Chiều dài", "Chiều rộng",
              "Chiều cao"]
    required = ["Bắt buộc", "Bắt buộc", "Bắt buộc", "Tùy chọn", "Tùy chọn", "Tùy chọn", "Bắt buộc", "Bắt buộc",
                "Tùy chọn", "Bắt buộc", "Tùy chọn", "Tùy chọn", "Tùy chọn"]
    rows = [
        ["100629", "Xoài cát Hòa Lộc loại 1", "Xoài ngọt", "XOAI", "Khối lượng", "1kg", 85000, 30, "XOAI-1KG", 1100,
         20, 15, 10],
        ["100629", "Xoài cát Hòa Lộc loại 1", "Xoài ngọt", "XOAI", "Khối lượng", "2kg", 160000, 12, "XOAI-2KG", 2200,
         30, 20, 10],
        ["100630", "Bưởi da xanh", "Bưởi Bến Tre", "BUOI-DX", "", "", 70000, 20, "", 1500, 20, 20, 20],
    ]
    return _save(path, [keys, labels, required, *rows])


def lazada_upload(path: Path) -> Path:
    header = ["*Product Name(English)", "Tên sản phẩm", "*SellerSKU", "*Price", "SpecialPrice", "*Quantity",
              "*Package Weight (kg)", "*Package Length (cm)", "*Package Width (cm)", "*Package Height (cm)"]
    rows = [["Dried longan", "Long nhãn sấy Hưng Yên", "LONG-NHAN-500", 120000, 99000, 25, "0,55", 20, 15, 8]]
    return _save(path, [header, *rows])
