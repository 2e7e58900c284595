"""Four marketplaces at once, selling one stock: the real connectors against the simulators over
loopback HTTP, driven through the command line as a user (or a script) would."""

from __future__ import annotations

import io
import json
import sys

import pytest

from gianhang_desktop.core.orders.service import get_order
from gianhang_desktop.core.stock.service import receive_stock

from .connecting import pdf_text, running
from .helpers import catalogue

PLATFORMS = ("shopee", "lazada", "tiktok", "tiki")
NAMES = {"shopee": "Shopee HTX", "lazada": "Lazada HTX", "tiktok": "TikTok HTX", "tiki": "Tiki HTX"}
FAST = {"GIANHANG_CHANNEL_TIMEOUT": "3", "GIANHANG_CHANNEL_RETRIES": "3", "GIANHANG_CHANNEL_BACKOFF": "0.01"}


@pytest.fixture
def sims():
    with running("shopee") as shopee, running("lazada") as lazada, running("tiktok") as tiktok, \
            running("tiki") as tiki:
        yield {"shopee": shopee, "lazada": lazada, "tiktok": tiktok, "tiki": tiki}


def cli(run_cli, monkeypatch, *args, stdin: str = ""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code, out, err = run_cli(*args, env=FAST)
    return code, (json.loads(out) if out.strip().startswith(("{", "[")) else out), err


def setup_shop(db, run_cli, monkeypatch, sims, platforms=PLATFORMS):
    catalogue(db)  # GAO-1KG 20, GAO-5KG 10, CHE-200 7 (barcode), MAT-ONG 0
    for platform in platforms:
        sim = sims[platform]
        sim.add_item("GAO-1KG", stock=0, price=45_000, item="rice")  # túi 1 kg / túi 5 kg: one item
        sim.add_item("GAO-5KG", stock=0, price=210_000, item="rice")
        sim.add_item("CHE-200", stock=0, price=185_000, gtin="8930000000019")
        sim.add_item("MAT-ONG", stock=0, price=180_000)
        extra = ("--shop-id", sim.shop_id) if sim.shop_id else ()
        code, out, err = cli(run_cli, monkeypatch, "channel", "add", platform, "--name", NAMES[platform],
                             "--base-url", sim.url, *extra, "--credentials-stdin", "--json",
                             stdin=json.dumps(sim.credentials()))
        assert code == 0, err
        assert out["state"] == "active"
        code, out, err = cli(run_cli, monkeypatch, "channel", "link", NAMES[platform], "--auto", "--json")
        assert code == 0, err
        assert out["linked"] == 4 and out["unlinked"] == [] and out["conflicts"] == [], out


def stock_everywhere(sims, sku, platforms=PLATFORMS) -> dict[str, int]:
    return {p: sims[p].stock(sku) for p in platforms}


def test_four_channels_one_stock(db, run_cli, monkeypatch, sims, tmp_path):
    setup_shop(db, run_cli, monkeypatch, sims)
    code, out, err = cli(run_cli, monkeypatch, "channel", "sync", "--json")
    assert code == 0, err
    for channel in out["channels"]:
        # the default rule keeps 2 units back on every channel
        assert channel["stock_pushed"] == {"GAO-1KG": 18, "GAO-5KG": 8, "CHE-200": 5, "MAT-ONG": 0}, channel
        assert channel["errors"] == [] and channel["orders_pulled"] == 0
    assert stock_everywhere(sims, "GAO-1KG") == dict.fromkeys(PLATFORMS, 18)

    # A buyer on Shopee takes 3 bags; one sync later every other channel shows 15.
    order_id = sims["shopee"].place_order([("GAO-1KG", 3)])
    code, out, err = cli(run_cli, monkeypatch, "channel", "sync", "--json")
    assert code == 0, err
    assert out["Shopee HTX"]["orders"] == [order_id]
    assert stock_everywhere(sims, "GAO-1KG") == dict.fromkeys(PLATFORMS, 15)
    code, orders, _ = cli(run_cli, monkeypatch, "orders", "list", "--channel", "Shopee HTX", "--json")
    assert [(o["channel"], o["channel_order_id"]) for o in orders] == [("Shopee HTX", order_id)]
    assert get_order(db, orders[0]["code"]).phone.startswith("0")

    # Goods received here reach every channel; pulling the same order again changes nothing.
    receive_stock(db, "MAT-ONG", 5)
    code, out, _ = cli(run_cli, monkeypatch, "channel", "sync", "--json")
    assert all(c["orders_pulled"] == 0 and c["stock_pushed"] == {"MAT-ONG": 3} for c in out["channels"]), out
    code, orders, _ = cli(run_cli, monkeypatch, "orders", "list", "--channel", "shopee", "--json")
    assert len(orders) == 1

    # Labels: the platform's own PDFs, two orders on two platforms, one print job.
    lazada_order = sims["lazada"].place_order([("CHE-200", 1)])
    assert cli(run_cli, monkeypatch, "channel", "sync")[0] == 0
    pdf = tmp_path / "awb.pdf"
    code, out, err = cli(run_cli, monkeypatch, "channel", "awb", order_id, lazada_order, "--out", str(pdf), "--json")
    assert code == 0, err
    text = pdf_text(pdf.read_bytes())
    assert order_id in text and lazada_order in text
    assert text.index(order_id) < text.index(lazada_order)

    # The buyer cancels on Shopee: the 3 bags are sellable again everywhere.
    sims["shopee"].set_order_status(order_id, "cancelled")
    assert cli(run_cli, monkeypatch, "channel", "sync")[0] == 0
    assert stock_everywhere(sims, "GAO-1KG") == dict.fromkeys(PLATFORMS, 18)


def test_bad_answers_from_the_platforms(db, run_cli, monkeypatch, sims):
    setup_shop(db, run_cli, monkeypatch, sims, ("shopee", "lazada", "tiktok"))
    assert cli(run_cli, monkeypatch, "channel", "sync")[0] == 0
    # Lazada's campaign lock refuses one SKU; the others go through, the refusal is shown per SKU.
    sims["lazada"].lock_stock("GAO-5KG")
    # A 5xx and an HTML error page in the middle of Shopee's push: retried, nothing lost.
    sims["shopee"].fail_next("5xx", path="/api/v2/product/update_stock", times=1)
    sims["shopee"].fail_next("html", path="/api/v2/product/update_stock", times=1)
    # TikTok's access token expired: refreshed (and saved first), the sync goes on.
    sims["tiktok"].expire_access_token()
    receive_stock(db, "GAO-1KG", 1)
    receive_stock(db, "GAO-5KG", 1)
    code, out, err = cli(run_cli, monkeypatch, "channel", "sync", "--json")
    assert code == 0, err
    lazada = out["Lazada HTX"]
    assert lazada["stock_pushed"] == {"GAO-1KG": 19}
    assert [e["sku"] for e in lazada["errors"]] == ["GAO-5KG"] and lazada["errors"][0]["code"]
    assert stock_everywhere(sims, "GAO-1KG", ("shopee", "lazada", "tiktok")) == {"shopee": 19, "lazada": 19, "tiktok": 19}
    assert sims["shopee"].stock("GAO-5KG") == 9 and sims["tiktok"].stock("GAO-5KG") == 9
    code, channels, _ = cli(run_cli, monkeypatch, "channel", "list", "--json")
    by_name = {c["name"]: c for c in channels}
    assert by_name["Lazada HTX"]["errors"][0]["sku"] == "GAO-5KG"
    # The lock ends; the next change of that SKU goes through and clears the error.
    sims["lazada"].unlock_stock("GAO-5KG")
    receive_stock(db, "GAO-5KG", 1)
    code, out, _ = cli(run_cli, monkeypatch, "channel", "sync", "--json")
    assert out["Lazada HTX"]["stock_pushed"] == {"GAO-5KG": 10} and out["Lazada HTX"]["errors"] == []

    # An oversold order is accepted as the platform sold it, and flagged.
    order_id = sims["tiktok"].place_order([("MAT-ONG", 2)]) if sims["tiktok"].stock("MAT-ONG") >= 2 else None
    if order_id is None:  # the platform refuses to sell what it does not show: sell through its back door
        sims["tiktok"].set_stock("MAT-ONG", 2)
        order_id = sims["tiktok"].place_order([("MAT-ONG", 2)])
    code, out, _ = cli(run_cli, monkeypatch, "channel", "sync", "TikTok HTX", "--json")
    code, orders, _ = cli(run_cli, monkeypatch, "orders", "list", "--channel", "TikTok HTX", "--json")
    view = get_order(db, orders[0]["code"])
    assert view.channel_order_id == order_id and "vượt" in (view.channel_warning or "")

    # The refresh token expired too: "Cần đăng nhập lại", and nothing more is sent there.
    sims["shopee"].expire_access_token()
    sims["shopee"].expire_refresh_token()
    code, out, _ = cli(run_cli, monkeypatch, "channel", "sync", "--json")
    assert code == 3 and out["Shopee HTX"]["state"] == "needs_relogin"
    assert out["Lazada HTX"]["error"] is None  # the other channels carry on
    code, channels, _ = cli(run_cli, monkeypatch, "channel", "list", "--json")
    assert {c["name"]: c["state_label"] for c in channels}["Shopee HTX"] == "Cần đăng nhập lại"
    calls = len(sims["shopee"].calls())
    receive_stock(db, "GAO-1KG", 1)
    cli(run_cli, monkeypatch, "channel", "sync", "--json")
    assert len(sims["shopee"].calls()) == calls


def test_wrong_credentials_are_refused_and_saved_nowhere(db, run_cli, monkeypatch, sims, memory_keyring):
    sim = sims["lazada"]
    creds = {**sim.credentials(), "app_secret": "not-the-secret"}
    code, out, err = cli(run_cli, monkeypatch, "channel", "add", "lazada", "--name", "L", "--base-url", sim.url,
                         "--credentials-stdin", stdin=json.dumps(creds))
    assert code == 2 and "[credentials]" in err and len(err.strip().splitlines()) == 1
    assert memory_keyring.store == {}
    assert cli(run_cli, monkeypatch, "channel", "list", "--json")[1] == []
