"""Benchmark (issue 17): the carriers against their simulators with 150 ms of latency per call.

* quote: every service of all four carriers for one order, in parallel (target ≤ 0.5 s), next to
  one bare round trip to a simulator (the floor) measured in the same run;
* bulk: 100 shipments created with one carrier (target ≤ 1.2× the floor its limits set:
  (100 − burst) / rate seconds), and the simulator's rate-limit refusals (target 0);
* status: one poll of 1,000 open shipments (250 per carrier, asked side by side), next to the floor
  the limits set, with every simulator's rate-limit refusals (target 0: "within the limits").

    flock /work/locks/bench python bench/bench_shipping.py [--latency 0.15] [--orders 100] [--open 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring  # noqa: E402
import requests  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from gianhang_desktop.core.catalog.service import add_product  # noqa: E402
from gianhang_desktop.core.channels.limits import floor_seconds  # noqa: E402
from gianhang_desktop.core.database import Database  # noqa: E402
from gianhang_desktop.core.db.base import utcnow  # noqa: E402
from gianhang_desktop.core.orders.models import Order, OrderItem  # noqa: E402
from gianhang_desktop.core.orders.service import add_order  # noqa: E402
from gianhang_desktop.core.orders.views import ItemDraft, OrderDraft  # noqa: E402
from gianhang_desktop.core.shipping import accounts, quotes, service, tracking  # noqa: E402
from gianhang_desktop.core.shipping.carrier import CarrierEndpoint  # noqa: E402
from gianhang_desktop.core.shipping.models import CarrierAccount, Shipment  # noqa: E402
from gianhang_desktop.core.shipping.registry import carrier_class  # noqa: E402
from gianhang_desktop.core.shop import update_shop  # noqa: E402
from gianhang_desktop.core.stock.service import receive_stock  # noqa: E402
from tests.shipping.simulators import ghn, ghtk, viettelpost, vnpost  # noqa: E402
from tests.shipping.simulators.base import Parcel  # noqa: E402

MODULES = {"ghn": ghn, "ghtk": ghtk, "viettelpost": viettelpost, "vnpost": vnpost}


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.store = {}

    def get_password(self, service_name, username):
        return self.store.get((service_name, username))

    def set_password(self, service_name, username, password):
        self.store[(service_name, username)] = password

    def delete_password(self, service_name, username):
        self.store.pop((service_name, username), None)


def new_order(db) -> str:
    draft = OrderDraft("Nguyễn Thị Lan", "0987654321", "45 Lê Lợi, Phường Bến Thành, Quận 1", 79, 26743,
                       (ItemDraft("TRA-01", 2),))
    return add_order(db, draft).value.code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.150)
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--open", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    sims = {kind: module.start(latency=args.latency) for kind, module in MODULES.items()}
    folder = Path(tempfile.mkdtemp(prefix="bench-shipping-"))
    db = Database.open(folder)
    update_shop(db, name="HTX Chè Tân Cương", phone="0912345678",
                address_line="12 Hàng Bạc, Phường Hàng Bạc, Quận Hoàn Kiếm", province_code=1, ward_code=70)
    add_product(db, "TRA-01", "Chè Tân Cương 200g", 120000, weight_g=250)
    receive_stock(db, "TRA-01", 100000)
    for kind, sim in sims.items():
        accounts.add_account(db, kind, kind, sim.credentials(), base_url=sim.url)
    print(f"latency per call: {args.latency * 1000:.0f} ms")

    # -- quote -----------------------------------------------------------------------------------
    rtt = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        requests.get(sims["ghtk"].url + "/services/shipment/list_pick_add", headers={"Token": "x"})
        rtt.append(time.perf_counter() - start)
    order = new_order(db)
    start = time.perf_counter()
    first = quotes.quote_order(db, order)
    cold = time.perf_counter() - start
    assert not first.errors, first.errors
    samples = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        result = quotes.quote_order(db, new_order(db))
        samples.append(time.perf_counter() - start)
        assert not result.errors and len({q.carrier for q in result.quotes}) == 4
    quote = statistics.median(samples)
    print(f"quote, 4 carriers, {len(result.quotes)} services: median {quote:.3f} s "
          f"(first, master data not cached: {cold:.3f} s); one round trip (floor): {statistics.median(rtt):.3f} s; "
          f"ratio {quote / statistics.median(rtt):.1f}×; target ≤ 0.5 s: {'met' if quote <= 0.5 else 'NOT met'}")

    # -- bulk create -----------------------------------------------------------------------------
    kind = "ghn"
    codes = [new_order(db) for _ in range(args.orders)]
    limit = carrier_class(kind).limits.of(CarrierEndpoint.CREATE)
    floor = floor_seconds(args.orders, limit) + args.latency  # the last call still takes one round trip
    refusals = sims[kind].rate_refusals
    start = time.perf_counter()
    results, _ = service.create_shipments(db, codes, kind)
    bulk = time.perf_counter() - start
    failed = [r for r in results if r.error]
    assert not failed, failed[:3]
    print(f"bulk: {args.orders} shipments ({kind}: {limit.rate:g}/s, burst {limit.burst}) in {bulk:.2f} s; "
          f"floor {floor:.2f} s; ratio {bulk / floor:.2f}× (target ≤ 1.2×: {'met' if bulk <= 1.2 * floor else 'NOT met'}); "
          f"rate-limit refusals {sims[kind].rate_refusals - refusals}; carrier creates {sims[kind].creates}")

    # -- status poll of open shipments -----------------------------------------------------------
    per = args.open // len(sims)
    with db.session() as session:  # open shipments made directly (the poll is measured, not their making)
        rows = {a.carrier: a for a in session.query(CarrierAccount)}
        now = utcnow()
        for i, (k, sim) in enumerate(sorted(sims.items())):
            for n in range(per):
                code = f"BENCH-{k}-{n:05d}"
                o = Order(code=code, channel="phone", status="confirmed", buyer_name="B", phone="0987654321",
                          address_line="x", province_code=79, ward_code=26743, search_text=code,
                          created_at=now, updated_at=now, status_changed_at=now)
                o.items = [OrderItem(line_no=1, product_id=None, sku="TRA-01", name="Chè", quantity=1, unit_price=1)]
                session.add(o)
                session.flush()
                tracking_code = f"T{i}{n:06d}"
                session.add(Shipment(order_id=o.id, active_order_id=o.id, account_id=rows[k].id, carrier_name=k,
                                     carrier_kind=k, client_code=code, tracking_code=tracking_code, weight_g=500,
                                     status="created"))
                initial = sim.status_names["created"]
                sim.parcels[tracking_code] = Parcel(tracking_code, code, initial, 0, 20000, {"order": {"value": 0}})
    before = {k: s.rate_refusals for k, s in sims.items()}
    calls_before = {k: len(s.calls()) for k, s in sims.items()}
    start = time.perf_counter()
    report = tracking.poll(db)
    poll = time.perf_counter() - start
    refused = {k: sims[k].rate_refusals - before[k] for k in sims}
    calls = {k: len(sims[k].calls()) - calls_before[k] for k in sims}
    floors = {k: floor_seconds(calls[k], carrier_class(k).limits.of(CarrierEndpoint.TRACK)) + args.latency
              for k in sims}
    floor = max(floors.values())
    print(f"status poll: {len(report.rows)} open shipments in {poll:.1f} s; floor {floor:.1f} s "
          f"(slowest carrier's limit); ratio {poll / floor:.2f}×; calls per carrier {calls}; "
          f"rate-limit refusals {refused} (target 0: {'met' if not any(refused.values()) else 'NOT met'}); "
          f"errors {report.errors or 'none'}")
    for sim in sims.values():
        sim.stop()
    db.dispose()


if __name__ == "__main__":
    main()
