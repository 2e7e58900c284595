"""A restore killed at any step is finished or rolled back at the next start (command or window).

A child process runs `gianhang restore FILE` and stops at one step (`restore_journal.STEPS`, the
kill point `restore.<step>` of core/killpoints.py), announces it in a file, and is SIGKILLed there:
no timing is guessed. The next start must find the data wholly old (killed before the journal
decided the swap) or wholly new (after), with its photos, and nothing left behind: no
`.restore-*`, no lock, no half-written backup.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gianhang_desktop.core import backup, restore, shop
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.killpoints import KILL_AT, KILL_FILE
from gianhang_desktop.core.paths import DB_FILENAME
from gianhang_desktop.core.restore_journal import STEPS

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL: POSIX")

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


def start_child(step: str, data_dir: Path, *command: str) -> tuple[subprocess.Popen, Path]:
    """`gianhang --data-dir DATA COMMAND…` in a child that stops at the kill point `restore.<step>`."""
    announce = data_dir.parent / f"stopped-{step}"
    announce.unlink(missing_ok=True)
    env = {**os.environ, KILL_AT: f"restore.{step}", KILL_FILE: str(announce)}
    child = subprocess.Popen([sys.executable, "-m", "gianhang_desktop", "--data-dir", str(data_dir), *command],
                             env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not announce.exists():  # the child announces the point once it stands there, and waits
        if child.poll() is not None:
            pytest.fail(f"the child ended (exit {child.returncode}) before restore.{step}: {child.stderr.read()}")
        assert time.monotonic() < deadline, f"the child never reached restore.{step}"
        time.sleep(0.01)
    assert announce.read_text(encoding="utf-8").strip() == f"restore.{step}#1"
    return child, announce


def kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    assert child.wait(60) == -signal.SIGKILL
    child.stderr.close()


def run_child_until(step: str, data_dir: Path, backup_file: Path, mode: str = "restore") -> None:
    """Restore (or just start: `mode="open"`), stop at `step`, and SIGKILL the child there."""
    command = ["restore", str(backup_file)] if mode == "restore" else ["product", "list"]
    child, _ = start_child(step, data_dir, *command)
    kill(child)


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
    run_child_until(again, data_dir, backup_file, mode="open")  # the next start dies too
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
    child, _ = start_child("photos-aside", data_dir, "restore", str(backup_file))  # alive, holding the lock
    try:
        for lang, needle in (("vi", "Đang khôi phục bản sao lưu"), ("en", "A backup is being restored")):
            code, out, err = run_cli("product", "list", data=data_dir, env={"GIANHANG_LANG": lang})
            assert (code, out) == (2, "") and needle in err and err.count("\n") == 1, err
        assert next(data_dir.glob(".restore-new-*")).exists()  # its staging folder was left alone
    finally:
        kill(child)
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
