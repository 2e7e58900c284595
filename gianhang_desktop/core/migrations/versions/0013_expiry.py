"""expiry: per-product "stop selling N days before expiry", and the day unsellable lots were last announced

Revision ID: 0013_expiry
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_expiry"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = ("expiry",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table rebuild on SQLite, so the search triggers on products stay).
    op.add_column("products", sa.Column("stop_selling_days", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "expiry_sweeps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("swept_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expiry_sweeps")),
    )


def downgrade() -> None:
    op.drop_table("expiry_sweeps")
    op.drop_column("products", "stop_selling_days")  # native DROP COLUMN (SQLite 3.35+): triggers stay
