"""Benchmark (issue 5): dry run plus import of a 10,000-row .xlsx catalogue with opening stock.

Each phase runs in a fresh process so its peak memory (ru_maxrss) is its own. The baseline,
measured in the same run, is openpyxl's read-only iteration of the same file and nothing else:
the floor any streaming importer stands on. Figures are medians over --rounds.

    python bench/bench_import.py [--rows 10000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNITS = ["kg", "hộp", "chai", "túi", "gói", "hũ"]
PRICES = ["{:,}".format, lambda p: f"{p:,} ₫".replace(",", "."), lambda p: f"{p // 1000}k", int,
          lambda p: f"{p:,}đ".replace(",", ".")]


LABELS = {
    "baseline": "baseline: openpyxl read-only pass",
    "wizard": "dry run + import (wizard)",
    "cli": "dry run + import (CLI, 2 reads)",
    "re-import": "re-import, all unchanged",
}


def build_file(path: Path, rows: int) -> None:
    """A realistic clerk's catalogue: title rows, STT, money in every form, text and real dates."""
    from openpyxl import Workbook

    from gianhang_desktop.core import clock
    from gianhang_desktop.core.catalog.validation import gtin_check_digit

    # A normal (not write-only) workbook, so the sheet starts with its <dimension> like a file
    # saved by Excel; without it openpyxl parses the whole sheet once more just to size it.
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["HỢP TÁC XÃ NÔNG SẢN - DANH SÁCH SẢN PHẨM"])
    ws.append([])
    ws.append(["STT", "Mã SP", "Tên sản phẩm", "ĐVT", "Đơn giá", "Mã vạch", "Danh mục", "Trọng lượng (g)",
               "Tồn kho", "Lô", "Hạn sử dụng", "Kho"])
    today = clock.today()  # (expiry dates ahead of the shop's today: expired goods are refused as stock)
    for i in range(rows):
        price = 10_000 + (i * 7919) % 990 * 1000
        body = f"893{i + 1:09d}"
        expiry = today + timedelta(days=30 + i % 300)
        ws.append([
            i + 1, f"SP-{i + 1:06d}", f"Đặc sản vùng miền số {i + 1} loại {'ABC'[i % 3]}", UNITS[i % len(UNITS)],
            PRICES[i % len(PRICES)](price), body + str(gtin_check_digit(body)), f"Nhóm {i % 12}", 250 + i % 5 * 250,
            str(i % 120), f"L{i % 40:03d}", expiry if i % 2 else f"{expiry:%d/%m/%Y}", "Kho chính",
        ])
    wb.save(path)


def phase(name: str, file: Path, data: Path) -> dict:
    """Run one phase in this process and report its time and peak memory."""
    from gianhang_desktop.core.database import Database

    start, cpu_start = time.perf_counter(), time.process_time()
    if name == "baseline":
        from openpyxl import load_workbook

        wb = load_workbook(file, read_only=True, data_only=True)
        cells = sum(len(row) for row in wb.active.iter_rows(values_only=True))
        wb.close()
        result = {"cells": cells}
    else:
        from gianhang_desktop.core.spreadsheet.importer import apply_import, import_file

        db = Database.open(data)
        start, cpu_start = time.perf_counter(), time.process_time()
        if name == "wizard":  # dry run, then import what it read (the file is read once)
            dry = import_file(db, file, dry_run=True)
            done = apply_import(db, dry)
            result = {"dry_run_created": dry.created, "created": done.created, "errors": len(done.errors)}
        elif name == "cli":  # `import --dry-run` then `import`: the file is read twice
            dry = import_file(db, file, dry_run=True)
            done = import_file(db, file)
            result = {"dry_run_created": dry.created, "created": done.created, "errors": len(done.errors)}
        else:  # re-import of the same file: everything unchanged
            again = import_file(db, file)
            result = {"unchanged": again.unchanged, "created": again.created}
        db.dispose()
    result["seconds"] = time.perf_counter() - start
    result["cpu_seconds"] = time.process_time() - cpu_start  # steadier than wall time on a busy machine
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run_phase(name: str, file: Path, data: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", name, "--file", str(file), "--data", str(data)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--phase")
    parser.add_argument("--file")
    parser.add_argument("--data")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, Path(args.file), Path(args.data))))
        return

    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    file = folder / "danh sach.xlsx"
    build_file(file, args.rows)
    print(f"file: {args.rows:,} rows, {file.stat().st_size / 1e6:.1f} MB")
    from gianhang_desktop.core.database import Database

    template = folder / "template"
    Database.open(template).dispose()
    samples: dict[str, list[dict]] = {"baseline": [], "wizard": [], "cli": [], "re-import": []}
    for i in range(args.rounds):
        for name in samples:
            data = folder / f"data{i}-{name}"
            if name != "re-import":
                shutil.copytree(template, data)
            else:
                data = folder / f"data{i}-cli"  # the catalogue the CLI phase just imported
            samples[name].append(run_phase(name, file, data))
    base = statistics.median(s["seconds"] for s in samples["baseline"])
    base_cpu = statistics.median(s["cpu_seconds"] for s in samples["baseline"])
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name, runs in samples.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu_seconds"] for r in runs)
        peak = max(r["peak_mb"] for r in runs)
        extra = {k: v for k, v in runs[-1].items() if k not in ("seconds", "cpu_seconds", "peak_mb")}
        print(f"{LABELS[name]:34s} wall {seconds:6.2f} s ({seconds / base:3.1f}×)  cpu {cpu:6.2f} s "
              f"({cpu / base_cpu:3.1f}×)  peak {peak:4.0f} MB  {extra}")
    print("targets: dry run + import ≤ 10 s, peak memory ≤ 300 MB")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
