"""Two managers editing one product; the audit log read, filtered and exported; restores guarded."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.catalog.conflicts import ProductEditConflict
from gianhang_desktop.core.staff import audit, users
from gianhang_desktop.core.staff.access import NotSignedIn, PermissionDenied
from tests.core import hammer
from tests.staff.helpers import PASSWORDS, other_pc, staff


def test_the_second_managers_save_is_refused_with_both_values_and_nothing_is_overwritten(db):
    staff(db)
    catalog.add_product(db, "VT-1", "Vải thiều Lục Ngạn", 100_000, category="Trái cây")
    office, packing = other_pc(db, "chu"), other_pc(db, "quan")
    opened_here = catalog.get_product(office, "VT-1")
    opened_there = catalog.get_product(packing, "VT-1")
    catalog.update_product(packing, "VT-1", expected_version=opened_there.version, price=110_000,
                           name="Vải thiều Lục Ngạn loại 1")
    with pytest.raises(ProductEditConflict) as clash:
        catalog.update_product(office, "VT-1", expected_version=opened_here.version, price=120_000,
                               name="Vải thiều Lục Ngạn", category="Trái cây")
    error = clash.value
    assert {d.field: (d.mine, d.saved) for d in error.differences} == {
        "price": (120_000, 110_000), "name": ("Vải thiều Lục Ngạn", "Vải thiều Lục Ngạn loại 1")}
    text = str(error)
    assert "120.000 ₫" in text and "110.000 ₫" in text and "quan" in text and "phiên bản 2" in text
    assert "yours 120.000 ₫, saved 110.000 ₫" in error.message("en")
    saved = catalog.get_product(db, "VT-1")
    assert (saved.price, saved.name, saved.version) == (110_000, "Vải thiều Lục Ngạn loại 1", 2)
    # Saved again from what is there now, it goes through.
    catalog.update_product(office, "VT-1", expected_version=error.saved_version, price=120_000)
    assert catalog.get_product(db, "VT-1").price == 120_000
    office.dispose()
    packing.dispose()


def test_a_save_that_matches_what_was_saved_meanwhile_is_no_conflict(db):
    catalog.add_product(db, "VT-1", "Vải", 100_000)
    catalog.update_product(db, "VT-1", expected_version=1, price=110_000)
    view, changes = catalog.update_product(db, "VT-1", expected_version=1, price=110_000)
    assert not changes and view.version == 2


def _save_price(barrier, index, data_dir, url, user, price) -> str:
    from gianhang_desktop.core.catalog import service as catalog
    from gianhang_desktop.core.catalog.conflicts import ProductEditConflict
    from gianhang_desktop.core.staff import users as staff_users

    db = hammer.open_database(data_dir, url)
    staff_users.sign_in(db, user, PASSWORDS[user])
    barrier.wait()
    try:
        catalog.update_product(db, "VT-1", expected_version=1, price=price)
        return "saved"
    except ProductEditConflict as error:
        return "conflict " + str(error)
    finally:
        db.dispose()


@pytest.mark.slow
def test_two_managers_saving_one_product_at_the_same_moment_one_wins_the_other_sees_both(db):
    staff(db)
    catalog.add_product(db, "VT-1", "Vải", 100_000)
    url = None if db.is_sqlite else db.url
    outcomes = hammer.run_processes(_save_price_pair, 2, str(db.data_dir), url)
    assert sorted(o.split(" ")[0] for o in outcomes) == ["conflict", "saved"]
    saved = catalog.get_product(db, "VT-1")
    assert saved.version == 2 and saved.price in (111_000, 122_000)
    conflict = next(o for o in outcomes if o.startswith("conflict"))
    assert "111.000 ₫" in conflict and "122.000 ₫" in conflict


def _save_price_pair(barrier, index, data_dir, url) -> str:
    user, price = (("chu", 111_000), ("quan", 122_000))[index]
    return _save_price(barrier, index, data_dir, url, user, price)


def test_the_audit_log_filters_and_exports_to_xlsx_without_live_formulas(db, tmp_path):
    staff(db)
    catalog.add_product(db, "VT-1", "=1+1 Vải", 100_000)
    catalog.update_product(db, "VT-1", price=90_000)
    with db.session() as s:  # a store's order code is whatever the store sent
        audit.record(s, "order.status", "order", '=HYPERLINK("http://x")', {"status": "paid"}, {"status": "packed"})
    entries = audit.list_audit(db, target="VT-1")
    assert [e.action for e in entries] == ["product.update", "product.add"]
    assert audit.list_audit(db, action="user.", user="chu")[0].action == "user.add"
    assert audit.list_audit(db, action="order.")[0].target == '=HYPERLINK("http://x")'
    path = audit.export_audit(db, tmp_path / "nhat-ky.xlsx")
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Thời gian", "Người dùng", "Thao tác", "Đối tượng", "Trước", "Sau")
    assert rows[1][1:4] == ("chu", "Chuyển trạng thái đơn", '=HYPERLINK("http://x")')
    assert rows[2][1:4] == ("chu", "Sửa sản phẩm", "VT-1")
    assert "Giá bán: 100.000 ₫" in rows[2][4] and "Giá bán: 90.000 ₫" in rows[2][5]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
    english = audit.export_audit(db, tmp_path / "audit.xlsx", lang="en", action="product.")
    assert next(load_workbook(english).active.iter_rows(values_only=True))[0] == "Time"


def test_only_a_manager_reads_the_audit_log(db):
    staff(db)
    clerk = other_pc(db, "kho")
    with pytest.raises(PermissionDenied) as refused:
        audit.export_audit(clerk, "/tmp/never.xlsx")
    assert "audit.view" in str(refused.value)
    clerk.dispose()


@pytest.mark.sqlite_only("restoring replaces the folder's SQLite file; the server's restore needs an empty database")
def test_restoring_a_backup_needs_a_manager_once_sign_in_is_on(db, tmp_path):
    from gianhang_desktop.core import backup, restore

    staff(db)
    users.set_login_required(db, True)
    made = backup.create_backup(db.data_dir, tmp_path / "b.zip")
    clerk = other_pc(db, "kho")
    with pytest.raises(NotSignedIn):
        restore.restore_backup(db.data_dir, made.path)
    with pytest.raises(PermissionDenied) as refused:
        restore.restore_backup(db.data_dir, made.path, access=clerk.access)
    assert "backup.restore" in str(refused.value)
    clerk.dispose()
    access = db.access
    db.dispose()
    assert restore.restore_backup(db.data_dir, made.path, access=access).safety_backup is not None
