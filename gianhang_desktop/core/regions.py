"""Provinces and wards of the 2025 administrative map (34 provinces, no district level)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from vietnam_provinces import Province, ProvinceCode, Ward, WardCode

from .errors import ValidationError
from .i18n import msg
from .text import fold


@dataclass(frozen=True)
class Region:
    """A province or ward as the window and the CLI show it."""

    code: int
    name: str
    folded: str
    province_code: int | None = None


@cache
def provinces() -> tuple[Region, ...]:
    """All 34 provinces, sorted by name as Vietnamese readers expect (ignoring "Thành phố")."""
    items = [Region(int(p.code), p.name, fold(p.name)) for p in Province.iter_all()]
    return tuple(sorted(items, key=lambda r: fold(_short(r.name))))


@cache
def wards_of(province_code: int) -> tuple[Region, ...]:
    """The wards (xã, phường, đặc khu) of one province, sorted by name."""
    _province(province_code)
    items = [
        Region(int(w.code), w.name, fold(w.name), int(w.province_code))
        for w in Ward.iter_by_province(ProvinceCode(province_code))
    ]
    return tuple(sorted(items, key=lambda r: fold(_short(r.name))))


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _province(code: int) -> Province:
    try:
        return Province.from_code(ProvinceCode(int(code)))
    except (ValueError, TypeError):
        raise ValidationError(
            "province_code",
            msg("Mã tỉnh/thành không hợp lệ: {code}", "Unknown province code: {code}", code=code),
        ) from None


def province_name(code: int | None) -> str:
    return _province(code).name if code is not None else ""


def ward_name(code: int | None) -> str:
    if code is None:
        return ""
    try:
        return Ward.from_code(WardCode(int(code))).name
    except (ValueError, TypeError):
        return ""


def validate_origin(province_code: int | None, ward_code: int | None) -> None:
    """A ward needs its province, and must lie in it; codes must exist on the 2025 map."""
    if province_code is None:
        if ward_code is not None:
            raise ValidationError(
                "province_code", msg("Chọn tỉnh/thành trước khi chọn phường/xã", "Choose the province before the ward")
            )
        return
    _province(province_code)
    if ward_code is None:
        return
    try:
        ward = Ward.from_code(WardCode(int(ward_code)))
    except (ValueError, TypeError):
        raise ValidationError(
            "ward_code", msg("Mã phường/xã không hợp lệ: {code}", "Unknown ward code: {code}", code=ward_code)
        ) from None
    if int(ward.province_code) != int(province_code):
        raise ValidationError(
            "ward_code",
            msg(
                "{ward} không thuộc {province}",
                "{ward} is not in {province}",
                ward=ward.name,
                province=province_name(province_code),
            ),
        )


def full_address(line: str, province_code: int | None, ward_code: int | None) -> str:
    """"12 Lê Lợi, Phường Hoàn Kiếm, Thành phố Hà Nội"."""
    parts = [line.strip(), ward_name(ward_code), province_name(province_code) if province_code else ""]
    return ", ".join(p for p in parts if p)


def search(regions: tuple[Region, ...], query: str) -> list[Region]:
    """Regions whose folded name contains every folded word of `query` (tone marks optional)."""
    needles = fold(query).split()
    return [r for r in regions if all(n in r.folded for n in needles)]
