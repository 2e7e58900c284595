"""Spreadsheet commands: import products and opening stock from .xlsx/.csv, export to .xlsx/.csv."""

from __future__ import annotations

import argparse

from ..core.i18n import current_language, msg
from ..core.spreadsheet import exporter
from ..core.spreadsheet.importer import ImportReport, import_file
from .common import add_json_flag, emit, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="nhập sản phẩm từ Excel/CSV / import products from .xlsx or .csv")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi / check only, write nothing")
    p.add_argument("--errors-out", metavar="FAILED.xlsx",
                   help="lưu các dòng lỗi ra tệp Excel (.xlsx hoặc .csv) để sửa / save the failed rows to fix them")
    add_json_flag(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help="xuất ra Excel (.xlsx) hoặc CSV / export to .xlsx or .csv")
    p.add_argument("kind", choices=exporter.EXPORT_KINDS)
    p.add_argument("file", help="tệp .xlsx, hoặc .csv / the .xlsx or .csv file to write")
    add_json_flag(p)
    p.set_defaults(handler=cmd_export)


def cmd_import(args) -> int:
    report = import_file(open_db(args), args.file, dry_run=args.dry_run, errors_out=args.errors_out)
    emit(args, report, describe(report))
    return 0


def describe(report: ImportReport) -> str:
    """The report as a clerk reads it: the totals, then one line per refused cell."""
    en = current_language() == "en"
    head = msg(
        "{verb}: {rows} dòng — {new} mới, {upd} cập nhật, {same} không đổi, {bad} dòng lỗi",
        "{verb}: {rows} rows — {new} new, {upd} updated, {same} unchanged, {bad} rows with errors",
        verb=("Dry run" if en else "Kiểm tra thử") if report.dry_run else ("Imported" if en else "Đã nhập"),
        rows=report.rows, new=report.created, upd=report.updated, same=report.unchanged, bad=report.count("error"),
    ).text()
    lines = [head]
    for issue in report.errors:
        lines.append(msg("  Dòng {row}, cột {col}: {text}", "  Row {row}, column {col}: {text}",
                         row=issue.row, col=issue.column, text=issue.message.text()).text())
    for note in report.notes:
        lines.append(msg("  Lưu ý dòng {row}, cột {col}: {text}", "  Note, row {row}, column {col}: {text}",
                         row=note.row, col=note.column, text=note.message.text()).text())
    if report.file_errors_path is not None:
        lines.append(msg("Các dòng lỗi đã lưu vào {path}", "Failed rows saved to {path}",
                         path=report.file_errors_path).text())
    return "\n".join(lines)


def cmd_export(args) -> int:
    db = None if args.kind == "template" else open_db(args)
    count = exporter.export(db, args.kind, args.file)
    emit(args, {"kind": args.kind, "file": args.file, "rows": count},
         msg("Đã xuất {n} dòng vào {file}", "Exported {n} rows to {file}", n=count, file=args.file).text())
    return 0
