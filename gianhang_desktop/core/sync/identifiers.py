"""Which identifiers may go to the store (its SKU and order-code patterns, docs/store-api.md), and
what the user is told about a SKU an older version accepted that the store refuses."""

from __future__ import annotations

import re

from ..catalog.validation import SKU_PATTERN, shown, sku_problem
from ..i18n import Msg, msg

ORDER_CODE_PATTERN = re.compile(r"[A-Z0-9]{4,32}")


def sendable_sku(sku: str) -> bool:
    """True when the store accepts `sku` as it is (a SKU from an older version may not)."""
    return isinstance(sku, str) and SKU_PATTERN.fullmatch(sku) is not None


def store_order_code(code: object) -> bool:
    """True for an order code of the store's pattern (A-Z, 0-9, 4 to 32 characters)."""
    return isinstance(code, str) and ORDER_CODE_PATTERN.fullmatch(code) is not None


def unsendable_sku(sku: str) -> Msg:
    """Why a product stays unsent, and the command that fixes it (nothing is renamed silently)."""
    problem = sku_problem(sku)
    reason_vi = problem.text("vi") if problem else "không đúng mẫu mã SKU của gian hàng"
    reason_en = problem.text("en") if problem else "not of the store's SKU pattern"
    return msg(
        "Chưa gửi sản phẩm '{sku}' lên gian hàng: {reason_vi}. Đổi mã SKU bằng lệnh: gianhang product rename \"{sku}\" MÃ-MỚI",
        "Product '{sku}' was not sent to the store: {reason_en}. Rename its SKU: gianhang product rename \"{sku}\" NEW-SKU",
        sku=shown(sku), reason_vi=reason_vi, reason_en=reason_en,
    )
