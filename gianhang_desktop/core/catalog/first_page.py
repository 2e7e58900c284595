"""The first page of the products table, read with the standard library's sqlite3 alone.

Importing SQLAlchemy costs more than a whole bare Qt window (docs/performance.md, "Window"), so
the window paints its first rows from here and opens the Database right after the first paint.
The SQL is the compiled text of browse.py's own statements for the default view; a test keeps
them equal. Anything unusual (another database engine, a file that needs migrating, an error)
answers None, and the window takes the ordinary path.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..db.heads import file_heads
from ..paths import DB_FILENAME
from ..settings import Settings
from .rows import ProductRow

log = logging.getLogger(__name__)

PAGE_SIZE = 100

# browse.default_ids_statement(), compiled for SQLite.
IDS_SQL = (
    "SELECT products.id \n"
    "FROM products LEFT OUTER JOIN stock_totals ON stock_totals.product_id = products.id \n"
    "WHERE products.status = 'active' ORDER BY products.name ASC, products.id ASC"
)
# browse._ROWS_STMT_SQLITE, compiled for SQLite: the ids come as one JSON array.
ROWS_SQL = (
    "SELECT products.id, products.sku, products.name, products.category, products.unit, "
    "products.price, coalesce(stock_totals.on_hand, 0) AS coalesce_1, products.status, "
    "products.barcode, products.low_stock_threshold, products.bin_location, products.version \n"
    "FROM products LEFT OUTER JOIN stock_totals ON stock_totals.product_id = products.id \n"
    "WHERE products.id IN (SELECT value FROM json_each(?))"
)


@dataclass(frozen=True)
class FirstPage:
    """What the products table shows before the database layer is loaded."""

    total: int
    """How many products the default view lists (the scroll bar's length)."""
    ids: list[int]
    """The first PAGE_SIZE of them, in display order."""
    rows: list[ProductRow]


def read_first_page(data_dir: Path, size: int = PAGE_SIZE) -> FirstPage | None:
    """The default view's first `size` products and their count, or None to take the ordinary path."""
    path = Path(data_dir) / DB_FILENAME
    heads = file_heads()
    if os.environ.get("GIANHANG_DB_URL") or not heads or not path.is_file():
        return None
    if Settings.load(Path(data_dir)).db_host:
        return None  # this PC works on the cooperative's server: the local file is not its data
    try:
        # Read-only: a missing or half-written file must never be created or changed from here.
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
        try:
            current = {row[0] for row in con.execute("SELECT version_num FROM alembic_version")}
            if current != heads:
                return None  # migrations to run first: the ordinary path backs up and upgrades
            total = con.execute(f"SELECT count(*) FROM ({IDS_SQL})").fetchone()[0]
            ids = [row[0] for row in con.execute(f"{IDS_SQL} LIMIT ?", (size,))]
            found = con.execute(ROWS_SQL, (json.dumps(ids),)).fetchall()
        finally:
            con.close()
    except sqlite3.Error as error:
        log.info("No quick first page (%s): opening the database first", error)
        return None
    by_id = {row[0]: ProductRow(*row) for row in found}
    return FirstPage(total, ids, [by_id[i] for i in ids if i in by_id])
