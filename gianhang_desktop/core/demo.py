"""A realistic demo catalogue of Vietnamese agricultural and OCOP specialties, with stock in lots.

Loaded through the one bulk writer (core/stock/bulk.py: the ledger, balances and totals written
together and equal, ids from the database, the outbox by its rules), so that 100,000 products take
seconds; later areas add photos and orders through `DEMO_EXTENSION_MODULES`.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from . import clock
from .catalog.models import Product
from .catalog.validation import gtin_check_digit
from .changes import Changes
from .database import Database
from .shop import ShopProfile
from .stock.bulk import NewProduct, OpeningLot, load_products
from .stock.models import Warehouse
from .tasks import CancelToken, ProgressFn, report

# (sku prefix, base name, category, unit, price in đồng, weight g, province code, ocop stars, shelf life days)
TEMPLATES = [
    ("VT", "Vải thiều Thanh Hà", "Trái cây", "kg", 65_000, 1000, 31, 4, 10),
    ("VTL", "Vải thiều Lục Ngạn", "Trái cây", "kg", 60_000, 1000, 24, 4, 10),
    ("NL", "Nhãn lồng Hưng Yên", "Trái cây", "kg", 70_000, 1000, 33, 4, 12),
    ("XO", "Xoài cát Hòa Lộc", "Trái cây", "kg", 85_000, 1000, 82, 3, 14),
    ("BB", "Bưởi da xanh Bến Tre", "Trái cây", "quả", 90_000, 1500, 86, 4, 45),
    ("TL", "Thanh long ruột đỏ Bình Thuận", "Trái cây", "kg", 35_000, 1000, 68, None, 20),
    ("ST", "Gạo ST25 Sóc Trăng", "Gạo", "túi", 180_000, 5000, 92, 5, 365),
    ("GN", "Gạo nếp cái hoa vàng", "Gạo", "túi", 95_000, 2000, 33, 3, 365),
    ("GL", "Gạo lứt đỏ Điện Biên", "Gạo", "túi", 75_000, 2000, 11, 3, 300),
    ("MO", "Mật ong hoa nhãn", "Mật ong", "chai", 180_000, 500, 33, 4, 720),
    ("MC", "Mật ong bạc hà Hà Giang", "Mật ong", "hũ", 320_000, 500, 8, 4, 720),
    ("CF", "Cà phê Robusta Đắk Lắk rang mộc", "Cà phê", "gói", 150_000, 500, 66, 4, 365),
    ("CA", "Cà phê Arabica Cầu Đất", "Cà phê", "gói", 240_000, 500, 68, 4, 365),
    ("NM", "Nước mắm Phú Quốc 40 độ đạm", "Nước mắm", "chai", 125_000, 750, 91, 5, 720),
    ("NC", "Nước mắm cá cơm Cửa Lò", "Nước mắm", "chai", 85_000, 650, 40, 3, 720),
    ("TR", "Trà Shan tuyết cổ thụ", "Trà", "hộp", 350_000, 200, 8, 5, 540),
    ("TT", "Trà xanh Thái Nguyên", "Trà", "gói", 120_000, 200, 19, 4, 540),
    ("KG", "Khô gà lá chanh", "Đặc sản khô", "hộp", 110_000, 300, 1, 3, 180),
    ("KM", "Khô mực câu Phan Thiết", "Đặc sản khô", "túi", 650_000, 500, 68, 4, 180),
    ("TB", "Thịt trâu gác bếp Sơn La", "Đặc sản khô", "gói", 450_000, 500, 14, 4, 180),
    ("HD", "Hạt điều rang muối Bình Phước", "Hạt", "hũ", 210_000, 500, 75, 4, 300),
    ("MA", "Mắc ca Tây Nguyên sấy nứt", "Hạt", "hũ", 260_000, 500, 66, 3, 300),
    ("CB", "Chè lam Phủ Quảng", "Bánh kẹo", "hộp", 45_000, 250, 37, 3, 60),
    ("BK", "Bánh khô mè Đà Nẵng", "Bánh kẹo", "gói", 35_000, 300, 48, 3, 90),
    ("KD", "Kẹo dừa Bến Tre", "Bánh kẹo", "gói", 40_000, 400, 86, 4, 180),
    ("TI", "Tiêu đen Phú Quốc", "Gia vị", "hũ", 95_000, 250, 91, 4, 540),
    ("OT", "Ớt bột Quảng Ngãi", "Gia vị", "hũ", 30_000, 100, 51, None, 360),
    ("NG", "Nghệ tinh bột Nghệ An", "Gia vị", "hũ", 160_000, 250, 40, 3, 540),
    ("YS", "Yến sào Khánh Hòa", "Đặc sản", "hộp", 1_500_000, 100, 56, 5, 720),
    ("SC", "Sâm Ngọc Linh ngâm mật ong", "Đặc sản", "hũ", 2_200_000, 500, 51, 5, 720),
]
VARIANTS = [
    ("", 1.0, 1.0),
    ("loại 1", 1.15, 1.0),
    ("đặc biệt", 1.4, 1.0),
    ("hộp quà", 1.8, 1.2),
    ("túi 250g", 0.5, 0.5),
    ("combo 2", 1.9, 2.0),
    ("hữu cơ", 1.6, 1.0),
    ("VietGAP", 1.3, 1.0),
]
SHOP = dict(
    name="HTX Nông sản Thanh Hà",
    phone="0912345678",
    address_line="Thôn Thúy Lâm",
    province_code=31,
    ward_code=None,
)

DemoExtension = Callable[[Database, random.Random, ProgressFn | None, CancelToken | None], Changes]
# Later areas (photos, orders) add demo data after the catalogue: each names a module here
# whose `add_demo_data` is a DemoExtension.
DEMO_EXTENSION_MODULES: list[str] = [
    "gianhang_desktop.core.photos.demo",
    "gianhang_desktop.core.orders.demo",
]


@dataclass(frozen=True)
class DemoResult:
    products: int
    lots: int
    changes: Changes


def build_demo(
    db: Database,
    products: int = 200,
    *,
    seed: int = 2026,
    with_extensions: bool = True,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    chunk: int = 5_000,
) -> DemoResult:
    """Add `products` demo products (SKUs continue after existing demo ones) with stock in lots,
    through the one bulk writer (core/stock/bulk.py), in one transaction; then the other areas'
    demo data (`DEMO_EXTENSION_MODULES`).

    Raises:
        Cancelled: `cancel` was set (the catalogue part is rolled back whole).
    """
    rng = random.Random(seed)
    today = clock.today()
    with db.session() as session:
        wh = session.scalar(select(Warehouse).where(Warehouse.is_default.is_(True)))
        start = session.scalar(select(func.count()).select_from(Product)) or 0
        if session.get(ShopProfile, 1) is None:
            session.add(ShopProfile(id=1, **SHOP))
        lots_made = 0
        for first in range(0, products, chunk):
            if cancel:
                cancel.raise_if_cancelled()
            numbers = range(start + first, start + min(first + chunk, products))
            described = [(n, *_demo_fields(n, rng)) for n in numbers]  # (the random draws in a fixed order)
            lots = [_demo_lots(n, rng, today, wh.id) for n, _sku, _fields in described]
            lots_made += sum(map(len, lots))
            load_products(session, (NewProduct(sku, fields, tuple(OpeningLot(*lot) for lot in stock))
                                    for (_n, sku, fields), stock in zip(described, lots, strict=True)),
                          reason="Tồn đầu kỳ (dữ liệu mẫu)", user="demo")
            report(progress, 0.9 * (first + len(described)) / max(products, 1), "Đang tạo sản phẩm mẫu…")
    changes = Changes(catalog_reset=True)
    if with_extensions:
        for module in DEMO_EXTENSION_MODULES:
            extension: DemoExtension = importlib.import_module(module).add_demo_data
            changes = changes | extension(db, rng, progress, cancel)
    report(progress, 1.0, "Xong")
    return DemoResult(products, lots_made, changes)


def _demo_fields(n: int, rng: random.Random) -> tuple[str, dict]:
    """The SKU and catalogue fields of demo product number `n`."""
    prefix, base, category, unit, price, weight, province, ocop, _shelf = TEMPLATES[n % len(TEMPLATES)]
    variant, price_factor, weight_factor = VARIANTS[(n // len(TEMPLATES)) % len(VARIANTS)]
    serial = n // (len(TEMPLATES) * len(VARIANTS))
    name = f"{base} {variant}".strip()
    if serial:
        name = f"{name} - mẻ {serial + 1}"
    sku = f"{prefix}-{n + 1:06d}"
    barcode = None
    if n % 3 == 0:
        body = f"893{n + 1:09d}"
        barcode = body + str(gtin_check_digit(body))
    price_vnd = int(round(price * price_factor * rng.uniform(0.9, 1.1), -3))
    return sku, dict(
        name=name,
        description=f"{base}: đặc sản chính gốc, đóng gói tại hợp tác xã.",
        category=category,
        unit="hộp" if variant == "hộp quà" else unit,
        price=price_vnd,
        cost=int(round(price_vnd * 0.7, -3)),
        weight_g=int(weight * weight_factor),
        length_cm=20.0,
        width_cm=15.0,
        height_cm=10.0,
        barcode=barcode,
        gtin=barcode and barcode.zfill(14),
        province_code=province,
        ocop_stars=ocop,
        low_stock_threshold=rng.choice((0, 5, 10, 20)),
        bin_location=f"{'ABCDEF'[n % 6]}{(n // 6) % 20 + 1:02d}",
    )


def _demo_lots(n: int, rng: random.Random, today: date, warehouse_id: int) -> tuple[tuple, ...]:
    """One to three harvests of demo product `n` in the default warehouse (some already sold out), as
    `OpeningLot` fields (plain tuples until they are loaded: a chunk holds thousands)."""
    shelf = TEMPLATES[n % len(TEMPLATES)][8]
    lots = []
    for k in range(rng.choice((1, 1, 2, 3))):
        harvest = today - timedelta(days=rng.randint(1, max(2, shelf // 2)))
        quantity = rng.choice((0, 3, 8, 15, 25, 40, 60, 120))
        lots.append((warehouse_id, quantity, f"L{harvest:%y%m%d}-{k + 1}", harvest + timedelta(days=shelf), harvest))
    return tuple(lots)
