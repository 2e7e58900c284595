"""The command line for expired stock: receive refused past expiry (exit 2, names --expiry) unless
--allow-expired, `stock expired [--json]`, the write-off, --stop-selling-days; local dates."""

from __future__ import annotations

import json

import pytest

NIGHT_15TH = {"GIANHANG_NOW": "2026-06-15T23:30:00+07:00"}
EARLY_16TH = {"GIANHANG_NOW": "2026-06-16T00:30:00+07:00"}  # still the 15th in UTC


@pytest.fixture
def cli(run_cli):
    code, _, err = run_cli("product", "add", "--sku", "VAI-1", "--name", "Vải thiều", "--price", "60000",
                           "--cost", "40000", "--unit", "kg", "--stop-selling-days", "2")
    assert code == 0, err
    assert run_cli("product", "add", "--sku", "MO-1", "--name", "Mật ong", "--price", "180000")[0] == 0
    assert run_cli("stock", "receive", "MO-1", "4", "--lot", "M-15", "--expiry", "15/06/2026", env=NIGHT_15TH)[0] == 0
    assert run_cli("stock", "receive", "MO-1", "6", "--lot", "M-30", "--expiry", "2026-06-30", env=NIGHT_15TH)[0] == 0
    return run_cli


def show(run_cli, sku):
    return json.loads(run_cli("stock", "show", sku, "--json")[1])


def test_receiving_past_expiry_is_refused_and_names_expiry(cli):
    before = show(cli, "MO-1")
    for args in (["--expiry", "15/06/2026"], ["--lot", "M-15"], ["--expiry", "2026-06-01", "--lot", "NEW"]):
        code, out, err = cli("stock", "receive", "MO-1", "3", *args, env=EARLY_16TH)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and "[expiry]" in err and "--expiry" in err
        assert "--allow-expired" in err
    code, _, err = cli("stock", "receive", "MO-1", "3", "--expiry", "15/06/2026", env={**EARLY_16TH, "GIANHANG_LANG": "en"})
    assert code == 2 and err.startswith("Error [expiry]: --expiry 15/06/2026: the goods have expired")
    assert show(cli, "MO-1") == before
    code, out, err = cli("stock", "receive", "MO-1", "3", "--lot", "OLD", "--expiry", "01/06/2026", "--allow-expired",
                         env=EARLY_16TH)
    assert code == 0, err
    assert show(cli, "MO-1")["on_hand"] == 13


def test_stock_expired_lists_lots_with_cost_value(cli):
    code, out, err = cli("stock", "expired", "--json", env=NIGHT_15TH)
    assert (code, json.loads(out)) == (0, [])
    code, out, err = cli("stock", "expired", "--json", env=EARLY_16TH)
    rows = json.loads(out)
    assert [(r["sku"], r["lot"], r["expiry_date"], r["quantity"], r["cost_value"]) for r in rows] == [
        ("MO-1", "M-15", "2026-06-15", 4, 4 * 180_000)]
    assert isinstance(rows[0]["cost_value"], int) and rows[0]["warehouse"] == "KHO-CHINH"
    code, out, _ = cli("stock", "expired", env=EARLY_16TH)
    assert "M-15" in out and "720.000" in out and "15/06/2026" in out


def test_write_off_by_adjustment_or_command(cli):
    code, _, err = cli("stock", "adjust", "MO-1", "-7", "--reason", "Vỡ", env=EARLY_16TH)
    assert code == 2 and "[quantity]" in err  # 6 sellable; the expired lot is not taken without --lot
    code, out, err = cli("stock", "adjust", "MO-1", "-1", "--lot", "M-15", "--reason", "Hủy hàng hết hạn", "--json",
                         env=EARLY_16TH)
    assert code == 0, err
    assert json.loads(out)[0]["reason"] == "Hủy hàng hết hạn"
    code, out, err = cli("stock", "write-off", "MO-1", "--lot", "M-15", "--json", env=EARLY_16TH)
    assert code == 0, err
    assert [(m["lot"], m["quantity"], m["reason"]) for m in json.loads(out)] == [("M-15", -3, "Hủy hàng hết hạn")]
    assert json.loads(cli("stock", "expired", "--json", env=EARLY_16TH)[1]) == []
    code, _, err = cli("stock", "write-off", "MO-1", "--lot", "M-30", env=EARLY_16TH)
    assert code == 2 and "[lot]" in err


def test_show_marks_expired_and_held_back_lots(cli):
    assert cli("stock", "receive", "VAI-1", "5", "--lot", "V-16", "--expiry", "16/06/2026", env=NIGHT_15TH)[0] == 0
    code, out, _ = cli("stock", "show", "VAI-1", env=NIGHT_15TH)
    assert "ngừng bán" in out
    code, out, _ = cli("stock", "show", "MO-1", env=EARLY_16TH)
    assert "M-15" in out and "ĐÃ HẾT HẠN" in out


@pytest.mark.parametrize("value", ["-1", "2.5", "hai", "3651"])
def test_stop_selling_days_bad_values(cli, value):
    code, out, err = cli("product", "update", "VAI-1", "--stop-selling-days", value)
    assert code == 2 and "[stop_selling_days]" in err and len(err.strip().splitlines()) == 1
    assert json.loads(cli("product", "show", "VAI-1", "--json")[1])["stop_selling_days"] == 2


def test_stop_selling_days_update(cli):
    code, out, err = cli("product", "update", "VAI-1", "--stop-selling-days", "0", "--json")
    assert code == 0 and json.loads(out)["stop_selling_days"] == 0
    code, out, _ = cli("product", "add", "--sku", "X-1", "--name", "Xoài", "--price", "1000", "--json")
    assert json.loads(out)["stop_selling_days"] == 0
