"""Catalogue tables: products and their certifications."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..db.base import Base, UtcDateTime, utcnow
from .gtin import gtin14

PRODUCT_STATUSES = ("active", "archived")
CERTIFICATION_KINDS = ("vietgap", "organic", "globalgap", "ocop", "other")


class Product(Base):
    """A product the cooperative sells; `version` grows on every descriptive change."""

    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("cost IS NULL OR cost >= 0", name="cost_not_negative"),
        CheckConstraint("ocop_stars IS NULL OR (ocop_stars BETWEEN 3 AND 5)", name="ocop_stars_range"),
        CheckConstraint("status IN ('active', 'archived')", name="status_known"),
        Index("ix_products_status_name", "status", "name"),
        # One product per GTIN, whichever form (UPC-A, EAN-13, GTIN-14) its barcode was entered in.
        Index("ix_products_gtin", "gtin", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64))
    # The SKU trimmed and case-folded: what uniqueness is checked on ("vt-001 " == "VT-001").
    sku_key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(120), default="", index=True)
    unit: Mapped[str] = mapped_column(String(20), default="hộp")
    price: Mapped[int] = mapped_column(Integer, default=0, index=True)
    cost: Mapped[int | None] = mapped_column(Integer)
    weight_g: Mapped[int | None] = mapped_column(Integer)
    length_cm: Mapped[float | None] = mapped_column(Float)
    width_cm: Mapped[float | None] = mapped_column(Float)
    height_cm: Mapped[float | None] = mapped_column(Float)
    barcode: Mapped[str | None] = mapped_column(String(14), unique=True)  # as entered
    # The barcode's GTIN-14 (zero-padded): what scans, searches and uniqueness compare.
    gtin: Mapped[str | None] = mapped_column(String(14))
    province_code: Mapped[int | None] = mapped_column(Integer)
    ward_code: Mapped[int | None] = mapped_column(Integer)
    ocop_stars: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="active")
    low_stock_threshold: Mapped[int] = mapped_column(Integer, default=0)
    bin_location: Mapped[str] = mapped_column(String(40), default="")
    # Stop selling a lot this many days before its expiry date (0: sell until the expiry date itself).
    stop_selling_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Folded words of SKU, barcode, name, category: what the search index holds.
    search_text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    certifications: Mapped[list[Certification]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="Certification.id"
    )

    @validates("barcode")
    def _keep_gtin(self, _key: str, barcode: str | None) -> str | None:
        self.gtin = gtin14(barcode)
        return barcode


class Certification(Base):
    """A quality certificate (VietGAP, organic, …) held for a product."""

    __tablename__ = "certifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(80), default="")
    issuer: Mapped[str] = mapped_column(String(200), default="")
    expiry_date: Mapped[date | None] = mapped_column(Date)

    product: Mapped[Product] = relationship(back_populates="certifications")
