"""Products: validation against the 2025 administrative map, upserts with versions, representations."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from vietnam_provinces import Province, ProvinceCode, Ward, WardCode

from gianhang_server import API_PREFIX
from gianhang_server.auth import Caller
from gianhang_server.changes import record_change, record_changes, source_of
from gianhang_server.errors import ApiError, field_error
from gianhang_server.models import Product, iso, utcnow
from gianhang_server.schemas import ProductIn

CATALOG_FIELDS = (
    "name", "description", "category", "unit", "price", "weight_g", "length_cm", "width_cm",
    "height_cm", "barcode", "ocop_stars", "certifications", "status",
)


def check_origin(province_code: int | None, ward_code: int | None, field: str = "origin") -> None:
    """422 unless the codes are on the 2025 map and the ward lies in the province."""
    if province_code is None:
        return
    try:
        Province.from_code(ProvinceCode(province_code))
    except ValueError:
        raise field_error(f"{field}.province_code", f"{province_code} is not a province code of the 2025 map.", "unknown_province") from None
    if ward_code is None:
        return
    try:
        ward = Ward.from_code(WardCode(ward_code))
    except ValueError:
        raise field_error(f"{field}.ward_code", f"{ward_code} is not a ward code of the 2025 map.", "unknown_ward") from None
    if ward.province_code.value != province_code:
        raise field_error(f"{field}.ward_code", f"Ward {ward_code} is in province {ward.province_code.value}, not {province_code}.", "ward_not_in_province")


def gtin_is_valid(code: str) -> bool:
    if len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in code]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == digits[-1]


def validate_product(sku: str, data: ProductIn) -> None:
    if data.sku is not None and data.sku != sku:
        raise field_error("sku", "The SKU in the body differs from the SKU in the path.", "sku_mismatch")
    if data.barcode is not None and not gtin_is_valid(data.barcode):
        raise field_error("barcode", "The barcode is not a GTIN-8/12/13/14 with a valid check digit.", "bad_check_digit")
    if data.origin is not None:
        check_origin(data.origin.province_code, data.origin.ward_code)


def image_url(public_id: str) -> str:
    return f"{API_PREFIX}/images/{public_id}"


def product_out(product: Product) -> dict[str, Any]:
    origin = None
    if product.origin_province_code is not None:
        origin = {"province_code": product.origin_province_code, "ward_code": product.origin_ward_code}
    return {
        "sku": product.sku,
        **{field: getattr(product, field) for field in CATALOG_FIELDS},
        "certifications": list(product.certifications or []),
        "origin": origin,
        "quantity": product.quantity,
        "version": product.version,
        "images": [
            {"image_id": g.image.public_id, "url": image_url(g.image.public_id), "width": g.image.width, "height": g.image.height}
            for g in product.gallery
        ],
        "created_at": iso(product.created_at),
        "updated_at": iso(product.updated_at),
    }


def parse_if_match(value: str | None) -> int | str | None:
    """``If-Match: 3``, ``"3"`` or ``W/"3"`` give 3; ``*`` means "must exist"."""
    if value is None:
        return None
    text = value.strip()
    if text == "*":
        return "*"
    text = text.removeprefix("W/").strip('"')
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise ApiError(400, "bad_if_match", "If-Match must be a product version number.", {"header": "If-Match"})
    return int(text)


def check_version(product: Product | None, expected: int | str | None, representation=product_out) -> None:
    if expected is None:
        return
    if product is None:
        raise ApiError(409, "version_conflict", "The resource does not exist (yet).", {"current": None})
    elif expected != "*" and product.version != expected:
        raise ApiError(409, "version_conflict", f"The current version is {product.version}, not {expected}.", {"current": representation(product)})


def find_product(session: Session, shop_id: int, sku: str, *, lock: bool = False) -> Product | None:
    query = select(Product).where(Product.shop_id == shop_id, Product.sku == sku)
    if lock:
        query = query.with_for_update(of=Product)
    return session.scalars(query).one_or_none()


def get_product(session: Session, shop_id: int, sku: str, *, lock: bool = False) -> Product:
    product = find_product(session, shop_id, sku, lock=lock)
    if product is None:
        raise ApiError(404, "product_not_found", f"No product with SKU {sku}.", {"sku": sku})
    return product


def product_changed(session: Session, product: Product, source: Caller | None) -> None:
    """Bump the version, stamp the time, and tell the changes feed."""
    product.version += 1
    product.updated_at = utcnow()
    session.flush()
    publish_product(session, product, source)


def publish_product(session: Session, product: Product, source: Caller | None) -> None:
    data = product_out(product)
    data["source"] = source_of(source)
    record_change(session, product.shop_id, "product.updated", product.sku, data, source)


def _values(data: ProductIn) -> dict[str, Any]:
    values = data.model_dump(include=set(CATALOG_FIELDS))
    values["origin_province_code"] = data.origin.province_code if data.origin else None
    values["origin_ward_code"] = data.origin.ward_code if data.origin else None
    return values


def upsert_products(
    session: Session, caller: Caller, items: list[tuple[str, ProductIn, int | str | None]]
) -> list[tuple[Product | None, int, ApiError | None]]:
    """Create or replace several products, each on its own: ``(product, status, error)`` per item.

    Every check happens before anything is written, so a refused item needs no savepoint; the
    rows are read in one query, and the changes are appended in one insert.
    """
    skus = sorted({sku for sku, _, _ in items})
    products: dict[str, Product] = {
        p.sku: p
        for p in session.scalars(
            select(Product).where(Product.shop_id == caller.shop_id, Product.sku.in_(skus)).order_by(Product.sku).with_for_update(of=Product)
        )
    }
    now = utcnow()
    results: list[tuple[Product | None, int, ApiError | None]] = []
    changes: list[tuple[str, str, dict[str, Any], int | None]] = []
    # New products are plain rows inserted together at the end (an ORM object each costs more
    # than the insert); a namespace stands in for them until then.
    new_rows: dict[str, SimpleNamespace] = {}
    for sku, data, if_match in items:
        try:
            validate_product(sku, data)
            product = products.get(sku)
            check_version(product, if_match)
        except ApiError as error:
            results.append((None, error.status, error))
            continue
        values = _values(data)
        if product is None:
            product = SimpleNamespace(shop_id=caller.shop_id, sku=sku, quantity=0, version=1, gallery=[], created_at=now, updated_at=now, **values)
            products[sku] = new_rows[sku] = product
            status = 201
        elif any(getattr(product, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(product, name, value)
            product.version += 1
            product.updated_at = now
            status = 200
        else:
            results.append((product, 200, None))
            continue
        changes.append(("product.updated", sku, product_out(product) | {"source": source_of(caller)}, caller))
        results.append((product, status, None))
    session.flush()
    if new_rows:
        session.execute(insert(Product), [{k: v for k, v in vars(row).items() if k != "gallery"} for row in new_rows.values()])
    record_changes(session, caller.shop_id, changes)
    return results


def upsert_product(session: Session, caller: Caller, sku: str, data: ProductIn, if_match: int | str | None) -> tuple[Product, int]:
    """Create or replace one product; return it and 201 (created) or 200."""
    ((product, status, error),) = upsert_products(session, caller, [(sku, data, if_match)])
    if error is not None:
        raise error
    return product, status
