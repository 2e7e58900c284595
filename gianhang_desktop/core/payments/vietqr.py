"""VietQR: the NAPAS bank-transfer QR payload (EMVCo Merchant-Presented Mode), built and read back.

Sources: NAPAS, "Technical Specifications on NAPAS QR Switching, Part IV: QR Code Format"
(version 1.5.2, January 2021), which follows EMVCo "QR Code Specification for Payment Systems:
Merchant-Presented Mode" (QRCPS-MPM) v1.1. A payload is a run of data objects, each ID (2
digits) + length (2 digits) + value:

====  =========================================  ==============================================
ID    Object                                     Here
====  =========================================  ==============================================
00    Payload Format Indicator                   "01"
01    Point of Initiation Method                 "12" dynamic (one payment, an amount), "11" static
38    Merchant Account Information (NAPAS)       template below
53    Transaction Currency (ISO 4217 numeric)    "704" (đồng)
54    Transaction Amount                         whole đồng, e.g. "120000" (absent: payer types it)
58    Country Code                               "VN"
62    Additional Data Field Template             08 Purpose of Transaction (≤ 25): the order code
63    CRC                                        4 hex digits, CRC-16/CCITT-FALSE
====  =========================================  ==============================================

ID 38 holds 00 the GUID "A000000727" (NAPAS), 01 the beneficiary organisation (itself a
template: 00 the bank's 6-digit BIN, the acquirer ID; 01 the account number, ≤ 19 characters)
and 02 the service code "QRIBFTTA" (inter-bank fund transfer 24/7 to an account; "QRIBFTTC"
is to a card). The CRC (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR)
is computed over the whole payload up to and including "6304", its own ID and length.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import ValidationError
from ..i18n import msg

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
SERVICE_TO_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
STATIC, DYNAMIC = "11", "12"
MAX_PURPOSE = 25
MAX_ACCOUNT = 19
MAX_AMOUNT_DIGITS = 13

# Characters a purpose may hold: banks' apps show and pass on letters, digits, spaces and a few
# marks; tone marks and đ are folded to ASCII first (the spec's format "ans" is ASCII).
_PURPOSE_OK = re.compile(r"[^A-Za-z0-9 .\-_/]")


@dataclass(frozen=True)
class VietQR:
    """The parts of a VietQR payload; `amount` None when the payer types it (static QR)."""

    bin: str
    account: str
    amount: int | None = None
    purpose: str = ""
    dynamic: bool = True
    service: str = SERVICE_TO_ACCOUNT


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): the check value of "123456789" is 0x29B1."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def tlv(object_id: str, value: str) -> str:
    """One data object: ID, two-digit length, value (1 to 99 characters)."""
    if not 0 < len(value) <= 99:
        raise ValueError(f"data object {object_id} must hold 1 to 99 characters, got {len(value)}")
    return f"{object_id}{len(value):02d}{value}"


def purpose_text(text: str) -> str:
    """A transfer description as the payload carries it: tone marks and đ folded to ASCII, other
    characters a bank app may drop replaced by a space, spaces collapsed ("Đơn GH-2611-0001" →
    "Don GH-2611-0001")."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_PURPOSE_OK.sub(" ", ascii_text).split())


def build_payload(bin: str, account: str, amount: int | None = None, purpose: str = "", *,
                  dynamic: bool = True, service: str = SERVICE_TO_ACCOUNT) -> str:
    """The VietQR payload string for a transfer to `account` at the bank with NAPAS BIN `bin`.

    `amount` in whole đồng (> 0), or None for a QR where the payer types the amount; `purpose`
    (e.g. the order code) is folded to ASCII by `purpose_text`.

    Raises:
        ValidationError: a BIN that is not 6 digits ("bank_bin"), an account that is not 1–19
            letters or digits ("bank_account"), an amount not above 0 or too long ("amount"), a
            purpose over 25 characters once folded ("purpose").
    """
    if not (isinstance(bin, str) and len(bin) == 6 and bin.isdigit()):
        raise ValidationError("bank_bin", msg("Mã BIN ngân hàng phải gồm 6 chữ số: '{value}'",
                                              "The bank BIN must be 6 digits: '{value}'", value=bin))
    if not (account and len(account) <= MAX_ACCOUNT and account.isascii() and account.isalnum()):
        raise ValidationError("bank_account", msg(
            "Số tài khoản phải gồm 1–19 chữ số hoặc chữ cái: '{value}'",
            "The account number must be 1–19 digits or letters: '{value}'", value=account))
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0
                               or len(str(amount)) > MAX_AMOUNT_DIGITS):
        raise ValidationError("amount", msg("Số tiền chuyển khoản phải lớn hơn 0: {value}",
                                            "The transfer amount must be above 0: {value}", value=amount))
    text = purpose_text(purpose)
    if len(text) > MAX_PURPOSE:
        raise ValidationError("purpose", msg(
            "Nội dung chuyển khoản quá dài ({n} ký tự, tối đa 25): '{value}'",
            "The transfer description is too long ({n} characters, at most 25): '{value}'",
            n=len(text), value=text))
    beneficiary = tlv("00", bin) + tlv("01", account)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", service)
    parts = [tlv("00", "01"), tlv("01", DYNAMIC if dynamic else STATIC), tlv("38", merchant),
             tlv("53", CURRENCY_VND)]
    if amount is not None:
        parts.append(tlv("54", str(amount)))
    parts.append(tlv("58", COUNTRY_VN))
    if text:
        parts.append(tlv("62", tlv("08", text)))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def split_objects(text: str) -> dict[str, str]:
    """The data objects of one level of a payload, by ID (ValueError when the lengths do not add up)."""
    objects: dict[str, str] = {}
    i = 0
    while i < len(text):
        head = text[i:i + 4]
        if len(head) < 4 or not head.isdigit():
            raise ValueError(f"bad data object header at {i}: {head!r}")
        length = int(head[2:])
        value = text[i + 4:i + 4 + length]
        if len(value) != length or length == 0:
            raise ValueError(f"data object {head[:2]} is cut short")
        objects[head[:2]] = value
        i += 4 + length
    return objects


def parse_payload(payload: str) -> VietQR:
    """Read a VietQR payload back (what a bank app does), checking its structure and CRC.

    Raises:
        ValidationError (field "payload"): not a VietQR payload, or its CRC does not match.
    """
    payload = (payload or "").strip()
    try:
        if len(payload) < 8 or payload[-8:-4] != "6304":
            raise ValueError("no CRC object at the end")
        expected = f"{crc16_ccitt_false(payload[:-4].encode('ascii')):04X}"
        if payload[-4:].upper() != expected:
            raise ValueError(f"CRC {payload[-4:]} does not match {expected}")
        root = split_objects(payload)
        if root.get("00") != "01" or root.get("53", CURRENCY_VND) != CURRENCY_VND:
            raise ValueError("not an EMVCo payload in đồng")
        merchant = split_objects(root["38"])
        if merchant.get("00") != NAPAS_GUID:
            raise ValueError("not a NAPAS (VietQR) merchant account")
        beneficiary = split_objects(merchant["01"])
        amount = root.get("54")
        extra = split_objects(root["62"]) if "62" in root else {}
        return VietQR(
            bin=beneficiary["00"], account=beneficiary["01"],
            amount=int(amount) if amount is not None else None,
            purpose=extra.get("08", ""), dynamic=root.get("01") == DYNAMIC,
            service=merchant.get("02", ""),
        )
    except (KeyError, ValueError, UnicodeEncodeError) as error:
        raise ValidationError("payload", msg("Không phải mã VietQR hợp lệ: {why}",
                                             "Not a valid VietQR payload: {why}", why=error)) from None
