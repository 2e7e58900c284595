"""The command-line contract: JSON on stdout, exit 2 with a one-line error, nothing written on error."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gianhang_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_product_lifecycle_in_json(run_cli):
    code, out, err = run_cli("product", "add", "--sku", "VT-001", "--name", "Vải thiều Thanh Hà", "--price",
                             "120.000 ₫", "--unit", "kg", "--barcode", "8934567890120", "--weight-g", "1000",
                             "--category", "Trái cây", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert added["sku"] == "VT-001" and added["price"] == 120_000 and added["unit"] == "kg"
    code, out, _ = run_cli("product", "update", "vt-001", "--price", "125k", "--json")
    assert code == 0 and json.loads(out)["price"] == 125_000 and json.loads(out)["version"] == 2
    code, out, _ = run_cli("product", "show", "VT-001", "--json")
    assert json.loads(out)["name"] == "Vải thiều Thanh Hà"
    code, out, _ = run_cli("product", "list", "--json")
    assert [p["sku"] for p in json.loads(out)] == ["VT-001"]
    code, out, _ = run_cli("product", "archive", "VT-001")
    assert code == 0
    code, out, _ = run_cli("product", "list", "--json")
    assert json.loads(out) == []


def test_search_json_has_the_contract_fields(run_cli):
    run_cli("product", "add", "--sku", "MO-1", "--name", "Mật ong hoa nhãn", "--price", "180000")
    run_cli("stock", "receive", "MO-1", "12", "--lot", "L1", "--expiry", "2027-06-30")
    code, out, _ = run_cli("search", "mat ong", "--limit", "5", "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits == [{"id": hits[0]["id"], "sku": "MO-1", "name": "Mật ong hoa nhãn", "price": 180_000, "stock": 12,
                     "unit": "hộp", "status": "active"}]


def test_stock_commands(run_cli):
    run_cli("product", "add", "--sku", "ST-25", "--name", "Gạo ST25", "--price", "180000", "--unit", "túi")
    assert run_cli("stock", "receive", "ST-25", "50", "--lot", "L1", "--expiry", "2027-06-30")[0] == 0
    assert run_cli("warehouse", "add", "KHO-2", "Kho Sóc Trăng")[0] == 0
    assert run_cli("stock", "move", "ST-25", "20", "--from", "KHO-CHINH", "--to", "KHO-2")[0] == 0
    assert run_cli("stock", "adjust", "ST-25", "-5", "--reason", "Chuột cắn")[0] == 0
    code, out, _ = run_cli("stock", "show", "ST-25", "--json")
    report = json.loads(out)
    assert report["on_hand"] == 45
    by_wh = {w["warehouse"]: w for w in report["warehouses"]}
    assert by_wh["KHO-CHINH"]["on_hand"] == 25 and by_wh["KHO-2"]["on_hand"] == 20
    assert by_wh["KHO-2"]["lots"][0] == {"lot": "L1", "expiry_date": "2027-06-30", "harvest_date": None, "on_hand": 20,
                                         "status": "sellable", "last_sale_day": "2027-06-30"}


@pytest.mark.parametrize(
    "args,field",
    [
        (["product", "add", "--sku", "vt-001 ", "--name", "Trùng", "--price", "1"], "sku"),
        (["product", "add", "--sku", "X1", "--name", "", "--price", "1"], "name"),
        (["product", "add", "--sku", "X1", "--name", "A", "--price", "-100"], "price"),
        (["product", "add", "--sku", "X1", "--name", "A", "--price", "100,5"], "price"),
        (["product", "add", "--sku", "X1", "--name", "A", "--price", "1", "--unit", "tấn"], "unit"),
        (["product", "add", "--sku", "X1", "--name", "A", "--price", "1", "--barcode", "8934567890121"], "barcode"),
        (["stock", "receive", "VT-001", "5", "--expiry", "2027-02-30"], "expiry"),
        (["stock", "receive", "VT-001", "5", "--warehouse", "Kho ma"], "warehouse"),
        (["stock", "adjust", "VT-001", "-50", "--reason", "mất"], "quantity"),
        (["stock", "move", "VT-001", "1", "--from", "KHO-CHINH", "--to", "KHO-X"], "to"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(run_cli, args, field):
    run_cli("product", "add", "--sku", "VT-001", "--name", "Vải", "--price", "1")
    run_cli("stock", "receive", "VT-001", "10")
    before = run_cli("product", "list", "--json")[1], run_cli("stock", "show", "VT-001", "--json")[1]
    code, out, err = run_cli(*args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"Lỗi [{field}]: ")
    after = run_cli("product", "list", "--json")[1], run_cli("stock", "show", "VT-001", "--json")[1]
    assert before == after


def test_unknown_sku_and_english_messages(run_cli):
    code, _, err = run_cli("product", "show", "NOPE")
    assert code == 2 and "Không tìm thấy sản phẩm" in err
    code, _, err = run_cli("product", "show", "NOPE", env={"GIANHANG_LANG": "en"})
    assert code == 2 and err.startswith("Error: No product with SKU 'NOPE'")


def test_bad_usage_is_exit_2(run_cli):
    code, _, err = run_cli("product", "frobnicate")
    assert code == 2 and err.startswith("Lỗi")


def test_demo_builds_a_vietnamese_catalogue_with_stock(run_cli):
    code, out, err = run_cli("demo", "--products", "60", "--json")
    assert code == 0, err
    assert json.loads(out)["products"] == 60
    products = json.loads(run_cli("product", "list", "--json")[1])
    assert len(products) == 60
    names = " ".join(p["name"] for p in products)
    assert "Vải thiều" in names and "Gạo ST25" in names and "Nước mắm" in names
    assert sum(p["stock"] for p in products) > 0
    hits = json.loads(run_cli("search", "nuoc mam", "--json")[1])
    assert hits and all("Nước mắm" in h["name"] for h in hits)


def test_version_from_the_one_place(tmp_path):
    for cmd in ([sys.executable, "-m", "gianhang_desktop", "--version"], [sys.executable, "main.py", "--version"]):
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
        assert __version__ in result.stdout


def test_data_dir_from_environment(tmp_path):
    env = {"GIANHANG_DATA_DIR": str(tmp_path / "d"), "PATH": "", "SYSTEMROOT": ""}
    import os

    result = subprocess.run([sys.executable, "-m", "gianhang_desktop", "init", "--json"], cwd=ROOT, env={**os.environ, **env},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["data_dir"] == str(tmp_path / "d")
    assert (tmp_path / "d" / "gianhang.sqlite3").exists()
