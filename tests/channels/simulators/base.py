"""The harness every marketplace simulator shares: a loopback HTTP server, a clock, faults,
latency, rate limits, and the shop state (listings, stock, orders) tests and benchmarks read.

A simulator is written from its platform's documentation (each subclass names the page of every
endpoint); it never imports the connector under test. The common test-facing API:

    sim = shopee.start()                           # listening on 127.0.0.1; sim.url
    creds = sim.credentials()                      # the JSON `channel add` reads on stdin
    sim.add_item("SKU-1", stock=10, price=50000, gtin="8930000000012")
    order_id = sim.place_order([("SKU-1", 2)])     # a buyer orders; channel stock drops
    sim.stock("SKU-1"); sim.pushed                 # what the connector pushed
    sim.fail_next("5xx", path="/api/v2/product/update_stock", times=2)
    sim.latency = 0.150                            # per call, for the benchmark
    sim.stop()

It implements the `Simulator` protocol of tests/channels/simulators/__init__.py.
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from . import SoldOut

HTML_PAGE = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8")) if self.body else {}


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def json_reply(payload: Any, status: int = 200, **headers: str) -> Reply:
    return Reply(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers=headers)


@dataclass
class Fault:
    kind: str  # "5xx", "timeout", "html", "429", "reset"
    path: str | None  # a regular expression of the paths it hits (a plain path matches itself)
    times: int


@dataclass
class Listing:
    """One sellable variation on the platform: its ids, seller SKU, GTIN, stock and price."""

    sku: str
    item_id: str
    variation_id: str
    name: str
    stock: int
    price: int
    gtin: str = ""
    locked: tuple[str, str] | None = None  # (code, message) refusing stock updates, e.g. a campaign


@dataclass
class SimOrder:
    order_id: str
    lines: list[tuple[str, int]]  # (sku, quantity)
    status: str
    created: float
    updated: float
    buyer_name: str
    phone: str
    address: str
    shipped: bool = False
    tracking: str = ""
    fees: int = 0


class Simulator:
    """Base of the platform simulators. Subclasses implement `route(request) -> Reply`."""

    platform = "simulator"
    rate_per_s = 10.0
    rate_burst: int | None = None
    timestamp_window_s = 300

    def __init__(self, *, latency: float = 0.0, rate_per_s: float | None = None, enforce_rate: bool = True):
        self.latency = latency
        if rate_per_s is not None:
            self.rate_per_s = rate_per_s
        self.enforce_rate = enforce_rate
        self.lock = threading.RLock()
        self.offset = 0.0  # seconds added to the real clock: expire tokens, fake a skew
        self.faults: deque[Fault] = deque()
        self.call_counts: Counter[str] = Counter()
        self.call_log: list[tuple[float, str, str]] = []
        self.listings: dict[str, Listing] = {}
        self.orders: dict[str, SimOrder] = {}
        self.pushed: list[tuple[str, int]] = []
        self.refused_signatures = 0
        self.used_tokens: set[str] = set()  # access tokens seen in an accepted call
        self.access: dict[str, float] = {}  # live access tokens -> expiry (platform clock)
        self.refresh: dict[str, float] = {}  # live refresh tokens -> expiry
        self.codes: set[str] = set()  # authorisation codes not yet exchanged
        self.rate_refusals = 0
        self._ids = itertools.count(1)
        self._item_keys: dict[str, str] = {}
        self.units: dict[tuple[str, str], Listing] = {}  # (item id, variation id or "0") -> unit
        self.items: dict[str, list[Listing]] = {}  # item id -> its units, in listing order
        self.shop_id: str | None = None
        self._buckets: dict[str, tuple[float, float]] = {}  # rate key -> (tokens, when)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._release = threading.Event()
        self.pushed_event = threading.Condition(self.lock)

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> str:
        sim = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def date_time_string(self, timestamp=None):
                return formatdate(sim.now(), usegmt=True)

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                split = urlsplit(self.path)
                request = Request(self.command, split.path, dict(parse_qsl(split.query, keep_blank_values=True)),
                                  {k.lower(): v for k, v in self.headers.items()}, body)
                reply = sim._dispatch(request)
                if reply is None:  # a dropped connection
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = _serve

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"{self.platform}-sim", daemon=True)
        self._thread.start()
        return self.url

    @property
    def url(self) -> str:
        assert self._server is not None, "simulator not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    # -- clock, faults, limits --------------------------------------------------------------------

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        """Move the platform's clock (tokens expire, orders age)."""
        with self.lock:
            self.offset += seconds

    def fail_next(self, kind: str, path: str | None = None, times: int = 1) -> None:
        """The next `times` calls (to `path`, or any) fail: 5xx, timeout, html (502), html200, 429,
        reset, or lost (done by the platform, then answered 504)."""
        with self.lock:
            self.faults.append(Fault(kind, path, times))

    def _take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.path is None or re.fullmatch(fault.path, path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def _burst(self) -> int:
        return self.rate_burst or max(1, int(self.rate_per_s))

    def rate_key(self, path: str) -> str:
        """Calls sharing a limit: one API, whatever the ids in its path."""
        return re.sub(r"\d{3,}", "{id}", path)

    def _rate_ok(self, path: str) -> bool:
        """A token bucket per API (`rate_per_s`, burst of one second's worth)."""
        if not self.enforce_rate:
            return True
        with self.lock:
            now = time.monotonic()
            key = self.rate_key(path)
            tokens, then = self._buckets.get(key, (float(self._burst()), now))
            tokens = min(self._burst(), tokens + (now - then) * self.rate_per_s)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return True
            self._buckets[key] = (tokens, now)
            self.rate_refusals += 1
            return False

    def _dispatch(self, request: Request) -> Reply | None:
        with self.lock:
            self.call_counts[request.path] += 1
            self.call_log.append((time.monotonic(), request.method, request.path))
        if self.latency:
            time.sleep(self.latency)
        fault = self._take_fault(request.path)
        if fault is not None:
            if fault.kind == "5xx":
                return json_reply({"message": "Service Unavailable"}, 503)
            if fault.kind == "html":
                return Reply(502, HTML_PAGE, "text/html; charset=utf-8")
            if fault.kind == "html200":  # a captive portal or maintenance page answering 200
                return Reply(200, HTML_PAGE, "text/html; charset=utf-8")
            if fault.kind == "timeout":
                self._release.wait(8.0)  # longer than the tests' read time-out: the client gives up
                return json_reply({"message": "late"}, 504)
            if fault.kind == "reset":
                return None
            if fault.kind == "429":
                return self.rate_limit_reply()
            if fault.kind == "lost":  # the platform did it, but the answer never arrives
                self.route(request)
                return json_reply({"message": "Gateway Timeout"}, 504)
        if not self._rate_ok(request.path):
            return self.rate_limit_reply()
        try:
            return self.route(request)
        except KeyError as error:
            return self.bad_request(f"missing parameter {error}")

    # -- to implement -----------------------------------------------------------------------------

    def route(self, request: Request) -> Reply:
        raise NotImplementedError

    def rate_limit_reply(self) -> Reply:
        return json_reply({"message": "Too many requests"}, 429)

    def bad_request(self, message: str) -> Reply:
        return json_reply({"message": message}, 400)

    def credentials(self) -> dict[str, str]:
        """Valid JSON for `channel add --credentials-stdin`: app credentials and a fresh token pair."""
        raise NotImplementedError

    # -- tokens (each platform's lifetimes and formats) -------------------------------------------

    access_ttl = 4 * 3600
    refresh_ttl = 30 * 86400
    token_prefix = ("", "")  # what the platform's access and refresh tokens start with

    def issue_tokens(self, *, with_refresh: bool = True) -> tuple[str, str]:
        """A new live pair (the refresh token empty when the grant gives none)."""
        with self.lock:
            access = self.token_prefix[0] + secrets.token_hex(16)
            self.access[access] = self.now() + self.access_ttl
            refresh = self.token_prefix[1] + secrets.token_hex(16) if with_refresh else ""
            if refresh:
                self.refresh[refresh] = self.now() + self.refresh_ttl
            return access, refresh

    def issue_code(self) -> str:
        """An authorisation code, as the platform's redirect would carry it."""
        code = self.token_prefix[0] + secrets.token_hex(8)
        with self.lock:
            self.codes.add(code)
        return code

    def spend_refresh_token(self, token: str) -> bool:
        """Take a refresh token out of use; False when it is unknown, spent or expired."""
        with self.lock:
            expires = self.refresh.pop(token, None)
            return expires is not None and self.now() < expires

    def access_ok(self, token: str) -> bool:
        """Whether `token` is a live access token (recorded as used when it is)."""
        with self.lock:
            expires = self.access.get(token)
            if expires is None or self.now() >= expires:
                return False
            self.used_tokens.add(token)
            return True

    def expire_access_token(self) -> None:
        with self.lock:
            for token in self.access:
                self.access[token] = self.now() - 1

    def expire_refresh_token(self) -> None:
        with self.lock:
            for token in self.refresh:
                self.refresh[token] = self.now() - 1

    def dispatch(self, request: Request, routes: dict, *args: Any) -> Reply | None:
        """Call the handler whose (method, path pattern) matches, with the pattern's groups."""
        for (method, pattern), handler in routes.items():
            found = re.fullmatch(pattern, request.path)
            if found and method == request.method:
                return handler(self, request, *args, *found.groups())
        return None

    @classmethod
    def launch(cls, latency: float = 0.0, **options: Any):
        """A simulator listening on 127.0.0.1 (each module's `start`)."""
        sim = cls(latency=latency, **options)
        sim.start()
        return sim

    lock_code = ("LOCKED", "stock is locked")  # the platform's refusal while a campaign holds stock
    status_names: dict[str, str] = {}  # local status -> the platform's
    initial_status = "PENDING"  # a new, paid order

    # -- the protocol's platform-side hands -------------------------------------------------------

    def calls(self) -> list[str]:
        """Every API path called so far, in order."""
        with self.lock:
            return [path for _, _, path in self.call_log]

    def next_id(self) -> int:
        return next(self._ids)

    def add_item(self, seller_sku: str, *, stock: int = 0, price: int = 10_000, gtin: str | None = None,
                 name: str = "", item: str | None = None) -> tuple[str, str | None]:
        """List a unit; units given the same `item` key are variations of one item."""
        with self.lock:
            if item is not None and item in self._item_keys:
                item_id = self._item_keys[item]
            else:
                item_id = str(100000 + self.next_id())
                if item is not None:
                    self._item_keys[item] = item_id
            variation = str(200000 + self.next_id()) if item is not None or self.every_unit_has_variation else None
            listing = Listing(seller_sku, item_id, variation or "0", name or f"Sản phẩm {seller_sku}", stock, price,
                              gtin or "")
            self.listings[seller_sku] = listing
            self.units[(item_id, listing.variation_id)] = listing
            self.items.setdefault(item_id, []).append(listing)
            return item_id, variation

    every_unit_has_variation = True  # False where an item without variations has no unit id (Shopee)

    def unit(self, item_id: object, variation_id: object) -> Listing | None:
        """The unit with these platform ids (variation "0" or None for an item without variations)."""
        return self.units.get((str(item_id), str(variation_id or 0)))

    def stock(self, seller_sku: str) -> int:
        with self.lock:
            return self.listings[seller_sku].stock

    def lock_stock(self, seller_sku: str, code: str | None = None, message: str | None = None) -> None:
        """Refuse stock updates of the unit the platform's way (a campaign holds its stock)."""
        with self.lock:
            self.listings[seller_sku].locked = (code or self.lock_code[0], message or self.lock_code[1])

    def unlock_stock(self, seller_sku: str) -> None:
        with self.lock:
            self.listings[seller_sku].locked = None

    def set_stock(self, sku: str, quantity: int) -> tuple[str, str] | None:
        """Apply a pushed quantity; returns (code, message) when the platform refuses it."""
        with self.pushed_event:
            listing = self.listings.get(sku)
            if listing is None:
                return ("NOT_FOUND", f"SKU {sku} not found")
            if listing.locked:
                return listing.locked
            if quantity < 0:
                return ("INVALID_STOCK", "stock must not be negative")
            listing.stock = quantity
            self.pushed.append((sku, quantity))
            self.pushed_event.notify_all()
            return None

    def wait_for_push(self, sku: str, quantity: int, timeout: float = 10.0) -> bool:
        """Block until `quantity` of `sku` has been pushed (propagation tests and the benchmark)."""
        deadline = time.monotonic() + timeout
        with self.pushed_event:
            while not any(s == sku and q == quantity for s, q in self.pushed):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.pushed_event.wait(remaining)
            return True

    def place_order(self, lines: list[tuple[str, int]], *, buyer: str = "Nguyễn Văn A", phone: str = "0912345678",
                    address: str = "Số 1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội", allow_oversell: bool = False) -> str:
        """A buyer orders; the platform sells only what it shows (SoldOut otherwise, unless
        `allow_oversell`) and takes its own stock down. Returns the channel order id."""
        with self.lock:
            for sku, quantity in lines:
                if self.listings[sku].stock < quantity and not allow_oversell:
                    raise SoldOut(f"{self.platform}: {sku} has {self.listings[sku].stock}, {quantity} ordered")
            for sku, quantity in lines:
                self.listings[sku].stock = max(0, self.listings[sku].stock - quantity)
            order_id = self.new_order_id()
            now = self.now()
            self.orders[order_id] = SimOrder(order_id, list(lines), self.initial_status, now, now, buyer, phone, address)
            return order_id

    def new_order_id(self) -> str:
        return str(5000000 + self.next_id())

    def set_order_status(self, channel_order_id: str, status: str) -> None:
        """Move an order on the platform side; `status` local ("cancelled", "shipped", …) or the platform's."""
        with self.lock:
            order = self.orders[channel_order_id]
            order.status = self.status_names.get(status, status)
            order.updated = self.now()

    def order_total(self, order: SimOrder) -> int:
        return sum(self.listings[sku].price * quantity for sku, quantity in order.lines)
