"""Photo commands: add, list, export, remove, reorder, set the cover, import a folder, clean."""

from __future__ import annotations

import argparse
import sys

from ..core.i18n import current_language, msg
from ..core.photos import service
from ..core.photos.views import ImportReport
from .common import EXIT_BAD_INPUT, add_json_flag, emit, open_db, print_json


def register(sub: argparse._SubParsersAction) -> None:
    photos = sub.add_parser("photos", help="ảnh sản phẩm / product photos").add_subparsers(
        dest="action", metavar="ACTION"
    )
    photos.required = True

    p = photos.add_parser("add", help="thêm ảnh cho sản phẩm / attach pictures to a product")
    p.add_argument("sku")
    p.add_argument("files", nargs="+", metavar="FILE")
    add_json_flag(p)
    p.set_defaults(handler=cmd_add)

    p = photos.add_parser("list", help="danh sách ảnh / list a product's photos")
    p.add_argument("sku")
    add_json_flag(p)
    p.set_defaults(handler=cmd_list)

    p = photos.add_parser(
        "export", help="xuất ảnh cho sàn (SKU-1.jpg, …) / export marketplace images"
    )
    p.add_argument("sku")
    p.add_argument("folder", metavar="DIR")
    add_json_flag(p)
    p.set_defaults(handler=cmd_export)

    p = photos.add_parser("remove", help="xoá ảnh số N / remove photo number N")
    p.add_argument("sku")
    p.add_argument("position", type=int, metavar="N")
    add_json_flag(p)
    p.set_defaults(handler=cmd_remove)

    p = photos.add_parser(
        "reorder", help="sắp xếp lại: các số nêu trước đứng đầu / put these positions first"
    )
    p.add_argument("sku")
    p.add_argument("order", type=int, nargs="+", metavar="N")
    add_json_flag(p)
    p.set_defaults(handler=cmd_reorder)

    p = photos.add_parser("cover", help="chọn ảnh bìa / make photo N the cover")
    p.add_argument("sku")
    p.add_argument("position", type=int, metavar="N")
    add_json_flag(p)
    p.set_defaults(handler=cmd_cover)

    p = photos.add_parser(
        "import-folder",
        help="nhập ảnh theo tên tệp bắt đầu bằng SKU / attach pictures named after SKUs",
    )
    p.add_argument("folder", metavar="DIR")
    add_json_flag(p)
    p.set_defaults(handler=cmd_import_folder)

    p = photos.add_parser(
        "clean",
        help="xoá tệp ảnh không còn dùng (sau khi máy tắt đột ngột) / remove unused picture files",
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_clean)


def cmd_add(args) -> int:
    report = service.attach_photos(open_db(args), args.sku, args.files, progress=_progress(args))
    return _print_report(args, report)


def cmd_import_folder(args) -> int:
    report = service.import_folder(open_db(args), args.folder, progress=_progress(args))
    return _print_report(args, report)


def cmd_list(args) -> int:
    photos = service.list_photos(open_db(args), args.sku)
    if args.json:
        print_json([p.to_json() for p in photos])
        return 0
    if not photos:
        print(msg("{sku} chưa có ảnh", "{sku} has no photos", sku=args.sku).text())
    for p in photos:
        cover = msg(" (ảnh bìa)", " (cover)").text() if p.is_cover else ""
        notes = "".join(f" — {m.text()}" for m in p.flag_messages())
        print(
            f"{p.position}. {p.original_name}{cover}  {p.width}×{p.height}  {p.sha256[:12]}{notes}"
        )
    return 0


def cmd_export(args) -> int:
    files = service.export_photos(open_db(args), args.sku, args.folder)
    text = msg(
        "Đã xuất {n} ảnh vào {folder}",
        "Exported {n} pictures to {folder}",
        n=len(files),
        folder=args.folder,
    ).text()
    emit(args, {"files": [str(f) for f in files]}, text)
    return 0


def cmd_clean(args) -> int:
    removed = service.clean_unused_files(open_db(args))
    text = msg("Đã xoá {n} tệp ảnh không còn dùng", "Removed {n} unused picture files", n=removed).text()
    emit(args, {"removed": removed}, text)
    return 0


def cmd_remove(args) -> int:
    db = open_db(args)
    service.remove_photo(db, args.sku, args.position)
    return _print_list_after(args, db, msg("Đã xoá ảnh {n}", "Removed photo {n}", n=args.position))


def cmd_reorder(args) -> int:
    db = open_db(args)
    service.reorder_photos(db, args.sku, args.order)
    return _print_list_after(args, db, msg("Đã sắp xếp lại ảnh", "Photos reordered"))


def cmd_cover(args) -> int:
    db = open_db(args)
    service.set_cover(db, args.sku, args.position)
    return _print_list_after(
        args, db, msg("Ảnh {n} là ảnh bìa", "Photo {n} is now the cover", n=args.position)
    )


def _print_list_after(args, db, done) -> int:
    photos = service.list_photos(db, args.sku)
    order = ", ".join(f"{p.position}. {p.original_name}" for p in photos)
    emit(args, [p.to_json() for p in photos], f"{done.text()}: {order}" if order else done.text())
    return 0


_MARKS = {"ok": "✓", "flagged": "!", "skipped": "=", "error": "✗"}


def _print_report(args, report: ImportReport) -> int:
    if args.json:
        print_json(report.to_json())
    else:
        for o in report.outcomes:
            where = f" → {o.sku} #{o.position}" if o.position else (f" → {o.sku}" if o.sku else "")
            notes = "; ".join(m.text() for m in o.messages)
            print(f"{_MARKS[o.status]} {o.source.name}{where}{': ' + notes if notes else ''}")
        for path in report.unmatched:
            print(
                f"? {path.name}: "
                + msg("tên tệp không khớp SKU nào", "the file name matches no SKU").text()
            )
        counts = {s: report.count(s) for s in ("ok", "flagged", "skipped", "error")}
        print(
            msg(
                "Đã gắn {attached} ảnh ({flagged} có cảnh báo), bỏ qua {skipped}, lỗi {error}",
                "Attached {attached} pictures ({flagged} with warnings), skipped {skipped}, failed {error}",
                attached=counts["ok"] + counts["flagged"],
                flagged=counts["flagged"],
                skipped=counts["skipped"],
                error=counts["error"],
            ).text()
        )
    if report.failed:
        prefix = "Error" if current_language() == "en" else "Lỗi"
        print(
            f"{prefix}: "
            + msg(
                "{n} tệp không nhập được",
                "{n} files could not be imported",
                n=report.count("error"),
            ).text(),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    return 0


def _progress(args):
    if args.json or not sys.stderr.isatty():
        return None

    def show(fraction: float, text: str) -> None:
        sys.stderr.write(f"\r{fraction:4.0%} {text[:70]:<70}")
        if fraction >= 1.0:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
