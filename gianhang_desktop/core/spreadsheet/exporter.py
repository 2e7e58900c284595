"""Export products, stock per warehouse and lot, the movement ledger, and a blank import template.

Each export is an .xlsx, or a .csv when the file name ends in .csv (table_file.save_table).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from .. import clock
from ..catalog.models import Product
from ..catalog.service import list_products
from ..database import Database
from ..errors import ValidationError
from ..i18n import msg
from ..stock.models import Lot, StockBalance, StockMovement, Warehouse
from ..tasks import CancelToken, ProgressFn, report
from .table_file import is_csv, save_table
from .xlsx import Column, new_workbook, save_atomically, write_sheet

EXPORT_KINDS = ("products", "stock", "movements", "template")

# The headers of the product export are the importer's own names, so an export imports back.
PRODUCT_COLUMNS = [
    Column("Mã SP"), Column("Tên sản phẩm"), Column("Danh mục"), Column("ĐVT"), Column("Giá bán", "money"),
    Column("Giá vốn", "money"), Column("Mã vạch"), Column("Trọng lượng (g)", "int"), Column("Hạng OCOP", "int"),
    Column("Tồn tối thiểu", "int"), Column("Vị trí"), Column("Mô tả"), Column("Trạng thái"),
    Column("Tồn kho", "int"), Column("Cập nhật lúc", "datetime"), Column("Ngừng bán trước HSD (ngày)", "int"),
]
STOCK_COLUMNS = [
    Column("Mã SP"), Column("Tên sản phẩm"), Column("ĐVT"), Column("Kho"), Column("Tên kho"), Column("Lô"),
    Column("Ngày thu hoạch", "date"), Column("HSD", "date"), Column("Tồn kho", "int"),
]
MOVEMENT_COLUMNS = [
    Column("Thời gian", "datetime"), Column("Mã SP"), Column("Tên sản phẩm"), Column("Kho"), Column("Lô"),
    Column("Loại"), Column("Số lượng", "int"), Column("Lý do"), Column("Người thực hiện"), Column("Tham chiếu"),
]
TEMPLATE_COLUMNS = [
    Column("STT", "int"), Column("Mã SP"), Column("Tên sản phẩm"), Column("ĐVT"), Column("Giá bán", "money"),
    Column("Giá vốn", "money"), Column("Mã vạch"), Column("Danh mục"), Column("Trọng lượng (g)", "int"),
    Column("Hạng OCOP", "int"), Column("Mô tả"), Column("Tồn kho", "int"), Column("Lô"),
    Column("Ngày thu hoạch", "date"), Column("HSD", "date"), Column("Kho"), Column("Ngừng bán trước HSD (ngày)", "int"),
]
KIND_LABELS = {
    "receipt": "Nhập kho", "adjustment": "Điều chỉnh", "shipment": "Xuất bán", "transfer_out": "Chuyển đi",
    "transfer_in": "Chuyển đến", "return": "Khách trả",
}
STATUS_LABELS = {"active": "Đang bán", "archived": "Ngừng bán"}


def export(db: Database, kind: str, path: str | Path, *, progress: ProgressFn | None = None,
           cancel: CancelToken | None = None) -> int:
    """Write one export kind to `path` (.xlsx, or .csv by its name); returns the number of data rows.

    Raises:
        ValidationError("kind"): not an export kind.
        DiskFull, ReadOnlyFolder: `path` cannot be written (no half file is left).
        Cancelled: `cancel` was set.
    """
    exporters = {"products": export_products, "stock": export_stock, "movements": export_movements}
    if kind == "template":
        export_template(path)
        return 1
    if kind not in exporters:
        raise ValidationError("kind", msg("Không có loại xuất '{kind}' (products, stock, movements, template)",
                                          "No export kind '{kind}' (products, stock, movements, template)", kind=kind))
    return exporters[kind](db, path, progress=progress, cancel=cancel)


def export_products(db: Database, path: str | Path, *, progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None) -> int:
    """Every product (archived ones too) with its stock on hand."""
    report(progress, 0.0, msg("Đang đọc sản phẩm…", "Reading products…").text())
    rows = (
        (p.sku, p.name, p.category, p.unit, p.price, p.cost, p.barcode, p.weight_g, p.ocop_stars,
         p.low_stock_threshold or None, p.bin_location, p.description, STATUS_LABELS.get(p.status, p.status),
         p.on_hand, p.updated_at, p.stop_selling_days)
        for p in list_products(db, include_archived=True)
    )
    return _save(msg("Sản phẩm", "Products").text(), PRODUCT_COLUMNS, _checked(rows, cancel), path, progress)


def export_stock(db: Database, path: str | Path, *, progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> int:
    """On hand per product, warehouse and lot (empty balances left out), earliest expiry first."""
    with db.read_session() as session:
        rows = session.execute(
            select(Product.sku, Product.name, Product.unit, Warehouse.code, Warehouse.name, Lot.code,
                   Lot.harvest_date, Lot.expiry_date, StockBalance.on_hand)
            .join(Product, Product.id == StockBalance.product_id)
            .join(Warehouse, Warehouse.id == StockBalance.warehouse_id)
            .join(Lot, Lot.id == StockBalance.lot_id, isouter=True)
            .where(StockBalance.on_hand != 0)
            .order_by(Product.sku_key, Warehouse.code, Lot.expiry_date.is_(None), Lot.expiry_date, Lot.code)
        ).all()
    return _save(msg("Tồn kho", "Stock").text(), STOCK_COLUMNS, _checked(rows, cancel), path, progress)


def export_movements(db: Database, path: str | Path, *, progress: ProgressFn | None = None,
                     cancel: CancelToken | None = None) -> int:
    """The whole movement ledger, oldest first, streamed from the database."""
    with db.read_session() as session:
        result = session.execute(
            select(StockMovement.created_at, Product.sku, Product.name, Warehouse.code, Lot.code, StockMovement.kind,
                   StockMovement.quantity, StockMovement.reason, StockMovement.user_name, StockMovement.reference)
            .join(Product, Product.id == StockMovement.product_id)
            .join(Warehouse, Warehouse.id == StockMovement.warehouse_id)
            .join(Lot, Lot.id == StockMovement.lot_id, isouter=True)
            .order_by(StockMovement.id)
            .execution_options(yield_per=5000)
        )
        rows = ((*r[:5], KIND_LABELS.get(r[5], r[5]), *r[6:]) for r in result)
        return _save(msg("Thẻ kho", "Ledger").text(), MOVEMENT_COLUMNS, _checked(rows, cancel), path, progress)


def export_template(path: str | Path) -> Path:
    """A blank import template: the expected headers, one example row and a sheet of notes
    (a .csv template has the headers and the example row only)."""
    today = clock.today()
    example = [(1, "VT-001", "Vải thiều Thanh Hà loại 1", "kg", 65000, 45000, "8934567890120", "Trái cây", 1000, 4,
                "Vải thiều chín cây, hái trong ngày", 50, "L001", today, today + timedelta(days=10), "Kho chính", 2)]
    if is_csv(path):
        save_table(path, msg("Sản phẩm", "Products").text(), TEMPLATE_COLUMNS, example)
        return Path(path)
    workbook = new_workbook()
    write_sheet(workbook, msg("Sản phẩm", "Products").text(), TEMPLATE_COLUMNS, example)
    notes = [
        ("Mã SP", "Bắt buộc. Chữ không dấu, số và . _ - / ; nhập lại cùng mã sẽ cập nhật sản phẩm."),
        ("Tên sản phẩm, Giá bán", "Bắt buộc cho sản phẩm mới. Giá: 120000, 120.000, 120.000 ₫ hoặc 120k."),
        ("ĐVT", "kg, hộp, chai, túi, gói, hũ… (bỏ trống: hộp)."),
        ("Mã vạch", "EAN-13/EAN-8, đúng số kiểm tra. Định dạng ô là Văn bản để Excel không làm tròn."),
        ("Tồn kho, Lô, HSD, Ngày thu hoạch, Kho",
         "Tồn đầu kỳ: chỉ nhập cho sản phẩm chưa có thẻ kho; nhập lại tệp không cộng thêm hàng."),
        ("Ngày", "Ngày thật của Excel hoặc dd/mm/yyyy."),
        ("Ngừng bán trước HSD (ngày)",
         "Số ngày trước hạn sử dụng thì ngừng bán lô (bỏ trống: 0, bán đến hết ngày hết hạn). Hàng hết hạn không "
         "được nhập tồn."),
        ("STT", "Bỏ qua khi nhập."),
    ]
    write_sheet(workbook, msg("Hướng dẫn", "Notes").text(), [Column("Cột"), Column("Ghi chú")], notes)
    return save_atomically(workbook, path)


def _checked(rows, cancel: CancelToken | None) -> Iterator:
    for i, row in enumerate(rows):
        if cancel is not None and i % 1000 == 0:
            cancel.raise_if_cancelled()
        yield row


def _save(title: str, columns, rows, path, progress) -> int:
    report(progress, 0.2, msg("Đang ghi tệp…", "Writing the file…").text())
    count = save_table(path, title, columns, rows)
    report(progress, 1.0, msg("Xong", "Done").text())
    return count
