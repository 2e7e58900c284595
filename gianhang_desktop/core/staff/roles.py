"""Roles and what each may do: THE one permission table of the app (README "Tài khoản nhân viên").

Checked in the core services (`access.require`), whatever the window shows or hides.
"""

from __future__ import annotations

from enum import StrEnum

from ..errors import ValidationError
from ..i18n import Msg, msg


class Role(StrEnum):
    """A staff role; the value is what the database and the CLI hold."""

    MANAGER = "manager"          # chủ HTX / quản lý
    STOCK_CLERK = "stock_clerk"  # thủ kho
    SALES = "sales"              # bán hàng

    @property
    def label(self) -> Msg:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.MANAGER: msg("Chủ HTX / quản lý", "Owner / manager"),
    Role.STOCK_CLERK: msg("Thủ kho", "Stock clerk"),
    Role.SALES: msg("Bán hàng", "Sales"),
}


class Permission(StrEnum):
    """One right; the value is the stable name a refusal shows ("products.price")."""

    PRODUCTS_EDIT = "products.edit"
    PRODUCTS_PRICE = "products.price"
    PRODUCTS_ARCHIVE = "products.archive"
    STOCK_RECEIVE = "stock.receive"
    STOCK_ADJUST_UP = "stock.adjust_up"
    STOCK_ADJUST_DOWN = "stock.adjust_down"
    STOCK_TRANSFER = "stock.transfer"
    ORDERS_CREATE = "orders.create"
    ORDERS_PROCESS = "orders.process"
    ORDERS_CANCEL = "orders.cancel"
    DATA_IMPORT = "data.import"
    BACKUP_RESTORE = "backup.restore"
    USERS_MANAGE = "users.manage"
    AUDIT_VIEW = "audit.view"

    @property
    def label(self) -> Msg:
        return PERMISSION_LABELS[self]


PERMISSION_LABELS = {
    Permission.PRODUCTS_EDIT: msg("Thêm, sửa thông tin sản phẩm", "Add and edit products"),
    Permission.PRODUCTS_PRICE: msg("Đổi giá bán, giá vốn", "Change prices and costs"),
    Permission.PRODUCTS_ARCHIVE: msg("Lưu trữ (ngừng bán), đổi mã sản phẩm", "Archive products, change SKUs"),
    Permission.STOCK_RECEIVE: msg("Nhập kho", "Receive stock"),
    Permission.STOCK_ADJUST_UP: msg("Điều chỉnh tăng tồn kho", "Adjust stock upwards"),
    Permission.STOCK_ADJUST_DOWN: msg("Điều chỉnh giảm tồn kho, hủy hàng", "Adjust stock downwards, write off"),
    Permission.STOCK_TRANSFER: msg("Chuyển kho", "Move stock between warehouses"),
    Permission.ORDERS_CREATE: msg("Tạo đơn hàng", "Enter orders"),
    Permission.ORDERS_PROCESS: msg("Xác nhận, đóng gói, giao đơn", "Confirm, pack and ship orders"),
    Permission.ORDERS_CANCEL: msg("Hủy đơn, nhận hàng hoàn", "Cancel orders, take returns back"),
    Permission.DATA_IMPORT: msg("Nhập dữ liệu từ bảng tính", "Import spreadsheets"),
    Permission.BACKUP_RESTORE: msg("Khôi phục bản sao lưu", "Restore a backup"),
    Permission.USERS_MANAGE: msg("Quản lý tài khoản nhân viên", "Manage staff accounts"),
    Permission.AUDIT_VIEW: msg("Xem nhật ký thao tác", "View the audit log"),
}

_P = Permission
# THE table. A cooperative's owner/manager may do everything; the stock clerk looks after goods
# (in, moves, upward corrections, packing and shipping); sales enters and handles orders. Prices,
# downward corrections, archiving, imports, restores, accounts and the audit log are the manager's.
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.MANAGER: frozenset(Permission),
    Role.STOCK_CLERK: frozenset({_P.PRODUCTS_EDIT, _P.STOCK_RECEIVE, _P.STOCK_ADJUST_UP, _P.STOCK_TRANSFER,
                                 _P.ORDERS_PROCESS}),
    Role.SALES: frozenset({_P.ORDERS_CREATE, _P.ORDERS_PROCESS, _P.ORDERS_CANCEL}),
}


def allowed(role: Role | str, permission: Permission) -> bool:
    """True when `role` has `permission` in the table above."""
    return permission in PERMISSIONS[Role(role)]


def parse_role(value: str, field: str = "role") -> Role:
    """A role from its code or a common name ("quản lý", "thủ kho", "bán hàng", "manager", …).

    Raises:
        ValidationError: naming `field` and listing the roles.
    """
    from ..text import fold

    key = fold(value or "").replace("-", " ").replace("_", " ").strip()
    names = {
        Role.MANAGER: ("manager", "quan ly", "chu htx", "chu", "owner"),
        Role.STOCK_CLERK: ("stock clerk", "thu kho", "clerk", "kho"),
        Role.SALES: ("sales", "ban hang", "seller"),
    }
    for role, options in names.items():
        if key in options:
            return role
    raise ValidationError(field, msg("Vai trò không hợp lệ: '{value}' (manager, stock_clerk, sales)",
                                     "Unknown role: '{value}' (manager, stock_clerk, sales)", value=value))
