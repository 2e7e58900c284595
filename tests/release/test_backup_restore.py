"""Backups and restores: consistent under concurrent writes, refused when damaged or newer, rotated."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gianhang_desktop.core import backup, restore, restore_journal
from gianhang_desktop.core.database import Database, NewerSchemaError
from gianhang_desktop.core.paths import DB_FILENAME
from gianhang_desktop.core.settings import Settings


def dump(db_path: Path) -> list[str]:
    con = sqlite3.connect(db_path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def fingerprint(data_dir: Path) -> dict[str, str]:
    """sha256 of every file of the data folder except logs and backups (the 'current data')."""
    out = {}
    for path in sorted(data_dir.rglob("*")):
        rel = path.relative_to(data_dir).as_posix()
        if path.is_file() and not rel.startswith(("logs/", "backups/")):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def extract_db(zip_path: Path, into: Path) -> Path:
    with zipfile.ZipFile(zip_path) as zf:
        zf.extract(DB_FILENAME, into)
    return into / DB_FILENAME


def rewrite_zip(src: Path, dest: Path, *, db_bytes: bytes | None = None, manifest_patch=None) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        manifest = json.loads(zin.read(backup.MANIFEST_NAME))
        for item in zin.infolist():
            if item.filename == backup.MANIFEST_NAME:
                continue
            data = zin.read(item.filename)
            if item.filename == DB_FILENAME and db_bytes is not None:
                data = db_bytes
            zout.writestr(item.filename, data)
        if manifest_patch:
            manifest_patch(manifest)
        zout.writestr(backup.MANIFEST_NAME, json.dumps(manifest))


@pytest.fixture
def photos(data_dir: Path) -> dict[str, bytes]:
    files = {
        "originals/ab/ab12.jpg": b"\xff\xd8photo-one" * 100,
        "market/ab/ab12.jpg": b"\xff\xd8photo-one" * 100,  # same content: stored once
        "thumbs/cd/cd34.jpg": b"\xff\xd8thumb" * 10,
    }
    for rel, content in files.items():
        path = data_dir / "photos" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return files


def test_backup_while_another_connection_writes_is_consistent_and_restores_identically(data_dir, tmp_path):
    con = sqlite3.connect(data_dir / DB_FILENAME)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE ticks (id INTEGER PRIMARY KEY, pair INTEGER NOT NULL, payload TEXT)")
    con.commit()
    con.close()
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        w = sqlite3.connect(data_dir / DB_FILENAME, timeout=10)
        w.execute("PRAGMA busy_timeout=10000")
        n = 0
        while not stop.is_set():
            with w:  # two rows per transaction: a consistent copy always holds whole pairs
                w.execute("INSERT INTO ticks (pair, payload) VALUES (?, ?)", (n, "x" * 200))
                w.execute("INSERT INTO ticks (pair, payload) VALUES (?, ?)", (n, "y" * 200))
            n += 1
            written[0] = n
        w.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while written[0] < 200:
            time.sleep(0.01)
        infos = [backup.create_backup(data_dir, tmp_path / f"b{i}.zip") for i in range(3)]
    finally:
        stop.set()
        thread.join()

    counts = []
    for info in infos:
        assert restore.verify_backup(info.path).db_sha256 == info.db_sha256
        snapshot = extract_db(info.path, tmp_path / info.path.stem)
        assert backup.check_sqlite(snapshot, quick=False) == "ok"
        con = sqlite3.connect(snapshot)
        rows, pairs = con.execute("SELECT count(*), count(DISTINCT pair) FROM ticks").fetchone()
        con.close()
        assert rows == 2 * pairs and rows >= 400
        counts.append(rows)
    assert counts == sorted(counts)

    # Restored into a fresh folder, the database is the snapshot, row for row.
    target = tmp_path / "restored"
    restore.restore_backup(target, infos[-1].path)
    assert dump(target / DB_FILENAME) == dump(tmp_path / infos[-1].path.stem / DB_FILENAME)
    # …and the app opens it.
    Database.open(target).dispose()


def test_backup_includes_photos_once_per_content_and_restore_brings_them_back(data_dir, photos, tmp_path):
    info = backup.create_backup(data_dir, tmp_path / "b.zip")
    assert info.photo_count == 3
    with zipfile.ZipFile(info.path) as zf:
        assert len([n for n in zf.namelist() if n.startswith("photos/")]) == 2
    target = tmp_path / "other"
    restore.restore_backup(target, info.path)
    for rel, content in photos.items():
        assert (target / "photos" / rel).read_bytes() == content


@pytest.mark.sqlite_only("a SQLite backup copies the data folder's file; PostgreSQL backups: tests/core/test_pg_backup.py")
def test_restore_replaces_current_data_and_backs_it_up_first(db, data_dir, photos, tmp_path):
    from gianhang_desktop.core import shop

    shop.update_shop(db, name="HTX Trước", phone="0912345678", address_line="Thôn A")
    saved = backup.create_backup(data_dir, tmp_path / "saved.zip")
    shop.update_shop(db, name="HTX Sau")
    (data_dir / "photos" / "thumbs" / "new.jpg").write_bytes(b"new")
    before = fingerprint(data_dir)
    db.dispose()

    result = restore.restore_backup(data_dir, saved.path)

    assert shop.get_shop(db).name == "HTX Trước"
    assert not (data_dir / "photos" / "thumbs" / "new.jpg").exists()
    assert result.safety_backup is not None and result.safety_backup.reason == "before-restore"
    # The safety backup holds the data as it was.
    check = tmp_path / "check"
    restore.restore_backup(check, result.safety_backup.path)
    assert {k: v for k, v in fingerprint(check).items() if k.startswith("photos/")} == {
        k: v for k, v in before.items() if k.startswith("photos/")}
    assert not list(data_dir.glob(".restore-*"))


@pytest.mark.parametrize("damage", ["truncated", "flipped", "sha_mismatch", "not_sqlite", "no_manifest"])
def test_restore_refuses_a_corrupt_file_and_leaves_data_untouched(data_dir, photos, tmp_path, run_cli, damage):
    good = backup.create_backup(data_dir, tmp_path / "good.zip").path
    bad = tmp_path / f"{damage}.zip"
    raw = good.read_bytes()
    if damage == "truncated":
        bad.write_bytes(raw[: len(raw) // 2])
    elif damage == "flipped":
        with zipfile.ZipFile(good) as zf:
            entry = zf.getinfo(DB_FILENAME)
        data = bytearray(raw)
        start = entry.header_offset + 30 + len(entry.filename) + 20
        for i in range(start, start + 64):
            data[i] ^= 0xFF
        bad.write_bytes(bytes(data))
    elif damage == "sha_mismatch":
        db_bytes = (tmp_path / "x").write_bytes(b"") or None
        con = sqlite3.connect(tmp_path / "other.sqlite3")
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
        db_bytes = (tmp_path / "other.sqlite3").read_bytes()
        rewrite_zip(good, bad, db_bytes=db_bytes)
    elif damage == "not_sqlite":
        junk = b"this is not a database" * 100

        def patch(m):
            m["database"]["sha256"] = hashlib.sha256(junk).hexdigest()

        rewrite_zip(good, bad, db_bytes=junk, manifest_patch=patch)
    else:
        with zipfile.ZipFile(bad, "w") as zf:
            zf.writestr(DB_FILENAME, raw[:100])
    before = fingerprint(data_dir)

    with pytest.raises(backup.BackupError):
        restore.restore_backup(data_dir, bad)
    assert fingerprint(data_dir) == before

    code, out, err = run_cli("restore", str(bad))
    assert code == 2 and out == ""
    assert "không phải bản sao lưu Gian Hàng hợp lệ" in err
    assert fingerprint(data_dir) == before
    assert not list(data_dir.glob(".restore-*"))


def test_restore_refuses_a_newer_schema_and_leaves_data_untouched(data_dir, tmp_path, run_cli):
    good = backup.create_backup(data_dir, tmp_path / "good.zip").path
    future_db = extract_db(good, tmp_path / "future")
    con = sqlite3.connect(future_db)
    con.execute("INSERT INTO alembic_version (version_num) VALUES ('9001_from_the_future')")
    con.commit()
    con.close()
    data = future_db.read_bytes()

    def patch(m):
        m["database"]["sha256"] = hashlib.sha256(data).hexdigest()
        m["schema_revisions"].append("9001_from_the_future")

    newer = tmp_path / "newer.zip"
    rewrite_zip(good, newer, db_bytes=data, manifest_patch=patch)
    before = fingerprint(data_dir)

    with pytest.raises(NewerSchemaError):
        restore.restore_backup(data_dir, newer)
    code, out, err = run_cli("restore", str(newer), env={"GIANHANG_LANG": "en"})
    assert code == 2
    assert "newer version" in err and "9001_from_the_future" in err
    assert fingerprint(data_dir) == before


def test_daily_backup_at_most_once_a_day_keeping_the_last_n(data_dir):
    settings = Settings(backups_to_keep=3)
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    made = []
    for day in range(6):
        now = start + timedelta(days=day)
        made.append(backup.auto_backup_if_due(data_dir, settings, now=now))
        assert backup.auto_backup_if_due(data_dir, settings, now=now + timedelta(hours=5)) is None
    assert all(made)
    kept = backup.list_backups(data_dir)
    assert len(kept) == 3
    assert {b.path for b in kept} == {m.path for m in made[-3:]}
    assert Settings.load(data_dir).last_backup_at == (start + timedelta(days=5)).isoformat()


@pytest.mark.sqlite_only("a SQLite backup copies the data folder's file; PostgreSQL backups: tests/core/test_pg_backup.py")
def test_backup_before_upgrade_runs_only_when_migrations_are_pending(tmp_path, data_dir, db):
    calls = []
    fresh = Database.open(tmp_path / "fresh", migrate_now=False)
    assert fresh.migrate(before_upgrade=calls.append) is True
    assert calls == [fresh]
    assert fresh.migrate(before_upgrade=calls.append) is False
    assert calls == [fresh]
    # A brand-new database has nothing to save; one with data gets a backup.
    assert backup.backup_before_upgrade(Database.open(tmp_path / "empty", migrate_now=False)) is None
    info = backup.backup_before_upgrade(db)
    assert info is not None and info.reason == "before-upgrade"
    assert info.path.parent == data_dir / "backups"


@pytest.mark.sqlite_only("a SQLite backup copies the data folder's file; PostgreSQL backups: tests/core/test_pg_backup.py")
def test_integrity_check_at_start_offers_the_last_good_backup(data_dir, db):
    good = backup.create_backup(data_dir, reason="daily")
    db.dispose()
    assert restore.check_database(data_dir).ok
    path = data_dir / DB_FILENAME
    data = bytearray(path.read_bytes())
    page = 4096
    for i in range(2 * page, len(data) - page, page):
        data[i : i + 64] = b"\x13" * 64
    path.write_bytes(bytes(data))

    report = restore.check_database(data_dir)
    assert not report.ok and report.detail != "ok"
    assert report.last_good is not None and report.last_good.path == good.path

    # The way out: restoring works even though the damaged database cannot be backed up.
    result = restore.restore_backup(data_dir, report.last_good.path)
    assert result.safety_backup is None and result.damaged_copy is not None
    assert (result.damaged_copy / DB_FILENAME).exists()
    assert restore.check_database(data_dir).ok


def test_cli_backup_and_restore(run_cli, data_dir, tmp_path):
    code, out, err = run_cli("product", "add", "--sku", "VT-001", "--name", "Vải thiều", "--price", "120k", "--unit", "kg")
    assert code == 0, err
    out_file = tmp_path / "mine.zip"
    code, out, err = run_cli("backup", "--out", str(out_file), "--json")
    assert code == 0, err
    assert json.loads(out)["path"] == str(out_file) and out_file.exists()
    code, _, err = run_cli("product", "update", "VT-001", "--price", "150k")
    assert code == 0, err

    code, out, err = run_cli("restore", str(out_file), "--json")
    assert code == 0, err
    assert json.loads(out)["safety_backup"]["reason"] == "before-restore"
    code, out, _ = run_cli("product", "show", "VT-001", "--json")
    assert json.loads(out)["price"] == 120_000

    code, out, _ = run_cli("backup", "--list", "--json")
    assert code == 0 and len(json.loads(out)) == 1

    code, _, err = run_cli("restore", str(tmp_path / "missing.zip"))
    assert code == 2 and err.startswith("Lỗi")
    assert (data_dir / "logs" / "gianhang.log").exists()


def test_log_file_rotates_and_masks_secrets(tmp_path):
    import logging

    from gianhang_desktop.core.logs import configure_logging

    path = configure_logging(tmp_path)
    logging.getLogger("gianhang_desktop.test").warning("calling store with api_key=ABC123 and Authorization: Bearer XYZ")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text("utf-8")
    assert "ABC123" not in text and "XYZ" not in text and "api_key=***" in text
    assert path.parent == tmp_path / "logs"


def test_a_failed_swap_puts_the_old_data_back(data_dir, photos, tmp_path, monkeypatch, run_cli):
    saved = backup.create_backup(data_dir, tmp_path / "saved.zip").path
    (data_dir / "photos" / "thumbs" / "new.jpg").write_bytes(b"new")
    before = fingerprint(data_dir)
    real_replace = restore_journal.os.replace

    def flaky_replace(src, dst):
        if Path(dst) == data_dir / DB_FILENAME and ".restore-new-" in str(src):
            raise PermissionError(13, "The process cannot access the file because it is being used")
        return real_replace(src, dst)

    monkeypatch.setattr(restore_journal.os, "replace", flaky_replace)
    with pytest.raises(backup.BackupError) as refused:
        restore.restore_backup(data_dir, saved)
    assert "đóng ứng dụng" in str(refused.value)
    assert fingerprint(data_dir) == before
    code, _, err = run_cli("restore", str(saved))
    assert code == 2 and "nguyên vẹn" in err
    assert fingerprint(data_dir) == before


def test_backup_to_an_unwritable_place_is_a_clear_error(data_dir, tmp_path, run_cli):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    code, out, err = run_cli("backup", "--out", str(blocker / "b.zip"))
    assert code == 2 and "Không ghi được bản sao lưu" in err
