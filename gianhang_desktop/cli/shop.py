"""The shop profile on the command line: the sender printed on labels."""

from __future__ import annotations

import argparse

from ..core import shop
from .common import add_json_flag, emit, open_db


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("shop", help="thông tin cửa hàng / shop profile").add_subparsers(dest="action", metavar="ACTION")
    s.required = True
    p = s.add_parser("show")
    add_json_flag(p)
    p.set_defaults(handler=cmd_show)
    p = s.add_parser("set")
    p.add_argument("--name")
    p.add_argument("--phone")
    p.add_argument("--address", dest="address_line")
    p.add_argument("--province", dest="province_code", type=int)
    p.add_argument("--ward", dest="ward_code", type=int)
    p.add_argument("--bank", dest="bank_bin", metavar="BIN|NAME",
                   help="ngân hàng nhận chuyển khoản VietQR: mã BIN hoặc tên / the bank for VietQR transfers")
    p.add_argument("--bank-account", dest="bank_account", metavar="NUMBER", help="số tài khoản / account number")
    p.add_argument("--bank-name", dest="bank_account_name", metavar="HOLDER", help="tên chủ tài khoản / holder")
    add_json_flag(p)
    p.set_defaults(handler=cmd_set)
    p = s.add_parser("banks", help="ngân hàng nhận VietQR (mã BIN) / the banks VietQR reaches")
    add_json_flag(p)
    p.set_defaults(handler=cmd_banks)


def cmd_show(args) -> int:
    info = shop.get_shop(open_db(args))
    emit(args, info, f"{info.name}\n{info.phone}\n{info.address_line}")
    return 0


def cmd_set(args) -> int:
    fields = {k: getattr(args, k) for k in ("name", "phone", "address_line", "province_code", "ward_code",
                                            "bank_bin", "bank_account", "bank_account_name")
              if getattr(args, k) is not None}
    db = open_db(args)
    shop.update_shop(db, **fields)
    info = shop.get_shop(db)
    emit(args, info, f"Đã lưu thông tin cửa hàng: {info.name}")
    return 0


def cmd_banks(args) -> int:
    from ..core.payments.banks import BANKS

    emit(args, [{"bin": b.bin, "code": b.code, "short_name": b.short_name, "name": b.name} for b in BANKS],
         "\n".join(f"{b.bin}\t{b.short_name}\t{b.name}" for b in BANKS))
    return 0
