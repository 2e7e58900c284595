"""The `carrier` and `ship` commands against the four simulators: the issue's command lines exactly,
secrets only on stdin (never in the database), one-line Vietnamese errors with exit 2."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess

import pytest

from gianhang_desktop.core.paths import DB_FILENAME

from .conftest import SIMULATORS, new_order
from .simulators.base import old_map


@pytest.fixture
def sims():
    started = {kind: module.start() for kind, module in SIMULATORS.items()}
    yield started
    for sim in started.values():
        sim.stop()


@pytest.fixture
def cli(run_cli, monkeypatch):
    def run(*args, stdin: str = "", env: dict[str, str] | None = None):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return run_cli(*args, env=env)

    return run


def add_all(cli, sims):
    for kind, sim in sims.items():
        code, out, err = cli("carrier", "add", kind, "--name", f"my-{kind}", "--base-url", sim.url,
                             "--credentials-stdin", "--json", stdin=json.dumps(sim.credentials()))
        assert code == 0, err
        view = json.loads(out)
        assert view["name"] == f"my-{kind}" and view["carrier"] == kind
        assert not any(v in out for v in sim.credentials().values())


def stored_bytes(db, data_dir) -> bytes:
    """Everything the database holds: the SQLite file itself, or every row of every table (PostgreSQL)."""
    if db.url.startswith("sqlite"):
        return (data_dir / DB_FILENAME).read_bytes()
    from sqlalchemy import MetaData, select

    meta = MetaData()
    with db.read_session() as session:
        meta.reflect(session.connection())
        return repr([session.execute(select(t)).all() for t in meta.sorted_tables]).encode()


def test_whole_flow_on_the_command_line(cli, sims, shop, data_dir, tmp_path):
    add_all(cli, sims)
    raw = stored_bytes(shop, data_dir)
    for sim in sims.values():
        for key, secret in sim.credentials().items():
            if key in ("token", "password"):
                assert secret.encode() not in raw  # secrets live in the keyring only
    order = new_order(shop)
    code, out, err = cli("ship", "quote", order, "--json")
    assert code == 0, err
    quotes = json.loads(out)["quotes"]
    assert {q["carrier"] for q in quotes} == {f"my-{k}" for k in sims}
    assert all(isinstance(q["fee"], int) and q["fee"] > 0 for q in quotes)
    assert any(q["eta"] for q in quotes)

    code, out, err = cli("ship", "create", order, "--carrier", "my-ghn", "--service", "53320", "--json")
    assert code == 0, err
    created = json.loads(out)[0]
    assert created["order"] == order and created["tracking_code"]

    label = tmp_path / "label.pdf"
    code, out, err = cli("ship", "label", order, "--out", str(label))
    assert code == 0, err
    text = subprocess.run(["pdftotext", str(label), "-"], capture_output=True, check=True).stdout.decode()
    assert created["tracking_code"] in text

    sims["ghn"].set_status(created["tracking_code"], "delivered")
    sims["ghn"].remit(created["tracking_code"], 1000)
    code, out, err = cli("ship", "track", "--json")
    assert code == 0, err
    row = json.loads(out)["shipments"][0]
    assert row["status"] == "delivered" and row["order_status"] == "delivered"
    assert row["status_label"] == "Đã giao"
    code, out, err = cli("ship", "track", order, "--json", env={"GIANHANG_LANG": "en"})
    assert json.loads(out)["shipments"][0]["status_label"] == "Delivered"  # the words follow the language

    code, out, err = cli("ship", "cod-report", "--from", "2020-01-01", "--to", "2030-12-31", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["rows"][0]["state"] == "different" and report["totals"]["different"] == 1
    xlsx = tmp_path / "cod.xlsx"
    code, out, err = cli("ship", "cod-report", "--from", "2020-01-01", "--to", "2030-12-31", "--out", str(xlsx))
    assert code == 0 and xlsx.exists()


def test_cancel_on_the_command_line(cli, sims, shop):
    add_all(cli, sims)
    order = new_order(shop)
    assert cli("ship", "create", order, "--carrier", "my-ghtk")[0] == 0
    code, out, err = cli("ship", "cancel", order)
    assert code == 0, err
    code, out, err = cli("ship", "track", order, "--json")
    assert json.loads(out)["shipments"] == []  # cancelled waybills are not listed


def test_bad_credentials_are_one_line_and_save_nothing(cli, sims, data_dir):
    code, out, err = cli("carrier", "add", "ghn", "--name", "x", "--base-url", sims["ghn"].url, "--credentials-stdin",
                         stdin=json.dumps({"token": "nope"}))
    assert code == 2 and err.count("\n") == 1 and "shop_id" in err
    code, out, err = cli("carrier", "add", "ghn", "--name", "x", "--base-url", sims["ghn"].url, "--credentials-stdin",
                         stdin=json.dumps({"token": "wrong", "shop_id": "885"}))
    assert code == 2 and err.count("\n") == 1
    code, out, err = cli("carrier", "add", "ghtk", "--name", "x", "--base-url", "http://example.com",
                         "--credentials-stdin", stdin=json.dumps(sims["ghtk"].credentials()))
    assert code == 2 and "[base_url]" in err
    with sqlite3.connect(data_dir / DB_FILENAME) as con:
        assert con.execute("SELECT COUNT(*) FROM carrier_accounts").fetchone()[0] == 0


def test_ambiguous_old_ward_is_shown_then_chosen(cli, sims, shop):
    add_all(cli, sims)
    order = new_order(shop, address_line="45 Lê Lợi")  # names no old ward: Bến Thành had four
    code, out, err = cli("ship", "create", order, "--carrier", "my-ghn")
    assert code == 2 and err.count("\n") == 1
    assert "[ward_code]" in err and "Phường Bến Thành, Quận 1" in err and "Phường Phạm Ngũ Lão, Quận 1" in err
    assert sims["ghn"].creates == 0
    code, out, err = cli("ship", "create", order, "--carrier", "my-ghtk")  # GHTK takes the 2025 names
    assert code == 0, err
    cli("ship", "cancel", order)
    code, out, err = cli("ship", "create", order, "--carrier", "my-viettelpost", "--old-ward", "4", "--json")
    assert code == 0, err
    parcel = sims["viettelpost"].parcel(json.loads(out)[0]["tracking_code"])
    wanted = [u.ward_no for u in old_map() if u.ward == "Phường Phạm Ngũ Lão" and u.district == "Quận 1"]
    assert [parcel.body["RECEIVER_WARD"]] == wanted  # the fourth in the list
