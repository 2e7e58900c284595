"""Buyers for demos: orders with Vietnamese names, valid phone numbers and real 2025 addresses."""

from __future__ import annotations

import random
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from vietnam_provinces import Ward

from gianhang_server.catalog import product_changed
from gianhang_server.changes import lock_shop
from gianhang_server.errors import ApiError
from gianhang_server.models import Listing, Order, OrderItem, Product, iso, utcnow
from gianhang_server.order_flow import SERVER_ACTIONS, apply, publish_order

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Ngọc", "Đức", "Hữu", "Thanh", "Quốc", "Bảo", "Gia", "Kim"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Mai", "Nam", "Phương", "Quân", "Thảo", "Trang", "Tuấn", "Vy", "Yến"]
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Phan Chu Trinh", "Quang Trung", "Hùng Vương", "Điện Biên Phủ", "Nguyễn Trãi"]
# Mobile prefixes in use after the 2018 renumbering (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile).
MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "052", "056", "058", "059", "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097", "098", "099"]
NOTES = ["", "", "Giao giờ hành chính", "Gọi trước khi giao", "Để hàng ở bảo vệ", "Giao buổi tối giúp em"]
WARDS = list(Ward.iter_all())


def buyer_phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(7))


def new_code(session: Session, now: datetime) -> str:
    """A fresh order code; random from the system (not the seeded buyer generator) so it is unique."""
    while True:
        code = "GH" + now.strftime("%y%m%d") + "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
        if session.scalar(select(Order.id).where(Order.code == code)) is None:
            return code


def simulate_orders(session: Session, shop_id: int, count: int, rng: random.Random | None = None, prepaid_share: float = 0.3) -> list[Order]:
    """Create ``count`` orders for random approved, active listings that have stock; the caller commits."""
    rng = rng or random.Random(secrets.randbits(64))
    lock_shop(session, shop_id)
    listings = list(session.scalars(
        select(Listing).join(Product, Listing.product_id == Product.id)
        .where(Listing.shop_id == shop_id, Listing.status == "approved", Listing.active.is_(True), Product.status == "active")
        .order_by(Listing.id)
    ))
    orders = []
    for _ in range(count):
        candidates = [listing for listing in listings if listing.product.quantity > 0]
        if not candidates:
            if orders:
                break
            raise ApiError(409, "nothing_to_order", "The shop has no approved, active listing with stock.")
        now = utcnow()
        chosen = rng.sample(candidates, k=min(len(candidates), rng.choice([1, 1, 1, 2, 3])))
        ward = rng.choice(WARDS)
        prepaid = rng.random() < prepaid_share
        order = Order(
            shop_id=shop_id, code=new_code(session, now), status="paid" if prepaid else "unpaid",
            payment_method="prepaid" if prepaid else "cod",
            buyer_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}", phone=buyer_phone(rng),
            address_line=f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}",
            province_code=ward.province_code.value, ward_code=ward.code.value,
            shipping_fee=rng.randrange(15_000, 40_001, 1_000), cod_amount=0, note=rng.choice(NOTES),
            history=[{"status": "paid" if prepaid else "unpaid", "at": iso(now)}], version=1,
            created_at=now, updated_at=now, items=[],
        )
        total = 0
        for line, listing in enumerate(chosen, start=1):
            product = listing.product
            quantity = min(product.quantity, rng.choice([1, 1, 2, 3]))
            unit_price = listing.price
            if listing.sale_price is not None and listing.sale_from and listing.sale_to and listing.sale_from <= now < listing.sale_to:
                unit_price = listing.sale_price
            order.items.append(OrderItem(line=line, sku=product.sku, name=product.name, quantity=quantity, unit_price=unit_price))
            total += quantity * unit_price
            product.quantity -= quantity
            product_changed(session, product, None)
        order.cod_amount = 0 if prepaid else total + order.shipping_fee
        session.add(order)
        session.flush()
        publish_order(session, order, "order.created", None)
        orders.append(order)
    return orders


def advance_orders(session: Session, shop_id: int, action: str, codes: list[str] | None = None) -> list[Order]:
    """Run a carrier or buyer step (pay, deliver, complete, return) on the named orders, or on all
    of the shop's orders it applies to; the caller commits."""
    sources, _ = SERVER_ACTIONS[action]
    lock_shop(session, shop_id)
    query = select(Order).where(Order.shop_id == shop_id)
    if codes:
        query = query.where(Order.code.in_(codes))
    else:
        query = query.where(Order.status.in_(sources))
    orders = list(session.scalars(query.order_by(Order.id).with_for_update(of=Order)))
    if codes and len(orders) != len(set(codes)):
        missing = sorted(set(codes) - {o.code for o in orders})
        raise ApiError(404, "order_not_found", "No such orders: " + ", ".join(missing))
    for order in orders:
        apply(session, order, action, None)
    return orders
