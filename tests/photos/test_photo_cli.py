"""`gianhang photos …` end to end, in-process, on a real data folder."""

from __future__ import annotations

import json

import pictures
from PIL import Image


def picture(folder, name, colour, size=(900, 700)):
    path = folder / name
    Image.new("RGB", size, colour).save(path)
    return path


def test_add_list_reorder_remove_export(run_cli, tmp_path):
    assert (
        run_cli("product", "add", "--sku", "VT-001", "--name", "Vải thiều", "--price", "65000")[0]
        == 0
    )
    a = picture(tmp_path, "a.jpg", (200, 30, 30))
    b = picture(tmp_path, "b.png", (30, 200, 30), size=(400, 300))
    c = picture(tmp_path, "c.jpg", (30, 30, 200))

    code, out, err = run_cli("photos", "add", "VT-001", str(a), str(b), str(c), "--json")
    assert code == 0, err
    files = json.loads(out)["files"]
    assert [f["status"] for f in files] == ["ok", "flagged", "ok"]
    assert files[1]["flags"] == ["too_small"] and "500" in files[1]["messages"][0]

    code, out, _ = run_cli("photos", "list", "VT-001", "--json")
    listed = json.loads(out)
    assert [p["original_name"] for p in listed] == ["a.jpg", "b.png", "c.jpg"]
    assert listed[0]["cover"] and listed[1]["flags"][0]["code"] == "too_small"

    assert run_cli("photos", "reorder", "VT-001", "3", "1", "2")[0] == 0
    assert run_cli("photos", "remove", "VT-001", "3")[0] == 0
    code, out, _ = run_cli("photos", "list", "VT-001")
    assert code == 0 and out.splitlines()[0].startswith("1. c.jpg (ảnh bìa)")
    assert len(out.splitlines()) == 2

    code, out, _ = run_cli("photos", "export", "VT-001", str(tmp_path / "out"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["VT-001-1.jpg", "VT-001-2.jpg"]


def test_a_failed_file_means_exit_2_but_the_rest_is_attached(run_cli, tmp_path):
    run_cli("product", "add", "--sku", "VT-001", "--name", "Vải thiều", "--price", "65000")
    good = picture(tmp_path, "tot.jpg", (10, 100, 10))
    bad = tmp_path / "hong.jpg"
    bad.write_bytes(pictures.truncated_jpeg())
    code, out, err = run_cli("photos", "add", "VT-001", str(good), str(bad))
    assert code == 2
    assert "✓ tot.jpg" in out and "✗ hong.jpg" in out
    assert err.startswith("Lỗi: 1 tệp") and len(err.splitlines()) == 1
    code, out, _ = run_cli("photos", "list", "VT-001", "--json")
    assert len(json.loads(out)) == 1


def test_errors_are_one_line_on_stderr_with_exit_2(run_cli, tmp_path, data_dir):
    code, out, err = run_cli(
        "photos", "add", "KHONG-CO", str(picture(tmp_path, "x.jpg", (1, 2, 3)))
    )
    assert (code, out) == (2, "") and "KHONG-CO" in err and len(err.splitlines()) == 1
    assert not (data_dir / "photos").exists() or not any((data_dir / "photos").rglob("*.jpg"))
    run_cli("product", "add", "--sku", "VT-001", "--name", "Vải thiều", "--price", "65000")
    code, _, err = run_cli("photos", "remove", "VT-001", "1", env={"GIANHANG_LANG": "en"})
    assert code == 2 and err.startswith("Error [position]: No photo number 1")


def test_import_folder_reports_strays(run_cli, tmp_path):
    run_cli("product", "add", "--sku", "VT-001", "--name", "Vải thiều", "--price", "65000")
    folder = tmp_path / "anh"
    folder.mkdir()
    picture(folder, "VT-001_1.jpg", (1, 2, 3))
    picture(folder, "vt-001 (2).jpg", (4, 5, 6))
    picture(folder, "IMG_0001.jpg", (7, 8, 9))
    code, out, err = run_cli("photos", "import-folder", str(folder), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["attached"] == {"VT-001": 2}
    assert [p.split("/")[-1] for p in data["unmatched"]] == ["IMG_0001.jpg"]
    code, out, _ = run_cli("photos", "import-folder", str(folder))
    assert code == 0 and "? IMG_0001.jpg" in out
