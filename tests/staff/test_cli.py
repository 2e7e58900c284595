"""`gianhang user …`, `--user` with the password from stdin, `audit`, `product update --expected-version`."""

from __future__ import annotations

import io
import sys

import pytest
from openpyxl import load_workbook

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.stock import service as stock


@pytest.fixture
def cli(run_cli, monkeypatch):
    """run(*args, stdin="…", user=None): the command with stdin's lines as the passwords asked."""

    def run(*args: str, stdin: str = "", user: str | None = None):
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        return run_cli(*(("--user", user) if user else ()), *args)

    return run


def test_accounts_are_managed_with_passwords_from_stdin_never_from_arguments(db, cli, data_dir):
    assert cli("user", "add", "chu", "--role", "quản lý", stdin="chu-htx-2026\n")[0] == 0
    code, out, err = cli("user", "add", "lan", "--role", "bán hàng", "--full-name", "Lê Thị Lan",
                         stdin="chu-htx-2026\nban-hang-2026\n", user="chu")
    assert (code, err) == (0, "") and "lan" in out
    code, _, err = cli("user", "add", "kho", "--role", "thủ kho", "--password", "x", user="chu")
    assert code == 2 and "--password" in err  # no such option: a password is never an argument
    code, out, _ = cli("user", "list", "--json", stdin="chu-htx-2026\n", user="chu")
    assert code == 0 and '"role": "sales"' in out and "hash" not in out
    assert cli("user", "disable", "lan", stdin="chu-htx-2026\n", user="chu")[0] == 0
    code, _, err = cli("product", "list", stdin="ban-hang-2026\n", user="lan")
    assert code == 2 and "lan" in err and "khóa" in err
    code, _, err = cli("product", "list", stdin="", user="chu")
    assert code == 2 and err.startswith("Lỗi [password]: Thiếu mật khẩu")
    for path in data_dir.rglob("*"):  # logs and settings never hold a password
        if path.is_file() and not path.name.startswith("gianhang.db"):
            text = path.read_bytes()
            assert b"chu-htx-2026" not in text and b"ban-hang-2026" not in text


def test_a_wrong_password_and_a_missing_right_are_one_line_each_with_exit_2(db, cli):
    catalog.add_product(db, "VT-1", "Vải thiều", 100_000)
    cli("user", "add", "chu", "--role", "manager", stdin="chu-htx-2026\n")
    cli("user", "add", "kho", "--role", "stock_clerk", stdin="chu-htx-2026\nthu-kho-2026\n", user="chu")
    code, _, err = cli("stock", "receive", "VT-1", "5", stdin="sai-mat-khau\n", user="kho")
    assert (code, err) == (2, "Lỗi [password]: Sai tên đăng nhập hoặc mật khẩu\n")
    code, out, err = cli("stock", "receive", "VT-1", "5", stdin="thu-kho-2026\n", user="kho")
    assert code == 0, err
    code, _, err = cli("stock", "adjust", "VT-1", "-1", "--reason", "hỏng", stdin="thu-kho-2026\n", user="kho")
    assert code == 2 and "stock.adjust_down" in err and err.count("\n") == 1
    code, _, err = cli("product", "update", "VT-1", "--price", "1", stdin="thu-kho-2026\n", user="kho")
    assert code == 2 and "products.price" in err
    assert [m.user_name for m in stock.movements(db, "VT-1")] == ["kho"]


def test_english_messages(db, cli, monkeypatch):
    monkeypatch.setenv("GIANHANG_LANG", "en")
    catalog.add_product(db, "VT-1", "Vải thiều", 100_000)
    cli("user", "add", "chu", "--role", "manager", stdin="chu-htx-2026\n")
    cli("user", "add", "lan", "--role", "sales", stdin="chu-htx-2026\nban-hang-2026\n", user="chu")
    code, _, err = cli("product", "archive", "VT-1", stdin="ban-hang-2026\n", user="lan")
    assert code == 2 and err.startswith("Error [permission]: Account 'lan' (Sales) lacks the permission")
    assert "products.archive" in err


def test_the_second_save_from_the_command_line_gets_both_values(db, cli, monkeypatch):
    catalog.add_product(db, "VT-1", "Vải thiều", 100_000)
    catalog.update_product(db, "VT-1", expected_version=1, price=110_000)
    code, _, err = cli("product", "update", "VT-1", "--price", "120000", "--expected-version", "1")
    assert code == 2 and "của bạn 120.000 ₫, đã lưu 110.000 ₫" in err and err.count("\n") == 1
    assert catalog.get_product(db, "VT-1").price == 110_000
    assert cli("product", "update", "VT-1", "--price", "120000", "--expected-version", "2")[0] == 0


def test_the_audit_command_lists_and_exports(db, cli, tmp_path, monkeypatch):
    catalog.add_product(db, "VT-1", "Vải thiều", 100_000)
    cli("user", "add", "chu", "--role", "manager", stdin="chu-htx-2026\n")
    code, out, err = cli("audit", "--action", "user.", stdin="chu-htx-2026\n", user="chu")
    assert code == 0 and "Thêm tài khoản\tchu" in out
    out_file = tmp_path / "nhat-ky.xlsx"
    code, out, err = cli("audit", "--out", str(out_file), "--since", "01/01/2026", stdin="chu-htx-2026\n",
                         user="chu")
    assert code == 0, err
    rows = list(load_workbook(out_file).active.iter_rows(values_only=True))
    assert {r[2] for r in rows[1:]} == {"Thêm tài khoản", "Thêm sản phẩm"}
    monkeypatch.setenv("GIANHANG_USER", "chu")  # as --user
    code, out, err = cli("audit", "--json", "--limit", "1", stdin="chu-htx-2026\n")
    assert code == 0 and '"action": "user.add"' in out and '"target": "chu"' in out
    code, _, err = cli("audit", stdin="wrong-password\n")
    assert code == 2 and "Sai tên đăng nhập" in err
