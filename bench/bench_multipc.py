"""Several PCs on one PostgreSQL: 4 desktop processes × 50 stock receipts/s each for 60 s (not a test).

Starts a real PostgreSQL as an office PC runs it (on disk, fsync and synchronous commit on), sets
up the database, and runs N desktop processes. Each one does what a window does: it listens to
the server's change feed (core.postgres.changefeed, as ctx.server_link) and receives stock through
the real service (`core.stock.service.receive_stock`, the dialog's call), paced at R receipts a
second, on products every process shares (some in lots, some not) plus, once a second, on a
"probe" product of its own: the other processes' feeds time how long after the writer's call
returned they hear of it (live refresh). At the end: nothing lost (every receipt in the ledger,
totals equal to receipts), ledger = balances = totals, one balance row per key.

Printed next to baselines measured in the same run: a bare round trip to the server
(`SELECT 1` through SQLAlchemy), and the same receipts on SQLite in one process (the one-PC mode).

Run (heavy: under the benchmark lock):
    flock /work/locks/bench .venv/bin/python bench/bench_multipc.py [--processes 4] [--rate 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import queue
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gianhang_desktop.core.catalog import service as catalog  # noqa: E402
from gianhang_desktop.core.database import Database  # noqa: E402
from gianhang_desktop.core.stock import service as stock  # noqa: E402
from tests.core.hammer import check_ledger  # noqa: E402
from tests.postgres import PostgresServer  # noqa: E402

SPAWN = multiprocessing.get_context("spawn")
SHARED = [f"VT-{i:03d}" for i in range(20)]  # products every PC receives
LOTS = [None, None, "L1", "L2"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def set_up(db: Database, processes: int) -> None:
    for sku in SHARED:
        catalog.add_product(db, sku, f"Vải thiều Thanh Hà {sku}", 65_000, unit="kg")
    for index in range(processes):
        catalog.add_product(db, f"PROBE-{index}", f"Đầu dò máy {index}", 1000)


def desktop(index: int, url: str | None, data_dir: str, rate: float, seconds: float, barrier, out,
            listen: bool, seed: int) -> None:
    """One desktop process (see the module docstring); puts its measurements on `out`."""
    db = Database.open(data_dir, url=url, migrate_now=False)
    heard: list[tuple[float, frozenset[int]]] = []
    feed = None
    if listen:
        from gianhang_desktop.core.postgres.changefeed import ChangeFeed

        feed = ChangeFeed(url, lambda c: heard.append((time.monotonic(), c.stock))).start()
        deadline = time.monotonic() + 30
        while feed.connected is not True and time.monotonic() < deadline:
            time.sleep(0.01)
    rng = random.Random(seed + index)
    probe = f"PROBE-{index}"
    probe_id = catalog.get_product(db, probe).id
    latencies, lags, probes, failures = [], [], [], []
    unsent = 0
    done = {sku: 0 for sku in [*SHARED, probe]}
    barrier.wait()
    start = time.monotonic()
    period = 1.0 / rate
    n = 0
    while True:
        scheduled = start + n * period
        if scheduled - start >= seconds:
            break
        if time.monotonic() - start >= 2 * seconds:  # this machine cannot keep the pace: stop, say so
            unsent = int(seconds * rate) - n
            break
        now = time.monotonic()
        if scheduled > now:
            time.sleep(scheduled - now)
        is_probe = n % max(1, int(rate)) == 0
        sku = probe if is_probe else rng.choice(SHARED)
        lot = None if is_probe else rng.choice(LOTS)
        began = time.monotonic()
        lags.append((began - scheduled) * 1000)
        try:
            stock.receive_stock(db, sku, 1, lot=lot, expiry="2027-06-30" if lot else None, user=f"may-{index}")
        except Exception as error:  # noqa: BLE001 - counted and reported: a lost receipt
            failures.append(f"{type(error).__name__}: {error}")
        else:
            ended = time.monotonic()
            latencies.append((ended - began) * 1000)
            done[sku] += 1
            if is_probe:
                probes.append((began, ended))
        n += 1
    elapsed = time.monotonic() - start
    if feed is not None:
        time.sleep(3)  # the last notifications
        feed.stop()
    db.dispose()
    out.put({"index": index, "latencies": latencies, "lags": lags, "probes": probes, "probe_id": probe_id,
             "heard": [(t, sorted(ids)) for t, ids in heard], "done": done, "failures": failures,
             "elapsed": elapsed, "unsent": unsent})


def run_desktops(count: int, url: str | None, data_dir: Path, rate: float, seconds: float, listen: bool) -> list[dict]:
    """`count` desktop processes; on PostgreSQL each has a data folder of its own under `data_dir`,
    on SQLite (url None) they work in `data_dir` itself."""
    barrier = SPAWN.Barrier(count)
    out = SPAWN.Queue()
    folders = [str(data_dir / f"pc{i}") if url else str(data_dir) for i in range(count)]
    procs = [SPAWN.Process(target=desktop, args=(i, url, folders[i], rate, seconds, barrier, out, listen, 2026))
             for i in range(count)]
    for proc in procs:
        proc.start()
    results = []
    deadline = time.monotonic() + 2 * seconds + 300
    while len(results) < count:
        try:
            results.append(out.get(timeout=5))
        except queue.Empty:
            if time.monotonic() > deadline or not any(p.is_alive() for p in procs):
                raise RuntimeError("a desktop process did not finish") from None
    for proc in procs:
        proc.join(30)
    return sorted(results, key=lambda r: r["index"])


def refresh_latencies(results: list[dict]) -> list[float]:
    """For each probe receipt of each process, in every other process: from the writer's call
    returning to the first notification naming the probe product heard after the call began (ms)."""
    samples = []
    for writer in results:
        for listener in results:
            if listener is writer:
                continue
            arrivals = [t for t, ids in listener["heard"] if writer["probe_id"] in ids]
            for began, ended in writer["probes"]:
                after = [t for t in arrivals if t >= began]
                samples.append((min(after) - ended) * 1000 if after else float("inf"))
    return samples


def verify(db: Database, results: list[dict]) -> dict:
    """Nothing lost: the ledger holds every receipt and each product's total equals its receipts."""
    from sqlalchemy import func, select

    from gianhang_desktop.core.catalog.models import Product
    from gianhang_desktop.core.stock.models import StockMovement, StockTotal

    expected: dict[str, int] = {}
    for r in results:
        for sku, count in r["done"].items():
            expected[sku] = expected.get(sku, 0) + count
    with db.read_session() as s:
        movements = s.scalar(select(func.count()).select_from(StockMovement))
        totals = dict(s.execute(select(Product.sku, StockTotal.on_hand).join(StockTotal)).all())
    lost = {sku: count - totals.get(sku, 0) for sku, count in expected.items() if totals.get(sku, 0) != count}
    return {"receipts": sum(expected.values()), "ledger_lines": movements, "lost": lost,
            "failures": sum(len(r["failures"]) for r in results), "ledger_problems": check_ledger(db)}


def summary(name: str, results: list[dict]) -> dict:
    latencies = [v for r in results for v in r["latencies"]]
    lags = [v for r in results for v in r["lags"]]
    receipts = len(latencies)
    elapsed = max(r["elapsed"] for r in results)
    return {"name": name, "receipts": receipts, "per_second": receipts / elapsed,
            "unsent": sum(r["unsent"] for r in results),
            "p50_ms": percentile(latencies, 0.5), "p95_ms": percentile(latencies, 0.95),
            "p99_ms": percentile(latencies, 0.99), "max_ms": max(latencies, default=float("nan")),
            "schedule_lag_p95_ms": percentile(lags, 0.95)}


def round_trip_ms(db: Database, count: int = 500) -> tuple[float, float]:
    from sqlalchemy import text

    samples = []
    with db.engine.connect() as conn:
        for _ in range(count):
            began = time.perf_counter()
            conn.execute(text("SELECT 1")).scalar()
            samples.append((time.perf_counter() - began) * 1000)
    return percentile(samples, 0.5), percentile(samples, 0.95)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--rate", type=float, default=50.0, help="receipts per second per process")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-multipc-"))
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)

    server = PostgresServer(production_like=True)
    server.start()
    try:
        url = server.create_database("gianhang")
        pg = Database.open(work / "setup", url=url)
        set_up(pg, args.processes)
        rt50, rt95 = round_trip_ms(pg)
        print(f"PostgreSQL {args.processes} desktops × {args.rate:g} receipts/s × {args.seconds:g} s …", flush=True)
        pg_results = run_desktops(args.processes, url, work, args.rate, args.seconds, listen=True)
        pg_summary = summary("postgresql", pg_results)
        pg_check = verify(pg, pg_results)
        refresh = refresh_latencies(pg_results)
        pg.dispose()
    finally:
        server.remove()

    sqlite_dir = work / "sqlite"
    lite = Database.open(sqlite_dir)
    set_up(lite, args.processes)
    lite.dispose()
    total_rate = args.rate * args.processes
    print(f"SQLite, one process, the same {total_rate:g} receipts/s × {args.seconds:g} s …", flush=True)
    lite_results = run_desktops(1, None, sqlite_dir, total_rate, args.seconds, listen=False)
    lite_summary = summary("sqlite", lite_results)
    lite = Database.open(sqlite_dir)
    lite_check = verify(lite, lite_results)
    lite.dispose()

    report = {
        "processes": args.processes, "rate_per_process": args.rate, "seconds": args.seconds,
        "postgresql": pg_summary | {"check": pg_check},
        "live_refresh_ms": {"samples": len(refresh), "p50": percentile(refresh, 0.5), "p95": percentile(refresh, 0.95),
                            "max": max(refresh, default=float("nan")), "missed": sum(v == float("inf") for v in refresh)},
        "round_trip_ms": {"p50": rt50, "p95": rt95},
        "sqlite_one_process": lite_summary | {"check": lite_check},
        "load_average_after": os.getloadavg()[0],
    }
    print()
    print(f"{'':34}{'receipts':>9}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'lost':>6}")
    for name, s, c in ((f"PostgreSQL, {args.processes} desktop processes", pg_summary, pg_check),
                       ("SQLite, 1 process (baseline)", lite_summary, lite_check)):
        print(f"{name:34}{s['receipts']:>9}{s['per_second']:>8.1f}{s['p50_ms']:>9.2f}{s['p95_ms']:>9.2f}"
              f"{s['p99_ms']:>9.2f}{len(c['lost']) + c['failures']:>6}")
    for name, s in (("PostgreSQL", pg_summary), ("SQLite", lite_summary)):
        if s["unsent"]:
            print(f"{name}: the machine could not keep the pace; {s['unsent']} receipts not sent after "
                  f"{2 * args.seconds:g} s (schedule lag p95 {s['schedule_lag_p95_ms']:.0f} ms)")
    print(f"bare round trip to the server (baseline): p50 {rt50:.2f} ms, p95 {rt95:.2f} ms")
    live = report["live_refresh_ms"]
    print(f"live refresh to the other desktops: p50 {live['p50']:.0f} ms, p95 {live['p95']:.0f} ms, "
          f"max {live['max']:.0f} ms over {live['samples']} (missed {live['missed']})")
    print(f"ledger = balances = totals: PostgreSQL {not pg_check['ledger_problems']}, "
          f"SQLite {not lite_check['ledger_problems']}; ledger lines {pg_check['ledger_lines']} for "
          f"{pg_check['receipts']} receipts")
    sustained = not pg_summary["unsent"] and pg_summary["per_second"] >= 0.95 * args.rate * args.processes
    print(f"pace: PostgreSQL {pg_summary['per_second']:.0f} receipts/s, SQLite {lite_summary['per_second']:.0f}/s "
          f"of {args.rate * args.processes:g}/s asked (schedule lag p95 {pg_summary['schedule_lag_p95_ms']:.0f} ms "
          f"/ {lite_summary['schedule_lag_p95_ms']:.0f} ms)")
    met = (sustained and not pg_check["lost"] and not pg_check["failures"] and not pg_check["ledger_problems"]
           and pg_check["ledger_lines"] == pg_check["receipts"] and pg_summary["p95_ms"] <= 50 and live["p95"] <= 2000)
    print(f"targets (the load sustained, 0 lost, ledger = balances, p95 ≤ 50 ms, live refresh p95 ≤ 2 s): {'met' if met else 'NOT met'}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
