"""A full disk during import, receive, photos, backup, exports: exit 2 with one line ("Ổ đĩa đã đầy…"),
and nothing half-written: no partial file under a target's name, no half photo, the database as it was.

Each test runs twice: on a real small tmpfs filled to the last byte ("tmpfs"; where the machine does
not allow mounting it warns and injects instead), and with ENOSPC / SQLITE_FULL injected at the
storage layer ("injected"), so both the real fault and the fallback stay tested.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from gianhang_desktop.core import backup, restore, shop
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.disk import DiskFull
from gianhang_desktop.core.orders import service as orders
from gianhang_desktop.core.orders.views import ItemDraft, OrderDraft
from gianhang_desktop.core.paths import DB_FILENAME
from gianhang_desktop.core.photos.importing import attach_photos
from gianhang_desktop.core.settings import Settings
from gianhang_desktop.core.stock import service as stock
from tests.orders.helpers import HANOI, HOAN_KIEM
from tests.photos.pictures import jpeg
from tests.release.diskfaults import full_disk, inject_no_room_for_the_wal_index

FULL_VI, FULL_EN = "Ổ đĩa đã đầy", "The disk is full"
# A file object left open by a failed write is cleaned up later and prints a traceback: an error here.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")


def make_shop(folder: Path, template_dir: Path, pictures: Path) -> str:
    """A data folder with a product, a lot, a photo and an order; the order's code."""
    folder.mkdir(parents=True)
    shutil.copy2(template_dir / DB_FILENAME, folder / DB_FILENAME)
    db = Database.open(folder)
    shop.update_shop(db, name="HTX Vải", phone="0912345678", address_line="Thôn 1", province_code=HANOI,
                     ward_code=HOAN_KIEM)
    catalog.add_product(db, "VT-001", "Vải thiều", 120_000, unit="kg")
    stock.receive_stock(db, "VT-001", 40, lot="L1")
    attach_photos(db, "VT-001", [pictures / "first.jpg"])
    order, _ = orders.add_order(db, OrderDraft("Lan", "0987654321", "Số 12", HANOI, HOAN_KIEM, (ItemDraft("VT-001", 1),)))
    db.dispose()
    return order.code


def contents(folder: Path) -> dict[str, str]:
    """The data as the app sees it (database rows, every file but logs and SQLite's companions)."""
    out = {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
           for p in sorted(folder.rglob("*"))
           if p.is_file() and not p.relative_to(folder).as_posix().startswith(("logs/", f"{DB_FILENAME}"))}
    con = sqlite3.connect(f"file:{folder / DB_FILENAME}?mode=ro", uri=True)
    out[DB_FILENAME] = hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    return out


@pytest.fixture(scope="module")
def pictures(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pictures")
    (folder / "first.jpg").write_bytes(jpeg(Image.new("RGB", (800, 600), (30, 120, 60))))
    (folder / "second.jpg").write_bytes(jpeg(Image.new("RGB", (1600, 1200), (200, 50, 40)), quality=95))
    rows = "\n".join(f"SP-{i:05d},Sản phẩm nhập số {i} từ bảng tính của hợp tác xã,{10_000 + i}" for i in range(3000))
    (folder / "products.csv").write_text(f"sku,name,price\n{rows}\n", encoding="utf-8")
    return folder


@pytest.fixture(params=["tmpfs", "injected"])
def disk(request, tmp_path):
    with full_disk(tmp_path, request.param) as small:
        request.node.user_properties.append(("full_disk", small.mode))
        yield small


@pytest.fixture
def full_shop(disk, template_dir, pictures):
    """(data folder on the small disk, its order's code), the disk full, and a reader holding the
    database open (so its WAL files exist, as in a running window)."""
    folder = disk.root / "data"
    code = make_shop(folder, template_dir, pictures)
    holder = sqlite3.connect(folder / DB_FILENAME)
    holder.execute("SELECT count(*) FROM products").fetchone()
    before = contents(folder)
    disk.fill()
    yield folder, code, before
    disk.release()
    holder.close()


def assert_disk_full(run_cli, disk, folder: Path, *args: str) -> None:
    """The command exits 2 with one line saying the disk is full (in-process, both languages; on a
    real tmpfs also as its own process, whose clean-up at exit must add nothing to stderr)."""
    for lang, needle in (("vi", FULL_VI), ("en", FULL_EN)):
        code, out, err = run_cli(*args, data=folder, env={"GIANHANG_LANG": lang})
        assert (code, out) == (2, ""), err
        assert err.count("\n") == 1 and needle in err and "Traceback" not in err, err
    if disk.mode == "tmpfs":
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIANHANG_")}
        done = subprocess.run([sys.executable, "-m", "gianhang_desktop", "--data-dir", str(folder), *args],
                              capture_output=True, text=True, env=env, timeout=300)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr
        assert done.stderr.count("\n") == 1 and FULL_VI in done.stderr, done.stderr


def assert_untouched(disk, folder: Path, before: dict[str, str]) -> None:
    disk.release()
    assert contents(folder) == before
    leftovers = [p for p in folder.rglob("*") if p.name.startswith(".") or p.suffix in (".part", ".tmp")]
    assert leftovers == []


def test_receive_on_a_full_disk(disk, full_shop, run_cli):
    folder, _, before = full_shop
    assert_disk_full(run_cli, disk, folder, "stock", "receive", "VT-001", "5", "--lot", "L2")
    assert_untouched(disk, folder, before)


def test_import_on_a_full_disk(disk, full_shop, run_cli, pictures):
    folder, _, before = full_shop
    assert_disk_full(run_cli, disk, folder, "import", str(pictures / "products.csv"))
    assert_untouched(disk, folder, before)


def test_photos_add_on_a_full_disk(disk, full_shop, run_cli, pictures):
    folder, _, before = full_shop
    assert_disk_full(run_cli, disk, folder, "photos", "add", "VT-001", str(pictures / "second.jpg"))
    assert_untouched(disk, folder, before)  # no half photo, no temporary file, no row


def test_backup_into_a_full_data_folder(disk, full_shop, run_cli):
    folder, _, before = full_shop
    assert_disk_full(run_cli, disk, folder, "backup")
    assert_untouched(disk, folder, before)
    assert not (folder / "backups").exists() or list((folder / "backups").iterdir()) == []


def test_backup_out_to_a_full_disk_leaves_no_partial_zip(disk, run_cli, data_dir):
    disk.fill()
    target = disk.root / "usb" / "backup.zip"
    assert_disk_full(run_cli, disk, data_dir, "backup", "--out", str(target))
    disk.release()
    assert not target.exists() and list(disk.root.rglob("*")) in ([], [disk.root / "usb"])


@pytest.mark.parametrize("what", ["export", "labels", "picklist"])
def test_files_written_to_a_full_disk_leave_nothing_behind(disk, full_shop, run_cli, what):
    folder, code, before = full_shop
    out = disk.root / "out"
    args = {"export": ["export", "products", str(out / "products.xlsx")],
            "labels": ["labels", code, "--out", str(out / "labels.pdf")],
            "picklist": ["picklist", code, "--out", str(out / "picklist.pdf")]}[what]
    disk.release()
    out.mkdir()
    disk.fill()
    assert_disk_full(run_cli, disk, folder, *args)
    assert_untouched(disk, folder, before)
    assert list(out.iterdir()) == []


def test_settings_on_a_full_disk_keep_the_old_file(disk, full_shop):
    folder, _, _ = full_shop
    disk.release()
    Settings(backups_to_keep=5).save(folder)
    saved = (folder / "settings.json").read_bytes()
    disk.fill()
    with pytest.raises(DiskFull) as full:
        Settings(backups_to_keep=9).save(folder)
    assert str(folder) in str(full.value)
    disk.release()
    assert (folder / "settings.json").read_bytes() == saved
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_restore_onto_a_disk_without_room_is_refused(disk, run_cli, data_dir, template_dir, pictures):
    big = data_dir.parent / "big"
    make_shop(big, template_dir, pictures)
    for i in range(3):  # a backup with more pictures than the small disk can hold
        picture = big / "photos" / "originals" / f"{i:02d}" / f"big{i}.jpg"
        picture.parent.mkdir(parents=True, exist_ok=True)
        picture.write_bytes(bytes(range(256)) * (40_000 + i))
    made = backup.create_backup(big, data_dir.parent / "big.zip")
    folder = disk.root / "data"
    make_shop(folder, template_dir, pictures)
    before = contents(folder)
    disk.fill()
    assert_disk_full(run_cli, disk, folder, "restore", str(made.path))
    assert_untouched(disk, folder, before)
    listed = json.loads(run_cli("product", "list", "--json", data=folder)[1])
    assert [p["sku"] for p in listed] == ["VT-001"]


@pytest.fixture
def full_shop_closed(disk, template_dir, pictures, monkeypatch):
    """(data folder, order code, contents) on a disk filled while no program has the database open,
    as before every command: SQLite cannot even make the `-shm` index of its WAL file, which it
    reports only as an I/O error (SQLITE_IOERR_SHMSIZE). Injected mode: that error, and a disk
    that reports no room left."""
    folder = disk.root / "data"
    code = make_shop(folder, template_dir, pictures)
    before = contents(folder)
    for side in ("-wal", "-shm"):  # the read-only look of `contents` leaves them (the -wal empty)
        side_file = Path(f"{folder / DB_FILENAME}{side}")
        assert not side_file.exists() or side == "-shm" or side_file.stat().st_size == 0
        side_file.unlink(missing_ok=True)
    if disk.mode == "injected":
        inject_no_room_for_the_wal_index(folder, monkeypatch)
    disk.fill()
    yield folder, code, before
    disk.release()


@pytest.mark.parametrize("what", ["receive", "import", "photos add", "backup", "product update"])
def test_a_write_on_a_disk_filled_while_nothing_was_open(disk, full_shop_closed, run_cli, pictures, what):
    folder, _, before = full_shop_closed
    args = {"receive": ["stock", "receive", "VT-001", "5", "--lot", "L2"],
            "import": ["import", str(pictures / "products.csv")],
            "photos add": ["photos", "add", "VT-001", str(pictures / "second.jpg")],
            "backup": ["backup"],
            "product update": ["product", "update", "VT-001", "--price", "150000"]}[what]
    assert_disk_full(run_cli, disk, folder, *args)
    assert_untouched(disk, folder, before)


def test_reads_and_copies_elsewhere_work_on_a_disk_filled_while_nothing_was_open(disk, full_shop_closed, run_cli,
                                                                                tmp_path):
    """The database opens read-only: the clerk still looks things up, exports and backs up elsewhere."""
    folder, _, before = full_shop_closed
    code, out, err = run_cli("product", "list", "--json", data=folder)
    assert code == 0 and [p["sku"] for p in json.loads(out)] == ["VT-001"], err
    code, out, err = run_cli("search", "vai thieu", "--json", data=folder)
    assert code == 0 and json.loads(out)[0]["sku"] == "VT-001", err
    code, _, err = run_cli("export", "products", str(tmp_path / "products.xlsx"), data=folder)
    assert code == 0 and (tmp_path / "products.xlsx").stat().st_size > 0, err
    code, out, err = run_cli("backup", "--out", str(tmp_path / "copy.zip"), "--json", data=folder)
    assert code == 0 and json.loads(out)["photo_count"] >= 1, err
    assert_untouched(disk, folder, before)
    assert restore.verify_backup(tmp_path / "copy.zip").db_size > 0
