"""The banks and wallets of the NAPAS 24/7 network that VietQR transfers reach, by BIN.

The BIN (6 digits, the acquirer ID of a VietQR payload) is the State Bank of Vietnam's issuer
identification number as used by NAPAS. The list follows the VietQR member list published by
NAPAS and vietqr.net (2024–2025); later renamings are given in the names (Oceanbank → MBV,
CB Bank → VCBNeo, DongA Bank → Vikki Bank, LienVietPostBank → LPBank). A BIN missing here is
refused by the shop profile: add it to this table when NAPAS admits a new member.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..text import fold


@dataclass(frozen=True)
class Bank:
    """One NAPAS member: its BIN, short code, the name clerks know, and its full name."""

    bin: str
    code: str
    short_name: str
    name: str


BANKS: tuple[Bank, ...] = (
    Bank("970436", "VCB", "Vietcombank", "Ngân hàng TMCP Ngoại thương Việt Nam"),
    Bank("970415", "ICB", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"),
    Bank("970418", "BIDV", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
    Bank("970405", "VBA", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
    Bank("970422", "MB", "MBBank", "Ngân hàng TMCP Quân đội"),
    Bank("970407", "TCB", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"),
    Bank("970416", "ACB", "ACB", "Ngân hàng TMCP Á Châu"),
    Bank("970432", "VPB", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"),
    Bank("970423", "TPB", "TPBank", "Ngân hàng TMCP Tiên Phong"),
    Bank("970403", "STB", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"),
    Bank("970437", "HDB", "HDBank", "Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh"),
    Bank("970448", "OCB", "OCB", "Ngân hàng TMCP Phương Đông"),
    Bank("970441", "VIB", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam"),
    Bank("970443", "SHB", "SHB", "Ngân hàng TMCP Sài Gòn - Hà Nội"),
    Bank("970431", "EIB", "Eximbank", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam"),
    Bank("970426", "MSB", "MSB", "Ngân hàng TMCP Hàng Hải Việt Nam"),
    Bank("970429", "SCB", "SCB", "Ngân hàng TMCP Sài Gòn"),
    Bank("970454", "VCCB", "BVBank", "Ngân hàng TMCP Bản Việt (Viet Capital Bank)"),
    Bank("970440", "SEAB", "SeABank", "Ngân hàng TMCP Đông Nam Á"),
    Bank("970449", "LPB", "LPBank", "Ngân hàng TMCP Lộc Phát Việt Nam (LienVietPostBank)"),
    Bank("970425", "ABB", "ABBANK", "Ngân hàng TMCP An Bình"),
    Bank("970409", "BAB", "BacABank", "Ngân hàng TMCP Bắc Á"),
    Bank("970412", "PVCB", "PVcomBank", "Ngân hàng TMCP Đại Chúng Việt Nam"),
    Bank("970419", "NCB", "NCB", "Ngân hàng TMCP Quốc Dân"),
    Bank("970427", "VAB", "VietABank", "Ngân hàng TMCP Việt Á"),
    Bank("970428", "NAB", "NamABank", "Ngân hàng TMCP Nam Á"),
    Bank("970430", "PGB", "PGBank", "Ngân hàng TMCP Thịnh vượng và Phát triển"),
    Bank("970433", "VIETBANK", "VietBank", "Ngân hàng TMCP Việt Nam Thương Tín"),
    Bank("970438", "BVB", "BaoVietBank", "Ngân hàng TMCP Bảo Việt"),
    Bank("970452", "KLB", "KienLongBank", "Ngân hàng TMCP Kiên Long"),
    Bank("970400", "SGICB", "SaigonBank", "Ngân hàng TMCP Sài Gòn Công Thương"),
    Bank("970446", "COOPBANK", "Co-opBank", "Ngân hàng Hợp tác xã Việt Nam"),
    Bank("970414", "OCEANBANK", "MBV", "Ngân hàng TNHH MTV Việt Nam Hiện Đại (Oceanbank)"),
    Bank("970444", "CBB", "VCBNeo", "Ngân hàng TNHH MTV Ngoại thương Công nghệ số (CB Bank)"),
    Bank("970406", "DOB", "Vikki Bank", "Ngân hàng TNHH MTV Số Vikki (DongA Bank)"),
    Bank("970408", "GPB", "GPBank", "Ngân hàng TNHH MTV Dầu Khí Toàn Cầu"),
    Bank("970421", "VRB", "VRB", "Ngân hàng Liên doanh Việt - Nga"),
    Bank("970434", "IVB", "IndovinaBank", "Ngân hàng TNHH Indovina"),
    Bank("970424", "SHBVN", "ShinhanBank", "Ngân hàng TNHH MTV Shinhan Việt Nam"),
    Bank("970457", "WVN", "Woori", "Ngân hàng TNHH MTV Woori Việt Nam"),
    Bank("970458", "UOB", "UOB", "Ngân hàng TNHH MTV United Overseas Bank (Việt Nam)"),
    Bank("970410", "SCVN", "StandardChartered", "Ngân hàng TNHH MTV Standard Chartered Bank Việt Nam"),
    Bank("970439", "PBVN", "PublicBank", "Ngân hàng TNHH MTV Public Việt Nam"),
    Bank("970442", "HLBVN", "HongLeong", "Ngân hàng TNHH MTV Hong Leong Việt Nam"),
    Bank("970455", "IBKHN", "IBK Hà Nội", "Ngân hàng Công nghiệp Hàn Quốc - Chi nhánh Hà Nội"),
    Bank("970456", "IBKHCM", "IBK HCM", "Ngân hàng Công nghiệp Hàn Quốc - Chi nhánh TP. Hồ Chí Minh"),
    Bank("970462", "KBHN", "Kookmin Hà Nội", "Ngân hàng Kookmin - Chi nhánh Hà Nội"),
    Bank("970463", "KBHCM", "Kookmin HCM", "Ngân hàng Kookmin - Chi nhánh TP. Hồ Chí Minh"),
    Bank("970466", "KEBHANAHCM", "KEB Hana HCM", "Ngân hàng KEB Hana - Chi nhánh TP. Hồ Chí Minh"),
    Bank("970467", "KEBHANAHN", "KEB Hana Hà Nội", "Ngân hàng KEB Hana - Chi nhánh Hà Nội"),
    Bank("970460", "VIETCREDIT", "VietCredit", "Công ty Tài chính Cổ phần Tín Việt"),
    Bank("458761", "HSBC", "HSBC", "Ngân hàng TNHH MTV HSBC (Việt Nam)"),
    Bank("422589", "CIMB", "CIMB", "Ngân hàng TNHH MTV CIMB Việt Nam"),
    Bank("796500", "DBS", "DBS Bank", "DBS Bank Ltd - Chi nhánh TP. Hồ Chí Minh"),
    Bank("801011", "NHB", "Nonghyup", "Ngân hàng Nonghyup - Chi nhánh Hà Nội"),
    Bank("533948", "CITIBANK", "Citibank", "Ngân hàng Citibank, N.A. - Chi nhánh Hà Nội"),
    Bank("668888", "KBANK", "KBank", "Ngân hàng Đại chúng TNHH Kasikornbank - Chi nhánh TP. Hồ Chí Minh"),
    Bank("546034", "CAKE", "CAKE by VPBank", "Ngân hàng số CAKE by VPBank"),
    Bank("546035", "UBANK", "Ubank by VPBank", "Ngân hàng số Ubank by VPBank"),
    Bank("963388", "TIMO", "Timo", "Ngân hàng số Timo by Bản Việt"),
    Bank("971005", "VIETTELMONEY", "Viettel Money", "Tổng Công ty Dịch vụ số Viettel"),
    Bank("971011", "VNPTMONEY", "VNPT Money", "VNPT Money"),
    Bank("977777", "MAFC", "Mirae Asset", "Công ty Tài chính TNHH MTV Mirae Asset (Việt Nam)"),
    Bank("999888", "VBSP", "VBSP", "Ngân hàng Chính sách Xã hội"),
)


@cache
def _by_bin() -> dict[str, Bank]:
    return {bank.bin: bank for bank in BANKS}


@cache
def _by_name() -> dict[str, Bank]:
    found: dict[str, Bank] = {}
    for bank in BANKS:
        for key in (bank.code, bank.short_name):
            found.setdefault(fold(key).replace(" ", ""), bank)
    return found


def bank_by_bin(bin: str) -> Bank | None:
    """The NAPAS member with this BIN, or None."""
    return _by_bin().get((bin or "").strip())


def find_bank(text: str) -> Bank | None:
    """The bank a clerk names: its BIN ("970436"), code ("VCB") or short name ("Vietcombank",
    tone marks and spaces optional), or None."""
    key = (text or "").strip()
    if key.isdigit():
        return bank_by_bin(key)
    return _by_name().get(fold(key).replace(" ", ""))
