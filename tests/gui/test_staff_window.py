"""The window's staff parts: sign-in, the users and audit pages, two managers in the editor."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, profiles
from openpyxl import load_workbook

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.staff import passwords, users
from gianhang_desktop.gui import widgets
from gianhang_desktop.gui.products.editor import ProductEditor
from gianhang_desktop.gui.staff import signin
from gianhang_desktop.gui.staff.audit_page import AuditPage
from gianhang_desktop.gui.staff.signin import SignInDialog, sign_in_at_start
from gianhang_desktop.gui.staff.users_page import UsersPage
from tests.staff.helpers import PASSWORDS, other_pc, staff


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST)
    monkeypatch.setattr(passwords, "_hasher", lambda: cheap)


def test_the_second_save_in_the_editor_shows_both_values_and_overwrites_only_when_asked(qtbot, ctx, monkeypatch):
    editor = ProductEditor(ctx, catalog.get_product(ctx.db, "VT-001"), {})
    qtbot.addWidget(editor)
    other = other_pc(ctx.db)
    catalog.update_product(other, "VT-001", expected_version=1, price=110_000)  # another PC saves first
    asked: list[str] = []
    monkeypatch.setattr(widgets.Confirm, "ask", classmethod(lambda cls, parent, title, text: asked.append(text)))
    editor.price.setText("125000")
    editor.save()
    qtbot.waitUntil(lambda: asked != [], timeout=5000)
    assert "của bạn 125.000 ₫, đã lưu 110.000 ₫" in asked[0]
    assert catalog.get_product(ctx.db, "VT-001").price == 110_000  # nothing overwritten
    monkeypatch.setattr(widgets.Confirm, "ask", classmethod(lambda cls, parent, title, text: True))
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    saved = catalog.get_product(ctx.db, "VT-001")
    assert (saved.price, saved.version) == (125_000, 3)
    other.dispose()


def test_sign_in_dialog_says_wrong_password_then_signs_in(qtbot, ctx):
    staff(ctx.db)
    users.sign_out(ctx.db)
    dialog = SignInDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.username.setText("kho")
    dialog.password.setText("not-the-password")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=5000)
    assert dialog.message.text() == "Sai tên đăng nhập hoặc mật khẩu"
    assert dialog.password.text() == "" and ctx.db.access.actor is None
    dialog.password.setText(PASSWORDS["kho"])
    with qtbot.waitSignal(dialog.signed_in, timeout=5000):
        dialog.submit()
    assert ctx.db.access.actor.username == "kho"


def test_sign_in_at_start_is_asked_only_when_the_database_wants_it(qtbot, ctx, monkeypatch):
    asked: list = []
    monkeypatch.setattr(SignInDialog, "ask", classmethod(lambda cls, parent, c, db=None: asked.append(db) or True))
    assert sign_in_at_start(None, ctx) is True and asked == []
    staff(ctx.db)
    users.set_login_required(ctx.db, True)
    users.sign_out(ctx.db)
    assert sign_in_at_start(None, ctx) is True and asked == [ctx.db]


def test_a_manager_manages_accounts_on_the_users_page(qtbot, ctx, monkeypatch):
    staff(ctx.db)
    page = UsersPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.table.rowCount() == 4, timeout=5000)
    assert [page.table.item(r, 0).text() for r in range(4)] == ["chu", "kho", "lan", "quan"]
    assert page.table.item(2, 2).text() == "Bán hàng"
    monkeypatch.setattr(signin.AccountDialog, "ask", classmethod(lambda cls, parent, **o: {
        "username": "hoa", "full_name": "Phạm Thị Hoa", "role": "sales", "password": "hoa-ban-hang"}))
    with qtbot.waitSignal(ctx.changes, timeout=5000):
        page.add_account()
    qtbot.waitUntil(lambda: page.table.rowCount() == 5, timeout=5000)
    page.table.selectRow(1)  # hoa, after chu
    with qtbot.waitSignal(ctx.changes, timeout=5000):
        page.toggle_active()
    qtbot.waitUntil(lambda: page.table.item(1, 3).text() == "Đã khóa", timeout=5000)
    with pytest.raises(users.AccountLocked):
        users.sign_in(other_pc(ctx.db), "hoa", "hoa-ban-hang")


def test_a_clerk_sees_the_refusal_naming_the_permission_on_the_users_and_audit_pages(qtbot, ctx):
    staff(ctx.db)
    users.sign_in(ctx.db, "kho", PASSWORDS["kho"])
    for page_class, permission in ((UsersPage, "users.manage"), (AuditPage, "audit.view")):
        page = page_class(ctx)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda p=page: p.notice.isVisibleTo(p), timeout=5000)
        assert permission in page.notice.text()
        assert page.table.rowCount() == 0


def test_the_audit_page_shows_who_changed_what_and_exports_it(qtbot, ctx, tmp_path, monkeypatch):
    staff(ctx.db)
    catalog.update_product(ctx.db, "VT-001", price=130_000)
    page = AuditPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=5000)
    assert [page.table.item(0, c).text() for c in (1, 2, 3)] == ["chu", "Sửa sản phẩm", "VT-001"]
    assert "Giá bán: 120.000 ₫" in page.table.item(0, 4).text() and "Giá bán: 130.000 ₫" in page.table.item(0, 5).text()
    page.action.setCurrentIndex(page.action.findData("user."))
    qtbot.waitUntil(lambda: page.table.item(0, 2) is not None and page.table.item(0, 2).text() == "Thêm tài khoản",
                    timeout=5000)
    target = tmp_path / "nhat-ky.xlsx"
    monkeypatch.setattr(AuditPage, "ask_path", lambda self: target)
    page.export()
    qtbot.waitUntil(target.exists, timeout=5000)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) == 5 and {r[2] for r in rows[1:]} == {"Thêm tài khoản"}


def test_on_one_pc_the_users_page_creates_the_first_manager_and_signs_in_as_it(qtbot, ctx, monkeypatch):
    from gianhang_desktop.gui.staff.who import SignedInLabel

    label = SignedInLabel(ctx)
    qtbot.addWidget(label)
    assert label.text() == ""
    page = UsersPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.first_button.isVisibleTo(page), timeout=5000)
    assert "Chưa có tài khoản" in page.notice.text()
    monkeypatch.setattr(signin.AccountDialog, "ask", classmethod(lambda cls, parent, **o: {
        "username": "chu", "full_name": "Nguyễn Văn Chủ", "role": None, "password": PASSWORDS["chu"]}))
    page.create_first_manager()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert page.table.item(0, 2).text() == "Chủ HTX / quản lý" and not page.first_button.isVisibleTo(page)
    assert ctx.db.access.actor.username == "chu"
    qtbot.waitUntil(lambda: label.text() == "Đăng nhập: Nguyễn Văn Chủ · Chủ HTX / quản lý", timeout=3000)


def test_the_users_page_offers_sign_in_when_accounts_exist_and_nobody_is_signed_in(qtbot, ctx, monkeypatch):
    staff(ctx.db)
    users.sign_out(ctx.db)
    page = UsersPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.sign_in_button.isVisibleTo(page), timeout=5000)
    assert "users.manage" in page.notice.text()

    def sign_in(cls, parent, c, db=None):
        users.sign_in(c.db, "chu", PASSWORDS["chu"])
        return True

    monkeypatch.setattr(SignInDialog, "ask", classmethod(sign_in))
    page.sign_in()
    qtbot.waitUntil(lambda: page.table.rowCount() == 4, timeout=5000)
    assert not page.sign_in_button.isVisibleTo(page)
