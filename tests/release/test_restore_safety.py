"""Restores are safe: foreign databases and malformed manifests are refused in one line, never a
traceback, and such files lying in backups/ break neither `backup`, `backup --list` nor the daily backup."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from gianhang_desktop.core import backup, restore
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.db import heads
from gianhang_desktop.core.paths import DB_FILENAME
from gianhang_desktop.core.settings import Settings
from tests.release.backup_files import gianhang_db_bytes, good_manifest, sqlite_bytes, write_backup

HEADS = sorted(heads.file_heads())
ALEMBIC = ["CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
           *[f"INSERT INTO alembic_version VALUES ('{h}')" for h in HEADS]]


def fingerprint(data_dir: Path) -> dict[str, str]:
    """The data as the app sees it: the database's rows (WAL included) and every other file's sha256,
    logs and backups left out (the -wal/-shm files change whenever a connection closes)."""
    out = {p.relative_to(data_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
           for p in sorted(data_dir.rglob("*"))
           if p.is_file() and not p.relative_to(data_dir).as_posix().startswith(("logs/", "backups/", DB_FILENAME))}
    con = sqlite3.connect(f"file:{data_dir / DB_FILENAME}?mode=ro", uri=True)
    out[DB_FILENAME] = hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    con.close()
    return out


@pytest.fixture
def shop_dir(data_dir, run_cli):
    """A data folder with one product and one photo file; its fingerprint before anything happens."""
    code, _, err = run_cli("product", "add", "--sku", "VT-001", "--name", "Vải thiều", "--price", "120k", "--unit", "kg")
    assert code == 0, err
    photo = data_dir / "photos" / "originals" / "ab" / "ab12.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 the shop's own picture")
    return data_dir


def assert_refused_in_one_line(run_cli, data_dir: Path, file: Path, *needles: str, lang: str = "vi") -> str:
    """`restore FILE` exits 2 with one line holding `needles`; the data is as it was and usable."""
    before = fingerprint(data_dir)
    env = {"GIANHANG_LANG": lang}
    code, out, err = run_cli("restore", str(file), env=env)
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1 and err.startswith("Lỗi: " if lang == "vi" else "Error: "), err
    for needle in needles:
        assert needle in err, err
    assert "Traceback" not in err
    assert fingerprint(data_dir) == before
    assert not list(data_dir.glob(".restore*")) and not list(data_dir.glob(".gianhang*"))
    code, out, err2 = run_cli("product", "list", "--json")
    assert code == 0, err2
    assert [p["sku"] for p in json.loads(out)] == ["VT-001"]
    return err


def _template_with(data_dir: Path, tmp_path: Path, *statements: str) -> bytes:
    """The shop's own database bytes after `statements` (a Gian Hàng database someone changed)."""
    copy = tmp_path / "changed.sqlite3"
    copy.write_bytes(gianhang_db_bytes(data_dir))
    con = sqlite3.connect(copy)
    con.execute("PRAGMA journal_mode=DELETE")
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()
    return copy.read_bytes()


FOREIGN = {
    "zero-bytes": lambda d, t: b"",
    "empty-sqlite": lambda d, t: sqlite_bytes(t, "PRAGMA user_version = 7"),
    "other-tables": lambda d, t: sqlite_bytes(t, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
                                              "INSERT INTO customers VALUES (1, 'Lan')"),
    "products-of-another-shape": lambda d, t: sqlite_bytes(
        t, *ALEMBIC, "CREATE TABLE products (id INTEGER PRIMARY KEY, title TEXT)", "INSERT INTO products VALUES (1, 'x')"),
    "only-alembic-version": lambda d, t: sqlite_bytes(t, *ALEMBIC),
    "a-column-added": lambda d, t: _template_with(d, t, "ALTER TABLE products ADD COLUMN colour TEXT"),
    "search-index-dropped": lambda d, t: _template_with(d, t, "DROP TABLE products_fts"),
    "truncated": lambda d, t: gianhang_db_bytes(d)[: len(gianhang_db_bytes(d)) // 2],
}


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_a_database_that_is_not_gianhang_is_refused(shop_dir, tmp_path, run_cli, kind):
    db_bytes = FOREIGN[kind](shop_dir, tmp_path)
    file = write_backup(tmp_path / f"{kind}.zip", db_bytes)
    with pytest.raises(backup.BackupError):
        restore.verify_backup(file)
    err = assert_refused_in_one_line(run_cli, shop_dir, file, "không phải bản sao lưu Gian Hàng hợp lệ")
    if kind not in ("truncated",):
        assert "cơ sở dữ liệu bên trong không phải của Gian Hàng" in err
    assert_refused_in_one_line(run_cli, shop_dir, file, "is not a valid Gian Hàng backup", lang="en")


def test_the_hand_made_backup_is_accepted_when_its_database_is_a_gianhang_one(shop_dir, tmp_path, run_cli):
    """The control for the refusals above: the same way of making files gives a restorable backup."""
    db_bytes = gianhang_db_bytes(shop_dir)
    photos = {"originals/cd/cd34.jpg": b"\xff\xd8 restored picture"}
    file = write_backup(tmp_path / "good.zip", db_bytes, good_manifest(db_bytes, photos, schema_revisions=HEADS),
                        photos=photos)
    code, _, err = run_cli("restore", str(file))
    assert code == 0, err
    assert (shop_dir / "photos" / "originals" / "cd" / "cd34.jpg").read_bytes() == b"\xff\xd8 restored picture"
    assert not (shop_dir / "photos" / "originals" / "ab").exists()


def test_a_foreign_database_in_the_data_folder_is_named_not_migrated(tmp_path, run_cli):
    folder = tmp_path / "foreign"
    folder.mkdir()
    (folder / DB_FILENAME).write_bytes(sqlite_bytes(tmp_path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    before = (folder / DB_FILENAME).read_bytes()
    for lang, needle in (("vi", "không phải cơ sở dữ liệu Gian Hàng"), ("en", "is not a Gian Hàng database")):
        code, out, err = run_cli("product", "list", data=folder, env={"GIANHANG_LANG": lang})
        assert (code, out) == (2, "") and err.count("\n") == 1 and needle in err and "invoices" in err, err
    assert (folder / DB_FILENAME).read_bytes() == before


def _manifest_bytes(**overrides) -> callable:
    def make(db):
        manifest = good_manifest(db, schema_revisions=HEADS)
        manifest.update(overrides)
        return json.dumps(manifest).encode()
    return make


def _with_database(**fields) -> callable:
    def make(db):
        manifest = good_manifest(db, schema_revisions=HEADS)
        manifest["database"].update(fields)
        return json.dumps(manifest).encode()
    return make


def _with_photo(**fields) -> callable:
    def make(db):
        manifest = good_manifest(db, schema_revisions=HEADS)
        entry = {"path": "originals/ab/ab12.jpg", "sha256": "ab" * 32, "size": 3}
        entry.update(fields)
        manifest["photos"] = [entry]
        return json.dumps(manifest).encode()
    return make


MALFORMED = {
    "a-list": lambda db: b"[]",
    "a-string": lambda db: b'"gianhang-desktop"',
    "null": lambda db: b"null",
    "not-json": lambda db: b'{"format": 1,',
    "not-utf8": lambda db: b'{"app": "\xff\xfe"}',
    "nan": lambda db: b'{"app": "gianhang-desktop", "format": NaN}',
    "deep-list-nesting": lambda db: b"[" * 200_000 + b"]" * 200_000,
    "deep-object-nesting": lambda db: b'{"app": "gianhang-desktop", "photos": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001,
    "format-as-string": _manifest_bytes(format="1"),
    "format-as-true": _manifest_bytes(format=True),
    "format-as-float-infinity": lambda db: _manifest_bytes()(db).replace(b'"format": 1', b'"format": 1e999'),
    "format-string-in-format": _manifest_bytes(format="{0.__class__.__mro__}"),
    "format-string-in-reason": _manifest_bytes(reason="{0.__class__.__init__.__globals__}"),
    "percent-format-in-version": _manifest_bytes(app_version="%s%s%s%n"),
    "format-string-in-created-at": _manifest_bytes(created_at="{created_at}"),
    "created-at-a-number": _manifest_bytes(created_at=1764403200),
    "created-at-garbage": _manifest_bytes(created_at="hôm qua"),
    "made-in-the-future": _manifest_bytes(created_at="2099-01-01T00:00:00+00:00"),
    "made-in-year-9999-minus-14h": _manifest_bytes(created_at="9999-12-31T23:00:00-14:00"),
    "database-a-list": _manifest_bytes(database=[]),
    "database-missing": lambda db: json.dumps({k: v for k, v in good_manifest(db).items() if k != "database"}).encode(),
    "database-name-traversal": _with_database(name="../../gianhang.sqlite3"),
    "database-size-true": _with_database(size=True),
    "database-size-string": _with_database(size="4096"),
    "database-size-negative": _with_database(size=-1),
    "database-size-huge": _with_database(size=10**30),
    "database-size-digits-beyond-python": lambda db: _with_database(size=1)(db).replace(
        b'"size": 1', b'"size": ' + b"9" * 5000),
    "database-sha-not-hex": _with_database(sha256="{0}" * 16),
    "photos-an-object": _manifest_bytes(photos={"a": 1}),
    "photo-a-number": _manifest_bytes(photos=[7]),
    "photo-path-traversal": _with_photo(path="../../evil.jpg"),
    "photo-path-absolute": _with_photo(path="/etc/cron.d/evil"),
    "photo-path-windows-drive": _with_photo(path="C:/Windows/evil.jpg"),
    "photo-path-backslashes": _with_photo(path="originals\\..\\..\\evil.jpg"),
    "photo-path-device-name": _with_photo(path="originals/ab/CON.jpg"),
    "photo-path-a-number": _with_photo(path=12),
    "photo-path-format-string": _with_photo(path="{0.__class__}/x.jpg"),
    "photo-size-huge": _with_photo(size=10**18),
    "photo-size-false": _with_photo(size=False),
    "schema-revisions-a-string": _manifest_bytes(schema_revisions="0001"),
    "schema-revisions-format-string": _manifest_bytes(schema_revisions=["{0.__dict__}"]),
    "another-app": _manifest_bytes(app="excel"),
}


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_a_malformed_manifest_is_refused_in_one_line(shop_dir, tmp_path, run_cli, kind):
    db_bytes = gianhang_db_bytes(shop_dir)
    file = write_backup(tmp_path / f"{kind}.zip", db_bytes, MALFORMED[kind](db_bytes))
    assert_refused_in_one_line(run_cli, shop_dir, file, "không phải bản sao lưu Gian Hàng hợp lệ")
    if kind in ("a-list", "deep-list-nesting", "format-string-in-reason", "photo-path-traversal"):
        assert_refused_in_one_line(run_cli, shop_dir, file, "is not a valid Gian Hàng backup", lang="en")
    assert not (tmp_path / "evil.jpg").exists() and not (shop_dir.parent / "evil.jpg").exists()


def test_a_backup_of_a_newer_format_asks_for_an_update(shop_dir, tmp_path, run_cli):
    db_bytes = gianhang_db_bytes(shop_dir)
    file = write_backup(tmp_path / "future.zip", db_bytes, good_manifest(db_bytes, format=2, surprise={"x": 1}))
    assert_refused_in_one_line(run_cli, shop_dir, file, "phiên bản mới hơn", "format 2")
    assert_refused_in_one_line(run_cli, shop_dir, file, "newer version", lang="en")


def test_a_manifest_bomb_is_refused_without_being_inflated(shop_dir, tmp_path, run_cli):
    db_bytes = gianhang_db_bytes(shop_dir)
    manifest = json.dumps(good_manifest(db_bytes, schema_revisions=HEADS)).encode()
    bomb = manifest[:-1] + b"," + b" " * (80 << 20) + b'"pad": 1}'  # 80 MB of spaces: a few kB zipped
    file = write_backup(tmp_path / "bomb.zip", db_bytes, bomb)
    assert file.stat().st_size < 1 << 20
    assert_refused_in_one_line(run_cli, shop_dir, file, "manifest of")


def test_one_picture_unpacked_under_many_names_is_refused(shop_dir, tmp_path, run_cli):
    db_bytes = gianhang_db_bytes(shop_dir)
    picture = b"\xff\xd8" + b"x" * 1000
    manifest = good_manifest(db_bytes, schema_revisions=HEADS)
    manifest["photos"] = [{"path": f"originals/{i:02d}/copy{i}.jpg", "sha256": hashlib.sha256(picture).hexdigest(),
                           "size": len(picture)} for i in range(1000)]
    file = write_backup(tmp_path / "many.zip", db_bytes, manifest, photos={"originals/00/copy0.jpg": picture})
    assert_refused_in_one_line(run_cli, shop_dir, file, "more than 8 paths")


@pytest.mark.parametrize("entry", ["../../evil.txt", "/tmp/evil.txt", "photos/../../evil.txt", "photos/abc",
                                   "C:\\evil.txt", "photos/" + "ab" * 32 + "/x"])
def test_a_zip_with_strange_entries_is_refused(shop_dir, tmp_path, run_cli, entry):
    db_bytes = gianhang_db_bytes(shop_dir)
    file = write_backup(tmp_path / "strange.zip", db_bytes, good_manifest(db_bytes, schema_revisions=HEADS),
                        extra={entry: b"evil"})
    assert_refused_in_one_line(run_cli, shop_dir, file, "unexpected entry")
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_a_photo_of_another_size_than_its_manifest_is_refused_before_unpacking(shop_dir, tmp_path, run_cli):
    db_bytes = gianhang_db_bytes(shop_dir)
    picture = b"\xff\xd8 real"
    manifest = good_manifest(db_bytes, {"originals/ab/a.jpg": picture}, schema_revisions=HEADS)
    manifest["photos"][0]["size"] = 10 << 20
    file = write_backup(tmp_path / "lying.zip", db_bytes, manifest, photos={"originals/ab/a.jpg": picture})
    assert_refused_in_one_line(run_cli, shop_dir, file, "manifest says")


BAD_FILES = ["a-list", "deep-list-nesting", "format-string-in-reason", "made-in-the-future",
             "made-in-year-9999-minus-14h", "database-size-huge", "created-at-garbage"]


def test_bad_files_in_backups_break_neither_backup_nor_list_nor_the_daily_backup(shop_dir, tmp_path, run_cli):
    db_bytes = gianhang_db_bytes(shop_dir)
    folder = backup.backups_dir(shop_dir)
    folder.mkdir()
    for i, kind in enumerate(BAD_FILES):
        write_backup(folder / f"gianhang-backup-20261129-0800{i:02d}.zip", db_bytes, MALFORMED[kind](db_bytes))
    (folder / "gianhang-backup-20261129-090000.zip").write_bytes(b"PK\x03\x04 truncated")
    foreign = sqlite_bytes(tmp_path, "CREATE TABLE t (x)")
    write_backup(folder / "gianhang-backup-20261129-100000.zip", foreign)
    unusable = len(BAD_FILES) + 1  # the foreign database's manifest is fine: it is found out on restore

    code, out, err = run_cli("backup")
    assert code == 0, err
    code, out, err = run_cli("backup", "--list", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [e["usable"] for e in listed].count(True) == 2
    bad = [e for e in listed if not e["usable"]]
    assert len(bad) == unusable
    assert all(e["problem"] and "\n" not in e["problem"] for e in bad)
    code, out, err = run_cli("backup", "--list")
    assert code == 0 and out.count("KHÔNG DÙNG ĐƯỢC") == unusable, out

    # The daily backup, rotation keeping 2 (the foreign one, oldest, goes): the unusable files are
    # neither counted nor deleted.
    settings = Settings(backups_to_keep=2)
    assert backup.auto_backup_if_due(shop_dir, settings) is not None
    assert {b.reason for b in backup.list_backups(shop_dir)} == {"daily", "manual"}
    assert len(list(folder.glob("gianhang-backup-*.zip"))) == 2 + unusable
    # …and the damaged-database rescue offers a good one, not the foreign or future files.
    assert restore.last_good_backup(shop_dir).reason in ("daily", "manual")
    Database.open(shop_dir).dispose()


def test_list_backups_ignores_what_cannot_be_read(data_dir):
    folder = backup.backups_dir(data_dir)
    (folder / "gianhang-backup-x.zip").mkdir(parents=True)  # a folder with a backup's name
    with zipfile.ZipFile(folder / "gianhang-backup-y.zip", "w") as zf:
        zf.writestr(backup.MANIFEST_NAME, b"[]")
    found, unusable = backup.scan_backups(data_dir)
    assert found == [] and len(unusable) == 2


def test_the_list_speaks_the_users_language_and_dates(shop_dir, run_cli):
    """`backup --list`: dd/mm/yyyy on the shop's clock; the unusable files marked in English too."""
    from gianhang_desktop.core import clock

    made = backup.create_backup(shop_dir)
    (backup.backups_dir(shop_dir) / "gianhang-backup-20261129-090000.zip").write_bytes(b"not a zip")
    code, out, err = run_cli("backup", "--list")
    assert code == 0, err
    assert f"{clock.to_local(made.created_at):%d/%m/%Y %H:%M}" in out and "KHÔNG DÙNG ĐƯỢC" in out
    code, out, err = run_cli("backup", "--list", env={"GIANHANG_LANG": "en"})
    assert code == 0 and "UNUSABLE" in out and "KHÔNG" not in out, out


@pytest.mark.parametrize("kind", ["missing", "link-loop", "folder"])
def test_a_restore_from_a_file_that_cannot_be_read_says_so_in_one_line(shop_dir, tmp_path, run_cli, kind):
    path = tmp_path / "backup.zip"
    if kind == "link-loop":
        path.symlink_to(path)
    elif kind == "folder":
        path.mkdir()
    for lang in ("vi", "en"):
        code, out, err = run_cli("restore", str(path), env={"GIANHANG_LANG": lang})
        assert (code, out) == (2, "") and err.count("\n") == 1 and "Traceback" not in err, err
        assert "backup.zip" in err
    if kind == "missing":
        assert "Không tìm thấy tệp" in run_cli("restore", str(path))[2]
