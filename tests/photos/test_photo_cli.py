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


def test_clean_removes_only_old_unused_files(run_cli, data_dir, tmp_path):
    """What a killed app leaves behind (files without rows, half-written .tmp files) goes; files in
    use, and fresh ones an import may still be writing ahead of its rows, stay."""
    import os
    import time

    from PIL import Image

    from gianhang_desktop.core.photos.pipeline import process_image
    from gianhang_desktop.core.photos.store import PhotoStore

    assert run_cli("product", "add", "--sku", "VT-001", "--name", "Vải thiều", "--price", "65000")[0] == 0
    used = tmp_path / "used.jpg"
    Image.new("RGB", (900, 700), (10, 120, 40)).save(used)
    assert run_cli("photos", "add", "VT-001", str(used))[0] == 0
    store = PhotoStore.for_data_dir(data_dir)
    in_use = set(store.stored_hashes())

    def orphan(colour) -> list:
        path = tmp_path / f"orphan-{colour[0]}.jpg"
        Image.new("RGB", (800, 800), colour).save(path)
        return store.put(process_image(path))

    old = orphan((200, 10, 10))
    fresh = orphan((10, 10, 200))
    half_written = old[0].parent / ".abc123-xyz.tmp"
    half_written.write_bytes(b"partial")
    hours_ago = time.time() - 2 * 3600
    for path in [*old, half_written]:
        os.utime(path, (hours_ago, hours_ago))

    code, out, _ = run_cli("photos", "clean", "--json")
    assert code == 0 and json.loads(out) == {"removed": 4}
    assert not any(p.exists() for p in [*old, half_written])
    assert all(p.exists() for p in fresh)
    assert in_use <= store.stored_hashes()
    code, out, _ = run_cli("photos", "list", "VT-001", "--json")
    assert [p["original_name"] for p in json.loads(out)] == ["used.jpg"]
    assert run_cli("photos", "clean")[1].startswith("Đã xoá 0 tệp")
