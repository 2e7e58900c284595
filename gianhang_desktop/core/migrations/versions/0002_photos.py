"""photos: each product's ordered pictures

Revision ID: 0002_photos
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import gianhang_desktop.core.db.base

revision: str = "0002_photos"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = ("photos",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "product_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_ext", sa.String(length=8), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("market_width", sa.Integer(), nullable=False),
        sa.Column("market_bytes", sa.Integer(), nullable=False),
        sa.Column("flags", sa.String(length=120), nullable=False),
        sa.Column("created_at", gianhang_desktop.core.db.base.UtcDateTime(), nullable=False),
        sa.CheckConstraint("position >= 1", name=op.f("ck_product_photos_position_positive")),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_photos_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_photos")),
        sa.UniqueConstraint(
            "product_id", "position", name=op.f("uq_product_photos_product_position")
        ),
        sa.UniqueConstraint("product_id", "sha256", name=op.f("uq_product_photos_product_sha256")),
    )
    op.create_index("ix_product_photos_sha256", "product_photos", ["sha256"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_product_photos_sha256", table_name="product_photos")
    op.drop_table("product_photos")
