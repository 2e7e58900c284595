"""Benchmark (issue 19): end of day on a year of data, stock in-out-balance of a month over 100,000
products, scan to cart on 1,000,000 products; each next to the same question asked by hand in
plain SQL (sqlite3) on the same file in the same run.

The data: `--stocked` demo products with their lots (the one bulk writer), then a year of
counter trade written straight into the tables (`--sales` bills of two lines, each line's
shipment in the ledger, a cash voucher per bill, and receipts until the ledger holds `--ledger`
lines), then more demo products up to `--products` for the scans.

    flock /work/locks/bench python bench/bench_counter.py [--products 1000000] [--stocked 100000]
        [--sales 200000] [--ledger 1000000] [--rounds 7] [--scans 400]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gianhang_desktop.core import clock  # noqa: E402
from gianhang_desktop.core.counter.scan import scan_item  # noqa: E402
from gianhang_desktop.core.database import Database  # noqa: E402
from gianhang_desktop.core.demo import build_demo  # noqa: E402
from gianhang_desktop.core.paths import DB_FILENAME  # noqa: E402
from gianhang_desktop.core.reports.end_of_day import end_of_day  # noqa: E402
from gianhang_desktop.core.reports.stock_flow import stock_flow  # noqa: E402

TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def timed(fn, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def write_history(path: Path, sales: int, ledger: int, seed: int = 19) -> None:
    """A year of counter sales (two lines each), their shipments, cash vouchers, and receipts
    until the ledger holds `ledger` lines, spread evenly over the 365 shop days before today."""
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    products = con.execute("SELECT id, sku, name, unit, price, coalesce(cost, price * 7 / 10) FROM products").fetchall()
    today = clock.today()
    per_day = max(1, sales // 365)
    sale_rows, line_rows, move_rows, cash_rows = [], [], [], []
    line_id = con.execute("SELECT coalesce(max(id), 0) FROM sale_lines").fetchone()[0]
    for n in range(sales):
        day = today - timedelta(days=365 - n // per_day % 365)
        at = datetime(day.year, day.month, day.day, 1 + n % 12, n % 60, tzinfo=UTC)
        code = f"HD-{day:%y%m%d}-{n % per_day + 1:04d}-{n}"
        total = cogs = 0
        for line_no in (1, 2):
            pid, sku, name, unit, price, cost = products[rng.randrange(len(products))]
            qty = rng.randint(1, 3)
            line_id += 1
            total += qty * price
            cogs += qty * cost
            line_rows.append((line_id, n + 1, line_no, pid, sku, name, unit, qty, price, 0, qty * price, 0, qty * price,
                              qty * cost, 0))
            move_rows.append((pid, 1, None, "shipment", -qty, "", "thu-ngan", code, at.strftime(TIME_FORMAT),
                              -qty * cost))
        sale_rows.append((n + 1, code, "completed", day.isoformat(), at.strftime(TIME_FORMAT), 1, None, "", "",
                          f"thu-ngan-{n % 3}", total, 0, total, total, 0, total, 0, 0, cogs, ""))
        cash_rows.append((f"PT-{n}", day.isoformat(), at.strftime(TIME_FORMAT), "in", "cash", total, "sale",
                          f"Bán hàng {code}", code, None, None, f"thu-ngan-{n % 3}"))
    have = con.execute("SELECT count(*) FROM stock_movements").fetchone()[0] + len(move_rows)
    for n in range(max(0, ledger - have)):
        day = today - timedelta(days=rng.randrange(365))
        at = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)
        pid, _sku, _name, _unit, _price, cost = products[rng.randrange(len(products))]
        move_rows.append((pid, 1, None, "receipt", 5, "", "kho", f"PN-{n}", at.strftime(TIME_FORMAT), 5 * cost))
    with con:
        con.executemany(f"INSERT INTO sales VALUES ({','.join('?' * 20)})", sale_rows)
        con.executemany(f"INSERT INTO sale_lines VALUES ({','.join('?' * 15)})", line_rows)
        con.executemany("INSERT INTO stock_movements (product_id, warehouse_id, lot_id, kind, quantity, reason, "
                        "user_name, reference, created_at, cost_value) VALUES (?,?,?,?,?,?,?,?,?,?)", move_rows)
        con.executemany("INSERT INTO cash_entries (code, local_day, created_at, direction, fund, amount, category, "
                        "reason, reference, customer_id, supplier_id, user_name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        cash_rows)
    con.execute("ANALYZE")
    con.close()


def eod_by_hand(con: sqlite3.Connection, day: str, start: str, end: str) -> tuple:
    """The same end-of-day figures, asked directly."""
    sales = con.execute("SELECT count(*), sum(subtotal), sum(discount), sum(total), sum(cogs), sum(paid_cash), "
                        "sum(change_due), sum(paid_transfer), sum(debt) FROM sales WHERE local_day = ? "
                        "AND status != 'cancelled'", (day,)).fetchone()
    lines = con.execute("SELECT sum(l.discount) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                        "WHERE s.local_day = ?", (day,)).fetchone()
    returns = con.execute("SELECT count(*), sum(amount) FROM sale_returns WHERE local_day = ?", (day,)).fetchone()
    cash = con.execute("SELECT fund, direction, category, user_name, sum(amount) FROM cash_entries "
                       "WHERE local_day = ? GROUP BY 1, 2, 3, 4", (day,)).fetchall()
    before = con.execute("SELECT fund, sum(CASE direction WHEN 'in' THEN amount ELSE -amount END) FROM cash_entries "
                         "WHERE local_day < ? GROUP BY fund", (day,)).fetchall()
    by_product = con.execute("SELECT l.product_id, sum(l.quantity), sum(l.net_amount), sum(l.cogs) FROM sale_lines l "
                             "JOIN sales s ON s.id = l.sale_id WHERE s.local_day = ? GROUP BY l.product_id "
                             "ORDER BY 3 DESC LIMIT 5", (day,)).fetchall()
    shipped = con.execute("SELECT count(*) FROM stock_movements WHERE kind IN ('shipment', 'return') "
                          "AND created_at >= ? AND created_at < ?", (start, end)).fetchone()
    staff = con.execute("SELECT user_name, count(*), sum(total) FROM sales WHERE local_day = ? GROUP BY 1",
                        (day,)).fetchall()
    return sales, lines, returns, cash, before, by_product, shipped, staff


def flow_by_hand(con: sqlite3.Connection, start: str, end: str) -> int:
    """The same in-out-balance, asked directly: today's balances and the lines since the start."""
    now = con.execute("SELECT product_id, sum(on_hand) FROM stock_balances GROUP BY product_id").fetchall()
    moved = con.execute("SELECT product_id, kind, quantity > 0, created_at < ?, sum(quantity), sum(cost_value) "
                        "FROM stock_movements WHERE created_at >= ? GROUP BY 1, 2, 3, 4", (end, start)).fetchall()
    names = con.execute("SELECT id, sku, name, unit FROM products").fetchall()
    return len(now) + len(moved) + len(names)


def scan_by_hand(con: sqlite3.Connection, code: str) -> tuple | None:
    row = con.execute("SELECT id, sku, name, unit, price FROM products WHERE sku_key = lower(?) OR gtin = ?",
                      (code, code.zfill(14))).fetchone()
    if row is None:
        return None
    have = con.execute("SELECT sum(b.on_hand) FROM stock_balances b LEFT JOIN lots l ON l.id = b.lot_id "
                       "WHERE b.product_id = ? AND b.on_hand > 0 AND (l.expiry_date IS NULL OR l.expiry_date >= ?)",
                       (row[0], clock.today().isoformat())).fetchone()
    return row, have


def report(name: str, ours: list[float], floor: list[float], target: float, unit: str = "s", p95: bool = False) -> None:
    scale = 1000 if unit == "ms" else 1
    mine = (percentile(ours, 95) if p95 else statistics.median(ours)) * scale
    base = (percentile(floor, 95) if p95 else statistics.median(floor)) * scale
    what = "p95" if p95 else "median"
    verdict = "OK" if mine <= target else "OVER"
    print(f"{name}: {what} {mine:.3f} {unit} (target ≤ {target} {unit}, {verdict}); plain SQL {base:.3f} {unit}; "
          f"ratio {mine / base if base else float('nan'):.1f}×", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--stocked", type=int, default=100_000)
    parser.add_argument("--sales", type=int, default=200_000)
    parser.add_argument("--ledger", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--scans", type=int, default=400)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-counter-"))
    db = Database.open(folder)
    start = time.perf_counter()
    build_demo(db, args.stocked, with_extensions=False)
    write_history(folder / DB_FILENAME, args.sales, args.ledger)
    con = sqlite3.connect(folder / DB_FILENAME)
    lines = con.execute("SELECT count(*) FROM stock_movements").fetchone()[0]
    sold = con.execute("SELECT count(*) FROM sales").fetchone()[0]
    print(f"data: {args.stocked:,} stocked products, {sold:,} sales, {lines:,} ledger lines in "
          f"{time.perf_counter() - start:.0f} s", flush=True)

    day = clock.today() - timedelta(days=100)
    bounds = [t.strftime(TIME_FORMAT) for t in clock.local_day_bounds(day)]
    end_of_day(db, day)  # warm both paths once
    eod_by_hand(con, day.isoformat(), *bounds)
    report("end of day (a year of data)", timed(lambda: end_of_day(db, day), args.rounds),
           timed(lambda: eod_by_hand(con, day.isoformat(), *bounds), args.rounds), 0.5)

    first = clock.today().replace(day=1)
    flow_bounds = [clock.local_day_bounds(first)[0].strftime(TIME_FORMAT),
                   clock.local_day_bounds(clock.today())[1].strftime(TIME_FORMAT)]
    flow = stock_flow(db, first, clock.today())
    print(f"xuất-nhập-tồn rows: {len(flow.rows):,}", flush=True)
    report(f"xuất-nhập-tồn (one month, {args.stocked:,} products)",
           timed(lambda: stock_flow(db, first, clock.today()), max(3, args.rounds // 2)),
           timed(lambda: flow_by_hand(con, *flow_bounds), max(3, args.rounds // 2)), 2.0)

    if args.products > args.stocked:
        start = time.perf_counter()
        build_demo(db, args.products - args.stocked, with_extensions=False)
        print(f"catalogue grown to {args.products:,} products in {time.perf_counter() - start:.0f} s", flush=True)
        con.execute("ANALYZE")
    rng = random.Random(7)
    codes = [row[0] for row in con.execute("SELECT coalesce(barcode, sku) FROM products ORDER BY random() LIMIT ?",
                                           (args.scans,))]
    assert all(scan_item(db, c) is not None for c in codes[:20])
    rng.shuffle(codes)
    ours, floor = [], []
    for code in codes:
        ours += timed(lambda c=code: scan_item(db, c), 1)
        floor += timed(lambda c=code: scan_by_hand(con, c), 1)
    report(f"scan to cart ({args.products:,} products)", ours, floor, 30, unit="ms", p95=True)
    con.close()
    db.dispose()


if __name__ == "__main__":
    main()
