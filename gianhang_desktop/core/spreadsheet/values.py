"""Cell values as Vietnamese spreadsheets hold them: numbers as text, money in every form, dates."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from ..catalog.validation import parse_date
from ..errors import ValidationError
from ..i18n import msg
from ..money import parse_vnd
from ..stock.service import parse_quantity
from ..text import clean
from .reader import FormulaWithoutValue

_EXCEL_EPOCH = date(1899, 12, 30)
_SHORT_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})$")
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not _SPACES.sub("", value))


def check_formula(field: str, value: Any) -> None:
    if isinstance(value, FormulaWithoutValue):
        raise ValidationError(field, msg(
            "Ô có công thức {f} nhưng chưa có kết quả: mở tệp trong Excel, lưu lại rồi nhập",
            "The cell holds the formula {f} without a computed result: open the file in Excel, save, import again",
            f=value.formula,
        ))


def text_value(value: Any) -> str:
    """Trimmed text, inner spaces (also non-breaking ones) collapsed; whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return clean(_SPACES.sub(" ", str(value)))


def code_value(field: str, value: Any) -> str:
    """A code (SKU, barcode): Excel turns long digit strings into numbers; give the digits back."""
    check_formula(field, value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(field, msg("Mã '{v}' không hợp lệ", "Invalid code '{v}'", v=value))
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = text_value(value)
    # A leading apostrophe is how clerks force Excel to keep a code as text.
    return text[1:] if text.startswith("'") else text


def money_value(field: str, value: Any) -> int:
    """Whole đồng from a number cell or text such as "120.000", "120.000 ₫", "120k"."""
    check_formula(field, value)
    if isinstance(value, bool):
        raise ValidationError(field, msg("Số tiền không hợp lệ: '{v}'", "Invalid amount: '{v}'", v=value))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(field, msg(
                "Không nhận số lẻ dưới một đồng: '{v}'", "Fractions of a đồng are not accepted: '{v}'", v=value))
        value = int(value)
    if isinstance(value, int):
        return parse_vnd(value, field)
    return parse_vnd(text_value(value), field)


def int_value(field: str, value: Any, *, allow_negative: bool = False) -> int:
    """A whole number from a number cell or text ("1.000" is a thousand, "1,5" is refused)."""
    check_formula(field, value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(field, msg("'{v}' không phải số nguyên", "'{v}' is not a whole number", v=value))
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return parse_quantity(value, allow_negative=allow_negative, field=field)
    return parse_quantity(text_value(value).replace(" ", ""), allow_negative=allow_negative, field=field)


def date_value(field: str, value: Any) -> date | None:
    """A real Excel date, an Excel serial number, or text "dd/mm/yyyy", "dd/mm/yy", "yyyy-mm-dd"."""
    check_formula(field, value)
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A date column Excel did not format as a date shows its serial number (45000 = 2023-03-15).
        if 1 <= value < 2_958_466 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValidationError(field, msg("Ngày không hợp lệ: '{v}'", "Invalid date: '{v}'", v=value))
    text = text_value(value)
    short = _SHORT_YEAR.match(text)
    if short:
        day, month, year = short.groups()
        text = f"{day}/{month}/20{year}"
    return parse_date(field, text.split(" ")[0] if re.match(r"^\d{4}-\d\d-\d\d[ T]", text) else text)
