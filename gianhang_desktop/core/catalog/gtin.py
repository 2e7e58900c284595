"""GS1 barcodes (GTIN-8, UPC-A/GTIN-12, EAN-13/GTIN-13, GTIN-14): validation and the GTIN-14 form.

A UPC-A `036000291452`, the EAN-13 `0036000291452` a scanner may read from the same bars and the
GTIN-14 `00036000291452` are one number. Products keep the barcode as it was entered and a
`gtin` column holding the GTIN-14 form, on which lookups and uniqueness are decided.
Validation is python-stdnum's (`stdnum.ean`); the rules are those of the GS1 General
Specifications, section 7.9 (check digit) and 3.3 (GTIN formats).
"""

from __future__ import annotations

from stdnum import ean
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from ..errors import ValidationError
from ..i18n import msg

GTIN_LENGTHS = (8, 12, 13, 14)
_SEPARATORS = str.maketrans("", "", " -\u00a0")


def compact(value: str | None) -> str:
    """The code without the spaces and dashes people print GTINs with."""
    return (value or "").strip().translate(_SEPARATORS)


def gtin14(value: str | None) -> str | None:
    """The GTIN-14 (zero-padded) of a valid GTIN-8/12/13/14, or None when `value` is not one."""
    code = compact(value)
    if not code.isascii() or not code.isdigit() or len(code) not in GTIN_LENGTHS or not code.strip("0"):
        return None
    try:
        ean.validate(code)
    except (InvalidChecksum, InvalidFormat, InvalidLength):
        return None
    return code.zfill(14)


def check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it."""
    return int(ean.calc_check_digit(body))


def validate_gtin(value: str | None, field: str = "barcode") -> str | None:
    """The barcode as entered (spaces and dashes removed) when it is a valid GTIN; None when blank.

    Raises:
        ValidationError: naming `field`, with the reason: not only digits, a length that is no
        GTIN's (with the lost-zero hint when a leading 0 would make it one), a wrong check digit
        (saying which digit it should be), or all zeros.
    """
    code = compact(value)
    if not code:
        return None
    if not (code.isascii() and code.isdigit()):
        raise ValidationError(field, msg(
            "Mã vạch '{code}' chỉ được gồm chữ số (GTIN/EAN: 8, 12, 13 hoặc 14 số); mã nội bộ có chữ hãy "
            "nhập vào ô mã SKU",
            "Barcode '{code}' may only hold digits (GTIN/EAN: 8, 12, 13 or 14 digits); put an internal code "
            "with letters in the SKU", code=code))
    if len(code) not in GTIN_LENGTHS:
        padded = "0" + code
        if len(padded) in GTIN_LENGTHS and gtin14(padded):
            raise ValidationError(field, msg(
                "Mã vạch '{code}' có {n} chữ số; có lẽ đã mất số 0 ở đầu: mã đúng là {fixed}",
                "Barcode '{code}' has {n} digits; a leading zero was probably lost: the code is {fixed}",
                code=code, n=len(code), fixed=padded))
        raise ValidationError(field, msg(
            "Mã vạch '{code}' có {n} chữ số; mã GTIN/EAN phải có 8, 12, 13 hoặc 14 chữ số",
            "Barcode '{code}' has {n} digits; a GTIN/EAN has 8, 12, 13 or 14 digits", code=code, n=len(code)))
    if not code.strip("0"):
        raise ValidationError(field, msg("Mã vạch '{code}' toàn số 0, không phải mã GTIN",
                                         "Barcode '{code}' is all zeros, not a GTIN", code=code))
    expected = check_digit(code[:-1])
    if expected != int(code[-1]):
        raise ValidationError(field, msg(
            "Mã vạch '{code}' sai số kiểm tra (số cuối phải là {digit}, tức {fixed})",
            "Barcode '{code}' has a wrong check digit (the last digit should be {digit}: {fixed})",
            code=code, digit=expected, fixed=code[:-1] + str(expected)))
    return code
