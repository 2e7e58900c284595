"""Sale dates the store would refuse (outside 2000-2100) are refused here, naming the field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from gianhang_desktop.core.catalog.service import add_product
from gianhang_desktop.core.errors import ValidationError
from gianhang_desktop.core.sync import listing as listings
from gianhang_desktop.core.sync.models import Listing


@pytest.mark.parametrize("field, when", [("sale_from", datetime(9999, 12, 31, 23, tzinfo=UTC)),
                                         ("sale_to", datetime(1999, 12, 31, tzinfo=UTC))])
def test_sale_dates_outside_the_stores_years_are_refused(db, field, when):
    add_product(db, "VT-001", "Chè Thái Nguyên đặc biệt 200g", 185_000, weight_g=250)
    dates = {"sale_from": datetime(2026, 12, 1, tzinfo=UTC), "sale_to": datetime(2026, 12, 31, tzinfo=UTC), field: when}
    with pytest.raises(ValidationError) as raised:
        listings.save_listing(db, "VT-001", price=185_000, sale_price=150_000, force=True, **dates)
    assert raised.value.field == field
    with db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Listing)) == 0
