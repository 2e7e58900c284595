"""The ``gianhang-server`` command: serve the API, create shops, review listings, simulate buyers."""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys

from gianhang_server.db import open_database
from gianhang_server.errors import ApiError
from gianhang_server.settings import RateLimit, Settings

DEFAULT_DB = "sqlite:///gianhang-server.db"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gianhang-server", description="Reference server of the national store API.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the API over HTTP")
    serve.add_argument("--db", default=DEFAULT_DB, help="SQLAlchemy URL (sqlite:///file.db or postgresql+psycopg://...)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--rate-limit", default="50/s", help="per shop, e.g. 20/s or 600/min; 0 turns it off")
    serve.add_argument("--fault-rate", type=float, default=0.0, help="share of requests that meet a fault, 0 <= R < 1")
    serve.add_argument("--fault-seed", type=int, default=None, help="seed of the fault draw, for repeatable runs")
    serve.add_argument("--fault-kinds", default="500,503,429,stall,drop", help="comma-separated subset of 500,503,429,stall,drop")
    serve.add_argument("--fault-stall", type=float, default=30.0, help="seconds a stalled request waits before it is processed")
    serve.add_argument("--review-delay", type=float, default=None, help="review listings automatically after this many seconds")
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--tls-cert", help="PEM certificate (chain) file: serve HTTPS")
    serve.add_argument("--tls-key", help="PEM private key of --tls-cert")

    create = commands.add_parser("create-shop", help="create a shop and print its credentials")
    create.add_argument("--db", default=DEFAULT_DB)
    create.add_argument("--name", required=True)
    create.add_argument("--json", action="store_true", help="print {shop_id, key, secret} as JSON")

    issue = commands.add_parser("issue-key", help="a new app key and secret for an existing shop (one per PC)")
    issue.add_argument("--db", default=DEFAULT_DB)
    issue.add_argument("--shop", required=True, help="the shop's id or one of its app keys")
    issue.add_argument("--json", action="store_true", help="print {shop_id, key, secret} as JSON")

    review = commands.add_parser("review", help="review every pending listing now")
    review.add_argument("--db", default=DEFAULT_DB)

    simulate = commands.add_parser("simulate-orders", help="buyers order random approved, active listings")
    simulate.add_argument("--db", default=DEFAULT_DB)
    simulate.add_argument("--shop", required=True, help="the shop's app key")
    simulate.add_argument("--count", type=int, default=1)
    simulate.add_argument("--seed", type=int, default=None)
    simulate.add_argument("--prepaid-share", type=float, default=0.3)

    advance = commands.add_parser("advance-orders", help="carrier and buyer steps: pay, deliver, complete, return")
    advance.add_argument("--db", default=DEFAULT_DB)
    advance.add_argument("--shop", required=True, help="the shop's app key")
    advance.add_argument("--action", required=True, choices=["pay", "deliver", "complete", "return"])
    advance.add_argument("--code", action="append", help="an order code (repeatable); default: every order the step applies to")
    return parser


def _serve(args) -> int:
    import uvicorn

    from gianhang_server.app import create_app

    settings = Settings(
        db_url=args.db,
        rate_limit=RateLimit.parse(args.rate_limit),
        fault_rate=args.fault_rate,
        fault_seed=args.fault_seed,
        fault_kinds=tuple(kind.strip() for kind in args.fault_kinds.split(",") if kind.strip()),
        fault_stall_seconds=args.fault_stall,
        review_delay=args.review_delay,
    )
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(settings)
    if bool(args.tls_cert) != bool(args.tls_key):
        print("gianhang-server: --tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, http="h11", server_header=False,
                ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    db = open_database(args.db)
    try:
        with db.writer() as session:
            if args.command in ("create-shop", "issue-key"):
                from gianhang_server.shops import create_shop, issue_key

                result = create_shop(session, args.name) if args.command == "create-shop" else issue_key(session, args.shop)
                session.commit()
                if args.json:
                    print(json.dumps(result))
                else:
                    print(f"shop {result['shop_id']}: key {result['key']} secret {result['secret']}")
            elif args.command == "review":
                from gianhang_server.review import review_pending

                reviewed = review_pending(session)
                out = [{"sku": li.product.sku, "shop_id": li.shop_id, "status": li.status, "reasons": li.reasons} for li in reviewed]
                session.commit()
                print(json.dumps(out, ensure_ascii=False))
            elif args.command == "simulate-orders":
                from gianhang_server.shops import shop_for_key
                from gianhang_server.simulate import simulate_orders

                shop_id = shop_for_key(session, args.shop)
                rng = random.Random(args.seed) if args.seed is not None else None
                orders = simulate_orders(session, shop_id, args.count, rng, args.prepaid_share)
                codes = [o.code for o in orders]
                session.commit()
                print(json.dumps(codes))
            elif args.command == "advance-orders":
                from gianhang_server.shops import shop_for_key
                from gianhang_server.simulate import advance_orders

                shop_id = shop_for_key(session, args.shop)
                orders = advance_orders(session, shop_id, args.action, args.code)
                out = [{"code": o.code, "status": o.status} for o in orders]
                session.commit()
                print(json.dumps(out))
    except ApiError as error:
        # A --shop that names no shop is bad input: exit 2 and the option named, like every CLI of ours.
        bad_shop = error.code in ("unknown_shop", "unknown_key")
        print(f"gianhang-server: {'--shop: ' if bad_shop else ''}{error.message}", file=sys.stderr)
        return 2 if bad_shop else 1
    finally:
        db.dispose()
    return 0
