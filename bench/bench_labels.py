"""Benchmark: 1,000 A6 shipping labels in one PDF, next to a plain-reportlab baseline.

Run: /work/venv/bin/python bench/bench_labels.py [--count 1000] [--out bench/out]
The baseline is the same number of A6 pages holding the same text drawn with the
built-in Helvetica (no TrueType, no barcodes, no fitting), measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from gianhang_desktop.core.labels.fonts import register_fonts  # noqa: E402
from gianhang_desktop.core.labels.pdf import render_labels  # noqa: E402
from tests.orders.label_samples import typical  # noqa: E402


def labels(count: int):
    return [typical(f"GH-2611-{i:04d}", cod=(i % 7) * 50_000, weight_g=300 + i % 2000,
                    receiver_name=f"Nguyễn Thị Hương {i}") for i in range(count)]


def baseline(data, path: Path) -> None:
    canvas = Canvas(str(path), pagesize=(100 * mm, 150 * mm), pageCompression=1)
    for label in data:
        y = 140 * mm
        for line in (label.order_code, label.sender_name, label.sender_address, label.receiver_name,
                     label.receiver_phone, label.receiver_address, *label.items, label.note,
                     f"COD {label.cod}"):
            canvas.setFont("Helvetica", 9)
            canvas.drawString(5 * mm, y, line)
            y -= 12
        canvas.showPage()
    canvas.save()


def timed(fn, *args) -> tuple[float, float]:
    """(wall, CPU) seconds: CPU time shows the cost when other jobs share the machine."""
    start, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data = labels(args.count)
    t_fonts, _ = timed(register_fonts)
    labels_pdf, base_pdf = args.out / "labels_a6.pdf", args.out / "baseline_a6.pdf"
    t_base, cpu_base = timed(baseline, data, base_pdf)
    t_labels, cpu_labels = timed(render_labels, data, labels_pdf, "a6")
    print(f"python {platform.python_version()} on {platform.machine()}, {args.count} labels,"
          f" load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"font registration      : {t_fonts:6.3f} s (once per process)")
    print(f"baseline (Helvetica)   : {t_base:6.2f} s wall {cpu_base:6.2f} s CPU"
          f"  {base_pdf.stat().st_size / 1e6:6.2f} MB")
    print(f"labels A6 (Noto, codes): {t_labels:6.2f} s wall {cpu_labels:6.2f} s CPU"
          f"  {labels_pdf.stat().st_size / 1e6:6.2f} MB  = {cpu_labels / cpu_base:.1f}× baseline CPU,"
          f" {1000 * t_labels / args.count:.1f} ms/label")
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(labels_pdf)], capture_output=True, text=True).stdout
        embedded = [line.split()[0] for line in fonts.splitlines()[2:]]
        print(f"fonts in the PDF       : {len(embedded)} ({', '.join(embedded)})")
    verdict = "OK" if t_labels <= 10 else "TOO SLOW"
    print(f"target ≤ 10 s          : {verdict}")


if __name__ == "__main__":
    main()
