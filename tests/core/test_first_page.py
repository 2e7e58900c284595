"""The first page read with sqlite3 alone: the same SQL, the same rows as the database layer, or None."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import sqlite

from gianhang_desktop.core.catalog import browse, first_page
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.paths import DB_FILENAME
from gianhang_desktop.core.stock import service as stock

# The quick start reads the SQLite file with the sqlite3 module alone (PostgreSQL answers None).
pytestmark = pytest.mark.sqlite_only("reads the SQLite file directly")


def compiled(stmt) -> str:
    return str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def test_its_sql_is_the_database_layers_own_statements_compiled():
    assert first_page.IDS_SQL == compiled(browse.default_ids_statement())
    # The ids are the one parameter; coalesce's 0 is bound by SQLAlchemy and written out here.
    rows = browse._ROWS_STMT_SQLITE.compile(dialect=sqlite.dialect())
    assert [rows.params[name] for name in rows.positiontup] == [0, None]
    assert first_page.ROWS_SQL == str(rows).replace("coalesce(stock_totals.on_hand, ?)",
                                                    "coalesce(stock_totals.on_hand, 0)")


def fill(db) -> None:
    # Equal names (the id breaks the tie), tone marks, an archived product, stock on some.
    catalog.add_product(db, "VT-001", "Vải thiều Thanh Hà", 120_000, unit="kg", category="Trái cây")
    catalog.add_product(db, "VT-002", "Vải thiều Thanh Hà", 125_000, unit="kg", category="Trái cây")
    catalog.add_product(db, "MO-001", "Mật ong hoa nhãn", 250_000, barcode="8934567890120", low_stock_threshold=5)
    catalog.add_product(db, "GA-001", "Gạo ST25", 38_000, unit="kg", bin_location="A1")
    catalog.add_product(db, "CU-001", "Cũ không bán nữa", 1_000)
    catalog.update_product(db, "CU-001", status="archived")
    for i in range(30):
        catalog.add_product(db, f"SP-{i:03d}", f"Sản phẩm {i % 7}", 10_000 + i)
    stock.receive_stock(db, "VT-001", 40, lot="L1", expiry="2030-07-10")
    stock.receive_stock(db, "MO-001", 3, lot="M1")


def test_lists_exactly_what_the_database_layer_lists(db, data_dir):
    fill(db)
    ids = browse.product_ids(db)
    for size in (1, 7, 100):
        page = first_page.read_first_page(data_dir, size=size)
        assert page is not None
        assert page.total == len(ids) == 34  # the archived product is not in the default view
        assert page.ids == ids[:size]
        assert page.rows == browse.product_rows(db, ids[:size])


def test_an_empty_catalogue_is_a_first_page_too(db, data_dir):
    page = first_page.read_first_page(data_dir)
    assert page is not None and (page.total, page.ids, page.rows) == (0, [], [])


def test_answers_none_when_another_engine_is_configured(db, data_dir, monkeypatch):
    fill(db)
    monkeypatch.setenv("GIANHANG_DB_URL", "postgresql+psycopg://somewhere/gianhang")
    assert first_page.read_first_page(data_dir) is None


def test_answers_none_when_this_pc_uses_the_cooperatives_server(db, data_dir):
    from gianhang_desktop.core.settings import Settings

    fill(db)
    assert first_page.read_first_page(data_dir) is not None
    settings = Settings.load(data_dir)
    settings.db_host = "192.168.1.10"
    settings.save(data_dir)
    assert first_page.read_first_page(data_dir) is None  # the local file is not this PC's data any more


def test_answers_none_when_migrations_are_pending(db, data_dir):
    fill(db)
    with db.session() as session:
        session.execute(text("DELETE FROM alembic_version WHERE version_num = (SELECT max(version_num) FROM alembic_version)"))
    assert first_page.read_first_page(data_dir) is None


def test_never_creates_or_changes_a_file(tmp_path):
    assert first_page.read_first_page(tmp_path) is None
    assert list(tmp_path.iterdir()) == []
    damaged = tmp_path / DB_FILENAME
    damaged.write_bytes(b"this is not a database" * 100)
    assert first_page.read_first_page(tmp_path) is None
    assert damaged.read_bytes() == b"this is not a database" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILENAME]


def test_a_database_without_the_tables_answers_none(tmp_path):
    sqlite3.connect(tmp_path / DB_FILENAME).close()
    assert first_page.read_first_page(tmp_path) is None


def test_a_folder_name_with_vietnamese_spaces_and_uri_characters(tmp_path):
    """Both the database layer and the read-only first-page connection name the file by URL or URI:
    the folder name must survive the quoting (before the fix, "?x" cut the path short)."""
    from gianhang_desktop.core.database import Database

    folder = tmp_path / "Dữ liệu Nguyễn #1 %20 ?x"
    db = Database.open(folder)
    try:
        catalog.add_product(db, "VT-001", "Vải thiều Thanh Hà", 120_000)
        page = first_page.read_first_page(folder)
        assert page is not None and [r.sku for r in page.rows] == ["VT-001"]
    finally:
        db.dispose()
