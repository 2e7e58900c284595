"""Benchmark of the reference store server on loopback with SQLite (not a test).

Measures, each next to a baseline taken in the same run:

* batch upserts (POST /api/v1/products/batch, 100 products a call) in products/s, against raw
  sqlite3 inserts of the same rows in 100-row transactions;
* GET /api/v1/changes page latency (100 changes a page, random cursors) with 100,000 changes
  stored, against a bare GET /api/v1/health and a signed GET /api/v1/shop.

Run: /work/venv/bin/python bench/bench_server.py [--changes 100000] [--batches 30]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gianhang_server.changes import encode_cursor  # noqa: E402
from gianhang_server.db import open_database  # noqa: E402
from gianhang_server.models import AppKey, Change, Shop  # noqa: E402
from gianhang_server.shops import create_shop  # noqa: E402
from tests.server.client import StoreClient  # noqa: E402
from tests.server.conftest import free_port, product_body  # noqa: E402

API = "/api/v1"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(call, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux), independent of how busy the machine is."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def seed_changes(url: str, shop_id: int, key_id: int, count: int) -> None:
    """Store ``count`` changes directly (the API would take minutes), shaped like real ones."""
    db = open_database(url)
    sample = product_body("SEED") | {"quantity": 10, "version": 3, "images": [], "created_at": "2026-11-26T10:00:00+00:00",
                                     "updated_at": "2026-11-26T10:00:00+00:00", "source": {"key": None, "actor": "server"}}
    rows = []
    for seq in range(1, count + 1):
        own = seq % 5 == 0  # every fifth change was made with the reader's own key
        rows.append({"shop_id": shop_id, "seq": seq, "type": "product.updated", "key": f"SKU-{seq % 5000}",
                     "data": json.dumps(sample | {"sku": f"SKU-{seq % 5000}", "version": seq}, ensure_ascii=False, separators=(",", ":")), "source_key_id": key_id if own else None})
    with db.writer() as session:
        for start in range(0, count, 10_000):
            session.execute(Change.__table__.insert(), rows[start:start + 10_000])
        session.get(Shop, shop_id).change_seq = count
        session.commit()
    db.dispose()


def raw_sqlite_rate(directory: Path, batches: int) -> float:
    """Products/s of plain sqlite3 inserts, 100 rows a transaction, WAL: the floor of the engine."""
    conn = sqlite3.connect(directory / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE products (sku TEXT PRIMARY KEY, body TEXT)")
    rates = []
    for batch in range(batches):
        rows = [(f"R-{batch}-{i}", json.dumps(product_body(f"R-{batch}-{i}"))) for i in range(100)]
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT OR REPLACE INTO products VALUES (?, ?)", rows)
        conn.execute("COMMIT")
        rates.append(100 / (time.perf_counter() - start))
    conn.close()
    return statistics.median(rates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--batches", type=int, default=30, help="batches of 100 products to upsert")
    parser.add_argument("--pages", type=int, default=300, help="changes pages to fetch")
    args = parser.parse_args(argv)

    directory = Path(tempfile.mkdtemp(prefix="gh-bench-"))
    url = f"sqlite:///{directory / 'bench.db'}"
    db = open_database(url)
    with db.writer() as session:
        writer = create_shop(session, "HTX Bench (writer)")
        reader = create_shop(session, "HTX Bench (feed)")
        session.commit()
    with db.reader() as session:
        reader_key_id = session.scalar(select(AppKey.id).where(AppKey.key == reader["key"]))
    db.dispose()
    print(f"seeding {args.changes} changes ...", flush=True)
    seed_changes(url, reader["shop_id"], reader_key_id, args.changes)

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gianhang_server", "serve", "--db", url, "--port", str(port),
                               "--rate-limit", "0", "--log-level", "warning"], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(base + f"{API}/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        http = requests.Session()
        health = timed(lambda: http.get(base + f"{API}/health").raise_for_status(), 300)
        feed_client = StoreClient(base, reader["key"], reader["secret"])
        signed = timed(lambda: feed_client.get(f"{API}/shop").raise_for_status(), 300)

        # Random positions across the whole feed, with the cursor the server would have given there.
        positions = [random.Random(7).randrange(0, args.changes - 200) for _ in range(args.pages)]
        cursors = iter([encode_cursor("c", reader["shop_id"], p) for p in positions])
        responses = []

        def page():
            response = feed_client.get(f"{API}/changes", params={"cursor": next(cursors), "limit": 100})
            response.raise_for_status()
            responses.append(response)  # decoded after the clock stops: the client's JSON work is not the server's

        cpu_before = cpu_seconds(server.pid)
        changes = timed(page, args.pages)
        cpu_after = cpu_seconds(server.pid)
        page_cpu = (cpu_after - cpu_before) / args.pages * 1000 if cpu_before is not None else None
        sizes = [len(r.json()["changes"]) for r in responses]

        writer_client = StoreClient(base, writer["key"], writer["secret"])
        rates = []
        cpu_before = cpu_seconds(server.pid)
        for batch in range(args.batches):
            items = [product_body(f"B-{batch}-{i}", price=1000 + i) for i in range(100)]
            start = time.perf_counter()
            response = writer_client.post(f"{API}/products/batch", {"items": items})
            elapsed = time.perf_counter() - start
            assert response.status_code == 200 and all(r["ok"] for r in response.json()["results"]), response.text[:300]
            rates.append(100 / elapsed)
        cpu_after = cpu_seconds(server.pid)
        batch_cpu_rate = 100 * args.batches / (cpu_after - cpu_before) if cpu_before is not None else None
        replace_rates = []
        for batch in range(min(10, args.batches)):
            items = [product_body(f"B-{batch}-{i}", price=2000 + i) for i in range(100)]
            start = time.perf_counter()
            writer_client.post(f"{API}/products/batch", {"items": items}).raise_for_status()
            replace_rates.append(100 / (time.perf_counter() - start))
    finally:
        server.terminate()
        server.wait(timeout=20)
    raw = raw_sqlite_rate(directory, args.batches)
    shutil.rmtree(directory, ignore_errors=True)

    def row(name, samples, unit="ms"):
        return f"{name:<44} median {statistics.median(samples):8.2f} {unit}   p95 {percentile(samples, 0.95):8.2f} {unit}"

    print()
    print(f"machine: {os.cpu_count()} cores, load average at the end {os.getloadavg()[0]:.1f} (other processes share the cores)")
    print(f"SQLite, loopback, {args.changes} changes stored; pages of 100 (mean {statistics.mean(sizes):.0f} changes returned)")
    print(row("baseline GET /health (unsigned)", health))
    print(row("baseline GET /shop (signed, nonce stored)", signed))
    print(row("GET /changes (signed, random cursor)", changes))
    print(f"{'  ratio changes p95 / signed /shop p95':<44} {percentile(changes, 0.95) / percentile(signed, 0.95):8.2f}x   (target: p95 <= 50 ms)")
    if page_cpu is not None:
        print(f"{'  server CPU per /changes page':<44} {page_cpu:8.2f} ms   (the server process, user + system)")
    print(f"{'baseline raw sqlite3 insert, 100/tx':<44} median {raw:8.0f} products/s")
    print(f"{'POST /products/batch (100 new products)':<44} median {statistics.median(rates):8.0f} products/s   min {min(rates):.0f}")
    print(f"{'POST /products/batch (100 replaced)':<44} median {statistics.median(replace_rates):8.0f} products/s")
    if batch_cpu_rate is not None:
        print(f"{'  per second of server CPU':<44} {batch_cpu_rate:8.0f} products")
    print(f"{'  ratio API / raw sqlite3':<44} {statistics.median(rates) / raw:8.3f}x   (target: >= 500 products/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
