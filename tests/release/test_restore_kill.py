"""A restore killed at any step is finished or rolled back at the next start (command or window).

A child process restores a backup and stops at one numbered step (`restore_journal.STEPS`, the
hook `STEP_HOOK`), says so on stdout, and is SIGKILLed there: no timing is guessed. The next start
must find the data wholly old (killed before the journal decided the swap) or wholly new (after),
with its photos, and nothing left behind: no `.restore-*`, no lock, no half-written backup.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from gianhang_desktop.core import backup, restore, shop
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.paths import DB_FILENAME
from gianhang_desktop.core.restore_journal import STEPS

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL: POSIX")

CHILD = Path(__file__).with_name("restore_child.py")
ROOT = Path(__file__).resolve().parents[2]
DECIDED = STEPS.index("journal")

OLD_PHOTOS = {"originals/aa/old1.jpg": b"\xff\xd8 old one" * 50, "thumbs/aa/old1.jpg": b"\xff\xd8 old thumb",
              "market/aa/old1.jpg": b"\xff\xd8 old market" * 20}
NEW_PHOTOS = {"originals/bb/new1.jpg": b"\xff\xd8 new one" * 70, "thumbs/bb/new1.jpg": b"\xff\xd8 new thumb"}


def make_shop(folder: Path, name: str, sku: str, photos: dict[str, bytes]) -> None:
    db = Database.open(folder)
    shop.update_shop(db, name=name, phone="0912345678", address_line="Thôn 1")
    catalog.add_product(db, sku, f"Sản phẩm {sku}", 10_000)
    db.dispose()
    for rel, data in photos.items():
        path = folder / "photos" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def state(folder: Path) -> tuple:
    """What the user sees: the shop's name, the SKUs, the photo files (path -> sha256)."""
    db = Database.open(folder)
    try:
        seen = (shop.get_shop(db).name, sorted(p.sku for p in catalog.list_products(db)))
    finally:
        db.dispose()
    photos = {p.relative_to(folder / "photos").as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in sorted((folder / "photos").rglob("*")) if p.is_file()}
    return (*seen, photos)


def expected(name: str, sku: str, photos: dict[str, bytes]) -> tuple:
    return name, [sku], {rel: hashlib.sha256(data).hexdigest() for rel, data in sorted(photos.items())}


OLD = expected("HTX Cũ", "OLD-1", OLD_PHOTOS)
NEW = expected("HTX Mới", "NEW-1", NEW_PHOTOS)


@pytest.fixture
def scene(tmp_path, template_dir):
    """(data folder holding the old shop, backup file of the new shop)."""
    data_dir, other = tmp_path / "shop", tmp_path / "other"
    for folder in (data_dir, other):
        folder.mkdir()
        shutil.copy2(template_dir / DB_FILENAME, folder / DB_FILENAME)
    make_shop(data_dir, "HTX Cũ", "OLD-1", OLD_PHOTOS)
    make_shop(other, "HTX Mới", "NEW-1", NEW_PHOTOS)
    backup_file = backup.create_backup(other, tmp_path / "new-shop.zip").path
    return data_dir, backup_file


def run_child_until(step: str, data_dir: Path, backup_file: Path, mode: str = "restore") -> None:
    """Start the child, wait for it to say it stopped at `step`, then SIGKILL it."""
    child = subprocess.Popen([sys.executable, str(CHILD), str(data_dir), str(backup_file), step, mode],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = child.stdout.readline().strip()  # blocks until the child reaches the step (or ends)
        if line != f"STOPPED {step}":
            child.wait(60)
            pytest.fail(f"the child never stopped at {step!r}: {line!r} {child.stderr.read()}")
        child.send_signal(signal.SIGKILL)
        assert child.wait(60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()


def assert_whole_and_clean(data_dir: Path, want: tuple) -> None:
    assert state(data_dir) == want
    assert (data_dir / "photos").is_dir()
    left = [p.name for p in data_dir.iterdir() if p.name.startswith((".restore", ".gianhang"))]
    left += [p.name for p in (data_dir / "backups").glob(".backup-*")] if (data_dir / "backups").exists() else []
    assert left == []
    assert restore.check_database(data_dir).ok


@pytest.mark.parametrize("step", STEPS)
def test_a_restore_killed_at_each_step_is_whole_at_the_next_command(scene, run_cli, step):
    data_dir, backup_file = scene
    run_child_until(step, data_dir, backup_file)
    if STEPS.index(step) < STEPS.index("journal-removed"):  # the kill left something to finish or clear
        assert [p for p in data_dir.iterdir() if p.name.startswith(".restore")] or step == "safety-backup-writing"

    code, out, err = run_cli("product", "list", "--json", data=data_dir)  # the next start
    assert code == 0, err
    want = NEW if STEPS.index(step) >= DECIDED else OLD
    assert [p["sku"] for p in json.loads(out)] == want[1]
    assert_whole_and_clean(data_dir, want)
    if STEPS.index(step) >= STEPS.index("safety-backup"):
        assert "before-restore" in {b.reason for b in backup.list_backups(data_dir)}


@pytest.mark.parametrize("again", ["side-files", "db-swapped", "journal-removed"])
def test_finishing_a_killed_restore_can_itself_be_killed_at_each_step(scene, run_cli, again):
    data_dir, backup_file = scene
    run_child_until("journal", data_dir, backup_file)
    run_child_until(again, data_dir, backup_file, mode="finish")  # the next start dies too
    code, _, err = run_cli("shop", "show", "--json", data=data_dir)
    assert code == 0, err
    assert_whole_and_clean(data_dir, NEW)


def test_a_staging_folder_damaged_before_the_swap_is_rolled_back(scene, run_cli):
    data_dir, backup_file = scene
    run_child_until("photos-aside", data_dir, backup_file)  # the worst moment: no photos/ at all
    assert not (data_dir / "photos").exists()
    staged = next(data_dir.glob(".restore-new-*")) / DB_FILENAME
    staged.write_bytes(staged.read_bytes()[:4096])  # the disk lost the staged copy's end
    code, _, err = run_cli("product", "list", data=data_dir)
    assert code == 0, err
    assert_whole_and_clean(data_dir, OLD)


def test_a_second_process_is_told_a_restore_runs_and_leaves_it_alone(scene, run_cli):
    data_dir, backup_file = scene
    child = subprocess.Popen([sys.executable, str(CHILD), str(data_dir), str(backup_file), "photos-aside", "restore"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert child.stdout.readline().strip() == "STOPPED photos-aside"  # alive, holding the lock
        for lang, needle in (("vi", "Đang khôi phục bản sao lưu"), ("en", "A backup is being restored")):
            code, out, err = run_cli("product", "list", data=data_dir, env={"GIANHANG_LANG": lang})
            assert (code, out) == (2, "") and needle in err and err.count("\n") == 1, err
        assert next(data_dir.glob(".restore-new-*")).exists()  # its staging folder was left alone
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
        child.stderr.close()
    code, _, err = run_cli("product", "list", data=data_dir)
    assert code == 0, err
    assert_whole_and_clean(data_dir, NEW)


@pytest.mark.parametrize("step", ["photos-aside"])  # the worst moment: no photos/, the old database
def test_the_window_finishes_a_killed_restore_at_start(scene, tmp_path, step):
    data_dir, backup_file = scene
    run_child_until(step, data_dir, backup_file)
    shot = tmp_path / "start.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "--screenshot",
                             str(shot), "--page", "products"], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert shot.exists()
    assert_whole_and_clean(data_dir, NEW if STEPS.index(step) >= DECIDED else OLD)
