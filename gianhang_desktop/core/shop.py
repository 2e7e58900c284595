"""The shop's own profile (name, phone, address, bank account): the sender on every shipping
label, the payee of every VietQR transfer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .changes import Changes
from .db.base import Base, UtcDateTime, utcnow
from .errors import ValidationError
from .i18n import msg
from .phone import normalize_phone
from .regions import validate_origin
from .text import clean


class ShopProfile(Base):
    """A single row (id 1) describing the cooperative or business."""

    __tablename__ = "shop_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    address_line: Mapped[str] = mapped_column(String(255), default="")
    province_code: Mapped[int | None] = mapped_column(Integer)
    ward_code: Mapped[int | None] = mapped_column(Integer)
    # The account VietQR transfers go to (core/payments): NAPAS BIN, account number, holder.
    bank_bin: Mapped[str] = mapped_column(String(6), default="", server_default="")
    bank_account: Mapped[str] = mapped_column(String(19), default="", server_default="")
    bank_account_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


@dataclass(frozen=True)
class ShopInfo:
    name: str
    phone: str
    address_line: str
    province_code: int | None
    ward_code: int | None
    bank_bin: str = ""
    bank_account: str = ""
    bank_account_name: str = ""

    @property
    def is_complete(self) -> bool:
        """Labels need a name, a phone and an address."""
        return bool(self.name and self.phone and self.address_line)


def get_shop(db) -> ShopInfo:
    """The shop profile (empty fields until the first-start setup fills them)."""
    with db.read_session() as session:
        row = session.get(ShopProfile, 1)
        if row is None:
            return ShopInfo("", "", "", None, None)
        return ShopInfo(row.name, row.phone, row.address_line, row.province_code, row.ward_code,
                        row.bank_bin or "", row.bank_account or "", row.bank_account_name or "")


def update_shop(db, **fields) -> Changes:
    """Set the shop's name, phone, address and bank account; validates the region codes, the phone
    and the account (`bank_bin` may name the bank by BIN, code or name: core.payments.bank_account;
    an empty `bank_account` removes the account).

    Raises:
        ValidationError: a bad name, phone, region or bank account (named in `field`).
        TypeError: a field the shop profile does not have.
    """
    allowed = {"name", "phone", "address_line", "province_code", "ward_code", "bank_bin", "bank_account",
               "bank_account_name"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown shop fields {sorted(unknown)}")
    values = {k: clean(v) if isinstance(v, str) else v for k, v in fields.items()}
    if "name" in values and not values["name"]:
        raise ValidationError("name", msg("Chưa nhập tên cửa hàng", "Shop name is required"))
    if values.get("phone"):
        values["phone"] = normalize_phone(values["phone"])
    with db.session() as session:
        row = session.get(ShopProfile, 1) or ShopProfile(id=1)
        if {"bank_bin", "bank_account", "bank_account_name"} & set(values):
            values.update(_bank_fields(row, values))
        for key, value in values.items():
            setattr(row, key, value)
        validate_origin(row.province_code, row.ward_code)
        row.updated_at = utcnow()
        session.add(row)
    return Changes(settings=True)


def _bank_fields(row: ShopProfile, values: dict) -> dict:
    from .payments.bank_account import check_bank_account

    bank = values.get("bank_bin", row.bank_bin or "")
    account = values.get("bank_account", row.bank_account or "")
    holder = values.get("bank_account_name", row.bank_account_name or "")
    if not account and "bank_account" in values:
        return {"bank_bin": "", "bank_account": "", "bank_account_name": ""}
    checked = check_bank_account(bank, account, holder)
    return {"bank_bin": checked.bin, "bank_account": checked.account, "bank_account_name": checked.holder}
