"""Benchmark (issue 7): sync against a local reference server over loopback HTTP.

Measures the first push of N products with stock (no photos), a sync with nothing to do, and a
sync after one product edit; the baseline, in the same run, is the median round trip of a signed
GET (`/api/v1/shop`) on the same client, so each figure can be read as "round trips' worth".

    python bench/bench_sync.py [--products 10000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "sync"))

from conftest import start_server  # noqa: E402
from sqlalchemy import select  # noqa: E402

from gianhang_desktop.core.catalog.models import Product  # noqa: E402
from gianhang_desktop.core.catalog.service import update_product  # noqa: E402
from gianhang_desktop.core.database import Database  # noqa: E402
from gianhang_desktop.core.demo import build_demo  # noqa: E402
from gianhang_desktop.core.sync.engine import sync  # noqa: E402


def signed_rtt(client, count: int = 30) -> float:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        assert client.get("/shop").ok
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    server = start_server(folder)
    try:
        creds = server.create_shop("HTX Bench")
        db = Database.open(folder / "app")
        started = time.perf_counter()
        build_demo(db, args.products, with_extensions=False)
        print(f"local catalogue of {args.products} products built in {time.perf_counter() - started:.1f} s")
        client = server.client(creds, timeout=(5.0, 120.0))
        rtt = signed_rtt(client)

        first = sync(db, client)
        assert first.ok and first.pending == 0, first.to_json()
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"baseline: signed GET round trip median {rtt * 1000:.1f} ms")
        print(f"first push: {first.seconds:.1f} s for {first.pushed['products']} products + "
              f"{first.pushed['stock']} stock items in {first.requests} requests "
              f"({first.bytes_sent / 1e6:.1f} MB); {first.requests} × baseline = {first.requests * rtt:.2f} s; "
              f"{first.pushed['products'] / first.seconds:.0f} products/s  (target ≤ 60 s)")
        if first.failed:
            print(f"  {len(first.failed)} items refused by the store, e.g. {first.failed[:2]}")

        idle = []
        for _ in range(args.repeat):
            result = sync(db, client)
            assert result.ok and result.requests == 1
            idle.append(result.seconds)
        print(f"nothing to do: median {statistics.median(idle) * 1000:.0f} ms, 1 request "
              f"(= {statistics.median(idle) / rtt:.1f} × baseline)  (target ≤ 300 ms)")

        one = []
        for i in range(args.repeat):
            with db.read_session() as session:
                sku = session.scalar(select(Product.sku).order_by(Product.id).offset(i).limit(1))
            update_product(db, sku, description=f"Mô tả sửa lần {i}")
            result = sync(db, client)
            assert result.ok and result.pushed["products"] == 1 and result.requests == 2, result.to_json()
            one.append(result.seconds)
        print(f"after one change: median {statistics.median(one) * 1000:.0f} ms, 2 requests "
              f"(= {statistics.median(one) / rtt:.1f} × baseline)  (target ≤ 500 ms)")
        db.dispose()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
