"""Products: validation, uniqueness, versions, and the outbox written with each change."""

import pytest
from sqlalchemy import func, select

from gianhang_desktop.core.catalog import service
from gianhang_desktop.core.catalog.models import Product
from gianhang_desktop.core.catalog.validation import gtin_check_digit
from gianhang_desktop.core.errors import Conflict, NotFound, ValidationError
from gianhang_desktop.core.sync.models import OutboxEntry


def count(db, model):
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_add_product_normalises_and_reports_changes(db):
    view, changes = service.add_product(
        db, "  VT-001 ", "  Vải  thiều Thanh Hà ", "120.000 ₫", unit="hop", weight_g="1000", barcode="8934567890120",
        province_code=31, ocop_stars=4,
    )
    assert view.sku == "VT-001"
    assert view.name == "Vải thiều Thanh Hà"
    assert view.price == 120_000 and view.unit == "hộp" and view.weight_g == 1000
    assert view.version == 1 and view.status == "active"
    assert changes.products == {view.id}


@pytest.mark.parametrize("sku", ["VT-001", "vt-001", " Vt-001  "])
def test_duplicate_sku_ignoring_case_and_spaces_is_refused(db, sku):
    service.add_product(db, "VT-001", "Vải", 1000)
    with pytest.raises(Conflict) as info:
        service.add_product(db, sku, "Khác", 2000)
    assert info.value.field == "sku"
    assert count(db, Product) == 1


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"name": "   "}, "name"),
        ({"price": "-1"}, "price"),
        ({"price": "12,5"}, "price"),
        ({"unit": "tấn"}, "unit"),
        ({"barcode": "8934567890121"}, "barcode"),
        ({"barcode": "12345"}, "barcode"),
        ({"ocop_stars": 2}, "ocop_stars"),
        ({"weight_g": "-3"}, "weight_g"),
        ({"province_code": 999}, "province_code"),
        ({"province_code": 1, "ward_code": 26734}, "ward_code"),
        ({"length_cm": "abc"}, "length_cm"),
    ],
)
def test_bad_fields_are_named_and_nothing_is_written(db, fields, field):
    args = {"name": "Gạo ST25", "price": 180_000, **fields}
    with pytest.raises(ValidationError) as info:
        service.add_product(db, "ST-1", args.pop("name"), args.pop("price"), **args)
    assert info.value.field == field
    assert info.value.message("vi") and info.value.message("en")
    assert count(db, Product) == 0
    assert count(db, OutboxEntry) == 0


def test_barcode_check_digit():
    assert gtin_check_digit("893456789012") == 0
    assert gtin_check_digit("400638133393") == 1  # a well-known EAN-13: 4006381333931


def test_update_bumps_version_only_on_real_change_and_writes_outbox(db):
    service.add_product(db, "MO-1", "Mật ong", 180_000)
    view, changes = service.update_product(db, "mo-1", price="200k")
    assert view.price == 200_000 and view.version == 2 and changes.products == {view.id}
    view, changes = service.update_product(db, "MO-1", price=200_000, name="Mật ong")
    assert view.version == 2 and not changes
    with db.read_session() as s:
        pending = s.scalars(select(OutboxEntry).where(OutboxEntry.done_at.is_(None))).all()
    # The later product entry replaced the earlier unsent one.
    assert [(e.kind, e.key) for e in pending] == [("product", "MO-1")]


def test_stale_version_is_a_conflict(db):
    service.add_product(db, "MO-1", "Mật ong", 180_000)
    service.update_product(db, "MO-1", price=190_000)
    with pytest.raises(Conflict):
        service.update_product(db, "MO-1", expected_version=1, price=200_000)
    assert service.get_product(db, "MO-1").price == 190_000


def test_barcode_must_be_unique(db):
    service.add_product(db, "A", "A", 1, barcode="8934567890120")
    with pytest.raises(Conflict) as info:
        service.add_product(db, "B", "B", 1, barcode="8934567890120")
    assert info.value.field == "barcode"


def test_archive_and_find_by_code(db):
    service.add_product(db, "CF-1", "Cà phê", 150_000, barcode="8934567890120")
    assert service.find_by_code(db, "8934567890120").sku == "CF-1"
    assert service.find_by_code(db, "cf-1").sku == "CF-1"
    assert service.find_by_code(db, "nope") is None
    view, _ = service.archive_product(db, "CF-1")
    assert view.status == "archived"
    assert service.list_products(db) == []
    assert [v.sku for v in service.list_products(db, include_archived=True)] == ["CF-1"]
    with pytest.raises(NotFound):
        service.get_product(db, "XX")


def test_certifications_round_trip(db):
    view, _ = service.add_product(
        db, "GA-1", "Gạo hữu cơ", 90_000,
        certifications=[{"kind": "organic", "number": "ORG-12", "issuer": "Control Union", "expiry_date": "31/12/2027"}],
    )
    cert = view.certifications[0]
    assert (cert.kind, cert.number, cert.expiry_date.isoformat()) == ("organic", "ORG-12", "2027-12-31")
    with pytest.raises(ValidationError) as info:
        service.update_product(db, "GA-1", certifications=[{"kind": "magic"}])
    assert info.value.field == "certifications"
