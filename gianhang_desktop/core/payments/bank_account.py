"""The shop's bank account for VietQR transfers: checked once when the shop profile is set."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import ValidationError
from ..i18n import msg
from .banks import Bank, bank_by_bin, find_bank

MIN_ACCOUNT_DIGITS, MAX_ACCOUNT_DIGITS = 6, 19
MAX_HOLDER = 50
_SEPARATORS = re.compile(r"[\s.\-]")
_HOLDER_OK = re.compile(r"^[A-Z ]+$")


@dataclass(frozen=True)
class BankAccount:
    """A checked account: the bank's NAPAS BIN, the account number (digits), the holder's name as
    banks print it (capitals without tone marks, e.g. "HTX NONG SAN LUC NGAN")."""

    bin: str
    account: str
    holder: str = ""

    @property
    def bank(self) -> Bank | None:
        return bank_by_bin(self.bin)

    def to_json(self) -> dict:
        bank = self.bank
        return {"bin": self.bin, "account": self.account, "holder": self.holder,
                "bank": bank.short_name if bank else ""}


def check_bank_account(bank: str, account: str, holder: str = "") -> BankAccount:
    """Check an account before it is saved to the shop profile.

    `bank` is the BIN ("970436"), or the bank's code or short name ("VCB", "Vietcombank").
    `account`: 6 to 19 digits (spaces, dots and dashes are dropped). `holder`: letters and spaces,
    tone marks dropped, in capitals.

    Raises:
        ValidationError: "bank_bin" for a bank not in the NAPAS list (core.payments.banks),
            "bank_account" for an account that is not 6–19 digits, "bank_account_name" for a
            holder's name with other characters or over 50 letters.
    """
    text = (bank or "").strip()
    found = find_bank(text)
    if found is None:
        if text.isdigit() and len(text) == 6:
            raise ValidationError("bank_bin", msg(
                "Mã BIN {value} không thuộc ngân hàng nào trong mạng NAPAS (VietQR)",
                "BIN {value} is not a bank of the NAPAS (VietQR) network", value=text))
        raise ValidationError("bank_bin", msg(
            "Không biết ngân hàng '{value}': nhập mã BIN 6 số (ví dụ 970436) hoặc tên (ví dụ Vietcombank)",
            "Unknown bank '{value}': give its 6-digit BIN (e.g. 970436) or its name (e.g. Vietcombank)",
            value=text))
    number = _SEPARATORS.sub("", account or "")
    if not number:
        raise ValidationError("bank_account", msg("Chưa nhập số tài khoản", "No account number given"))
    if not (number.isascii() and number.isdigit()):
        raise ValidationError("bank_account", msg(
            "Số tài khoản chỉ gồm chữ số: '{value}'", "An account number holds digits only: '{value}'",
            value=account))
    if not MIN_ACCOUNT_DIGITS <= len(number) <= MAX_ACCOUNT_DIGITS:
        raise ValidationError("bank_account", msg(
            "Số tài khoản phải có từ 6 đến 19 chữ số (đang có {n}): '{value}'",
            "An account number has 6 to 19 digits ({n} given): '{value}'", n=len(number), value=account))
    name = holder_name(holder)
    if name and (not _HOLDER_OK.match(name) or len(name) > MAX_HOLDER):
        raise ValidationError("bank_account_name", msg(
            "Tên chủ tài khoản chỉ gồm chữ cái và dấu cách, tối đa 50 ký tự: '{value}'",
            "The holder's name holds letters and spaces only, at most 50: '{value}'", value=holder))
    return BankAccount(found.bin, number, name)


def holder_name(text: str) -> str:
    """A name as banks print it: "Hợp tác xã Nông sản" → "HOP TAC XA NONG SAN"."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.upper().split())
