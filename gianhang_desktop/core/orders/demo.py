"""Demo orders in every status, entered and moved through the real services (stock stays exact)."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from ..catalog.models import Product
from ..changes import Changes
from ..database import Database
from ..db.base import utcnow
from ..errors import GianHangError
from ..regions import provinces, wards_of
from ..stock.models import StockTotal
from ..tasks import CancelToken, ProgressFn, report
from . import service
from .models import Order
from .states import OrderStatus, path_to
from .views import ItemDraft, OrderDraft

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Thị", "Văn", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Thu", "Quốc", "Bảo"]
GIVEN = ["Hương", "Lan", "Hùng", "Dũng", "Mai", "Tuấn", "Linh", "Phương", "Nam", "Hà", "Trang", "Khoa"]
STREETS = ["Lê Lợi", "Nguyễn Trãi", "Trần Hưng Đạo", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
           "Nguyễn Huệ", "Phan Đình Phùng", "Điện Biên Phủ", "Hùng Vương"]
NOTES = ["", "", "Cho xem hàng, không cho thử", "Gọi trước khi giao", "Giao giờ hành chính",
         "Hàng dễ vỡ, xin nhẹ tay", ""]
MOBILE = ["090", "091", "093", "094", "096", "097", "098", "086", "088", "070", "077", "032", "035"]
# How many demo orders end in each status.
PLAN = [(OrderStatus.UNPAID, 7), (OrderStatus.PAID, 3), (OrderStatus.CONFIRMED, 6),
        (OrderStatus.PACKED, 5), (OrderStatus.SHIPPED, 5), (OrderStatus.DELIVERED, 3),
        (OrderStatus.COMPLETED, 4), (OrderStatus.CANCELLED, 3), (OrderStatus.RETURNED, 2)]


def add_demo_data(db: Database, rng: random.Random, progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None) -> Changes:
    """About three dozen orders over the last two weeks, in every status, from products in stock.

    Raises:
        Cancelled: `cancel` was set (the orders made so far stay).
    """
    with db.read_session() as session:
        skus = list(session.scalars(
            select(Product.sku).join(StockTotal, StockTotal.product_id == Product.id)
            .where(Product.status == "active", StockTotal.on_hand >= 20).order_by(Product.id).limit(60)))
    if not skus:
        return Changes()
    regions = [p.code for p in provinces()]
    changes = Changes()
    targets = [status for status, count in PLAN for _ in range(count)]
    rng.shuffle(targets)
    for number, target in enumerate(targets):
        if cancel:
            cancel.raise_if_cancelled()
        report(progress, 0.9 + 0.1 * number / len(targets), "Tạo đơn hàng mẫu")
        province = rng.choice(regions)
        ward = rng.choice(wards_of(province)).code
        lines = rng.sample(skus, k=min(len(skus), rng.choice([1, 1, 2, 3])))
        draft = OrderDraft(
            buyer_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            phone=rng.choice(MOBILE) + f"{rng.randrange(10**7):07d}",
            address_line=f"Số {rng.randint(1, 250)} đường {rng.choice(STREETS)}",
            province_code=province, ward_code=ward,
            items=tuple(ItemDraft(sku, rng.choice([1, 1, 2, 3])) for sku in lines),
            shipping_fee=rng.choice([0, 15_000, 22_000, 30_000, 35_000]),
            cod_amount=0 if target is OrderStatus.PAID or rng.random() < 0.15 else None,
            note=rng.choice(NOTES), channel=rng.choice(["phone", "phone", "zalo", "manual"]))
        view, made = service.add_order(db, draft)
        changes = changes | made
        _backdate(db, view.id, rng)
        steps = _steps(OrderStatus(view.status), target, rng)
        for step in steps:
            try:
                view, made = service.change_status(db, view.code, step, user="demo")
            except GianHangError:
                break  # e.g. not enough stock left for this one: it stays where it is
            changes = changes | made
    return changes


def _steps(current: OrderStatus, target: OrderStatus, rng: random.Random) -> list[OrderStatus]:
    if target is OrderStatus.CANCELLED and rng.random() < 0.5:
        # Some cancellations happen after shipping: the stock comes back to its lots.
        return [*(path_to(current, OrderStatus.SHIPPED) or []), OrderStatus.CANCELLED]
    if target is OrderStatus.RETURNED:
        return [*(path_to(current, OrderStatus.DELIVERED) or []), OrderStatus.RETURNED]
    return path_to(current, target) or []


def _backdate(db: Database, order_id: int, rng: random.Random) -> None:
    when = utcnow() - dt.timedelta(days=rng.randint(0, 13), minutes=rng.randint(0, 600))
    with db.session() as session:
        order = session.get(Order, order_id)
        order.created_at = order.updated_at = order.status_changed_at = when

