"""trust-sync: this installation's device id for the store (sync_state.device_id)

Several desktops may share one app key; each signs its own device id, and the store's changes
feed leaves out only that device's own changes (docs/store-api.md, Devices). The id is made at
the first sync and kept with the cursor it belongs to.

Revision ID: 0013_sync_device
Revises: 0004_sync
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_sync_device"
down_revision: str | None = "0004_sync"  # sync_state
branch_labels: str | Sequence[str] | None = ("trust_sync",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("device_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("device_id")
