"""input: existing text in NFC (one Unicode form), without control characters

Names, addresses and notes typed before every entry point normalised text could be stored
decomposed (NFD, as macOS and some web forms send it) or hold stray control characters. This
data migration rewrites them in NFC. The search columns hold folded ASCII words, which are the
same for either form, so the search indexes (and their triggers) need no rebuild.

Revision ID: 0014_nfc_text
Revises: 0001
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_nfc_text"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = ("input",)
# No depends_on: a table that does not exist yet (an area migrated after this one) is skipped, and
# it starts empty. Databases that hold orders or photos already have those tables.
depends_on: str | Sequence[str] | None = None

# table -> (primary key, single-line text columns, multi-line text columns)
TEXT_COLUMNS = {
    "products": ("id", ("name", "category", "unit", "bin_location"), ("description",)),
    "certifications": ("id", ("number", "issuer"), ()),
    "warehouses": ("id", ("name", "address"), ()),
    "lots": ("id", ("code",), ()),
    "stock_movements": ("id", ("reason",), ()),
    "orders": ("id", ("buyer_name", "address_line", "cancel_reason"), ("note",)),
    "order_items": ("id", ("name",), ()),
    "product_photos": ("id", ("original_name",), ()),
}
BATCH = 2000
_CONTROLS = {c: None for c in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0)]}
_INVISIBLE = {ord(c): None for c in "\u00ad\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"}


def normalized(value: str | None, multiline: bool) -> str | None:
    if not value:
        return value
    text = unicodedata.normalize("NFC", value).translate(_INVISIBLE).translate(_CONTROLS).replace("\r\n", "\n")
    if not multiline:
        text = " ".join(text.split())
    return unicodedata.normalize("NFC", text)


def upgrade() -> None:
    conn = op.get_bind()
    existing = set(sa.inspect(conn).get_table_names())
    for name, (key, single, multi) in TEXT_COLUMNS.items():
        if name not in existing:
            continue
        columns = [*single, *multi]
        table = sa.table(name, sa.column(key), *(sa.column(c) for c in columns))
        last = None
        while True:
            stmt = sa.select(table.c[key], *(table.c[c] for c in columns)).order_by(table.c[key]).limit(BATCH)
            if last is not None:
                stmt = stmt.where(table.c[key] > last)
            rows = conn.execute(stmt).all()
            if not rows:
                break
            last = rows[-1][0]
            for row in rows:
                values = dict(zip(columns, row[1:], strict=True))
                changed = {c: normalized(v, c in multi) for c, v in values.items()
                           if isinstance(v, str) and normalized(v, c in multi) != v}
                if changed:
                    conn.execute(sa.update(table).where(table.c[key] == row[0]).values(**changed))


def downgrade() -> None:
    pass  # NFC text is valid text: nothing to undo
