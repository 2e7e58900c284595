"""Catalogue services: add, update, archive and read products. Each mutation returns `Changes`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..changes import Changed, Changes
from ..database import Database
from ..db.base import utcnow
from ..errors import Conflict, ValidationError, not_found_sku
from ..i18n import msg
from ..money import parse_vnd
from ..regions import validate_origin
from ..staff import audit
from ..staff.access import require
from ..staff.models import AuditEntry
from ..staff.roles import Permission
from ..stock.models import StockTotal
from ..sync import outbox
from ..text import clean, clean_multiline, normalize_text, words
from . import validation as v
from .conflicts import ProductEditConflict, differences
from .gtin import gtin14
from .models import CERTIFICATION_KINDS, PRODUCT_STATUSES, Certification, Product
from .views import EDITABLE_FIELDS, CertificationData, ProductView


def add_product(db: Database, sku: str, name: str, price: int | str, **fields: Any) -> Changed[ProductView]:
    """Create a product; SKU must be new (ignoring case and surrounding spaces).

    Raises:
        ValidationError: a bad field (its name in `field`: sku, name, price, barcode, ...).
        Conflict("sku" or "barcode"): the SKU, or the barcode in any GTIN form, is another product's.
    """
    with db.session() as session:
        product = create_product(session, sku, name, price, **fields)
        view = product_view(session, product)
    return Changed(view, Changes(products=frozenset({view.id})))


def create_product(session: Session, sku: str, name: str, price: int | str, **fields: Any) -> Product:
    """Session-level create, for composing with other work in one transaction.

    Raises:
        ValidationError, Conflict: as `add_product`.
    """
    sku = v.validate_sku(sku)
    _check_fields(fields)
    values = clean_fields({"name": name, "price": price, **fields})
    require(session, Permission.PRODUCTS_EDIT)
    if values.get("price") or values.get("cost") is not None:
        require(session, Permission.PRODUCTS_PRICE)  # a clerk adds goods; the manager prices them
    if values.get("status", "active") != "active":
        require(session, Permission.PRODUCTS_ARCHIVE)
    values.setdefault("unit", "hộp")
    key = v.sku_key(sku)
    if session.scalar(select(Product.id).where(Product.sku_key == key)) is not None:
        raise Conflict(msg("Mã SKU '{sku}' đã tồn tại", "SKU '{sku}' already exists", sku=sku), field="sku")
    certs = values.pop("certifications", ())
    product = Product(sku=sku, sku_key=key, **values)
    product.certifications = [Certification(**_cert_values(c)) for c in certs]
    _check_barcode_free(session, product.barcode, None)
    validate_origin(product.province_code, product.ward_code)
    product.search_text = search_text(product)
    session.add(product)
    session.flush()
    session.add(StockTotal(product_id=product.id, on_hand=0))
    audit.record(session, "product.add", "product", product.sku, {},
                 {"name": product.name, "price": product.price, "cost": product.cost})
    outbox.enqueue(session, "product", product.sku)
    return product


def update_product(db: Database, sku: str, expected_version: int | None = None, **fields: Any) -> Changed[ProductView]:
    """Change descriptive fields; bumps `version` only when something really changed.

    With `expected_version` (the version the editor was opened at), a save made by someone else
    meanwhile is refused with a ProductEditConflict showing both values of each field.

    Raises:
        NotFound: no product `sku`.
        ValidationError: a bad field (named in `field`).
        Conflict: the barcode is another product's.
        ProductEditConflict: saved by someone else since `expected_version`; shows both values.
        PermissionDenied / NotSignedIn: see core.staff.access.
    """
    with db.session() as session:
        product, changed = modify_product(session, sku, expected_version=expected_version, **fields)
        view = product_view(session, product)
    return Changed(view, Changes(products=frozenset({view.id}) if changed else frozenset()))


def modify_product(session: Session, sku: str, expected_version: int | None = None, **fields: Any) -> tuple[Product, bool]:
    """Session-level update; returns the product and whether anything changed.

    The product's row is locked first (PostgreSQL), so the version check and the write are one
    step even when two PCs save at once. Each changed field needs its permission: prices
    `products.price`, the status `products.archive`, the rest `products.edit`. The change is
    written to the audit log with the values before and after.

    Raises:
        NotFound: no product `sku`.
        ValidationError: a bad value, naming the field.
        Conflict: the barcode is another product's.
        ProductEditConflict: saved by someone else since `expected_version`; shows both values.
        PermissionDenied / NotSignedIn: see core.staff.access.
    """
    _check_fields(fields)
    product = get_product_row(session, sku)
    if session.get_bind().dialect.name != "sqlite":  # SQLite's write transaction already holds the lock
        session.refresh(product, with_for_update=True)
    values = clean_fields(fields)
    mine = {k: ([_cert_values(c) for c in val] if k == "certifications" else val) for k, val in values.items()}
    saved = {k: ([_cert_values(c) for c in product.certifications] if k == "certifications" else getattr(product, k))
             for k in mine}
    before, after = audit.changed_fields(saved, mine)
    if not after:
        return product, False
    for permission in sorted({_FIELD_PERMISSIONS.get(k, Permission.PRODUCTS_EDIT) for k in after}):
        require(session, permission)
    if expected_version is not None and product.version != expected_version:
        last = session.scalar(select(AuditEntry).where(
            AuditEntry.target_kind == "product", AuditEntry.target == product.sku).order_by(AuditEntry.id.desc()).limit(1))
        raise ProductEditConflict(product.sku, expected_version, product.version, differences(saved, mine),
                                  saved_by=last.user_name if last else "", saved_at=last.at if last else None)
    certs = values.pop("certifications", None)
    if certs is not None and "certifications" in after:
        product.certifications = [Certification(**c) for c in after["certifications"]]
    if "barcode" in after:
        # Checked before the change: the query would otherwise flush the clashing value first.
        with session.no_autoflush:
            _check_barcode_free(session, values["barcode"], product.id)
    for name in after:
        if name != "certifications":
            setattr(product, name, values[name])
    validate_origin(product.province_code, product.ward_code)
    product.search_text = search_text(product)
    before["version"], after["version"] = product.version, product.version + 1
    product.version += 1
    product.updated_at = utcnow()
    audit.record(session, "product.update", "product", product.sku, before, after)
    outbox.enqueue(session, "product", product.sku)
    if "stop_selling_days" in values:
        outbox.enqueue(session, "stock", product.sku)  # which lots may be sold changed
    return product, True


_FIELD_PERMISSIONS = {
    "price": Permission.PRODUCTS_PRICE, "cost": Permission.PRODUCTS_PRICE, "status": Permission.PRODUCTS_ARCHIVE,
}


def archive_product(db: Database, sku: str) -> Changed[ProductView]:
    """Hide a product from sale and from the default lists; history and stock stay.

    Raises:
        NotFound: no product `sku`.
    """
    return update_product(db, sku, status="archived")


def get_product(db: Database, sku: str) -> ProductView:
    """The product whose SKU (or scanned code) is `sku`.

    Raises:
        NotFound: no product `sku` (nor a code naming one).
    """
    with db.read_session() as session:
        return product_view(session, get_product_row(session, sku))


def get_product_by_id(db: Database, product_id: int) -> ProductView:
    """The product with this id.

    Raises:
        NotFound: no product with this id.
    """
    with db.read_session() as session:
        product = session.get(Product, product_id)
        if product is None:
            raise not_found_sku(f"#{product_id}")
        return product_view(session, product)


def find_by_code(db: Database, code: str) -> ProductView | None:
    """The product whose barcode (any GTIN form) or SKU is `code` (what a scanner types), or None.

    The scan is cleaned first (AIM symbology identifier, STX/ETX framing, GS1 element strings) and,
    when nothing matches, read back through the Vietnamese keyboard (Telex/VNI) that may have
    changed it: see `core.catalog.scan`.
    """
    from .scan import lookup_scan

    match = lookup_scan(db, code)
    return match.product if match else None


def list_products(db: Database, include_archived: bool = False, category: str | None = None) -> list[ProductView]:
    """Every product ordered by SKU (for export and scripts; the window pages instead)."""
    with db.read_session() as session:
        stmt = select(Product).options(selectinload(Product.certifications)).order_by(Product.sku_key)
        if not include_archived:
            stmt = stmt.where(Product.status == "active")
        if category:
            stmt = stmt.where(Product.category == category)
        products = list(session.scalars(stmt))
        totals = dict(session.execute(select(StockTotal.product_id, StockTotal.on_hand)).all())
        return [_view(p, totals.get(p.id, 0)) for p in products]


def categories(db: Database) -> list[str]:
    """Categories in use, for filters and pickers."""
    with db.read_session() as session:
        rows = session.scalars(
            select(Product.category).where(Product.category != "").group_by(Product.category).order_by(func.lower(Product.category))
        )
        return list(rows)


def get_product_row(session: Session, sku: str) -> Product:
    """The product whose SKU is `sku` (ignoring case); failing that, the one a scanned or typed code
    names (any GTIN form of its barcode, a code changed by a Vietnamese keyboard: `scan`).

    Raises:
        NotFound: no product has that code.
    """
    product = session.scalar(select(Product).where(Product.sku_key == v.sku_key(sku or "")))
    if product is None:
        from .scan import match_in_session

        found = match_in_session(session, sku or "")
        if found is None:
            raise not_found_sku(normalize_text(sku or "").strip())
        product = found[0]
    return product


def product_view(session: Session, product: Product) -> ProductView:
    on_hand = session.scalar(select(StockTotal.on_hand).where(StockTotal.product_id == product.id)) or 0
    return _view(product, on_hand)


def _view(p: Product, on_hand: int) -> ProductView:
    return ProductView(
        id=p.id, sku=p.sku, name=p.name, description=p.description, category=p.category, unit=p.unit,
        price=p.price, cost=p.cost, weight_g=p.weight_g, length_cm=p.length_cm, width_cm=p.width_cm,
        height_cm=p.height_cm, barcode=p.barcode, province_code=p.province_code, ward_code=p.ward_code,
        ocop_stars=p.ocop_stars, status=p.status, low_stock_threshold=p.low_stock_threshold,
        bin_location=p.bin_location, version=p.version, created_at=p.created_at, updated_at=p.updated_at,
        on_hand=on_hand, stop_selling_days=p.stop_selling_days or 0,
        certifications=tuple(CertificationData(c.kind, c.number, c.issuer, c.expiry_date) for c in p.certifications),
    )


def search_text(product: Product) -> str:
    """The folded words the search index holds for a product."""
    return search_words(product.sku, product.barcode, product.name)


def search_words(sku: str, barcode: str | None, name: str) -> str:
    """SKU, barcode and name folded to words (categories are filters, not search words)."""
    return " ".join(w for part in (sku, barcode or "", name) for w in words(part))


def clean_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise every given field; raises ValidationError naming the first bad one.

    Raises:
        ValidationError: the first bad field (named in `field`).
    """
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "name":
            out[name] = v.validate_name(value)
        elif name in ("description", "category", "bin_location"):
            out[name] = clean(value) if name != "description" else clean_multiline(value)
        elif name == "unit":
            out[name] = v.validate_unit(value)
        elif name == "price":
            out[name] = parse_vnd(value, "price")
        elif name == "cost":
            out[name] = None if value in (None, "") else parse_vnd(value, "cost")
        elif name == "weight_g":
            out[name] = v.validate_positive_int("weight_g", value, maximum=1_000_000)
        elif name == "low_stock_threshold":
            out[name] = v.validate_positive_int("low_stock_threshold", value, maximum=10**9) or 0
        elif name == "stop_selling_days":
            out[name] = v.validate_stop_selling_days(value)
        elif name in ("length_cm", "width_cm", "height_cm"):
            out[name] = v.validate_dimension(name, value)
        elif name == "barcode":
            out[name] = v.validate_barcode(value)
        elif name in ("province_code", "ward_code"):
            out[name] = _optional_code(name, value)
        elif name == "ocop_stars":
            out[name] = v.validate_ocop(value)
        elif name == "status":
            if value not in PRODUCT_STATUSES:
                raise ValidationError(
                    "status", msg("Trạng thái không hợp lệ: '{value}'", "Unknown status: '{value}'", value=value)
                )
            out[name] = value
        elif name == "certifications":
            out[name] = [_check_cert(c) for c in value or ()]
    return out


def _check_fields(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown product fields: {sorted(unknown)}")


def _optional_code(field: str, value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(field, msg("Mã không hợp lệ: '{value}'", "Invalid code: '{value}'", value=value)) from None


def _check_cert(cert: CertificationData | Mapping[str, Any]) -> CertificationData:
    data = cert if isinstance(cert, CertificationData) else CertificationData(**cert)
    if data.kind not in CERTIFICATION_KINDS:
        raise ValidationError(
            "certifications",
            msg("Loại chứng nhận không hợp lệ: '{kind}'", "Unknown certification kind: '{kind}'", kind=data.kind),
        )
    return CertificationData(data.kind, clean(data.number), clean(data.issuer), v.parse_date("certifications", data.expiry_date))


def _cert_values(c: CertificationData | Certification) -> dict[str, Any]:
    return {"kind": c.kind, "number": c.number, "issuer": c.issuer, "expiry_date": c.expiry_date}


def _check_barcode_free(session: Session, barcode: str | None, own_id: int | None) -> None:
    """Refuse a barcode another product holds in any form of the same GTIN (UPC-A, EAN-13, GTIN-14)."""
    gtin = gtin14(barcode)
    if gtin is None:
        return
    other = session.scalar(select(Product).where(
        or_(Product.gtin == gtin, Product.barcode == barcode), Product.id != (own_id or -1)))
    if other is not None:
        same = other.barcode == barcode
        raise Conflict(
            msg("Mã vạch {code} đã dùng cho sản phẩm {sku}" if same else
                "Mã vạch {code} là cùng một mã GTIN với {other} của sản phẩm {sku}",
                "Barcode {code} is already used by {sku}" if same else
                "Barcode {code} is the same GTIN as {other} of product {sku}",
                code=barcode, sku=other.sku, other=other.barcode),
            field="barcode",
        )


