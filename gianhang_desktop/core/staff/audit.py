"""The audit log: who did what, when, with the values before and after; read, filtered, exported.

Entries are written by the services in the transaction of the change itself (`record`), so a
change and its entry are saved together or not at all. Passwords are never in it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..database import Database
from ..i18n import Msg, current_language, msg
from ..tasks import ProgressFn
from .access import recorded_user, require
from .models import ROLE_CODES, AuditEntry
from .roles import Permission, Role

ACTIONS: dict[str, Msg] = {
    "product.add": msg("Thêm sản phẩm", "Product added"),
    "product.update": msg("Sửa sản phẩm", "Product changed"),
    "product.rename": msg("Đổi mã SKU", "SKU changed"),
    "listing.update": msg("Sửa tin đăng gian hàng", "Store listing changed"),
    "stock.adjust": msg("Điều chỉnh tồn kho", "Stock adjusted"),
    "stock.write_off": msg("Hủy hàng hết hạn", "Expired stock written off"),
    "order.add": msg("Tạo đơn hàng", "Order entered"),
    "order.status": msg("Chuyển trạng thái đơn", "Order status changed"),
    "user.add": msg("Thêm tài khoản", "Account added"),
    "user.password": msg("Đổi mật khẩu", "Password changed"),
    "user.disable": msg("Khóa tài khoản", "Account disabled"),
    "user.enable": msg("Mở lại tài khoản", "Account enabled"),
    "user.role": msg("Đổi vai trò", "Role changed"),
    "user.locked": msg("Tạm khóa vì đăng nhập sai nhiều lần", "Locked after repeated failed sign-ins"),
    "access.policy": msg("Đổi yêu cầu đăng nhập", "Sign-in requirement changed"),
}


def action_label(action: str, lang: str | None = None) -> str:
    label = ACTIONS.get(action)
    return label.text(lang) if label else action


@dataclass(frozen=True)
class AuditView:
    """One audit entry as shown; `before`/`after` map field names to plain values."""

    id: int
    at: datetime
    user_name: str
    action: str
    target_kind: str
    target: str
    before: dict[str, Any]
    after: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), "user": self.user_name, "action": self.action,
                "target_kind": self.target_kind, "target": self.target, "before": self.before, "after": self.after}


def record(session: Session, action: str, target_kind: str, target: str,
           before: Mapping[str, Any] | None = None, after: Mapping[str, Any] | None = None,
           user: str | None = None) -> None:
    """Add one entry in the caller's transaction; the user is the signed-in person (or `user`)."""
    session.add(AuditEntry(
        at=clock.now_utc(), user_name=recorded_user(session, user)[:80], action=action,
        target_kind=target_kind, target=str(target)[:120],
        before=_dump(before or {}), after=_dump(after or {})))


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict, dict]:
    """The keys whose values differ, as (before, after) dicts ready for `record`."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def list_audit(db: Database, *, user: str | None = None, action: str | None = None, target: str | None = None,
               since: date | None = None, until: date | None = None, limit: int | None = 1000) -> list[AuditView]:
    """Entries newest first, filtered by user name, action (or its prefix "order."), target
    (SKU, order code, account) and the shop's local dates `since`..`until` (inclusive).

    Raises:
        PermissionDenied / NotSignedIn: the audit log is the manager's (`audit.view`).
    """
    with db.read_session() as session:
        require(session, Permission.AUDIT_VIEW)
        stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        if user:
            stmt = stmt.where(AuditEntry.user_name == user)
        if action:
            stmt = stmt.where(AuditEntry.action.startswith(action) if action.endswith(".")
                              else AuditEntry.action == action)
        if target:
            stmt = stmt.where(AuditEntry.target == target)
        if since:
            stmt = stmt.where(AuditEntry.at >= clock.local_day_bounds(since)[0])
        if until:
            stmt = stmt.where(AuditEntry.at < clock.local_day_bounds(until)[1])
        if limit:
            stmt = stmt.limit(limit)
        return [_view(e) for e in session.scalars(stmt)]


def export_audit(db: Database, path: str | Path, *, progress: ProgressFn | None = None, lang: str | None = None,
                 **filters: Any) -> Path:
    """Write the (filtered) audit log to an .xlsx file, atomically; never a live formula.

    Raises:
        PermissionDenied / NotSignedIn: as `list_audit`.
        GianHangError: the file cannot be written (named).
    """
    from ..spreadsheet.xlsx import Column, new_workbook, save_atomically, write_sheet

    entries = list_audit(db, limit=None, **filters)
    en = (lang or current_language()) == "en"
    columns = [Column("Time" if en else "Thời gian", "datetime"), Column("User" if en else "Người dùng"),
               Column("Action" if en else "Thao tác"), Column("Target" if en else "Đối tượng"),
               Column("Before" if en else "Trước"), Column("After" if en else "Sau")]
    code = "en" if en else "vi"
    rows = ([e.at, e.user_name, action_label(e.action, code), e.target, describe(e.before, code),
             describe(e.after, code)] for e in entries)
    book = new_workbook()
    write_sheet(book, "Audit" if en else "Nhật ký", columns, rows)
    if progress:
        progress(1.0, "")
    return save_atomically(book, path)


MONEY_KEYS = ("price", "cost", "cod_amount", "shipping_fee", "sale_price")
KEY_LABELS: dict[str, Msg] = {
    "on_hand": msg("Tồn", "On hand"), "quantity": msg("Số lượng", "Quantity"), "reason": msg("Lý do", "Reason"),
    "warehouse": msg("Kho", "Warehouse"), "version": msg("Phiên bản", "Version"), "role": msg("Vai trò", "Role"),
    "active": msg("Đang dùng", "Active"), "full_name": msg("Họ tên", "Full name"), "sku": msg("SKU", "SKU"),
    "buyer": msg("Người mua", "Buyer"), "cod_amount": msg("Thu hộ", "COD"), "items": msg("Hàng", "Items"),
    "login_required": msg("Bắt đăng nhập", "Sign-in required"), "source": msg("Nguồn", "Source"),
    "failed_logins": msg("Số lần sai", "Failed sign-ins"), "lot": msg("Lô", "Lot"),
    "sale_price": msg("Giá khuyến mãi", "Sale price"),
}


def describe(values: Mapping[str, Any], lang: str | None = None) -> str:
    """"Giá bán: 110.000 ₫; Tên sản phẩm: Vải" — one side of an entry, for tables and exports."""
    from ..catalog.conflicts import FIELD_LABELS, show_value
    from ..money import format_vnd

    parts = []
    for key, value in values.items():
        label = FIELD_LABELS.get(key) or KEY_LABELS.get(key)
        if key in MONEY_KEYS and isinstance(value, int):
            shown = format_vnd(value)
        elif isinstance(value, bool):
            shown = (msg("có", "yes") if value else msg("không", "no")).text(lang)
        elif isinstance(value, list) and key != "certifications":
            shown = ", ".join(str(v) for v in value)
        elif key == "role" and value in ROLE_CODES:
            shown = Role(value).label.text(lang)
        else:
            shown = show_value(key, value, lang)
        parts.append(f"{label.text(lang) if label else key}: {shown}")
    return "; ".join(parts)


def _dump(values: Mapping[str, Any]) -> str:
    return json.dumps(dict(values), ensure_ascii=False, sort_keys=True, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def _view(e: AuditEntry) -> AuditView:
    return AuditView(e.id, e.at, e.user_name, e.action, e.target_kind, e.target, _load(e.before), _load(e.after))


def _load(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
