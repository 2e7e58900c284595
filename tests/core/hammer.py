"""Several desktop processes writing stock into one database at once, and the ledger's invariants.

The workers run in child processes (spawned, like separate PCs), start together on a barrier and
write through the real services or the real command line. `check_ledger` reads one consistent
snapshot and says what, if anything, disagrees with the ledger.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import random
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import func, select, text

from gianhang_desktop.core.database import Database
from gianhang_desktop.core.errors import Conflict, GianHangError
from gianhang_desktop.core.stock.models import StockBalance, StockMovement, StockTotal

SPAWN = multiprocessing.get_context("spawn")


def open_database(data_dir: str, url: str | None) -> Database:
    return Database.open(data_dir, url=url, migrate_now=False)


def run_processes(target: Callable, count: int, *args, while_running: Callable[[], None] | None = None,
                  timeout: float = 300) -> list:
    """Run `target(barrier, index, *args)` in `count` spawned processes that start together;
    returns what each returned. `while_running()` is called over and over from the moment they
    start until the last one ends (e.g. to check the ledger while they write)."""
    import queue
    import time

    barrier = SPAWN.Barrier(count + 1)
    results = SPAWN.Queue()
    procs = [SPAWN.Process(target=_guarded, args=(target, barrier, i, results, *args)) for i in range(count)]
    for proc in procs:
        proc.start()
    barrier.wait(timeout)
    out: list = []
    deadline = time.monotonic() + timeout
    while len(out) < count:
        if while_running is not None:
            while_running()
        try:
            out.append(results.get(timeout=0.01 if while_running else max(0.0, deadline - time.monotonic())))
        except queue.Empty:
            if time.monotonic() > deadline:
                raise TimeoutError("workers did not finish") from None
    for proc in procs:
        proc.join(timeout)
    failures = [o for o in out if isinstance(o, str) and o.startswith("FAILED")]
    assert not failures, failures[0]
    return out


def _guarded(target, barrier, index, results, *args) -> None:
    try:
        results.put(target(barrier, index, *args))
    except BaseException as error:  # noqa: BLE001 - reported to the test
        import traceback

        results.put("FAILED " + "".join(traceback.format_exception(error)))


def cli_receipts(barrier, index, data_dir: str, url: str | None, sku: str, count: int) -> int:
    """`gianhang stock receive SKU 1`, `count` times, as a clerk's script would run it."""
    from gianhang_desktop.cli import main

    if url:
        os.environ["GIANHANG_DB_URL"] = url
    barrier.wait()
    for _ in range(count):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            code = main(["--data-dir", data_dir, "stock", "receive", sku, "1"])
        if code != 0:
            raise AssertionError(f"receive failed: {err.getvalue()}")
    return count


def service_receipts(barrier, index, data_dir: str, url: str | None, sku: str, count: int) -> int:
    """`receive_stock(SKU, 1)` through the core service, `count` times."""
    from gianhang_desktop.core.stock.service import receive_stock

    db = open_database(data_dir, url)
    barrier.wait()
    for _ in range(count):
        receive_stock(db, sku, 1, user=f"pc{index}")
    db.dispose()
    return count


def mixed_work(barrier, index, data_dir: str, url: str | None, skus: list[str], steps: int, seed: int) -> dict:
    """A clerk's day at full speed: receipts into lots, counted removals, moves between
    warehouses, orders entered, confirmed, packed, shipped, cancelled and returned."""
    from gianhang_desktop.core.orders import service as orders
    from gianhang_desktop.core.orders.states import OrderStatus
    from gianhang_desktop.core.stock import service as stock
    from tests.orders.helpers import draft

    rng = random.Random(seed * 1000 + index)
    db = open_database(data_dir, url)
    done: dict[str, int] = defaultdict(int)
    mine: list[str] = []
    barrier.wait()
    for _ in range(steps):
        sku = rng.choice(skus)
        action = rng.choice(["receive", "receive", "remove", "move", "order", "order_step", "order_step"])
        try:
            if action == "receive":
                lot = rng.choice([None, "L1", "L2", f"P{index}"])
                stock.receive_stock(db, sku, rng.randint(1, 6), lot=lot,
                                    expiry={"L1": "2030-01-01", "L2": "2030-06-01"}.get(lot, None if lot is None else "2031-01-01"))
            elif action == "remove":
                stock.adjust_stock(db, sku, -rng.randint(1, 4), reason="kiểm kê", warehouse=rng.choice(["KHO-CHINH", "KHO-2"]))
            elif action == "move":
                src, dst = rng.sample(["KHO-CHINH", "KHO-2"], 2)
                stock.transfer_stock(db, sku, rng.randint(1, 3), source=src, target=dst)
            elif action == "order":
                lines = rng.sample(skus, k=rng.randint(1, 2))
                view, _ = orders.add_order(db, draft(*[(s, rng.randint(1, 3)) for s in lines], cod_amount=0))
                mine.append(view.code)
            elif mine:
                code = rng.choice(mine)
                current = orders.get_order(db, code).status
                nxt = {"paid": OrderStatus.CONFIRMED, "confirmed": OrderStatus.PACKED, "packed": OrderStatus.SHIPPED,
                       "shipped": OrderStatus.DELIVERED, "delivered": OrderStatus.RETURNED}.get(current)
                if nxt is None:
                    continue
                if rng.random() < 0.2 and current in ("confirmed", "packed", "shipped"):
                    nxt = OrderStatus.CANCELLED
                orders.change_status(db, code, nxt)
            else:
                continue
            done[action] += 1
        except Conflict:
            done[action + "_refused"] += 1
        except GianHangError as error:
            raise AssertionError(f"{action}: {error}") from error
    db.dispose()
    return dict(done)


def check_ledger(db: Database, holds: bool = True) -> list[str]:
    """What disagrees with the ledger in one consistent snapshot (empty when all is well):
    a cached balance or total that is not the ledger's sum, a duplicated balance key, a negative
    balance, and (`holds`) orders holding more than their warehouse has (counted removals and
    moves may take held stock, so a mix of them checks without)."""
    problems: list[str] = []
    with db.read_session() as s:
        if not db.is_sqlite:
            s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        else:
            s.execute(text("SELECT 1"))  # the read transaction (and its WAL snapshot) starts here
        ledger = {(p, w, lot): int(q) for p, w, lot, q in s.execute(
            select(StockMovement.product_id, StockMovement.warehouse_id, StockMovement.lot_id,
                   func.sum(StockMovement.quantity))
            .group_by(StockMovement.product_id, StockMovement.warehouse_id, StockMovement.lot_id))}
        balances: dict[tuple, int] = {}
        for p, w, lot, on_hand in s.execute(select(StockBalance.product_id, StockBalance.warehouse_id,
                                                   StockBalance.lot_id, StockBalance.on_hand)):
            if (p, w, lot) in balances:
                problems.append(f"balance key {(p, w, lot)} twice")
            balances[(p, w, lot)] = balances.get((p, w, lot), 0) + on_hand
            if on_hand < 0:
                problems.append(f"balance {(p, w, lot)} negative: {on_hand}")
        totals = dict(s.execute(select(StockTotal.product_id, StockTotal.on_hand)).all())
        nonzero = {k: v for k, v in balances.items() if v}
        if nonzero != {k: v for k, v in ledger.items() if v}:
            diff = {k: (ledger.get(k, 0), balances.get(k, 0)) for k in set(ledger) | set(balances)
                    if ledger.get(k, 0) != balances.get(k, 0)}
            problems.append(f"ledger != balances (ledger, balance): {diff}")
        per_product: dict[int, int] = defaultdict(int)
        for (p, _w, _lot), q in ledger.items():
            per_product[p] += q
        for p, total in totals.items():
            if total != per_product.get(p, 0):
                problems.append(f"total of product {p} is {total}, ledger says {per_product.get(p, 0)}")
        held = [] if not holds else s.execute(text(
            "SELECT i.product_id, o.warehouse_id, sum(i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id "
            "WHERE o.status IN ('confirmed', 'packed') GROUP BY i.product_id, o.warehouse_id")).all()
        for product_id, warehouse_id, quantity in held:
            have = sum(v for (p, w, _lot), v in balances.items() if p == product_id and w == warehouse_id)
            if quantity > have:
                problems.append(f"orders hold {quantity} of product {product_id}, the warehouse has {have}")
    return problems
