"""The import and export commands: the JSON contract, exit codes, nothing written on a dry run."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from spreadsheet_files import movements, products


def test_import_json_report_and_exit_0_with_row_errors(run_cli, db, messy_xlsx):
    code, out, err = run_cli("import", str(messy_xlsx), "--dry-run", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["rows"], data["created"], data["updated"], data["unchanged"]) == (10, 5, 0, 0)
    assert data["errors"][0] == {
        "row": 5, "column": "Mã SP",
        "message": "Mã SKU 'VT-001' xuất hiện nhiều lần trong tệp (dòng 5, 12): mỗi sản phẩm chỉ một dòng"}
    assert products(db) == 0

    code, out, _ = run_cli("import", str(messy_xlsx), "--json")
    assert code == 0 and json.loads(out)["created"] == 5 and products(db) == 5
    code, out, _ = run_cli("import", str(messy_xlsx), "--json")
    assert (json.loads(out)["created"], json.loads(out)["unchanged"]) == (0, 5)
    assert movements(db) == 2


def test_import_human_report_and_errors_out(run_cli, messy_xlsx, tmp_path):
    failed = tmp_path / "dong loi.xlsx"
    code, out, _ = run_cli("import", str(messy_xlsx), "--errors-out", str(failed))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Đã nhập: 10 dòng — 5 mới, 0 cập nhật, 0 không đổi, 5 dòng lỗi"
    assert "  Dòng 13, cột Đơn giá: Không nhận số lẻ dưới một đồng: '12,5'" in lines
    assert lines[-1] == f"Các dòng lỗi đã lưu vào {failed}"
    assert load_workbook(failed).active.max_row == 6


def test_import_english(run_cli, messy_xlsx):
    code, out, _ = run_cli("import", str(messy_xlsx), "--dry-run", env={"GIANHANG_LANG": "en"})
    assert out.splitlines()[0] == "Dry run: 10 rows — 5 new, 0 updated, 0 unchanged, 5 rows with errors"


def test_exports(run_cli, messy_xlsx, tmp_path):
    run_cli("import", str(messy_xlsx))
    for kind in ("products", "stock", "movements", "template"):
        target = tmp_path / f"{kind}.xlsx"
        code, out, err = run_cli("export", kind, str(target), "--json")
        assert code == 0, err
        assert json.loads(out)["file"] == str(target) and target.exists()
    assert load_workbook(tmp_path / "products.xlsx").active.max_row == 6


def test_unknown_export_kind_is_a_usage_error(run_cli, tmp_path):
    code, out, err = run_cli("export", "orders", str(tmp_path / "x.xlsx"))
    assert code == 2 and "Sai cú pháp lệnh" in err and not (tmp_path / "x.xlsx").exists()
