"""Accounts, sign-in with lockout, and the one permission table, checked in the core services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from gianhang_desktop.core import clock
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.errors import Conflict, ValidationError
from gianhang_desktop.core.orders import service as orders
from gianhang_desktop.core.staff import audit, users
from gianhang_desktop.core.staff.access import NotSignedIn, PermissionDenied
from gianhang_desktop.core.staff.models import User
from gianhang_desktop.core.staff.roles import PERMISSIONS, Permission, Role, allowed
from gianhang_desktop.core.stock import service as stock
from gianhang_desktop.core.stock.models import StockMovement
from tests.orders.helpers import draft, stock_up
from tests.staff.helpers import PASSWORDS, other_pc, staff


def test_the_permission_table_gives_prices_removals_archiving_restores_and_accounts_to_managers_only():
    manager_only = {Permission.PRODUCTS_PRICE, Permission.STOCK_ADJUST_DOWN, Permission.PRODUCTS_ARCHIVE,
                    Permission.BACKUP_RESTORE, Permission.USERS_MANAGE}
    assert PERMISSIONS[Role.MANAGER] == frozenset(Permission)
    for role in (Role.STOCK_CLERK, Role.SALES):
        assert not manager_only & PERMISSIONS[role]
    assert allowed("stock_clerk", Permission.STOCK_RECEIVE) and not allowed("sales", Permission.STOCK_RECEIVE)
    assert allowed("sales", Permission.ORDERS_CREATE) and not allowed("stock_clerk", Permission.ORDERS_CREATE)


def test_passwords_are_stored_as_argon2_hashes_never_as_given(db):
    staff(db)
    with db.read_session() as s:
        hashes = dict(s.execute(select(User.username, User.password_hash)).all())
    assert set(hashes) == {"chu", "kho", "lan", "quan"}
    for name, stored in hashes.items():
        assert stored.startswith("$argon2id$") and PASSWORDS[name] not in stored


def test_the_first_account_must_be_a_manager_and_later_ones_need_a_signed_in_manager(db):
    with pytest.raises(ValidationError) as refused:
        users.add_user(db, "lan", "ban-hang-2026", "sales")
    assert refused.value.field == "role"
    users.add_user(db, "chu", PASSWORDS["chu"], "quản lý")
    with pytest.raises(NotSignedIn):
        users.add_user(db, "kho", PASSWORDS["kho"], "thủ kho")
    users.sign_in(db, "chu", PASSWORDS["chu"])
    users.add_user(db, "kho", PASSWORDS["kho"], "thủ kho")
    with pytest.raises(Conflict) as taken:
        users.add_user(db, "KHO", PASSWORDS["kho"], "sales")
    assert taken.value.field == "username"
    for bad, field in ((("x", PASSWORDS["kho"], "sales"), "username"), (("ba", "short", "sales"), "password"),
                       (("ba", PASSWORDS["kho"], "boss"), "role"), (("bà", PASSWORDS["kho"], "sales"), "username")):
        with pytest.raises(ValidationError) as error:
            users.add_user(db, *bad)
        assert error.value.field == field
        assert PASSWORDS["kho"] not in str(error.value)


def test_a_wrong_password_or_unknown_account_gets_one_clear_message(db):
    staff(db)
    pc = other_pc(db)
    for name, password in (("lan", "wrong-password"), ("nobody", PASSWORDS["lan"]), ("lan", "")):
        with pytest.raises(users.WrongPassword) as refused:
            users.sign_in(pc, name, password)
        assert str(refused.value) == "Sai tên đăng nhập hoặc mật khẩu"
        assert refused.value.field == "password"
    assert pc.access.actor is None
    assert users.sign_in(pc, " LAN ", PASSWORDS["lan"]).role is Role.SALES  # names ignore case and spaces
    pc.dispose()


def test_repeated_wrong_passwords_lock_the_account_for_a_while_then_it_signs_in(db):
    staff(db)
    pc = other_pc(db)
    start = clock.now_utc()
    with clock.frozen(start):
        for _ in range(users.FREE_FAILURES - 1):
            with pytest.raises(users.WrongPassword):
                users.sign_in(pc, "kho", "guess-guess")
        with pytest.raises(users.AccountLocked) as locked:
            users.sign_in(pc, "kho", "guess-guess")
        assert locked.value.until == start + users.FIRST_LOCK
        with pytest.raises(users.AccountLocked):  # even the right password waits
            users.sign_in(pc, "kho", PASSWORDS["kho"])
    with clock.frozen(start + users.FIRST_LOCK + timedelta(seconds=1)):
        with pytest.raises(users.AccountLocked) as longer:  # one more failure: twice as long
            users.sign_in(pc, "kho", "guess-again")
        assert longer.value.until - clock.now_utc() == 2 * users.FIRST_LOCK
    with clock.frozen(start + timedelta(minutes=4)):
        assert users.sign_in(pc, "kho", PASSWORDS["kho"]).username == "kho"
        users.sign_out(pc)
        with pytest.raises(users.WrongPassword):  # a success reset the count
            users.sign_in(pc, "kho", "guess-guess")
    entries = audit.list_audit(db, action="user.locked")
    assert [e.target for e in entries] == ["kho", "kho"]
    pc.dispose()


def test_a_disabled_account_cannot_sign_in_and_is_stopped_on_a_pc_where_it_is_signed_in(db):
    staff(db)
    stock_up(db)
    pc = other_pc(db, "kho")
    stock.receive_stock(pc, "TRA-1", 1)
    users.disable_user(db, "kho")
    with pytest.raises(NotSignedIn) as stopped:
        stock.receive_stock(pc, "TRA-1", 1)
    assert "kho" in str(stopped.value)
    with pytest.raises(users.AccountLocked):
        users.sign_in(pc, "kho", PASSWORDS["kho"])
    users.enable_user(db, "kho")
    users.sign_in(pc, "kho", PASSWORDS["kho"])
    stock.receive_stock(pc, "TRA-1", 1)
    pc.dispose()


def test_the_last_active_manager_cannot_be_disabled_or_demoted(db):
    staff(db)
    users.disable_user(db, "quan")
    with pytest.raises(Conflict) as refused:
        users.set_role(db, "chu", "sales")
    assert "chu" in str(refused.value)
    with pytest.raises(Conflict):
        users.disable_user(db, "chu")
    users.enable_user(db, "quan")
    assert users.set_role(db, "chu", "sales").value.role == "sales"


@pytest.mark.parametrize(("user", "action", "permission"), [
    ("lan", lambda db: catalog.update_product(db, "TRA-1", price=1), "products.price"),
    ("kho", lambda db: catalog.update_product(db, "TRA-1", cost=1), "products.price"),
    ("kho", lambda db: catalog.archive_product(db, "TRA-1"), "products.archive"),
    ("kho", lambda db: stock.adjust_stock(db, "TRA-1", -1, reason="hỏng"), "stock.adjust_down"),
    ("lan", lambda db: stock.receive_stock(db, "TRA-1", 1), "stock.receive"),
    ("lan", lambda db: stock.adjust_stock(db, "TRA-1", 1, reason="đếm lại"), "stock.adjust_up"),
    ("kho", lambda db: orders.add_order(db, draft(("TRA-1", 1))), "orders.create"),
    ("kho", lambda db: users.add_user(db, "moi", "mat-khau-moi", "sales"), "users.manage"),
    ("lan", lambda db: audit.list_audit(db), "audit.view"),
])
def test_a_role_without_the_right_is_refused_naming_the_permission_and_nothing_changes(db, user, action, permission):
    staff(db)
    stock_up(db)
    before = catalog.get_product(db, "TRA-1")
    pc = other_pc(db, user)
    with pytest.raises(PermissionDenied) as refused:
        action(pc)
    assert refused.value.permission.value == permission
    assert permission in str(refused.value) and f"'{user}'" in str(refused.value)
    assert catalog.get_product(db, "TRA-1") == before
    pc.dispose()


def test_each_role_does_its_own_work_and_every_line_records_who(db):
    staff(db)
    stock_up(db)
    clerk, seller = other_pc(db, "kho"), other_pc(db, "lan")
    stock.receive_stock(clerk, "TRA-1", 5)
    stock.adjust_stock(clerk, "TRA-1", 2, reason="đếm lại", user="someone-else")  # the signed-in name wins
    catalog.update_product(clerk, "TRA-1", name="Trà Shan tuyết cổ thụ")
    code = orders.add_order(seller, draft(("TRA-1", 1), cod_amount=0)).value.code
    orders.confirm_order(seller, code)
    orders.pack_order(clerk, code)
    orders.ship_order(clerk, code)
    catalog.update_product(db, "TRA-1", price=360_000)
    stock.adjust_stock(db, "TRA-1", -1, reason="hỏng")
    with db.read_session() as s:
        lines = s.execute(select(StockMovement.kind, StockMovement.quantity, StockMovement.user_name)
                          .order_by(StockMovement.id)).all()[-4:]
    assert [tuple(r) for r in lines] == [("receipt", 5, "kho"), ("adjustment", 2, "kho"), ("shipment", -1, "kho"),
                                         ("adjustment", -1, "chu")]
    steps = [(e.user_name, e.before.get("status"), e.after["status"]) for e in
             reversed(audit.list_audit(db, action="order.", target=code))]
    assert steps == [("lan", None, "paid"), ("lan", "paid", "confirmed"), ("kho", "confirmed", "packed"),
                     ("kho", "packed", "shipped")]
    price = audit.list_audit(db, action="product.update", target="TRA-1")[0]
    assert (price.user_name, price.before["price"], price.after["price"]) == ("chu", 350_000, 360_000)
    removal = audit.list_audit(db, action="stock.adjust")[0]
    assert (removal.user_name, removal.before["on_hand"], removal.after["on_hand"]) == ("chu", 9, 8)
    clerk.dispose()
    seller.dispose()


def test_sign_in_is_asked_on_the_server_once_accounts_exist_and_on_sqlite_when_a_manager_turns_it_on(db):
    stock_up(db)
    assert users.login_required(db) is False
    staff(db)
    anonymous = other_pc(db)
    if db.is_sqlite:
        assert users.login_required(db) is False
        stock.receive_stock(anonymous, "TRA-1", 1)  # one PC, nobody asked to sign in: as before
        users.set_login_required(db, True)
        anonymous.access.forget_policy()
    else:
        with pytest.raises(ValidationError):
            users.set_login_required(db, False)
    assert users.login_required(db) is True
    with pytest.raises(NotSignedIn) as refused:
        stock.receive_stock(anonymous, "TRA-1", 1)
    assert "stock.receive" in str(refused.value)
    anonymous.dispose()


def test_changing_ones_own_password_needs_the_old_one_and_a_manager_can_reset_anyones(db):
    staff(db)
    pc = other_pc(db, "lan")
    with pytest.raises(users.WrongPassword):
        users.change_password(pc, "lan", "mat-khau-moi-1", old_password="not-it")
    users.change_password(pc, "lan", "mat-khau-moi-1", old_password=PASSWORDS["lan"])
    with pytest.raises(PermissionDenied):
        users.change_password(pc, "kho", "mat-khau-moi-2")
    users.change_password(db, "kho", "mat-khau-moi-2")
    assert users.sign_in(pc, "kho", "mat-khau-moi-2").username == "kho"
    with pytest.raises(users.WrongPassword):
        users.sign_in(pc, "lan", PASSWORDS["lan"])
    entries = audit.list_audit(db, action="user.password")
    assert {e.target for e in entries} == {"lan", "kho"}
    assert all(e.before == {} and e.after == {} for e in entries)  # never the values
    pc.dispose()


@pytest.mark.real_hashes
def test_the_app_hashes_with_rfc_9106_parameters_and_upgrades_weaker_hashes_at_sign_in(db):
    from argon2 import PasswordHasher, profiles

    from gianhang_desktop.core.staff import passwords

    stored = passwords.hash_password("mat-khau-that")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify_password(stored, "mat-khau-that") and not passwords.verify_password(stored, "khac")
    assert not passwords.verify_password("not a hash", "khac")
    weak = PasswordHasher.from_parameters(profiles.CHEAPEST).hash(PASSWORDS["chu"])
    with db.session() as s:
        s.add(User(username="chu", username_key="chu", full_name="", role="manager", password_hash=weak,
                   active=True, failed_logins=0))
    users.sign_in(db, "chu", PASSWORDS["chu"])
    with db.read_session() as s:
        assert s.scalar(select(User.password_hash)).startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_writing_off_an_expired_lot_is_the_managers_and_is_in_the_audit_log(db):
    from gianhang_desktop.core.stock.expiry import write_off_expired

    staff(db)
    catalog.add_product(db, "MO-1", "Mật ong", 100_000)
    with clock.frozen("2026-01-10T09:00:00+07:00"):
        stock.receive_stock(db, "MO-1", 4, lot="L-OLD", expiry="2026-02-01")
    clerk = other_pc(db, "kho")
    with pytest.raises(PermissionDenied) as refused:
        write_off_expired(clerk, "MO-1", "L-OLD")
    assert "stock.adjust_down" in str(refused.value)
    write_off_expired(db, "MO-1", "L-OLD")
    entry = audit.list_audit(db, action="stock.write_off")[0]
    assert (entry.user_name, entry.before["on_hand"], entry.after["on_hand"]) == ("chu", 4, 0)
    clerk.dispose()


def test_a_store_listings_price_is_the_managers_too(db):
    from gianhang_desktop.core.sync.listing import save_listing

    staff(db)
    catalog.add_product(db, "VT-1", "Vải thiều", 100_000, weight_g=1000)
    clerk = other_pc(db, "kho")
    save_listing(clerk, "VT-1", active=False)  # listed at the product's own price: no price changed
    with pytest.raises(PermissionDenied) as refused:
        save_listing(clerk, "VT-1", active=False, price=90_000)
    assert "products.price" in str(refused.value)
    save_listing(db, "VT-1", active=False, price=90_000)
    entry = audit.list_audit(db, action="listing.update")[0]
    assert (entry.user_name, entry.before["price"], entry.after["price"]) == ("chu", 100_000, 90_000)
    clerk.dispose()
