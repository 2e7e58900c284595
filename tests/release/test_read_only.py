"""A read-only data folder opens read-only: reads, exports and `backup --out` elsewhere work; every
write gets one line naming the folder, exit 2, and the folder is left exactly as it was.

The folder is made genuinely read-only (diskfaults.ReadOnlyRunner: chmod, and a process that the
permissions bind even when the tests run as root)."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from gianhang_desktop.core import restore
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.orders import service as orders
from gianhang_desktop.core.orders.views import ItemDraft, OrderDraft
from gianhang_desktop.core.paths import DB_FILENAME
from gianhang_desktop.core.photos.importing import attach_photos
from gianhang_desktop.core.shop import update_shop
from gianhang_desktop.core.stock import service as stock
from tests.orders.helpers import HANOI, HOAN_KIEM
from tests.photos.pictures import jpeg
from tests.release.diskfaults import (
    ReadOnlyRunner,
    make_read_only,
    make_writable,
    shared_temp_folder,
)


def folder_state(folder: Path) -> dict[str, tuple]:
    """Every entry of the folder with its size, mtime and content hash: any change shows."""
    return {p.relative_to(folder).as_posix(): (p.is_dir(), p.stat().st_mtime_ns,
                                               None if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def read_only_shop(template_dir):
    """A shop's data folder (products, lots, an order, a photo, a backup) made read-only; a runner
    bound by it; a folder the runner may write to."""
    base = shared_temp_folder()
    data = base / "data"
    data.mkdir()
    shutil.copy2(template_dir / DB_FILENAME, data / DB_FILENAME)
    db = Database.open(data)
    update_shop(db, name="HTX Vải Thanh Hà", phone="0912345678", address_line="Thôn 1",
                province_code=HANOI, ward_code=HOAN_KIEM)
    catalog.add_product(db, "VT-001", "Vải thiều Thanh Hà", 120_000, unit="kg", category="Trái cây")
    catalog.add_product(db, "MO-500", "Mật ong rừng 500 ml", 185_000)
    stock.receive_stock(db, "VT-001", 40, lot="L1", expiry="2030-07-10")
    stock.receive_stock(db, "MO-500", 10)
    picture = base / "vai.jpg"
    picture.write_bytes(jpeg(Image.new("RGB", (640, 480), (200, 40, 40))))
    attach_photos(db, "VT-001", [picture])
    orders.add_order(db, OrderDraft("Nguyễn Thị Hương", "0987654321", "Số 12", HANOI, HOAN_KIEM,
                                    (ItemDraft("VT-001", 2),)))
    db.dispose()
    out = base / "out"
    out.mkdir(mode=0o777)
    out.chmod(0o777)
    make_read_only(data)
    runner = ReadOnlyRunner(data)
    print(f"read-only by: {runner.way}")
    yield data, runner, out, picture
    make_writable(data)
    shutil.rmtree(base, ignore_errors=True)


def test_the_folder_really_refuses_writes(read_only_shop):
    data, runner, _, _ = read_only_shop
    done = runner.run_python("-c", f"open({str(data / 'x')!r}, 'w')")
    assert done.returncode != 0 and "PermissionError" in done.stderr


READS = [
    (["product", "show", "VT-001", "--json"], lambda out: json.loads(out)["name"] == "Vải thiều Thanh Hà"),
    (["product", "list", "--json"], lambda out: [p["sku"] for p in json.loads(out)] == ["MO-500", "VT-001"]),
    (["search", "vai thieu", "--json"], lambda out: json.loads(out)[0]["sku"] == "VT-001"),
    (["orders", "list", "--json"], lambda out: len(json.loads(out)) == 1),
    (["stock", "show", "VT-001", "--json"], lambda out: "L1" in out and "40" in out),
    (["stock", "history", "VT-001", "--json"], lambda out: len(json.loads(out)) == 1),
    (["photos", "list", "VT-001", "--json"], lambda out: len(json.loads(out)) == 1),
    (["shop", "show", "--json"], lambda out: json.loads(out)["name"] == "HTX Vải Thanh Hà"),
    (["backup", "--list", "--json"], lambda out: json.loads(out) == []),
]


@pytest.mark.parametrize("args, check", READS, ids=[" ".join(a[:2]) for a, _ in READS])
def test_reads_work_and_change_nothing(read_only_shop, args, check):
    data, runner, _, _ = read_only_shop
    before = folder_state(data)
    done = runner.run(*args)
    assert done.returncode == 0, done.stderr
    assert check(done.stdout), done.stdout
    assert folder_state(data) == before


@pytest.mark.parametrize("kind", ["products", "stock", "movements"])
def test_exports_to_a_writable_place_work(read_only_shop, kind):
    data, runner, out, _ = read_only_shop
    before = folder_state(data)
    target = out / f"{kind}.xlsx"
    done = runner.run("export", kind, str(target))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(target) as zf:
        assert any(n.startswith("xl/worksheets/") for n in zf.namelist())
    assert folder_state(data) == before


def test_backup_out_to_a_writable_place_works_and_restores(read_only_shop, tmp_path):
    data, runner, out, _ = read_only_shop
    before = folder_state(data)
    done = runner.run("backup", "--out", str(out / "copy.zip"), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["photo_count"] == 3
    assert folder_state(data) == before
    restored = tmp_path / "restored"
    restore.restore_backup(restored, out / "copy.zip")
    db = Database.open(restored)
    assert [p.sku for p in catalog.list_products(db)] == ["MO-500", "VT-001"]
    db.dispose()


def _writes(picture: Path, out: Path) -> dict[str, list[str]]:
    sheet = out / "import.csv"
    sheet.write_text("sku,name,price\nNEW-1,Sản phẩm mới,10000\n", encoding="utf-8")
    return {
        "product add": ["product", "add", "--sku", "NEW-1", "--name", "Mới", "--price", "10000"],
        "product update": ["product", "update", "VT-001", "--price", "150000"],
        "stock receive": ["stock", "receive", "VT-001", "5", "--lot", "L2"],
        "stock adjust": ["stock", "adjust", "VT-001", "-1", "--reason", "Hỏng"],
        "photos add": ["photos", "add", "MO-500", str(picture)],
        "import": ["import", str(sheet)],
        "backup into the folder": ["backup"],
        "shop set": ["shop", "set", "--name", "HTX Khác"],
        "order add": ["order", "add", "--buyer", "Lan", "--phone", "0912345679", "--address", "Số 1",
                      "--province", str(HANOI), "--ward", str(HOAN_KIEM), "--item", "MO-500:1"],
        "restore": ["restore", str(out / "copy.zip")],
    }


ENGLISH_TOO = {"product add", "photos add", "backup into the folder"}
WRITES = ["product add", "product update", "stock receive", "stock adjust", "photos add", "import",
          "backup into the folder", "shop set", "order add", "restore"]


@pytest.mark.parametrize("what", WRITES)
def test_a_write_gets_one_line_naming_the_folder(read_only_shop, what):
    data, runner, out, picture = read_only_shop
    if what == "restore" and not (out / "copy.zip").exists():
        assert runner.run("backup", "--out", str(out / "copy.zip")).returncode == 0
    args = _writes(picture, out)[what]
    before = folder_state(data)
    languages = [("vi", "chỉ cho phép đọc")] + ([("en", "is read-only")] if what in ENGLISH_TOO else [])
    for lang, needle in languages:
        done = runner.run(*args, lang=lang)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr
        assert done.stderr.count("\n") == 1 and str(data) in done.stderr and needle in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert folder_state(data) == before


def test_a_read_only_folder_without_a_database_says_so(tmp_path):
    base = shared_temp_folder()
    empty = base / "empty"
    empty.mkdir()
    make_read_only(empty)
    try:
        done = ReadOnlyRunner(empty).run("product", "list")
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and str(empty) in done.stderr, done.stderr
        assert list(empty.iterdir()) == []
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_the_window_opens_read_only_with_its_banner(read_only_shop, tmp_path):
    """The real start (main.py) on the read-only folder, as the bound process: a screenshot to look at."""
    data, runner, out, _ = read_only_shop
    before = folder_state(data)
    shot = out / "read-only-window.png"
    done = runner.run_python("main.py", "--data-dir", str(data), "--screenshot", str(shot), "--page", "products",
                             env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(out), "XDG_RUNTIME_DIR": str(out)})
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 10_000
    assert folder_state(data) == before
    shutil.copy2(shot, tmp_path / "read-only-window.png")


def test_a_read_only_folder_left_with_unsaved_wal_content_shows_the_latest_data(template_dir):
    """A PC that lost power leaves -wal/-shm beside the database; read-only, the latest rows still show."""
    import os
    import subprocess
    import sys

    base = shared_temp_folder()
    data = base / "data"
    data.mkdir()
    shutil.copy2(template_dir / DB_FILENAME, data / DB_FILENAME)
    db = Database.open(data)
    catalog.add_product(db, "VT-001", "Vải thiều", 120_000)
    db.dispose()
    crash = ("import sqlite3, os, sys\n"
             "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
             "con.execute('PRAGMA wal_autocheckpoint=0')\n"
             "con.execute(\"UPDATE products SET name = 'Vải thiều loại 1' WHERE sku = 'VT-001'\")\n"
             "os._exit(0)\n")  # no checkpoint, no clean close
    subprocess.run([sys.executable, "-c", crash, str(data / DB_FILENAME)], check=True)
    assert os.path.getsize(f"{data / DB_FILENAME}-wal") > 0
    make_read_only(data)
    try:
        done = ReadOnlyRunner(data).run("product", "show", "VT-001", "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["name"] == "Vải thiều loại 1"
    finally:
        make_writable(data)
        shutil.rmtree(base, ignore_errors=True)
