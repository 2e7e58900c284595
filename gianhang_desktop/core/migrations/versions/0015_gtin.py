"""input: products.gtin, the GTIN-14 form of the barcode, unique

Lookups and uniqueness compare barcodes as GTIN-14, so that a UPC-A and the EAN-13 a scanner
reads from the same bars are one code. Existing barcodes are filled in; when two products
already hold two forms of one number, the older product keeps the GTIN and the other's barcode
stays shown but unlinked (it is reported in the log; the clerk corrects it in the product).

Revision ID: 0015_gtin
Revises: 0014_nfc_text
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_gtin"
down_revision: str | None = "0014_nfc_text"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")


def _gtin14(code: str | None) -> str | None:
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) not in (8, 12, 13, 14) or not code.strip("0"):
        return None
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(code[:-1])))
    return code.zfill(14) if (10 - total % 10) % 10 == int(code[-1]) else None


def upgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gtin", sa.String(length=14), nullable=True))
    conn = op.get_bind()
    products = sa.table("products", sa.column("id"), sa.column("barcode"), sa.column("gtin"), sa.column("sku"))
    taken: dict[str, str] = {}
    rows = conn.execute(sa.select(products.c.id, products.c.barcode, products.c.sku)
                        .where(products.c.barcode.is_not(None)).order_by(products.c.id)).all()
    for pid, barcode, sku in rows:
        gtin = _gtin14(barcode)
        if gtin is None:
            continue
        if gtin in taken:
            log.warning("Barcode %s of %s is the same GTIN as %s's; left unlinked", barcode, sku, taken[gtin])
            continue
        taken[gtin] = sku
        conn.execute(sa.update(products).where(products.c.id == pid).values(gtin=gtin))
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index("ix_products_gtin", ["gtin"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index("ix_products_gtin")
        batch_op.drop_column("gtin")
