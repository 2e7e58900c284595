"""One data row of a spreadsheet turned into validated product fields and an opening-stock line."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..catalog import validation as v
from ..catalog.service import clean_fields
from ..errors import ValidationError
from ..i18n import Msg, msg
from ..stock.sellable import is_expired
from ..text import clean_multiline
from . import sources, values
from .headers import FIELDS, SKU_HEADER_NAMES, field_label, match_header, normalise

# Fields of the product itself (the rest describe opening stock).
PRODUCT_FIELDS = (
    "name", "price", "unit", "barcode", "category", "description", "cost", "weight_g", "ocop_stars",
    "low_stock_threshold", "bin_location", "length_cm", "width_cm", "height_cm", "stop_selling_days",
)
STOCK_FIELDS = ("quantity", "lot", "expiry", "harvest", "warehouse")
_STARS = re.compile(r"^(\d)\s*(?:sao|\*|★|stars?)?$", re.IGNORECASE)


@dataclass(frozen=True)
class RowIssue:
    """Why a row (or one of its cells) was refused: spreadsheet row number, column header, message."""

    row: int
    column: str
    message: Msg

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message.text()}


@dataclass(frozen=True)
class OpeningStock:
    quantity: int
    lot: str
    expiry: date | None
    harvest: date | None
    warehouse: str


@dataclass
class ParsedRow:
    """A non-blank data row: its SKU, the product fields it gives, its opening stock and its issues."""

    row: int
    raw: tuple[Any, ...]
    sku: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    stock: OpeningStock | None = None
    issues: list[RowIssue] = field(default_factory=list)
    # What the import did on its own that the clerk should know (a restored zero, stock not taken).
    notes: list[RowIssue] = field(default_factory=list)
    # How many of `issues` come from the file itself (cells, duplicates), not from the database.
    file_issues: int = 0
    file_notes: int = 0
    key: str = ""  # the SKU as uniqueness is decided on, set with the SKU

    def refuse(self, field_name: str, message: Msg, columns: dict[str, str]) -> None:
        self.issues.append(RowIssue(self.row, columns.get(field_name) or field_label(field_name).text(), message))

    def note(self, field_name: str, message: Msg, columns: dict[str, str]) -> None:
        self.notes.append(RowIssue(self.row, columns.get(field_name) or field_label(field_name).text(), message))


def column_names(headers: Sequence[Any], columns: Sequence[str | None]) -> dict[str, str]:
    """Field -> the header text of its column, as the clerk sees it in the file."""
    return {f: values.text_value(h) for h, f in zip(headers, columns, strict=False) if f}


def is_blank_row(cells: Sequence[Any], columns: Sequence[str | None]) -> bool:
    """Blank when every cell of an imported column is empty: a pre-numbered STT cell or a note in a
    column that is not imported is not a product row."""
    return all(values.is_blank(c) for c, f in zip(cells, columns, strict=False) if f)


def is_skipped_row(cells: Sequence[Any], columns: Sequence[str | None]) -> bool:
    """Rows that are not products: blank ones, a total row ("Tổng cộng", "Tổng", "Total" with no
    SKU of its own), the "Bắt buộc / Tùy chọn" and repeated-header rows of marketplace templates."""
    if is_blank_row(cells, columns):
        return True
    sku = next((c for c, f in zip(cells, columns, strict=False) if f == "sku"), None)
    sku_text = normalise(sku) if isinstance(sku, str) else ""
    special = sku_text.rstrip(" 0123456789") in sources.TOTAL_WORDS or sku_text in sources.INSTRUCTION_WORDS
    if sku_text and not special:
        if sku_text in SKU_HEADER_NAMES:  # the header row again (a page break, a second template row)
            named = [c for c, f in zip(cells, columns, strict=False) if f and isinstance(c, str)]
            return sum(1 for c in named if match_header(c)) >= 2
        return False
    texts = [normalise(c) for c in cells if isinstance(c, str) and c.strip()]
    if any(t.rstrip(" 0123456789") in sources.TOTAL_WORDS for t in texts):
        return True
    return bool(texts) and all(t in sources.INSTRUCTION_WORDS for t in texts)


def parse_row(number: int, cells: Sequence[Any], columns: Sequence[str | None], names: dict[str, str],
              fallbacks: dict[str, list[int]] | None = None) -> ParsedRow:
    """Read every mapped cell of a row; each bad cell adds an issue naming its column.

    `fallbacks` (headers.fallback_columns) name other columns to read a field from when its own
    cell is blank."""
    row = ParsedRow(number, tuple(cells))
    given: dict[str, Any] = {}
    for cell, name in zip(cells, columns, strict=False):
        if name and name in FIELDS and not values.is_blank(cell):
            given[name] = cell
    for name, indexes in (fallbacks or {}).items():
        if name not in given:
            spare = next((cells[i] for i in indexes if i < len(cells) and not values.is_blank(cells[i])), None)
            if spare is not None:
                given[name] = spare
    if "category" in given and isinstance(given["category"], str) and ">>" in given["category"]:
        given["category"] = given["category"].split(">>")[-1]  # KiotViet's "Đồ uống>>Nước ngọt"
    if "weight_g" in given:
        given["weight_g"] = _grams(given["weight_g"], names.get("weight_g", ""), given.get("weight_unit"))
    if "sku" in given:
        _read(row, "sku", names, lambda: v.validate_sku(values.code_value("sku", given["sku"])), setter=_set_sku)
    else:
        row.refuse("sku", msg("Chưa có mã SKU", "SKU is missing"), names)
    for name in PRODUCT_FIELDS:
        if name == "barcode" and name in given:
            _read(row, name, names, lambda: _barcode(row, given["barcode"], names))
        elif name in given:
            _read(row, name, names, lambda n=name: _product_value(n, given[n]))
    stock = {}
    for name in STOCK_FIELDS:
        if name in given:
            _read(row, name, names, lambda n=name: _stock_value(n, given[n]), target=stock)
    if stock.get("expiry") and stock.get("harvest") and stock["expiry"] < stock["harvest"]:
        row.refuse("expiry", msg("Hạn sử dụng trước ngày thu hoạch", "Expiry is before the harvest date"), names)
    elif stock.get("quantity") and is_expired(stock.get("expiry")):
        # Opening stock is a receipt: expired goods are recorded only on purpose, to be written off.
        row.refuse("expiry", msg(
            "Hạn sử dụng {date:%d/%m/%Y} đã qua: không nhập tồn hàng hết hạn (ghi nhận để hủy: Nhập kho, "
            "chọn hàng đã hết hạn)",
            "The expiry date {date:%d/%m/%Y} has passed: expired goods are not imported as stock (to record "
            "them for a write-off: Receive stock, marked as expired)", date=stock["expiry"]), names)
    base = values.text_value(given.get("base_sku")) if "base_sku" in given else ""
    if stock.get("quantity") and base and v.sku_key(base) != row.key:
        # KiotViet's row for another unit of a product (a carton of the base item): its "Tồn kho" is
        # the base item's stock counted in cartons, not stock of its own.
        row.note("quantity", msg(
            "Dòng này là đơn vị quy đổi của {base}: tồn kho {qty} đã tính trong hàng gốc nên không nhập thêm",
            "This row is another unit of {base}: its stock {qty} is the base item's, so it is not added again",
            base=base, qty=stock["quantity"]), names)
    elif stock.get("quantity"):
        row.stock = OpeningStock(stock["quantity"], stock.get("lot", ""), stock.get("expiry"), stock.get("harvest"),
                                 stock.get("warehouse", ""))
    return row


def _grams(cell: Any, header: str, unit: Any) -> Any:
    """A weight cell in grams: headers such as "Trọng lượng (kg)" or a "kg" unit column (Sapo's
    "Đơn vị khối lượng") give kilograms, decimals allowed ("0,5" kg is 500 g)."""
    in_kg = "kg" in normalise(header).split(" ") or (isinstance(unit, str) and normalise(unit) in ("kg", "kilogram"))
    if not in_kg:
        return cell
    try:
        kg = float(str(cell).strip().replace(",", ".")) if not isinstance(cell, int | float) else float(cell)
    except ValueError:
        return cell  # the integer check reports it
    return round(kg * 1000)


def _set_sku(row: ParsedRow, _name: str, value: str) -> None:
    row.sku = value
    row.key = v.sku_key(value)


def _read(row: ParsedRow, name: str, names: dict[str, str], read: Callable[[], Any], *,
          setter: Callable[[ParsedRow, str, Any], None] | None = None, target: dict | None = None) -> None:
    try:
        value = read()
    except ValidationError as error:
        row.refuse(name, error.msg, names)
        return
    if setter is not None:
        setter(row, name, value)
    else:
        (row.fields if target is None else target)[name] = value


def _barcode(row: ParsedRow, cell: Any, names: dict[str, str]) -> str | None:
    code, note = values.barcode_value("barcode", cell)
    if note is not None:
        row.note("barcode", note, names)
    return code


def _product_value(name: str, cell: Any) -> Any:
    if name in ("price", "cost"):
        raw: Any = values.money_value(name, cell)
    elif name in ("weight_g", "low_stock_threshold", "stop_selling_days"):
        raw = values.int_value(name, cell)
    elif name == "ocop_stars":
        values.check_formula(name, cell)
        text = values.text_value(cell)
        stars = _STARS.match(text)
        raw = stars.group(1) if stars else text
    elif name in ("length_cm", "width_cm", "height_cm"):
        values.check_formula(name, cell)
        raw = cell if isinstance(cell, int | float) else values.text_value(cell)
    elif name == "description":
        values.check_formula(name, cell)
        raw = clean_multiline(str(cell))
    else:
        values.check_formula(name, cell)
        raw = values.text_value(cell)
    # The catalogue's own rules decide what is valid (one place for every face of the app).
    return clean_fields({name: raw})[name]


def _stock_value(name: str, cell: Any) -> Any:
    if name == "quantity":
        return values.int_value(name, cell)
    if name in ("expiry", "harvest"):
        return values.date_value(name, cell)
    values.check_formula(name, cell)
    return values.text_value(cell)
