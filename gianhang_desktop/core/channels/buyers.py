"""A marketplace buyer in our shapes: name and text in NFC, the phone in national form, the address
on the 2025 map (province and ward, no district) with the platform's original text kept."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

from ..phone import PhoneError, normalize_phone
from ..regions import validate_origin
from ..text import clean
from .model import Address

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Buyer:
    name: str
    phone: str  # national form, or the platform's text when it is masked or not a Vietnamese number
    phone_valid: bool
    address_line: str  # house number, street, hamlet
    province_code: int | None
    ward_code: int | None
    original_address: str  # the platform's text, as given (NFC)


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def original_text(address: Address) -> str:
    """The platform's full address text, or its parts joined when it gave none."""
    if address.full_text.strip():
        return nfc(address.full_text).strip()
    parts = [address.detail, address.ward, address.district, address.province]
    return ", ".join(nfc(p).strip() for p in parts if p and p.strip())


def normalise_phone(text: str) -> tuple[str, bool]:
    try:
        return normalize_phone(text), True
    except PhoneError:
        return clean(text)[:20], False


def map_2025(address: Address) -> tuple[str, int | None, int | None]:
    """(address line, province code, ward code) on the 2025 map; an old three-level address
    (with a district) is converted. Codes are None when the text cannot be placed."""
    text = original_text(address)
    if not text:
        return "", None, None
    try:
        from vietnamadminunits import convert_address, parse_address
    except ImportError:  # pragma: no cover - a dependency of the app
        return clean(address.detail) or clean(text), None, None
    candidates = []
    try:
        if address.district.strip():
            candidates.append(convert_address(text))
        else:
            candidates.append(parse_address(text, mode="FROM_2025"))
            candidates.append(convert_address(text))
    except Exception as error:  # noqa: BLE001 - a parser's surprise must not stop an order import
        log.info("address not placed: %s", error)
    for unit in candidates:
        province, ward = _code(unit.province_code), _code(unit.ward_code)
        if province is None:
            continue
        try:
            validate_origin(province, ward)
        except Exception:  # noqa: BLE001 - codes the map does not know
            continue
        line = clean(address.detail) or clean(getattr(unit, "street", "") or "")
        return line or clean(text), province, ward
    return clean(address.detail) or clean(text), None, None


def _code(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def normalise_buyer(name: str, phone: str, address: Address) -> Buyer:
    line, province, ward = map_2025(address)
    national, valid = normalise_phone(phone)
    return Buyer(clean(name)[:200], national, valid, line[:255], province, ward, original_text(address))
