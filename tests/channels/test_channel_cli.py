"""The `channel` commands and `orders list --channel`, on the double platform standing in for
Lazada (same credential key names). The real connectors run in test_integration.py."""

from __future__ import annotations

import io
import json
import sys

import pytest
from pypdf import PdfReader

from gianhang_desktop.core.channels import registry

from .double import DoubleConnector, credentials_json, install
from .helpers import catalogue


@pytest.fixture
def lazada_double():
    registry.overrides["lazada"] = DoubleConnector
    fake = install("k1")
    yield fake
    registry.overrides.pop("lazada", None)


def with_stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def add(run_cli, monkeypatch, fake, name="Lazada HTX", extra=()):
    with_stdin(monkeypatch, json.dumps(credentials_json(fake)))
    return run_cli("channel", "add", "lazada", "--name", name, "--credentials-stdin", "--json", *extra)


def test_add_list_link_rule_sync_and_orders_by_channel(run_cli, db, monkeypatch, lazada_double):
    fake = lazada_double
    catalogue(db)
    fake.add("GAO-1KG", item="RICE")
    fake.add("GAO-5KG", item="RICE")
    fake.add("KHONG-CO")
    code, out, err = add(run_cli, monkeypatch, fake)
    assert code == 0, err
    added = json.loads(out)
    assert added["name"] == "Lazada HTX" and added["platform"] == "lazada" and added["state"] == "active"
    assert "access-0" not in out and "s1" not in out

    code, out, _ = run_cli("channel", "list", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Lazada HTX"]

    code, out, _ = run_cli("channel", "link", "Lazada HTX", "--auto", "--json")
    review = json.loads(out)
    assert review["linked"] == 2 and [u["seller_sku"] for u in review["unlinked"]] == ["KHONG-CO"]
    assert review["conflicts"] == []

    code, out, err = run_cli("channel", "rule", "Lazada HTX", "--percent", "50", "--buffer", "2", "--json")
    assert code == 0, err
    assert json.loads(out)["rule"] == {"percent": 50, "buffer": 2, "zero_below": 0}

    order_id = fake.place([("GAO-1KG", 2)])
    code, out, err = run_cli("channel", "sync", "--json")
    assert code == 0, err
    result = json.loads(out)
    channel = result["channels"][0]
    assert channel["name"] == "Lazada HTX" and channel["orders_pulled"] == 1 and channel["errors"] == []
    assert channel["stock_pushed"] == {"GAO-1KG": 8, "GAO-5KG": 4}  # (20 − 2 held − 2) × 50 %, (10 − 2) × 50 %
    assert result["Lazada HTX"]["stock_pushed"] == channel["stock_pushed"]

    code, out, _ = run_cli("orders", "list", "--channel", "Lazada HTX", "--json")
    orders = json.loads(out)
    assert [(o["channel"], o["channel_order_id"]) for o in orders] == [("Lazada HTX", order_id)]
    code, out, _ = run_cli("orders", "list", "--channel", "lazada", "--json")
    assert len(json.loads(out)) == 1
    code, out, _ = run_cli("orders", "list", "--channel", "phone", "--json")
    assert json.loads(out) == []
    code, out, _ = run_cli("channel", "sync", "Lazada HTX", "--json")
    assert json.loads(out)["channels"][0]["orders_pulled"] == 0  # the same order pulled again: one order
    code, out, _ = run_cli("orders", "list", "--channel", "Lazada HTX", "--json")
    assert len(json.loads(out)) == 1


def test_link_by_hand_and_awb(run_cli, db, monkeypatch, lazada_double, tmp_path):
    fake = lazada_double
    catalogue(db)
    item, variation = fake.add("OLD-CODE", item="RICE")
    assert add(run_cli, monkeypatch, fake)[0] == 0
    run_cli("channel", "link", "Lazada HTX", "--auto", "--json")
    code, out, err = run_cli("channel", "link", "Lazada HTX", "--sku", "GAO-1KG", "--item", item, "--json")
    assert code == 0, err
    assert json.loads(out)["variation_id"] == variation
    first, second = fake.place([("OLD-CODE", 1)]), fake.place([("OLD-CODE", 2)])
    assert run_cli("channel", "sync")[0] == 0
    pdf = tmp_path / "awb.pdf"
    code, out, err = run_cli("channel", "awb", first, second, "--out", str(pdf), "--json")
    assert code == 0, err
    assert json.loads(out)["pages"] == 2
    assert [p.extract_text().strip() for p in PdfReader(pdf).pages] == [f"AWB {first}", f"AWB {second}"]
    assert fake.ship_calls == [first, second]  # arranged first: the platform prints arranged orders only


@pytest.mark.parametrize("args, stdin, field", [
    (("channel", "add", "lazada", "--name", "X", "--credentials-stdin"), "{not json", "credentials"),
    (("channel", "add", "lazada", "--name", "X"), "{}", "credentials"),
    (("channel", "add", "lazada", "--name", "X", "--credentials-stdin"), '{"app_key": "k1"}', "credentials.app_secret"),
    (("channel", "rule", "Nope", "--percent", "50"), "", None),
])
def test_bad_input_exits_2_with_one_line(run_cli, monkeypatch, lazada_double, args, stdin, field):
    with_stdin(monkeypatch, stdin)
    code, out, err = run_cli(*args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    if field:
        assert f"[{field}]" in err


def test_rule_out_of_range_names_the_field(run_cli, monkeypatch, lazada_double):
    assert add(run_cli, monkeypatch, lazada_double)[0] == 0
    code, _out, err = run_cli("channel", "rule", "Lazada HTX", "--percent", "150", env={"GIANHANG_LANG": "en"})
    assert code == 2 and "[percent]" in err and "0 to 100" in err
    code, _out, err = run_cli("channel", "awb", "GH-9999", "--out", "x.pdf")
    assert code == 2 and "GH-9999" in err
