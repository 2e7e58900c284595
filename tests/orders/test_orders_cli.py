"""The order commands as scripts use them: exit codes, JSON, one-line errors, no file on error."""

from __future__ import annotations

import json

import pytest

from tests.orders import poppler
from tests.orders.helpers import HANOI, HOAN_KIEM, stock_up

ADD = ["order", "add", "--buyer", "Nguyễn Thị Hương", "--phone", "+84 987 654 321",
       "--address", "Số 12 ngõ 34 Nguyễn Trãi", "--province", str(HANOI), "--ward", str(HOAN_KIEM),
       "--item", "XOAI-1:2", "--item", "MO-500:1", "--cod", "350000",
       "--note", "Cho xem hàng, không cho thử"]


@pytest.fixture
def stocked(db, run_cli):
    stock_up(db)
    return lambda args: run_cli(*args)


def test_add_show_list_and_status_commands(stocked):
    code, out, err = stocked(ADD)
    assert code == 0, err
    order_code = out.strip()
    assert order_code.startswith("GH-")
    code, out, _ = stocked(["order", "show", order_code, "--json"])
    shown = json.loads(out)
    assert shown["phone"] == "0987654321" and shown["cod_amount"] == 350_000
    assert [i["sku"] for i in shown["items"]] == ["XOAI-1", "MO-500"]
    for action, status in (("confirm", "confirmed"), ("pack", "packed"), ("ship", "shipped")):
        code, out, err = stocked(["order", action, order_code])
        assert code == 0, err
        assert status in stocked(["order", "show", order_code, "--json"])[1]
    code, out, _ = stocked(["orders", "list", "--json"])
    rows = json.loads(out)
    assert [(r["code"], r["status"]) for r in rows] == [(order_code, "shipped")]
    code, out, err = stocked(["order", "cancel", order_code])
    assert code == 0, err
    assert json.loads(stocked(["order", "show", order_code, "--json"])[1])["status"] == "cancelled"


def test_add_json(stocked):
    code, out, _ = stocked([*ADD, "--json"])
    assert code == 0 and json.loads(out)["code"].startswith("GH-")


@pytest.mark.parametrize("change, field", [
    (["--phone", "0123"], "phone"),
    (["--ward", "22366"], "ward_code"),
    (["--item", "NOPE:1"], "items[3].sku"),
    (["--item", "XOAI-1"], "items[3]"),
])
def test_bad_input_exits_2_with_one_line_naming_the_field(stocked, change, field):
    args = list(ADD)
    flag = change[0]
    if flag == "--item":
        args += change
    else:
        args[args.index(flag) + 1] = change[1]
    code, out, err = stocked(args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and f"[{field}]" in err and err.startswith("Lỗi")
    assert json.loads(stocked(["orders", "list", "--json"])[1]) == []


def test_errors_in_english(stocked, monkeypatch):
    monkeypatch.setenv("GIANHANG_LANG", "en")
    code, _, err = stocked(["order", "confirm", "GH-0000-0001"])
    assert code == 2 and err.startswith("Error") and "No order" in err


def test_confirm_refused_when_not_enough_stock(stocked):
    args = [a if a != "XOAI-1:2" else "XOAI-1:50" for a in ADD]
    order_code = stocked(args)[1].strip()
    code, _, err = stocked(["order", "confirm", order_code])
    assert code == 2 and "XOAI-1" in err


def test_labels_pdf_zpl_picklist(stocked, tmp_path):
    codes = [stocked(ADD)[1].strip() for _ in range(5)]
    pdf = tmp_path / "labels.pdf"
    code, out, err = stocked(["labels", *codes, "--size", "a4x4", "--out", str(pdf)])
    assert code == 0, err
    assert len(poppler.page_sizes(pdf)) == 2
    zpl = tmp_path / "labels.zpl"
    assert stocked(["labels", *codes[:2], "--format", "zpl", "--out", str(zpl)])[0] == 0
    assert zpl.read_text(encoding="utf-8").count("^XA") == 2
    assert zpl.read_text(encoding="utf-8").count(":Z64:") == 2
    assert stocked(["labels", codes[0], "--format", "zpl", "--printer-font", "E:NOTOSANS.TTF",
                    "--out", str(zpl)])[0] == 0
    assert "Nguyễn Thị Hương" in zpl.read_text(encoding="utf-8")
    pick = tmp_path / "pick.pdf"
    assert stocked(["picklist", *codes[:2], "--out", str(pick)])[0] == 0
    assert "PHIẾU LẤY HÀNG" in poppler.text(pick)


def test_nothing_written_on_error(stocked, tmp_path):
    good = stocked(ADD)[1].strip()
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "labels.pdf"
    code, _, err = stocked(["labels", good, "GH-0000-0404", "--out", str(out)])
    assert code == 2 and "GH-0000-0404" in err
    assert list(folder.iterdir()) == []
    code, _, _ = stocked(["labels", good, "--size", "a4x4", "--format", "zpl", "--out", str(out)])
    assert code == 2 and not out.exists()
