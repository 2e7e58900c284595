"""The import on PostgreSQL (several PCs sharing one database): same report, sequences kept in step."""

from __future__ import annotations

import uuid

import pytest

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.spreadsheet import exporter
from gianhang_desktop.core.spreadsheet.importer import import_file
from gianhang_desktop.core.stock import service as stock
from tests.postgres import create_database, postgres_port  # noqa: F401

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_db(postgres_port, tmp_path):  # noqa: F811
    db = Database.open(tmp_path / "pg", url=create_database(postgres_port, "xl_" + uuid.uuid4().hex[:10]))
    yield db
    db.dispose()


def test_import_and_reimport_on_postgresql(pg_db, messy_xlsx, tmp_path):
    dry = import_file(pg_db, messy_xlsx, dry_run=True)
    done = import_file(pg_db, messy_xlsx)
    assert [e.to_json() for e in done.errors] == [e.to_json() for e in dry.errors] and done.created == 5
    again = import_file(pg_db, messy_xlsx)
    assert (again.created, again.unchanged) == (0, 5)
    # Ids came from the sequences: the services go on adding after the import.
    catalog.add_product(pg_db, "SAU-1", "Thêm sau", 1000)
    stock.receive_stock(pg_db, "SAU-1", 3, lot="L9", expiry="2027-01-01")
    assert stock.stock_report(pg_db, "mo-1").on_hand == 12
    assert exporter.export(pg_db, "stock", tmp_path / "ton.xlsx") == 3
