"""The core's small error hierarchy; the CLI and the window each turn it into messages in one place."""

from __future__ import annotations

from .i18n import Msg, msg


class GianHangError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, message: Msg):
        super().__init__(message.vi)
        self.msg = message

    def message(self, lang: str | None = None) -> str:
        return self.msg.text(lang)

    def __str__(self) -> str:
        return self.msg.text()


class ValidationError(GianHangError):
    """Bad input for one field; `field` names it (e.g. "price")."""

    def __init__(self, field: str, message: Msg):
        super().__init__(message)
        self.field = field

    def message(self, lang: str | None = None) -> str:
        return self.msg.text(lang)


class NotFound(GianHangError):
    """The thing asked for does not exist (unknown SKU, warehouse, order)."""


class Conflict(GianHangError):
    """The change clashes with the current state (duplicate SKU, stale version, not enough stock)."""

    def __init__(self, message: Msg, field: str | None = None):
        super().__init__(message)
        self.field = field


class SyncError(GianHangError):
    """Talking to the store failed in a way the user must know about."""


def not_found_sku(sku: str) -> NotFound:
    return NotFound(msg("Không tìm thấy sản phẩm có mã SKU '{sku}'", "No product with SKU '{sku}'", sku=sku))
