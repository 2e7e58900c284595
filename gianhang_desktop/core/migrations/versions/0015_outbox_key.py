"""oneway: an index on the outbox's (kind, key)

A change replaces the unsent outbox entry of the same kind and key (whole states, not deltas).
Finding that entry scanned every pending entry; after a demo catalogue or a large import left
200,000 of them unsent, each product edit paid for it, and a bulk load even more. The index makes
it a lookup.

Revision ID: 0015_outbox_key
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015_outbox_key"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = ("oneway",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_kind_key", ["kind", "key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_kind_key")
