"""multipc: every committed change tells the other PCs what changed (PostgreSQL LISTEN/NOTIFY)

Statement-level triggers on the tables the window shows send one notification per statement on
the channel `gianhang_changes`, inside the writing transaction: PostgreSQL delivers it at commit
(never for a rolled-back change) and drops exact repeats within a transaction. The payload is
JSON `{"s": application_name of the writer, "t": table, "ids": [changed ids] | null}`; `ids` is
null for tables without ids worth sending, and for statements touching more than 500 rows (a
bulk import: the listeners reload). `core/postgres/changefeed.py` turns it into `Changes`.

A later table joins with three triggers calling `gianhang_notify_changes('<id column>')` (or
`('')` without ids), as below, and an entry in changefeed.TABLES. SQLite has one PC: nothing here.

It merges the photos, orders and sync branches into this one, because their tables get triggers
here (a `depends_on` would leave their revisions in alembic_version beside the heads).

Revision ID: 0018_multipc_notify
Revises: 0018_multipc_balance_key, 0002_photos, 0003_orders, 0004_sync
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018_multipc_notify"
# The tables of the photos, orders and sync areas must exist before they get triggers.
down_revision: str | Sequence[str] | None = ("0018_multipc_balance_key", "0002_photos", "0003_orders", "0004_sync")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> the column naming what changed ('' for none)
NOTIFIED = {
    "products": "id",
    "certifications": "product_id",
    "stock_totals": "product_id",
    "product_photos": "product_id",
    "orders": "id",
    "sync_listings": "product_id",
    "outbox": "",
    "sync_state": "",
    "sync_conflicts": "",
    "shop_profile": "",
    "warehouses": "",
}

FUNCTION = """
CREATE OR REPLACE FUNCTION gianhang_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    id_column text := TG_ARGV[0];
    changed_rows text := CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END;
    n integer;
    ids jsonb := 'null';
BEGIN
    IF id_column = '' THEN
        EXECUTE format('SELECT count(*) FROM %I', changed_rows) INTO n;
    ELSE
        EXECUTE format('SELECT count(DISTINCT %1$I), jsonb_agg(DISTINCT %1$I) FROM %2$I', id_column, changed_rows)
            INTO n, ids;
    END IF;
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    IF n > 500 THEN
        ids := 'null';
    END IF;
    PERFORM pg_notify('gianhang_changes', json_build_object(
        's', current_setting('application_name'), 't', TG_TABLE_NAME, 'ids', ids)::text);
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    for table, column in NOTIFIED.items():
        for event, transition in (("INSERT", "NEW TABLE AS new_rows"),
                                  ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                                  ("DELETE", "OLD TABLE AS old_rows")):
            op.execute(f"CREATE TRIGGER gianhang_notify_{event.lower()} AFTER {event} ON {table} "
                       f"REFERENCING {transition} FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION gianhang_notify_changes('{column}')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in NOTIFIED:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS gianhang_notify_{event} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS gianhang_notify_changes()")
