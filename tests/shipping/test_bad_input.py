"""Each bad input gets a clear Vietnamese message naming the field, and nothing is created: no
waybill at the carrier, no shipment row, no tracking code on the order."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from gianhang_desktop.core.orders.service import get_order
from gianhang_desktop.core.shipping import quotes, service
from gianhang_desktop.core.shipping.models import Shipment
from gianhang_desktop.core.shipping.parcels import ShipOptions
from gianhang_desktop.core.shipping.registry import carrier_class

from .conftest import FAST, new_order


def shipments(db) -> int:
    with db.read_session() as session:
        return session.scalar(select(func.count(Shipment.id)))


def create(db, code, name, **options):
    results, _ = service.create_shipments(db, [code], name, ShipOptions(**options), http=FAST)
    return results[0]


def nothing_created(db, sim, code) -> None:
    assert sim.creates == 0
    assert shipments(db) == 0
    assert get_order(db, code).tracking_code is None


def test_ward_the_carrier_does_not_serve(carrier, shop):
    kind, sim, name = carrier
    sim.stop_serving("Phường Bến Thành")  # the same name on the old map and the 2025 map
    code = new_order(shop)
    result = create(shop, code, name)
    assert result.field == "ward_code"
    assert "không phục vụ" in result.error and "Bến Thành" in result.error
    nothing_created(shop, sim, code)
    if kind == "viettelpost":  # Viettel Post prices by district: only a district it does not serve shows there
        sim.stop_serving("Quận 1")
    answer = quotes.quote_order(shop, code, accounts=[name], http=FAST)
    assert not answer.quotes and "không phục vụ" in answer.errors[name]


def test_product_without_weight_names_the_product(carrier, shop):
    kind, sim, name = carrier
    code = new_order(shop, items=(("TRA-01", 1), ("NON-01", 1)))
    result = create(shop, code, name)
    assert result.field == "weight_g"
    assert "NON-01" in result.error and "Nón lá Huế" in result.error and "khối lượng" in result.error
    nothing_created(shop, sim, code)
    assert not [c for c in sim.calls() if "create" in c.lower() or "order" in c.lower()]


def test_cod_above_the_carriers_limit(carrier, shop):
    kind, sim, name = carrier
    limit = carrier_class(kind).cod_limit
    code = new_order(shop, cod=limit + 1000)
    result = create(shop, code, name)
    assert result.field == "cod_amount"
    assert "vượt mức tối đa" in result.error and f"{limit:,}".replace(",", ".") in result.error
    nothing_created(shop, sim, code)


def test_phone_the_carrier_refuses(carrier, shop):
    kind, sim, name = carrier
    sim.refuse_phone("0987654321")
    code = new_order(shop)
    result = create(shop, code, name)
    assert result.field == "phone"
    assert "0987654321" in result.error and "không được" in result.error
    nothing_created(shop, sim, code)


def test_the_carriers_own_refusal_is_shown_as_given(carrier, shop):
    kind, sim, name = carrier
    sim.refuse_next("Kho lấy hàng đang tạm ngưng nhận đơn (bảo trì 22h-23h)")
    code = new_order(shop)
    result = create(shop, code, name)
    assert "Kho lấy hàng đang tạm ngưng nhận đơn (bảo trì 22h-23h)" in result.error
    assert result.error.startswith(carrier_class(kind).display_name + " từ chối")
    nothing_created(shop, sim, code)


def test_lost_answer_after_create_is_found_by_our_code(carrier, shop):
    kind, sim, name = carrier
    sim.fail_next("lost", path=sim.create_path)  # the carrier creates it, then answers 504
    code = new_order(shop)
    result = create(shop, code, name)
    assert result.error is None and result.found_existing
    assert sim.creates == 1
    assert get_order(shop, code).tracking_code == result.tracking_code == sim.parcel(code).tracking


def test_read_timeout_after_create_is_found_by_our_code(carrier, shop):
    kind, sim, name = carrier
    sim.fail_next("late", path=sim.create_path)  # created, but the answer comes after our time-out
    code = new_order(shop)
    result = create(shop, code, name)
    assert result.error is None and result.found_existing
    assert sim.creates == 1 and len(sim.parcels) == 1
    assert get_order(shop, code).tracking_code == sim.parcel(code).tracking


def test_creating_twice_is_refused(carrier, shop):
    kind, sim, name = carrier
    code = new_order(shop)
    first = create(shop, code, name)
    again = create(shop, code, name)
    assert again.field == "code" and "đã có vận đơn" in again.error and first.tracking_code in again.error
    assert sim.creates == 1 and shipments(shop) == 1


def test_two_clerks_at_once_make_one_waybill(carrier, shop):
    kind, sim, name = carrier
    code = new_order(shop)
    barrier = threading.Barrier(2)
    results = []

    def clerk():
        barrier.wait()
        results.append(create(shop, code, name))

    threads = [threading.Thread(target=clerk) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.error is None for r in results) == [False, True]
    assert sim.creates == 1 and shipments(shop) == 1


def test_unreachable_carrier_leaves_the_order_to_be_settled(carrier, shop):
    kind, sim, name = carrier
    code = new_order(shop)
    sim.fail_next("5xx", times=50)  # create and every lookup fail
    result = create(shop, code, name)
    assert result.error and result.status == "sending"
    assert get_order(shop, code).tracking_code is None
    with sim.lock:
        sim.faults.clear()
    retried = create(shop, code, name)  # asks by our code first, then creates once
    assert retried.error is None
    assert sim.creates == 1 and get_order(shop, code).tracking_code == retried.tracking_code


@pytest.mark.parametrize("choice", [0, 99])
def test_old_ward_choice_out_of_range(shop, all_carriers, choice):
    code = new_order(shop)
    result = create(shop, code, "ghn-test", old_ward=choice)
    assert result.field == "old_ward"
    assert all(sim.creates == 0 for sim in all_carriers.values())


def test_a_waybill_typed_by_hand_is_the_same_field(carrier, shop):
    kind, sim, name = carrier
    code = new_order(shop)
    service.record_manual_shipment(shop, code, "SPX123456789", "Shopee Express")
    assert get_order(shop, code).tracking_code == "SPX123456789"
    again = create(shop, code, name)
    assert again.field == "code" and "SPX123456789" in again.error
    assert sim.creates == 0
