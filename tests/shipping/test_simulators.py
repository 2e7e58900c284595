"""Each simulator's documented checks can fail: a missing or wrong token, a missing required field,
the documented error shapes. Raw HTTP here, not our client, so the checks are the simulator's own."""

from __future__ import annotations

import pytest
import requests

from .conftest import SIMULATORS


@pytest.fixture(params=sorted(SIMULATORS))
def sim(request):
    simulator = SIMULATORS[request.param].start()
    yield simulator
    simulator.stop()


def login(sim) -> dict[str, str]:
    """The auth headers a well-behaved client sends, got the documented way."""
    c = sim.credentials()
    if sim.platform == "ghn":
        return {"Token": c["token"], "ShopId": c["shop_id"]}
    if sim.platform == "ghtk":
        return {"Token": c["token"]}
    if sim.platform == "viettelpost":
        r = requests.post(sim.url + "/v2/user/Login", json={"USERNAME": c["username"], "PASSWORD": c["password"]})
        return {"Token": r.json()["data"]["token"]}
    r = requests.post(sim.url + "/customer-partner/GetAccessToken",
                      json={"username": c["username"], "password": c["password"], "customerCode": c["customer_code"]})
    return {"token": r.json()["token"]}


def create(sim, headers, body=None):
    url = sim.url + sim.create_path
    params = {"ver": "1.5"} if sim.platform == "ghtk" else None
    return requests.post(url, json=body if body is not None else {}, headers=headers, params=params, timeout=5)


def test_refuses_a_call_without_the_token(sim):
    answer = create(sim, {})
    assert answer.status_code == 401
    payload = answer.json()
    if sim.platform == "ghn":
        assert payload["code"] == 401 and payload["data"] is None
    elif sim.platform == "ghtk":
        assert payload["success"] is False
    elif sim.platform == "viettelpost":
        assert payload["error"] is True and payload["status"] == 401
    else:
        assert payload["code"] == "UNAUTHORIZED"
    assert sim.creates == 0


def test_refuses_a_wrong_token(sim):
    headers = {k: "x" + v for k, v in login(sim).items()}
    assert create(sim, headers).status_code == 401


def test_refuses_a_create_without_required_fields_in_the_documented_shape(sim):
    answer = create(sim, login(sim), {})
    payload = answer.json()
    if sim.platform == "ghn":
        assert answer.status_code == 400 and payload["code"] == 400 and "to_name" in payload["message"]
    elif sim.platform == "ghtk":
        assert payload["success"] is False and "Thiếu" in payload["message"]
    elif sim.platform == "viettelpost":
        assert payload["error"] is True and "ORDER_NUMBER" in payload["message"]
    else:
        assert answer.status_code == 400 and payload["code"] == "MISSING_FIELD"
    assert sim.creates == 0


def test_ghn_shop_calls_need_the_shop_id():
    sim = SIMULATORS["ghn"].start()
    try:
        headers = login(sim)
        headers.pop("ShopId")
        answer = requests.post(sim.url + "/shiip/public-api/v2/shipping-order/fee", json={}, headers=headers)
        assert answer.status_code == 400 and answer.json()["code_message"] == "SHOP_INVALID"
    finally:
        sim.stop()


@pytest.mark.parametrize("kind", ["viettelpost", "vnpost"])  # GHN and GHTK tokens come from their portals
def test_wrong_login_is_refused(kind):
    sim = SIMULATORS[kind].start()
    try:
        if kind == "viettelpost":
            r = requests.post(sim.url + "/v2/user/Login", json={"USERNAME": "x", "PASSWORD": "y"})
            assert r.json()["error"] is True
        else:
            r = requests.post(sim.url + "/customer-partner/GetAccessToken",
                              json={"username": "x", "password": "y", "customerCode": "z"})
            assert r.status_code == 401
    finally:
        sim.stop()
