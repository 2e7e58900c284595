"""Benchmark (issue 3): the desktop window on a 100,000-product catalogue.

1. Start time: process start -> first page of products painted (`main.py --exit-when-ready` prints
   READY after the paint), next to a bare PySide6 window (QMainWindow + label, READY after its first
   paint) measured in the same run: wall time seen by the parent, median of --runs. The app's
   modules are compiled to bytecode first, as in an installed app.
2. Scrolling: the products table scrolled top to bottom a screen at a time; time spent in each
   data() page fetch (the model's own timings), average and worst.
3. Memory: resident set size with the products page open after the scroll.

    python bench/bench_gui.py [--data-dir D] [--runs 5]

Without --data-dir a 100,000-product demo catalogue is built first (about 30 s).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Gian Hàng"))
window.resize(1280, 800)
window.show()
def ready():
    print("READY", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def wall_time_to_ready(cmd: list[str]) -> float:
    return wall_times(cmd)[0]


def wall_times(cmd: list[str]) -> tuple[float, float]:
    """Seconds from spawning `cmd` to its READY line, and to its DATABASE line (main.py: the database
    is open, every page usable; the bare window prints none)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    ready = usable = float("nan")
    for line in proc.stdout:
        if line.startswith("READY"):
            ready = time.perf_counter() - start
        elif line.startswith("DATABASE"):
            usable = time.perf_counter() - start
    proc.wait(timeout=60)
    if ready != ready:  # NaN: never printed
        raise SystemExit(f"no READY from {cmd}")
    return ready, usable


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scroll(data_dir: Path) -> tuple[list[float], float, int]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from gianhang_desktop.core.database import Database
    from gianhang_desktop.core.settings import Settings
    from gianhang_desktop.gui.context import AppContext, SettingsHub
    from gianhang_desktop.gui.products.page import ProductsPage
    from gianhang_desktop.gui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])  # noqa: F841 - must exist before widgets
    db = Database.open(data_dir)
    # The table's own figures, as measured since issue 3: without the cover pictures (a context made
    # without a database makes none; this loop never runs the event loop, so the covers read for
    # 100,000 scrolled-past rows would only pile up in its queue).
    ctx = AppContext(db=None, tasks=TaskRunner(), settings=SettingsHub(data_dir, Settings()))
    ctx.db = db
    page = ProductsPage(ctx)
    page.resize(1280, 800)
    page.show()
    # (Never spin on app.processEvents(): with PySide6 6.12 on Python 3.11 each call drops a
    # reference to None, and a few hundred thousand calls crash the interpreter.)
    loop = QEventLoop()
    page.model.ids_loaded.connect(lambda _n: loop.quit())
    loop.exec()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(100, loop.quit)  # let the view lay itself out
    loop.exec()
    bar = page.table.verticalScrollBar()
    page.model.page_fetch_times.clear()
    step = max(1, page.table.viewport().height() // page.table.verticalHeader().defaultSectionSize())
    for value in range(0, bar.maximum() + step, step):
        bar.setValue(value)
        page.table.viewport().repaint()
    times = list(page.model.page_fetch_times)
    memory = rss_mb()
    rows = page.model.rowCount()
    ctx.tasks.shutdown()
    return times, memory, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data_dir = args.data_dir
    if data_dir is None:
        data_dir = Path(tempfile.mkdtemp(prefix="bench-gui-"))
        subprocess.run([sys.executable, "-m", "gianhang_desktop", "--data-dir", str(data_dir), "demo",
                        "--products", "100000"], cwd=ROOT, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    print(f"machine load average: {load:.1f} (2 cores; figures above ~2 are noisy)")

    # An installed app runs from bytecode (pip and PyInstaller compile it); a checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would compile every module on every start. PySide6's own modules
    # are already compiled in site-packages.
    compileall.compile_dir(ROOT / "gianhang_desktop", quiet=1)
    wall_time_to_ready([sys.executable, "main.py", "--data-dir", str(data_dir), "--exit-when-ready"])  # warm caches
    bare, ours, usable = [], [], []
    for _ in range(args.runs):
        bare.append(wall_time_to_ready([sys.executable, "-c", BARE]))
        ready, done = wall_times([sys.executable, "main.py", "--data-dir", str(data_dir), "--exit-when-ready"])
        ours.append(ready)
        usable.append(done)
    print("bare runs:", " ".join(f"{t:.2f}" for t in bare), "| ours:", " ".join(f"{t:.2f}" for t in ours))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"start to first page of products: median {o:.2f} s (target ≤ 2.0 s); bare PySide6 window {b:.2f} s; "
          f"ratio {o / b:.2f}× (target ≤ 2.5×)")
    print(f"then the database open, every page usable: median {statistics.median(usable):.2f} s")

    times, memory, rows = scroll(data_dir)
    avg = statistics.mean(times) * 1000 if times else 0.0
    print(f"scroll {rows:,} rows top to bottom: {len(times)} page fetches, average {avg:.2f} ms "
          f"(target ≤ 5 ms), worst {max(times) * 1000:.2f} ms, median {statistics.median(times) * 1000:.2f} ms")
    print(f"resident memory with the products page open: {memory:.0f} MB (target ≤ 300 MB)")


if __name__ == "__main__":
    main()
