"""Find the header row (title rows above it, an "STT" column) and match columns to product fields."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..i18n import Msg, msg
from ..text import fold
from . import sources

IGNORE = ""  # the mapping value of a column that is not imported

# Field -> (label Vietnamese, label English, synonyms). Synonyms are compared folded (no tone
# marks, lower case, punctuation and bracketed units dropped), so "Mã SP", "MA SP" and
# "mã sp:" are all the same header.
FIELDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "sku": ("Mã SP", "SKU", (
        "ma sp", "ma san pham", "sku", "ma sku", "ma hang", "ma hang hoa", "ma", "product code", "item code",
        "code", "ma vt", "ma vat tu")),
    "name": ("Tên sản phẩm", "Product name", (
        "ten san pham", "ten hang", "ten hang hoa", "ten sp", "ten", "san pham", "product name", "product",
        "name", "item name", "ten vat tu", "mat hang")),
    "price": ("Giá bán", "Price", (
        "gia ban", "don gia", "gia", "gia ban le", "gia le", "gia niem yet", "price", "unit price",
        "selling price", "retail price", "don gia ban")),
    "unit": ("ĐVT", "Unit", ("dvt", "don vi tinh", "don vi", "unit", "uom", "dv")),
    "barcode": ("Mã vạch", "Barcode", ("ma vach", "barcode", "ean", "gtin", "ma vach ean", "ean13", "upc")),
    "category": ("Danh mục", "Category", (
        "danh muc", "nhom hang", "nhom", "loai", "loai hang", "nganh hang", "category", "group")),
    "description": ("Mô tả", "Description", ("mo ta", "mo ta san pham", "description", "chi tiet")),
    "cost": ("Giá vốn", "Cost", ("gia von", "gia nhap", "cost", "cost price", "purchase price")),
    "weight_g": ("Trọng lượng (g)", "Weight (g)", (
        "trong luong", "khoi luong", "can nang", "weight", "trong luong gram", "khoi luong gram")),
    "weight_unit": ("Đơn vị khối lượng", "Weight unit", ("don vi khoi luong", "weight unit")),
    "length_cm": ("Dài (cm)", "Length (cm)", ("dai", "chieu dai")),
    "width_cm": ("Rộng (cm)", "Width (cm)", ("rong", "chieu rong")),
    "height_cm": ("Cao (cm)", "Height (cm)", ("cao", "chieu cao")),
    "ocop_stars": ("Hạng OCOP", "OCOP stars", ("ocop", "hang ocop", "sao ocop", "so sao ocop", "ocop stars")),
    "low_stock_threshold": ("Tồn tối thiểu", "Low stock", (
        "ton toi thieu", "muc ton toi thieu", "min stock", "low stock", "dinh muc ton")),
    "bin_location": ("Vị trí", "Location", ("vi tri", "vi tri kho", "ke", "location", "bin")),
    "stop_selling_days": ("Ngừng bán trước HSD (ngày)", "Stop selling before expiry (days)", (
        "ngung ban truoc hsd", "ngung ban truoc han", "ngung ban truoc han su dung", "so ngay ngung ban",
        "stop selling before expiry", "stop selling days", "days to stop selling")),
    "quantity": ("Tồn kho", "Stock", (
        "ton kho", "so luong", "sl", "ton", "ton dau ky", "so luong ton", "stock", "quantity", "qty",
        "on hand")),
    "lot": ("Lô", "Lot", ("lo", "so lo", "ma lo", "lo hang", "lot", "batch", "lot number")),
    "expiry": ("HSD", "Expiry", (
        "hsd", "han su dung", "han dung", "ngay het han", "expiry", "expiry date", "exp", "best before")),
    "harvest": ("Ngày thu hoạch", "Harvest date", (
        "ngay thu hoach", "ngay san xuat", "nsx", "ngay sx", "harvest", "harvest date", "production date", "mfg")),
    "warehouse": ("Kho", "Warehouse", ("kho", "kho hang", "ma kho", "ten kho", "warehouse")),
    # KiotViet lists a product's other units (a carton of 24) as rows of their own, naming the base one.
    "base_sku": ("Mã ĐVT cơ bản", "Base unit code", ("ma dvt co ban", "ma hang co ban", "base unit code")),
    # Haravan's (and Shopify's) product handle: variant rows after the first leave the name blank.
    "handle": ("Url (Haravan)", "Handle", ("handle",)),
}
# Serial numbers, error notes of our own error files and similar: columns that are never data.
IGNORED_HEADERS = ("stt", "tt", "so tt", "so thu tu", "no", "#", "loi", "error", "errors", "dong goc")
HEADER_SCAN_ROWS = 30

_SYNONYMS = {syn: field for field, (_vi, _en, syns) in FIELDS.items() for syn in syns}
for _field, _names in sources.SYNONYMS.items():
    for _name in _names:
        _SYNONYMS.setdefault(_name, _field)
# The folded names a header of the SKU column can have (to spot a header row repeated in the data).
SKU_HEADER_NAMES = frozenset(name for name, field in _SYNONYMS.items() if field == "sku")
_BRACKETS = re.compile(r"[(\[].*?[)\]]")
_PUNCT = re.compile(r"[^0-9a-z#]+")


def field_label(field: str) -> Msg:
    vi, en, _ = FIELDS[field]
    return msg(vi, en)


def normalise(header: Any) -> str:
    """A header as compared: folded, punctuation dropped, spaces collapsed."""
    if header is None:
        return ""
    return " ".join(_PUNCT.sub(" ", fold(str(header))).split())


def match_header(header: Any, tool: str | None = None) -> str | None:
    """The field a header names, IGNORE for serial-number columns, None when unknown.

    `tool` (see `sources.detect`) lets a header mean what that tool means by it (Shopee's
    "Kho hàng" is the stock, ours the warehouse).
    """
    text = normalise(header)
    if not text:
        return None
    special = sources.overrides(tool)
    for candidate in (text, sources.strip_prefix(text),
                      normalise(_BRACKETS.sub(" ", fold(str(header)))),  # "Giá bán (VNĐ)" -> "gia ban"
                      sources.strip_prefix(normalise(_BRACKETS.sub(" ", fold(str(header)))))):
        if candidate in special:
            return special[candidate] or IGNORE
        if candidate in IGNORED_HEADERS:
            return IGNORE
        if candidate in _SYNONYMS:
            return _SYNONYMS[candidate]
    return None


def source_of(headers: Sequence[Any]) -> str | None:
    """The tool (KiotViet, Sapo, Shopee…) a header row comes from, if it looks like one."""
    return sources.detect([normalise(h) for h in headers])


def auto_mapping(headers: Sequence[Any]) -> list[str | None]:
    """Per column: the matched field, IGNORE, or None. When several columns name one field, the
    preferred name wins (`sources.PREFERRED`, e.g. "Mã SKU" over "Mã sản phẩm"), else the first."""
    tool = source_of(headers)
    out: list[str | None] = [match_header(h, tool) for h in headers]
    best: dict[str, int] = {}
    for i, field in enumerate(out):
        if not field:
            continue
        if field not in best or (sources.preference(field, normalise(headers[i]))
                                 < sources.preference(field, normalise(headers[best[field]]))):
            best[field] = i
    return [f if not f or best.get(f) == i else None for i, f in enumerate(out)]


def fallback_columns(headers: Sequence[Any], columns: Sequence[str | None]) -> dict[str, list[int]]:
    """Field -> the columns that also name it but lost to another; a row whose chosen cell is blank
    reads the first of these that is not (Shopee's "SKU sản phẩm" when "SKU phân loại" is empty)."""
    tool = source_of(headers)
    chosen = {f for f in columns if f}
    out: dict[str, list[int]] = {}
    for i, header in enumerate(headers):
        field = match_header(header, tool)
        if field and field != IGNORE and field in chosen and (i >= len(columns) or columns[i] is None):
            out.setdefault(field, []).append(i)
    return out


def find_header(rows: Iterable[tuple[int, Sequence[Any]]]) -> tuple[int, tuple[Any, ...]] | None:
    """The header row among the first non-blank rows: the first naming at least two fields,
    one of them the SKU or the name. Title rows (often merged cells) name none."""
    seen = 0
    for number, cells in rows:
        if not any(not _blank(c) for c in cells):
            continue
        seen += 1
        tool = source_of(cells)
        fields = {match_header(c, tool) for c in cells if isinstance(c, str)}
        fields.discard(None)
        fields.discard(IGNORE)
        if len(fields) >= 2 and fields & {"sku", "name"}:
            return number, tuple(cells)
        if seen >= HEADER_SCAN_ROWS:
            return None
    return None


def header_key(headers: Sequence[Any]) -> str:
    """The key a remembered mapping is stored under: a hash of the normalised header row."""
    names = [normalise(h) for h in headers]
    while names and not names[-1]:
        names.pop()
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()[:24]


def mapping_by_header(headers: Sequence[Any], columns: Sequence[str | None]) -> dict[str, str]:
    """A column mapping as {header text: field or ""} (what Settings remembers)."""
    return {str(h).strip(): (f or IGNORE) for h, f in zip(headers, columns, strict=False) if not _blank(h)}


def apply_mapping(headers: Sequence[Any], override: Mapping[str, str] | None) -> list[str | None]:
    """The automatic mapping, with each header found in `override` set to the field given there."""
    columns = auto_mapping(headers)
    if not override:
        return columns
    wanted = {normalise(k): f for k, f in override.items() if isinstance(f, str)}
    for i, header in enumerate(headers):
        key = normalise(header)
        if key and key in wanted:
            field = wanted[key]
            columns[i] = field if field in FIELDS or field == IGNORE else None
    # A field chosen twice keeps its first column.
    taken: set[str] = set()
    for i, field in enumerate(columns):
        if field and field in taken:
            columns[i] = None
        elif field:
            taken.add(field)
    return columns


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
