"""Benchmark (issue 2): build a 100,000-product catalogue, then search it without tone marks.

Prints the build time and search latency p50/p95 for ten queries typed without tone marks, next
to the same queries on a bare sqlite3 FTS5 table (same rows, same tokenizer, same ranking and
candidate cap) measured in the same run as the floor.

    python bench/bench_catalog.py [--products 100000] [--rounds 30]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gianhang_desktop.core.catalog import search  # noqa: E402
from gianhang_desktop.core.database import Database  # noqa: E402
from gianhang_desktop.core.db import sqlite as sqlite_sql  # noqa: E402
from gianhang_desktop.core.demo import build_demo  # noqa: E402
from gianhang_desktop.core.text import words  # noqa: E402

QUERIES = ["vai thieu", "gao st25", "mat ong", "ca phe", "nuoc mam phu quoc", "tra shan", "kho ga la chanh",
           "hat dieu", "yen sao", "xoai cat"]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def time_queries(fn, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for q in QUERIES:
            start = time.perf_counter()
            fn(q)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    db = Database.open(folder)
    start = time.perf_counter()
    build_demo(db, args.products, with_extensions=False)
    build_s = time.perf_counter() - start
    print(f"catalogue: {args.products:,} products built in {build_s:.1f} s (target ≤ 30 s)")

    # The floor: a bare FTS5 table holding the same folded text, queried through sqlite3 directly.
    with db.read_session() as s:
        rows = s.execute(sqlite_sql_text("SELECT id, search_text FROM products")).all()
    bare = sqlite3.connect(":memory:")
    bare.execute("CREATE VIRTUAL TABLE f USING fts5(t, tokenize=\"unicode61 remove_diacritics 2\", prefix='2 3')")
    bare.executemany("INSERT INTO f(rowid, t) VALUES (?, ?)", rows)
    bare.commit()
    cap = search.RANK_CANDIDATES

    def floor(query: str):
        fts = sqlite_sql.fts_query(words(query))
        return bare.execute(
            f"SELECT rowid FROM (SELECT rowid, rank FROM f WHERE f MATCH ? LIMIT {cap}) ORDER BY rank LIMIT 20", (fts,)
        ).fetchall()

    def app(query: str):
        return search.search_products(db, query, limit=20)

    for q in QUERIES:  # warm both caches
        floor(q), app(q)
    ours, base = [], []
    for _ in range(3):  # interleave to share the machine's noise fairly
        base += time_queries(floor, args.rounds // 3)
        ours += time_queries(app, args.rounds // 3)
    p50, p95 = percentile(ours, 50), percentile(ours, 95)
    f50, f95 = percentile(base, 50), percentile(base, 95)
    print(f"search (app, {len(ours)} queries): p50 {p50:.2f} ms, p95 {p95:.2f} ms (target p95 ≤ 20 ms)")
    print(f"search (bare FTS5 floor):          p50 {f50:.2f} ms, p95 {f95:.2f} ms")
    print(f"ratio app/floor: p50 {p50 / f50:.2f}×, p95 {p95 / f95:.2f}× (target ≤ 2×)")
    print("sample:", [h.name for h in app("vai thieu")[:3]])
    print(f"median build+search check: build {build_s:.1f} s; p95 {p95:.2f} ms; statistics median {statistics.median(ours):.2f} ms")


def sqlite_sql_text(sql: str):
    from sqlalchemy import text

    return text(sql)


if __name__ == "__main__":
    main()
