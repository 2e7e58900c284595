"""The photos table: each product's ordered pictures (position 1 is the cover)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db.base import Base, UtcDateTime, utcnow

MAX_PHOTOS_PER_PRODUCT = 8  # the marketplaces' limit


class ProductPhoto(Base):
    """One picture attached to one product; the files are named by `sha256` in the photo store."""

    __tablename__ = "product_photos"
    __table_args__ = (
        # The same picture twice on one product makes no sense; on two products it is fine
        # (and stored once).
        UniqueConstraint("product_id", "sha256", name="uq_product_photos_product_sha256"),
        UniqueConstraint("product_id", "position", name="uq_product_photos_product_position"),
        CheckConstraint("position >= 1", name="position_positive"),
        Index("ix_product_photos_sha256", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 1-based; 1 is the cover
    sha256: Mapped[str] = mapped_column(String(64))  # of the untouched original
    original_ext: Mapped[str] = mapped_column(String(8))
    original_name: Mapped[str] = mapped_column(String(255), default="")
    width: Mapped[int] = mapped_column(Integer)  # of the original, EXIF orientation applied
    height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)  # of the original
    market_width: Mapped[int] = mapped_column(Integer)
    market_bytes: Mapped[int] = mapped_column(Integer)
    flags: Mapped[str] = mapped_column(String(120), default="")  # comma-separated codes
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
