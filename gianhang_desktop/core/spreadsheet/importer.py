"""Import products and opening stock from a spreadsheet: a dry-run report per row, then one transaction.

Rules a clerk can rely on:

* Rows are matched to products by SKU (ignoring case and spaces): an unknown SKU is created, a
  known one is updated with the cells that differ; a blank cell never clears a value.
* The same SKU twice in one file is an error on every one of those rows (never merged).
* Opening stock (Tồn kho / Số lượng, Lô, HSD, Ngày thu hoạch, Kho) becomes a receipt in the ledger
  only for a product that has no ledger line yet: a newly created product, or an existing one
  never stocked. Importing the same file again therefore adds no stock and changes nothing.
* All valid rows go in together in ONE transaction; rows with errors are left out and listed.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import settings as settings_file
from ..catalog.gtin import gtin14
from ..catalog.models import Product
from ..catalog.service import modify_product
from ..changes import Changes
from ..database import Database
from ..disk import DiskFull, ReadOnlyFolder
from ..errors import GianHangError
from ..i18n import msg
from ..settings import Settings
from ..staff.access import recorded_user, require
from ..staff.roles import Permission
from ..stock.models import StockMovement, StockTotal
from ..tasks import CancelToken, ProgressFn, report
from . import errors_file
from .headers import (
    FIELDS,
    apply_mapping,
    fallback_columns,
    find_header,
    header_key,
    mapping_by_header,
)
from .reader import Sheet, Spreadsheet, UnreadableFile, open_spreadsheet
from .rows import ParsedRow, RowIssue, column_names, is_skipped_row, parse_row

CHUNK = 500
STATUSES = ("new", "update", "unchanged", "error")


@dataclass(frozen=True)
class RowResult:
    """What happens (or would happen) to one data row."""

    row: int
    sku: str
    status: str  # one of STATUSES
    changed: tuple[str, ...] = ()
    stock: int = 0
    issues: tuple[RowIssue, ...] = ()
    notes: tuple[RowIssue, ...] = ()  # what the import mended or left out on its own, per cell


@dataclass
class ImportReport:
    """The per-row report of a dry run or an import; `to_json` is the CLI's contract."""

    path: Path
    sheet: str
    header_row: int
    headers: tuple[Any, ...]
    columns: tuple[str | None, ...]
    results: list[RowResult]
    failed_raw: dict[int, tuple[Any, ...]]
    dry_run: bool
    changes: Changes = field(default_factory=Changes)
    file_errors_path: Path | None = None
    # The rows as read, so that `apply_import` writes what the dry run showed without re-reading.
    parsed: list[ParsedRow] = field(default_factory=list, repr=False)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def rows(self) -> int:
        return len(self.results)

    @property
    def created(self) -> int:
        return self.count("new")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def errors(self) -> list[RowIssue]:
        return [issue for r in self.results for issue in r.issues]

    @property
    def notes(self) -> list[RowIssue]:
        return [note for r in self.results for note in r.notes]

    @property
    def stock_receipts(self) -> int:
        return sum(1 for r in self.results if r.stock and r.status != "error")

    @property
    def ignored_columns(self) -> list[str]:
        return [str(h).strip() for h, f in zip(self.headers, self.columns, strict=False) if f is None and h is not None
                and str(h).strip()]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rows": self.rows, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "errors": [e.to_json() for e in self.errors],
            "notes": [n.to_json() for n in self.notes],
        }
        data.update(dry_run=self.dry_run, sheet=self.sheet, header_row=self.header_row,
                    stock_receipts=self.stock_receipts, ignored_columns=self.ignored_columns)
        if self.file_errors_path is not None:
            data["file_errors_path"] = str(self.file_errors_path)
        return data


@dataclass(frozen=True)
class Preview:
    """The first rows of a file and how its columns would be read (for the wizard's mapping page)."""

    path: Path
    sheet: str
    header_row: int
    headers: tuple[Any, ...]
    columns: tuple[str | None, ...]
    sample: tuple[tuple[int, tuple[Any, ...]], ...]
    remembered: bool


@dataclass
class Table:
    """Where the data of an open file is: its sheet, header row, and the rows after the header."""

    sheet: Sheet
    header_row: int
    headers: tuple[Any, ...]
    rest: Iterator[tuple[int, tuple[Any, ...]]]


def locate_table(book: Spreadsheet) -> Table:
    """The first sheet (active one first) with a header row; UnreadableFile when there is none.

    The rows after the header continue the same pass over the file: a sheet is read once.

    Raises:
        UnreadableFile: no sheet has a header row.
    """
    any_content = False
    for sheet in book.sheets:
        rows = _content_rows(sheet)
        found = find_header(rows)
        any_content = any_content or rows.seen_content
        if found is not None:
            return Table(sheet, found[0], found[1], rows.rest)
    if not any_content:
        raise UnreadableFile(msg("Tệp {path} không có dữ liệu (trang tính trống)", "{path} has no data (empty sheet)",
                                 path=book.path.name))
    raise UnreadableFile(msg(
        "Không tìm thấy dòng tiêu đề trong {path}: cần ít nhất cột Mã SP hoặc Tên sản phẩm và một cột khác "
        "(ví dụ Giá bán, ĐVT)",
        "No header row found in {path}: it needs an SKU or product name column and one more (e.g. Price, Unit)",
        path=book.path.name,
    ))


class _content_rows:
    """Rows of a sheet, remembering whether any cell had content; `rest` continues where it stopped."""

    def __init__(self, sheet: Sheet):
        self.rest = sheet.rows()
        self.seen_content = False

    def __iter__(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        for number, cells in self.rest:
            if not self.seen_content and any(c is not None and str(c).strip() for c in cells):
                self.seen_content = True
            yield number, cells


def remembered_mapping(data_dir: Path, headers: Sequence[Any]) -> dict[str, str] | None:
    """The column mapping the user chose last time for a file with these headers."""
    mappings = Settings.load(data_dir).import_mappings
    found = mappings.get(header_key(headers)) if isinstance(mappings, dict) else None
    return found if isinstance(found, dict) else None


def remember_mapping(data_dir: Path, headers: Sequence[Any], columns: Sequence[str | None],
                     settings: Settings | None = None) -> None:
    """Keep the user's mapping for the next file with the same headers (a keyed update of the
    settings file; `settings`, the caller's copy, gets it too). A convenience: on a full disk or a
    read-only folder it is skipped and logged, the import itself is done."""
    key, mapping = header_key(headers), mapping_by_header(headers, columns)

    def add(current: Settings) -> None:
        current.import_mappings = {**(current.import_mappings or {}), key: mapping}

    try:
        saved = settings_file.edit(data_dir, add)
    except (DiskFull, ReadOnlyFolder) as error:
        logging.getLogger(__name__).warning("import mapping not remembered: %s", error.message("en"))
        return
    if settings is not None:
        settings.import_mappings = saved.import_mappings


def preview_file(path: str | Path, mapping: Mapping[str, str] | None = None, *, data_dir: Path | None = None,
                 limit: int = 20) -> Preview:
    """Header, column mapping (explicit, else remembered, else automatic) and the first data rows.

    Raises:
        UnreadableFile: the file cannot be read as a spreadsheet, or has no header row.
    """
    with open_spreadsheet(path) as book:
        table = locate_table(book)
        headers = table.headers
        remembered = None if mapping is not None or data_dir is None else remembered_mapping(data_dir, headers)
        columns = apply_mapping(headers, mapping if mapping is not None else remembered)
        sample = []
        for number, cells in table.rest:
            if is_skipped_row(cells, columns):
                continue
            sample.append((number, tuple(cells)))
            if len(sample) >= limit:
                break
    return Preview(Path(path), table.sheet.name, table.header_row, headers, tuple(columns), tuple(sample),
                   remembered is not None)


def import_file(
    db: Database, path: str | Path, mapping: Mapping[str, str] | None = None, *, dry_run: bool = False,
    errors_out: str | Path | None = None, progress: ProgressFn | None = None, cancel: CancelToken | None = None,
) -> ImportReport:
    """Read `path`, report every row, and (unless `dry_run`) write all valid rows in one transaction.

    `mapping` ({header text: field or ""}) overrides the automatic column matching; without it the
    mapping remembered for these headers is used. Raises UnreadableFile when the file itself
    cannot be read; row problems are in the report, never raised.

    Raises:
        UnreadableFile: the file itself cannot be read, or has no SKU column (row problems are in
            the report, never raised).
        Cancelled: `cancel` was set (nothing is written).
        DiskFull, ReadOnlyFolder: `errors_out` cannot be written (nothing is imported).
    """
    path = Path(path)
    report(progress, 0.0, msg("Đang đọc tệp…", "Reading the file…").text())
    with open_spreadsheet(path) as book:
        table = locate_table(book)
        sheet, header_row, headers = table.sheet, table.header_row, table.headers
        if mapping is None:
            mapping = remembered_mapping(db.data_dir, headers)
        columns = apply_mapping(headers, mapping)
        if "sku" not in columns:
            raise UnreadableFile(msg(
                "Tệp {path} không có cột mã SKU (Mã SP): hãy chọn cột chứa mã sản phẩm",
                "{path} has no SKU column (Mã SP): choose the column holding the product codes", path=path.name,
            ))
        parsed = _read_rows(table, columns, progress, cancel)
    _flag_duplicates(parsed, column_names(headers, columns))
    shell = ImportReport(path, sheet.name, header_row, tuple(headers), tuple(columns), [], {}, dry_run,
                         parsed=parsed)
    return _run(db, shell, dry_run, errors_out, progress, cancel)


def apply_import(db: Database, dry_run: ImportReport, *, errors_out: str | Path | None = None,
                 progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> ImportReport:
    """Import the rows a dry run read, without reading the file again (the wizard's last step).

    Every row is checked again against the database inside the writing transaction, so changes
    made since the dry run are respected.

    Raises:
        Cancelled: `cancel` was set (nothing is written).
        DiskFull, ReadOnlyFolder: `errors_out` cannot be written (nothing is imported).
    """
    shell = ImportReport(dry_run.path, dry_run.sheet, dry_run.header_row, dry_run.headers, dry_run.columns, [], {},
                         False, parsed=dry_run.parsed)
    return _run(db, shell, False, errors_out, progress, cancel)


def _run(db: Database, shell: ImportReport, dry_run: bool, errors_out, progress, cancel) -> ImportReport:
    parsed = shell.parsed
    names = column_names(shell.headers, shell.columns)

    def reported(results: list[RowResult]) -> ImportReport:
        shell.results = results
        shell.failed_raw = {r.row: r.raw for r in parsed if r.issues}
        # Written before the import commits: a failure to save it leaves the database untouched.
        if errors_out is not None and shell.failed_raw:
            shell.file_errors_path = errors_file.write_failed_rows(shell, errors_out)
        return shell

    if dry_run:
        with db.read_session() as session:
            result = reported(_plan(session, parsed, names, progress, cancel))
    else:
        with db.session() as session:
            require(session, Permission.DATA_IMPORT)
            result = reported(_plan(session, parsed, names, progress, cancel, write=True))
            result.changes = _apply(session, parsed, result.results, shell.path, progress, cancel)
    report(progress, 1.0, msg("Xong", "Done").text())
    return result


def _read_rows(table: Table, columns, progress, cancel) -> list[ParsedRow]:
    names = column_names(table.headers, columns)
    fallbacks = fallback_columns(table.headers, columns)
    parsed: list[ParsedRow] = []
    total = table.sheet.estimated_rows
    inherit = _VariantRows(columns)
    for number, cells in table.rest:
        if number % 1000 == 0:
            if cancel:
                cancel.raise_if_cancelled()
            if total:
                report(progress, 0.6 * min(1.0, number / total),
                       msg("Đang đọc dòng {n}…", "Reading row {n}…", n=number).text())
        if is_skipped_row(cells, columns):
            continue
        parsed.append(parse_row(number, inherit(cells), columns, names, fallbacks))
    return parsed


class _VariantRows:
    """Haravan and Shopify write a product's name, description and category on its first row only;
    the rows of its other variants carry the same handle (Url) and leave those cells blank."""

    SHARED = ("name", "description", "category", "unit")

    def __init__(self, columns):
        self.handle = columns.index("handle") if "handle" in columns else None
        self.shared = [i for i, f in enumerate(columns) if f in self.SHARED]
        self.last: tuple[Any, tuple[Any, ...]] | None = None

    def __call__(self, cells: tuple[Any, ...]) -> tuple[Any, ...]:
        if self.handle is None or self.handle >= len(cells) or cells[self.handle] in (None, ""):
            return cells
        key = cells[self.handle]
        if self.last is not None and self.last[0] == key:
            cells = tuple(self.last[1][i] if i in self.shared and (c is None or c == "") and i < len(self.last[1])
                          else c for i, c in enumerate(cells))
        self.last = (key, cells)
        return cells


def _flag_duplicates(parsed: list[ParsedRow], names: dict[str, str]) -> None:
    by_key: dict[str, list[ParsedRow]] = defaultdict(list)
    for row in parsed:
        if row.key:
            by_key[row.key].append(row)
    for rows in by_key.values():
        if len(rows) > 1:
            where = ", ".join(str(r.row) for r in rows)
            for row in rows:
                row.refuse("sku", msg(
                    "Mã SKU '{sku}' xuất hiện nhiều lần trong tệp (dòng {rows}): mỗi sản phẩm chỉ một dòng",
                    "SKU '{sku}' appears more than once in the file (rows {rows}): one row per product",
                    sku=row.sku, rows=where), names)
    seen_barcodes: dict[str, ParsedRow] = {}
    for row in parsed:
        code = row.fields.get("barcode")
        if not code:
            continue
        first = seen_barcodes.setdefault(gtin14(code) or code, row)
        if first is not row and first.key != row.key:
            same = first.fields.get("barcode") == code
            row.refuse("barcode", msg("Mã vạch {code} trùng với dòng {row}" if same else
                                      "Mã vạch {code} trùng với dòng {row} (cùng mã GTIN {other})",
                                      "Barcode {code} repeats row {row}" if same else
                                      "Barcode {code} repeats row {row} (the same GTIN as {other})",
                                      code=code, row=first.row, other=first.fields.get("barcode")), names)
    for row in parsed:
        row.file_issues = len(row.issues)
        row.file_notes = len(row.notes)


def _plan(session: Session, parsed: list[ParsedRow], names: dict[str, str], progress, cancel,
          write: bool = False) -> list[RowResult]:
    from ..stock.ledger import lock_products
    from ..stock.service import resolve_warehouse

    for row in parsed:  # a second plan (import after a dry run) starts from what the file itself says
        del row.issues[row.file_issues:]
        del row.notes[row.file_notes:]
    existing: dict[str, Product] = {}
    stocked: set[int] = set()
    barcode_owner: dict[str, str] = {}
    keys = [r.key for r in parsed if r.key]
    codes = sorted({gtin14(r.fields["barcode"]) for r in parsed if r.fields.get("barcode")} - {None})
    for chunk in _chunks(keys):
        for product in session.scalars(select(Product).where(Product.sku_key.in_(chunk))):
            existing[product.sku_key] = product
    ids = [p.id for p in existing.values()]
    on_hand: dict[int, int] = {}
    if write:
        # Whether a product gets opening stock depends on its ledger being empty: no other PC
        # may write its stock between this look and the import's commit.
        lock_products(session, ids)
    for chunk in _chunks(ids):
        stocked.update(session.scalars(
            select(StockMovement.product_id).where(StockMovement.product_id.in_(chunk)).distinct()))
        on_hand.update(session.execute(
            select(StockTotal.product_id, StockTotal.on_hand).where(StockTotal.product_id.in_(chunk))).all())
    for chunk in _chunks(codes):
        barcode_owner.update(session.execute(
            select(Product.gtin, Product.sku_key).where(Product.gtin.in_(chunk))).all())
    warehouses: dict[str, Any] = {}
    results = []
    for i, row in enumerate(parsed):
        if cancel and i % 1000 == 0:
            cancel.raise_if_cancelled()
        product = existing.get(row.key)
        code = row.fields.get("barcode")
        if code and barcode_owner.get(gtin14(code), row.key) != row.key:
            row.refuse("barcode", msg("Mã vạch {code} đã dùng cho sản phẩm khác", "Barcode {code} is used by another "
                                      "product", code=code), names)
        if product is None:
            for needed in ("name", "price"):
                if needed not in row.fields and not any(x.column == names.get(needed) for x in row.issues):
                    row.refuse(needed, msg("Sản phẩm mới cần {what}", "A new product needs {what}",
                                           what=FIELDS[needed][0].lower()), names)
        stock = row.stock if row.stock and (product is None or product.id not in stocked) else None
        if row.stock and stock is None:
            row.note("quantity", msg(
                "Sản phẩm {sku} đã có sổ kho (đang tồn {on_hand}): tồn đầu kỳ {qty} trong tệp không được nhập. "
                "Dùng Nhập kho hoặc Kiểm kê để đổi số tồn",
                "Product {sku} already has a stock ledger ({on_hand} on hand): the opening stock {qty} in the file "
                "was not imported. Use Receive or Stock count to change it",
                sku=product.sku, on_hand=on_hand.get(product.id, 0), qty=row.stock.quantity), names)
        if stock is not None:
            wanted = stock.warehouse.casefold()
            if wanted not in warehouses:
                try:
                    warehouses[wanted] = resolve_warehouse(session, stock.warehouse).id
                except GianHangError as error:
                    warehouses[wanted] = error
            if isinstance(warehouses[wanted], GianHangError):
                row.refuse("warehouse", warehouses[wanted].msg, names)
        if row.issues:
            results.append(RowResult(row.row, row.sku, "error", issues=tuple(row.issues), notes=tuple(row.notes)))
            continue
        quantity = stock.quantity if stock else 0
        if product is None:
            results.append(RowResult(row.row, row.sku, "new", tuple(row.fields), quantity, notes=tuple(row.notes)))
            continue
        changed = tuple(f for f, value in row.fields.items() if getattr(product, f) != value)
        status = "update" if changed or quantity else "unchanged"
        results.append(RowResult(row.row, product.sku, status, changed, quantity, notes=tuple(row.notes)))
    report(progress, 0.75, msg("Đã kiểm tra {n} dòng", "Checked {n} rows", n=len(parsed)).text())
    return results


def _apply(session: Session, parsed: list[ParsedRow], results: list[RowResult], path: Path, progress,
           cancel) -> Changes:
    from . import loader

    by_row = {r.row: r for r in parsed}
    new = [(by_row[r.row], r) for r in results if r.status == "new"]
    updates = [(by_row[r.row], r) for r in results if r.status == "update"]
    reference = f"IMPORT {path.name}"[:64]
    reason = msg("Tồn đầu kỳ (nhập từ tệp {name})", "Opening stock (imported from {name})", name=path.name).text("vi")[:255]
    user = recorded_user(session)
    created_ids: set[int] = set()
    changed_ids: set[int] = set()
    stocked_ids: set[int] = set()
    for i, chunk in enumerate(_chunks(new, CHUNK)):
        if cancel:
            cancel.raise_if_cancelled()
        ids, with_stock = loader.insert_new_products(session, [p for p, _ in chunk], reason, reference, user)
        created_ids.update(ids)
        stocked_ids.update(with_stock)
        report(progress, 0.8 + 0.15 * (i + 1) * CHUNK / max(len(new), 1),
               msg("Đang ghi sản phẩm mới…", "Writing new products…").text())
    for row, result in updates:
        if cancel:
            cancel.raise_if_cancelled()
        fields = {f: row.fields[f] for f in result.changed}
        product, changed = modify_product(session, row.sku, **fields) if fields else (None, False)
        if changed:
            changed_ids.add(product.id)
        if result.stock:
            stocked_ids.add(loader.receive_opening_stock(session, row, reason, reference, user))
    if cancel:
        cancel.raise_if_cancelled()  # last chance: nothing is committed yet
    return Changes(products=frozenset(changed_ids | created_ids), stock=frozenset(stocked_ids),
                   catalog_reset=bool(created_ids))


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


__all__ = [
    "ImportReport", "Preview", "RowIssue", "RowResult", "Table", "apply_import", "import_file", "locate_table",
    "preview_file", "remember_mapping", "remembered_mapping",
]
