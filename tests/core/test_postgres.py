"""The core on PostgreSQL (several PCs sharing one database): migrations, services, search."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from gianhang_desktop.core.catalog import search, service
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.db import migrate
from gianhang_desktop.core.errors import Conflict
from gianhang_desktop.core.models import Base
from gianhang_desktop.core.stock import service as stock
from tests.postgres import create_database, postgres_port  # noqa: F401

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_db(postgres_port, tmp_path):  # noqa: F811
    url = create_database(postgres_port, "core_" + uuid.uuid4().hex[:10])
    db = Database.open(tmp_path, url=url)
    yield db
    db.dispose()


def test_migrations_reach_head_and_match_the_models(pg_db):
    assert pg_db.schema_revisions() == migrate.head_revisions()
    with pg_db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []


def test_services_and_search_work_on_postgresql(pg_db):
    service.add_product(pg_db, "VT-001", "Vải thiều Thanh Hà", "120.000 ₫", unit="kg")
    service.add_product(pg_db, "NL-001", "Nhãn lồng Hưng Yên", 70_000)
    with pytest.raises(Conflict):
        service.add_product(pg_db, "vt-001", "Trùng", 1)
    stock.receive_stock(pg_db, "VT-001", 20, lot="L1", expiry="2027-06-30")
    stock.adjust_stock(pg_db, "VT-001", -5, reason="dập")
    assert stock.stock_report(pg_db, "VT-001").on_hand == 15
    hits = search.search_products(pg_db, "vai thi")
    assert [(h.sku, h.stock) for h in hits] == [("VT-001", 15)]
    assert [h.sku for h in search.search_products(pg_db, "nl-001")] == ["NL-001"]
