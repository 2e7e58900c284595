"""Shipping tests: an in-memory keyring, a shop with a pickup address, products with weights,
orders to ship, and the four carrier simulators over loopback HTTP."""

from __future__ import annotations

import json

import keyring
import pytest

from gianhang_desktop.core.catalog.service import add_product
from gianhang_desktop.core.channels.http import HttpOptions
from gianhang_desktop.core.orders.service import add_order
from gianhang_desktop.core.orders.views import ItemDraft, OrderDraft
from gianhang_desktop.core.shipping import accounts
from gianhang_desktop.core.shipping.jsonapi import LoginTokens, MasterData
from gianhang_desktop.core.shop import update_shop
from gianhang_desktop.core.stock.service import receive_stock
from tests.channels.conftest import MemoryKeyring
from tests.shipping.simulators import ghn, ghtk, viettelpost, vnpost

# 5 s: well above a loaded machine's answers, below the 8 s a "late" simulator holds its answer.
FAST = HttpOptions(timeout=(5.0, 5.0), retries=2, backoff_factor=0.01, backoff_max=0.05, jitter=0.0)
SIMULATORS = {"ghn": ghn, "ghtk": ghtk, "viettelpost": viettelpost, "vnpost": vnpost}
# Hà Nội, Phường Hoàn Kiếm (2025); the street line names the old ward, as a clerk typed it.
SHOP = dict(name="HTX Chè Tân Cương", phone="0912345678", address_line="12 Hàng Bạc, Phường Hàng Bạc, Quận Hoàn Kiếm",
            province_code=1, ward_code=70)
# TP Hồ Chí Minh, Phường Bến Thành (2025), merged from four old wards of Quận 1.
BUYER = dict(buyer_name="Nguyễn Thị Lan", phone="0987654321", address_line="45 Lê Lợi, Phường Bến Thành, Quận 1",
             province_code=79, ward_code=26743)


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    LoginTokens.clear()
    MasterData.clear()
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def shop(db):
    """A shop with a pickup address, two products with weights (stocked) and one without."""
    update_shop(db, **SHOP)
    add_product(db, "TRA-01", "Chè Tân Cương 200g", 120000, weight_g=250, length_cm=20, width_cm=10, height_cm=5)
    add_product(db, "MAT-01", "Mật ong rừng 500ml", 180000, weight_g=700)
    add_product(db, "NON-01", "Nón lá Huế", 90000)
    for sku in ("TRA-01", "MAT-01", "NON-01"):
        receive_stock(db, sku, 100)
    return db


def new_order(db, items=(("TRA-01", 2),), cod=None, **changes) -> str:
    buyer = {**BUYER, **changes}
    draft = OrderDraft(buyer["buyer_name"], buyer["phone"], buyer["address_line"], buyer["province_code"],
                       buyer["ward_code"], tuple(ItemDraft(s, q) for s, q in items), cod_amount=cod)
    view, _ = add_order(db, draft)
    return view.code


@pytest.fixture(params=sorted(SIMULATORS))
def carrier(request, shop):
    """Each carrier in turn: (kind, simulator, account name) with the account added."""
    sim = SIMULATORS[request.param].start()
    accounts.add_account(shop, request.param, f"{request.param}-test", sim.credentials(), base_url=sim.url, http=FAST)
    yield request.param, sim, f"{request.param}-test"
    sim.stop()


@pytest.fixture
def all_carriers(shop):
    sims = {}
    for kind, module in SIMULATORS.items():
        sim = module.start()
        accounts.add_account(shop, kind, f"{kind}-test", sim.credentials(), base_url=sim.url, http=FAST)
        sims[kind] = sim
    yield sims
    for sim in sims.values():
        sim.stop()


def creds_json(sim) -> str:
    return json.dumps(sim.credentials())
