"""Benchmark (issue 16): the channel engine against the four marketplace simulators, each call held
150 ms (as over a real network) and each platform's declared rate limits and batch sizes kept.

- propagation: automatic sync on; an order placed on one channel shows in the other three
  channels' stock within 10 s (competitors document 5 to 10 minutes);
- bulk: the first stock push of 10,000 linked SKUs to all four channels, next to the floor the
  declared limits allow (calls needed per channel / rate, the channels side by side): ≤ 1.2×;
- nothing to do: a sync with nothing to send makes one order poll per channel and nothing else;
- oversell: 20 units on three channels, 100 buyers over 60 s, automatic sync on, the default rule:
  the units sold beyond the 20 (target 0).

    flock /work/locks/bench python bench/bench_channels.py [--skus 10000] [--latency 0.15] [--buyers 100]
"""

from __future__ import annotations

import argparse
import importlib
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from gianhang_desktop.core.catalog.models import Product  # noqa: E402
from gianhang_desktop.core.catalog.service import add_product  # noqa: E402
from gianhang_desktop.core.channels import auto, outbox  # noqa: E402
from gianhang_desktop.core.channels.accounts import account_row, add_account, set_rule  # noqa: E402
from gianhang_desktop.core.channels.auto import AutoSync  # noqa: E402
from gianhang_desktop.core.channels.limits import Endpoint, batches, floor_seconds  # noqa: E402
from gianhang_desktop.core.channels.models import ChannelLink  # noqa: E402
from gianhang_desktop.core.channels.registry import connector_class  # noqa: E402
from gianhang_desktop.core.channels.service import link_automatically, sync_channels  # noqa: E402
from gianhang_desktop.core.database import Database  # noqa: E402
from gianhang_desktop.core.demo import build_demo  # noqa: E402
from gianhang_desktop.core.stock.service import receive_stock  # noqa: E402
from gianhang_desktop.core.tasks import CancelToken  # noqa: E402
from tests.channels.simulators import SoldOut  # noqa: E402

PLATFORMS = ("shopee", "lazada", "tiktok", "tiki")
VARIATIONS_PER_ITEM = 50  # túi 250 g … 12.5 kg: a realistic item with many variations


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


def start(platform: str, latency: float):
    return importlib.import_module(f"tests.channels.simulators.{platform}").start(latency)


def add_channel(db: Database, sim, name: str) -> None:
    add_account(db, sim.platform, name, sim.credentials(), shop_id=sim.shop_id, base_url=sim.url)


def fresh_db(label: str) -> Database:
    return Database.open(Path(tempfile.mkdtemp(prefix=f"bench-channels-{label}-")))


# -- bulk -----------------------------------------------------------------------------------------------

def floor_for(platform: str, skus: int) -> tuple[int, float]:
    """(calls, seconds) the declared limits allow for the first push of ``skus`` units."""
    limit = connector_class(platform).limits.of(Endpoint.STOCK)
    if limit.per_item:
        items = -(-skus // VARIATIONS_PER_ITEM)
        per_item = -(-VARIATIONS_PER_ITEM // limit.batch)
        calls = items * per_item
    else:
        calls = batches(skus, limit)
    return calls, floor_seconds(calls, limit)


def bench_bulk(skus: int, latency: float) -> dict:
    db = fresh_db("bulk")
    build_demo(db, skus, with_extensions=False)
    with db.read_session() as session:
        all_skus = list(session.scalars(select(Product.sku).order_by(Product.id)))
        ids = dict(session.execute(select(Product.sku, Product.id)).all())
    sims = {p: start(p, 0.0) for p in PLATFORMS}
    try:
        for platform, sim in sims.items():
            for i, sku in enumerate(all_skus):
                sim.add_item(sku, stock=0, price=10_000, item=f"item-{i // VARIATIONS_PER_ITEM}")
            add_channel(db, sim, f"{platform}-bench")
            # Links as `channel link --auto` makes them, written directly (the listing is not timed).
            with db.session() as session:
                account = account_row(session, f"{platform}-bench")
                rows = [{"account_id": account.id, "product_id": ids[unit.sku], "item_id": unit.item_id,
                         "variation_id": unit.variation_id if unit.variation_id not in (None, "0") else "",
                         "seller_sku": unit.sku, "how": "sku"} for unit in sim.listings.values()]
                for begin in range(0, len(rows), 1000):
                    session.execute(insert(ChannelLink), rows[begin:begin + 1000])
                outbox.enqueue_all(session, account.id, "stock")
        for sim in sims.values():
            sim.latency = latency
            sim.call_counts.clear()
        started = time.perf_counter()
        report = sync_channels(db)
        seconds = time.perf_counter() - started
        pushed = {c.name: len(c.stock) for c in report.channels}
        errors = {c.name: (c.error, len(c.errors)) for c in report.channels}
        floors = {p: floor_for(p, skus) for p in PLATFORMS}
        stock_calls = {p: sum(n for path, n in sims[p].call_counts.items() if "stock" in path.lower()
                              or "inventory" in path.lower() or "price_quantity" in path.lower()
                              or "updatesku" in path.lower()) for p in PLATFORMS}
    finally:
        for sim in sims.values():
            sim.stop()
    floor = max(s for _c, s in floors.values()) + latency  # the last call's answer still takes a round trip
    return {"seconds": seconds, "floor": floor, "ratio": seconds / floor, "pushed": pushed, "errors": errors,
            "floors": floors, "stock_calls": stock_calls}


# -- propagation, no-op ---------------------------------------------------------------------------------

def four_channel_shop(latency: float, units: int = 40):
    db = fresh_db("shop")
    for n in range(5):
        add_product(db, f"SP-{n}", f"Sản phẩm số {n}", 50_000)
        receive_stock(db, f"SP-{n}", units)
    sims = {p: start(p, 0.0) for p in PLATFORMS}
    for platform, sim in sims.items():
        for n in range(5):
            sim.add_item(f"SP-{n}", stock=0, price=50_000)
        add_channel(db, sim, f"{platform}-shop")
        link_automatically(db, f"{platform}-shop")
    sync_channels(db)
    for sim in sims.values():
        sim.latency = latency
    return db, sims


def wait_until(condition, timeout: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if condition():
            return time.perf_counter() - started
        time.sleep(0.02)
    return None


def bench_propagation(latency: float, orders: int = 8) -> dict:
    db, sims = four_channel_shop(latency)
    cancel = CancelToken()
    loop = AutoSync(db, interval=auto.POLL_SECONDS)
    thread = threading.Thread(target=loop.run, args=(cancel,), daemon=True)
    thread.start()
    times, rng = [], random.Random(16)
    try:
        for n in range(orders):
            seller = PLATFORMS[n % 4]
            sku = f"SP-{rng.randrange(5)}"
            others = [p for p in PLATFORMS if p != seller]
            expected = {p: sims[p].stock(sku) - 1 for p in others}
            time.sleep(rng.uniform(0.0, loop.interval))  # at any moment of the poll cycle
            sims[seller].place_order([(sku, 1)])
            waited = wait_until(lambda e=expected, s=sku: all(sims[p].stock(s) <= q for p, q in e.items()), 30)
            times.append(waited if waited is not None else float("inf"))
    finally:
        loop.stop(cancel)
        thread.join(30)
    # No-op: everything is sent; one more sync must only poll orders, once per channel.
    for sim in sims.values():
        sim.call_counts.clear()
    sync_channels(db)
    calls = {p: dict(sims[p].call_counts) for p in PLATFORMS}
    for sim in sims.values():
        sim.stop()
    return {"times": times, "median": statistics.median(times), "max": max(times), "noop_calls": calls}


# -- oversell ------------------------------------------------------------------------------------------

def bench_oversell(latency: float, buyers: int, seconds: float, units: int = 20, seed: int = 2026,
                   buffer: int | None = None) -> dict:
    db = fresh_db("oversell")
    add_product(db, "VAI-1KG", "Vải thiều Lục Ngạn hộp 1 kg", 120_000)
    receive_stock(db, "VAI-1KG", units)
    used = PLATFORMS[:3]
    sims = {p: start(p, 0.0) for p in used}
    for platform, sim in sims.items():
        sim.add_item("VAI-1KG", stock=0, price=120_000)
        add_channel(db, sim, f"{platform}-flash")
        link_automatically(db, f"{platform}-flash")
        if buffer is not None:
            set_rule(db, f"{platform}-flash", buffer=buffer)
    sync_channels(db)
    shown = {p: sims[p].stock("VAI-1KG") for p in used}
    for sim in sims.values():
        sim.latency = latency
    cancel = CancelToken()
    loop = AutoSync(db, interval=auto.POLL_SECONDS)
    thread = threading.Thread(target=loop.run, args=(cancel,), daemon=True)
    thread.start()
    rng = random.Random(seed)
    arrivals = sorted(rng.uniform(0, seconds) for _ in range(buyers))
    sold, refused = {p: 0 for p in used}, 0
    began = time.perf_counter()
    for moment in arrivals:
        delay = moment - (time.perf_counter() - began)
        if delay > 0:
            time.sleep(delay)
        platform = rng.choice(used)
        try:
            sims[platform].place_order([("VAI-1KG", 1)])
            sold[platform] += 1
        except SoldOut:
            refused += 1
    time.sleep(loop.interval * 2)
    loop.stop(cancel)
    thread.join(30)
    for sim in sims.values():
        sim.stop()
    total = sum(sold.values())
    return {"units": units, "shown_at_start": shown, "sold": sold, "sold_total": total, "turned_away": refused,
            "oversold": max(0, total - units)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.150)
    parser.add_argument("--buyers", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--only", choices=["bulk", "propagation", "oversell"])
    parser.add_argument("--seeds", type=int, default=3, help="oversell runs (different buyers)")
    parser.add_argument("--buffer", type=int, help="oversell with this buffer instead of the default rule")
    parser.add_argument("--poll", type=float, help="automatic sync's poll interval (s)")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    if args.poll:
        auto.POLL_SECONDS = args.poll

    if args.only in (None, "propagation"):
        result = bench_propagation(args.latency)
        print(f"propagation: an order on one channel in the other three's stock: median {result['median']:.2f} s, "
              f"max {result['max']:.2f} s over {len(result['times'])} orders (target ≤ 10 s; competitors 5–10 min)")
        print("no-op sync, calls per channel:", {p: c for p, c in result["noop_calls"].items()})
        ok = all(sum(c.values()) == 1 for c in result["noop_calls"].values())
        print(f"no-op sync: {'one order poll per channel and nothing else' if ok else 'MORE THAN ONE CALL'}")
    if args.only in (None, "bulk"):
        result = bench_bulk(args.skus, args.latency)
        print(f"bulk: first push of {args.skus:,} linked SKUs to 4 channels: {result['seconds']:.1f} s; floor from "
              f"the declared limits {result['floor']:.1f} s; ratio {result['ratio']:.2f} (target ≤ 1.20)")
        for platform, (calls, floor) in result["floors"].items():
            print(f"  {platform}: {calls} stock calls needed (floor {floor:.1f} s), made {result['stock_calls'][platform]}")
        print("  SKUs pushed:", result["pushed"], "errors:", result["errors"])
    if args.only in (None, "oversell"):
        for seed in range(2026, 2026 + args.seeds):
            result = bench_oversell(args.latency, args.buyers, args.seconds, seed=seed, buffer=args.buffer)
            print(f"oversell (buyers #{seed}): {result['units']} units on 3 channels, {args.buyers} buyers over "
                  f"{args.seconds:.0f} s: sold {result['sold_total']} {result['sold']}, turned away "
                  f"{result['turned_away']}, oversold {result['oversold']} (target 0)")


if __name__ == "__main__":
    main()
