"""SIGKILL a create at each step (outbox row written; carrier created it but our answer not recorded;
recorded), then create again: always exactly one waybill for the order, found by our order code.

The child (a fork, so it shares the test's in-memory keyring) stops at a kill point
(core/killpoints.py), announces it in a file and waits; the test kills it there.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from gianhang_desktop.core.database import Database
from gianhang_desktop.core.killpoints import KILL_AT, KILL_FILE
from gianhang_desktop.core.orders.service import get_order
from gianhang_desktop.core.shipping import service

from .conftest import FAST, new_order

POINTS = ["shipping.outbox_written", "shipping.created", "shipping.recorded"]


def killed_create(data_dir, url: str, code: str, carrier: str, point: str, announce) -> None:
    pid = os.fork()
    if pid == 0:  # the child: create in-process, stop at the point, never run the parent's clean-ups
        status = 1
        try:
            os.environ[KILL_AT] = point
            os.environ[KILL_FILE] = str(announce)
            db = Database.open(data_dir, url=url)
            service.create_shipments(db, [code], carrier, http=FAST)
            status = 3  # the point was never reached
        finally:
            os._exit(status)
    deadline = time.monotonic() + 120  # only reached when the child never gets to its point (a failure)
    while not announce.exists():
        finished, status = os.waitpid(pid, os.WNOHANG)
        assert not finished, f"the child ended ({status}) before reaching {point}"
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"{point} never reached")
        time.sleep(0.01)
    reached = announce.read_text()
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    assert reached.split("#")[0].strip() == point


@pytest.mark.parametrize("point", POINTS)
def test_kill_during_create_never_makes_two_waybills(carrier, shop, data_dir, tmp_path, point):
    kind, sim, name = carrier
    code = new_order(shop)
    killed_create(data_dir, shop.url, code, name, point, tmp_path / "announce")
    url = shop.url  # the same database on both engines (SQLite file or the test's PostgreSQL)
    shop.dispose()
    db = Database.open(data_dir, url=url)
    try:
        results, _ = service.create_shipments(db, [code], name, http=FAST)
        result = results[0]
        if point == "shipping.recorded":
            assert result.field == "code"  # already shipped: refused, not sent again
        else:
            assert result.error is None, result.error
            assert result.found_existing == (point == "shipping.created")
        assert sim.creates == 1 and len(sim.parcels) == 1
        assert get_order(db, code).tracking_code == sim.parcel(code).tracking
    finally:
        db.dispose()
