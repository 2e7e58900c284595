"""The 2025 two-level address on the old three-level map, for carriers whose API still wants it.

Orders hold the province and ward of the 34-province map (core/regions.py codes). A new ward was
usually made of several old wards (and sometimes of wards of two old districts), so "new → old"
often has several answers. We never pick one silently: the answer is taken from, in order,

1. the clerk's choice saved for this order (``order_legacy_wards``),
2. the address text the order was given, when it names one of the old wards (the parser of
   ``vietnamadminunits`` reads it; no network),
3. the only candidate, when there is just one;

otherwise :class:`~.errors.AmbiguousAddress` lists the candidates for the clerk. The data is the
``vietnamadminunits`` library's conversion table (DICT_PROVINCE_WARD_NO_DIVIDED / _DIVIDED) and its
legacy unit names.
"""

from __future__ import annotations

from functools import cache

from ..regions import province_name, ward_name
from .errors import AmbiguousAddress
from .model import LegacyAddress


@cache
def _tables():
    from vietnamadminunits.converter.converter_2025 import converter_data
    from vietnamadminunits.database import query

    new_keys = {(int(r["provinceCode"]), int(r["wardCode"])): (r["provinceKey"], r["wardKey"])
                for r in query("SELECT provinceCode, wardCode, provinceKey, wardKey FROM admin_units")}
    old_names = {f'{r["provinceKey"]}_{r["districtKey"]}_{r["wardKey"]}': (r["province"], r["district"], r["ward"])
                 for r in query("SELECT province, district, ward, provinceKey, districtKey, wardKey "
                                "FROM admin_units_legacy")}
    divided: dict[tuple[str, str], list[str]] = {}
    for new_province, olds in converter_data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, news in olds.items():
            for new in news:
                divided.setdefault((new_province, new["newWardKey"]), []).append(old_key)
    return new_keys, old_names, converter_data["DICT_PROVINCE_WARD_NO_DIVIDED"], divided


def candidates(province_code: int | None, ward_code: int | None) -> list[LegacyAddress]:
    """The old (province, district, ward) units the 2025 ward was made from, sorted by name;
    empty when the codes are unknown to the library."""
    if province_code is None or ward_code is None:
        return []
    new_keys, old_names, whole, divided = _tables()
    keys = new_keys.get((int(province_code), int(ward_code)))
    if keys is None:
        return []
    province_key, ward_key = keys
    olds = list(whole.get(province_key, {}).get(ward_key, [])) + divided.get(keys, [])
    found = []
    for key in dict.fromkeys(olds):
        names = old_names.get(key)
        if names is not None:
            found.append(LegacyAddress(names[0], names[1], names[2], key))
    return sorted(found, key=lambda c: (c.district, c.ward))


def named_in_text(text: str, options: list[LegacyAddress]) -> LegacyAddress | None:
    """The candidate the address text names (old ward and district), or None."""
    if not text or not options:
        return None
    try:
        from vietnamadminunits import ParseMode, parse_address

        unit = parse_address(text, mode=ParseMode.LEGACY, level=3, keep_street=True)
    except Exception:  # noqa: BLE001 - a text the parser cannot read names nothing
        return None
    key = f"{unit.province_key}_{unit.district_key}_{unit.ward_key}"
    return next((c for c in options if c.key == key), None)


def resolve(province_code: int | None, ward_code: int | None, *, carrier: str, order_code: str,
            original_text: str = "", chosen_key: str | None = None) -> LegacyAddress:
    """The one old unit to send for this order (see the module doc).

    Raises AmbiguousAddress listing the candidates when nothing decides, or when the address has no
    ward at all."""
    options = candidates(province_code, ward_code)
    if chosen_key:
        picked = next((c for c in options if c.key == chosen_key), None)
        if picked is not None:
            return picked
    if len(options) == 1:
        return options[0]
    picked = named_in_text(original_text, options)
    if picked is not None:
        return picked
    place = ", ".join(p for p in (ward_name(ward_code), province_name(province_code)) if p) or "?"
    raise AmbiguousAddress(carrier, order_code, place, options)
