"""Shared setup for staff tests: a manager, a stock clerk and a sales account, and other PCs."""

from __future__ import annotations

from gianhang_desktop.core.database import Database
from gianhang_desktop.core.staff import users

PASSWORDS = {"chu": "chu-htx-2026", "kho": "thu-kho-2026", "lan": "ban-hang-2026", "quan": "quan-ly-2026"}


def staff(db: Database) -> None:
    """Accounts chu (manager, first), kho (stock clerk), lan (sales), quan (a second manager)."""
    users.add_user(db, "chu", PASSWORDS["chu"], "manager", full_name="Nguyễn Văn Chủ")
    users.sign_in(db, "chu", PASSWORDS["chu"])
    users.add_user(db, "kho", PASSWORDS["kho"], "stock_clerk", full_name="Trần Thủ Kho")
    users.add_user(db, "lan", PASSWORDS["lan"], "sales", full_name="Lê Thị Lan")
    users.add_user(db, "quan", PASSWORDS["quan"], "manager")


def other_pc(db: Database, user: str | None = None) -> Database:
    """The same data opened again, as another PC would (signed in as `user`)."""
    other = Database.open(db.data_dir, url=None if db.is_sqlite else db.url, migrate_now=False)
    if user:
        users.sign_in(other, user, PASSWORDS[user])
    return other
