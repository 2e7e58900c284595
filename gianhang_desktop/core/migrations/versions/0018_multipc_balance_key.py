"""multipc: one balance row per product / warehouse / lot, even without a lot; balances rebuilt

The unique key (product_id, warehouse_id, lot_id) lets any number of "no lot" rows in, because
NULLs are distinct in a unique constraint (SQLite and PostgreSQL alike). Two PCs receiving the
same product at once made two such rows, and unlocked read-modify-write lost updates (#18). A
partial unique index on (product_id, warehouse_id) WHERE lot_id IS NULL closes the key on both
engines (PostgreSQL's NULLS NOT DISTINCT has no SQLite twin; one schema serves both).

Before the index is built, the cached balances and totals are rebuilt from the ledger, which is
the truth: duplicated rows merge into one and lost updates come back.

Revision ID: 0018_multipc_balance_key
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_multipc_balance_key"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = ("multipc",)
depends_on: str | Sequence[str] | None = None

NO_LOT = sa.text("lot_id IS NULL")


def upgrade() -> None:
    op.execute("DELETE FROM stock_balances")
    op.execute(
        "INSERT INTO stock_balances (product_id, warehouse_id, lot_id, on_hand) "
        "SELECT product_id, warehouse_id, lot_id, SUM(quantity) FROM stock_movements "
        "GROUP BY product_id, warehouse_id, lot_id"
    )
    op.execute(
        "UPDATE stock_totals SET on_hand = COALESCE("
        "(SELECT SUM(m.quantity) FROM stock_movements m WHERE m.product_id = stock_totals.product_id), 0)"
    )
    op.execute(
        "INSERT INTO stock_totals (product_id, on_hand) "
        "SELECT p.id, COALESCE((SELECT SUM(m.quantity) FROM stock_movements m WHERE m.product_id = p.id), 0) "
        "FROM products p WHERE NOT EXISTS (SELECT 1 FROM stock_totals t WHERE t.product_id = p.id)"
    )
    with op.batch_alter_table("stock_balances", schema=None) as batch_op:
        batch_op.create_index("uq_stock_balances_no_lot", ["product_id", "warehouse_id"], unique=True,
                              sqlite_where=NO_LOT, postgresql_where=NO_LOT)


def downgrade() -> None:
    with op.batch_alter_table("stock_balances", schema=None) as batch_op:
        batch_op.drop_index("uq_stock_balances_no_lot", sqlite_where=NO_LOT, postgresql_where=NO_LOT)
