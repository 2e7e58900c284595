"""Cell values as Vietnamese spreadsheets hold them: numbers as text, money in every form, dates."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from ..catalog.gtin import GTIN_LENGTHS, compact, gtin14, validate_gtin
from ..catalog.validation import parse_date
from ..errors import ValidationError
from ..i18n import Msg, msg
from ..money import parse_vnd
from ..phone import read_phone
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


_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?\s*[eE]\s*[+-]?\d+$")
_FORMAT_AS_TEXT = msg(
    "Excel đã đổi cột này thành số. Hãy chọn cả cột, Định dạng ô › Văn bản (Text), gõ hoặc dán lại mã "
    "đầy đủ (hoặc gõ dấu ' trước mã) rồi nhập lại tệp",
    "Excel turned this column into numbers. Select the whole column, Format Cells › Text, type or paste "
    "the full codes again (or put ' before each code) and import the file again")


def excel_mangled(field: str, vi: str, en: str, **params: Any) -> ValidationError:
    """A refusal for a code Excel changed, with how to fix the column."""
    return ValidationError(field, msg(vi + ". " + _FORMAT_AS_TEXT.vi, en + ". " + _FORMAT_AS_TEXT.en, **params))


def barcode_value(field: str, value: Any) -> tuple[str | None, Msg | None]:
    """A barcode cell as a valid GTIN, and a note when a leading zero Excel dropped was put back.

    A number cell (or CSV text saved from one) loses the leading zero of "0712345678911"; when
    the digits with one zero in front carry a correct GS1 check digit, the zero is restored and
    the note says so. Scientific notation ("8.93457E+12"), fractions and codes too short to
    restore are refused with a message that explains Excel changed them and how to fix the column.

    Raises:
        ValidationError: naming `field`.
    """
    check_formula(field, value)
    from_number = isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 1e15:
            raise excel_mangled(field, "Mã vạch {v} bị Excel làm tròn thành số thập phân, các chữ số đã mất",
                                "Barcode {v} was rounded by Excel into a decimal number; digits were lost", v=value)
        text = str(int(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        text = text_value(value)
        text = text[1:] if text.startswith("'") else text
        if _SCIENTIFIC.match(text):
            raise excel_mangled(field, "Mã vạch '{v}' ở dạng số mũ (Excel đã rút gọn, các chữ số cuối đã mất)",
                                "Barcode '{v}' is in scientific notation (Excel shortened it; the last digits are "
                                "lost)", v=text)
    code = compact(text)
    if not code:
        return None, None
    if not code.isdigit():
        return validate_gtin(code, field), None
    if len(code) in GTIN_LENGTHS and gtin14(code) and not (from_number and len(code) == 12):
        return code, None
    padded = "0" + code
    if len(padded) in GTIN_LENGTHS and gtin14(padded):
        return padded, msg(
            "Đã thêm lại số 0 đầu mà Excel làm mất: {raw} → {fixed} (số kiểm tra khớp)",
            "Put back the leading zero Excel dropped: {raw} → {fixed} (the check digit matches)",
            raw=code, fixed=padded)
    if len(code) in GTIN_LENGTHS and gtin14(code):
        return code, None
    if from_number or len(code) in (7, 9, 10, 11) or code.endswith("000"):
        raise excel_mangled(field, "Mã vạch '{v}' ({n} chữ số) không phải mã GTIN hợp lệ: có lẽ Excel đã làm mất "
                            "số 0 đầu hoặc cắt bớt chữ số", "Barcode '{v}' ({n} digits) is not a valid GTIN: Excel "
                            "probably dropped leading zeros or cut digits", v=code, n=len(code))
    return validate_gtin(code, field), None


def phone_value(field: str, value: Any) -> tuple[str, Msg | None]:
    """A phone cell in national form, and a note when a zero Excel dropped was put back
    (912345678 → 0912345678) or an old 11-digit mobile number was converted.

    Raises:
        ValidationError: naming `field` (see core.phone.read_phone).
    """
    check_formula(field, value)
    if isinstance(value, float):
        if not value.is_integer():
            raise excel_mangled(field, "Số điện thoại {v} bị Excel đổi thành số thập phân",
                                "Phone number {v} was turned into a decimal number by Excel", v=value)
        value = int(value)
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else text_value(value)
    if _SCIENTIFIC.match(text):
        raise excel_mangled(field, "Số điện thoại '{v}' ở dạng số mũ", "Phone number '{v}' is in scientific notation",
                            v=text)
    reading = read_phone(text, field)
    return reading.number, reading.note


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
