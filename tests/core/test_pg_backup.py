"""Backups of the cooperative's server: pg_dump in the backup zip with the photos, the same checks as
any backup, restored into an empty database only, and a clear message when pg_dump is missing."""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
import zipfile
from pathlib import Path

import pytest

from gianhang_desktop.core import backup, restore
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.database import Database, NewerSchemaError
from gianhang_desktop.core.errors import Conflict
from gianhang_desktop.core.orders import service as orders
from gianhang_desktop.core.photos.store import PhotoStore
from gianhang_desktop.core.postgres import dump
from gianhang_desktop.core.settings import Settings
from gianhang_desktop.core.stock import service as stock
from tests.core import hammer
from tests.orders.helpers import draft, stock_up

pytestmark = pytest.mark.postgresql_only("backups of the shared server (pg_dump)")


@pytest.fixture
def server_shop(db, monkeypatch):
    """This data folder works on the test's server database, with stock, an order and a picture."""
    monkeypatch.setenv("GIANHANG_DB_URL", db.url)
    stock_up(db)
    code = orders.add_order(db, draft(("XOAI-1", 2), cod_amount=0))[0].code
    orders.confirm_order(db, code)
    picture = PhotoStore.for_data_dir(db.data_dir).root / "originals" / "ab" / ("ab" + "0" * 62 + ".jpg")
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"\xff\xd8 not really a jpeg \xff\xd9")
    return db


def empty_database(db, request) -> str:
    server = request.getfixturevalue("postgres_server")
    name = "r_" + uuid.uuid4().hex[:12]
    url = server.create_database(name)
    request.addfinalizer(lambda: server.drop_database(name))
    return url


def snapshot(db) -> dict:
    with db.read_session() as s:
        from sqlalchemy import text

        return {table: s.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()
                for table in ("products", "stock_movements", "stock_balances", "stock_totals", "lots", "orders")}


def test_backup_and_restore_into_an_empty_database(server_shop, request, monkeypatch, tmp_path):
    info = backup.create_backup(server_shop.data_dir, tmp_path / "may-chu.zip")
    with zipfile.ZipFile(info.path) as zf:
        names = set(zf.namelist())
    assert "gianhang.pgdump" in names and "manifest.json" in names and info.photo_count == 1
    assert restore.verify_backup(info.path).db_sha256 == info.db_sha256
    before = snapshot(server_shop)
    # Not over live data: the server's own database holds data, so the restore is refused untouched.
    with pytest.raises(Conflict) as refused:
        restore.restore_backup(server_shop.data_dir, info.path)
    assert "cơ sở dữ liệu trống" in str(refused.value)
    assert snapshot(server_shop) == before
    # Into a new, empty database (on another PC, whose photos folder is empty).
    target = empty_database(server_shop, request)
    other_pc = tmp_path / "other-pc"
    monkeypatch.setenv("GIANHANG_DB_URL", target)
    restore.restore_backup(other_pc, info.path)
    restored = Database.open(other_pc, url=target)
    try:
        assert snapshot(restored) == before
        assert stock.stock_report(restored, "XOAI-1").on_hand == 9
        assert orders.reserved_stock(restored) == orders.reserved_stock(server_shop)
        assert hammer.check_ledger(restored) == []
        catalog.add_product(restored, "MOI-1", "Sản phẩm mới sau khôi phục", 1000)  # sequences restored too
    finally:
        restored.dispose()
    pictures = [p.name for p in (other_pc / "photos").rglob("*.jpg")]
    assert pictures == ["ab" + "0" * 62 + ".jpg"]


def _rewrite(path: Path, out: Path, change) -> Path:
    """A copy of the backup zip with its members passed through `change(name, data) -> data`."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item.filename, change(item.filename, src.read(item.filename)))
    return out


def test_the_same_refusals_as_any_backup(server_shop, request, monkeypatch, tmp_path):
    good = backup.create_backup(server_shop.data_dir, tmp_path / "good.zip").path
    target = empty_database(server_shop, request)
    monkeypatch.setenv("GIANHANG_DB_URL", target)
    other_pc = tmp_path / "pc"

    damaged = _rewrite(good, tmp_path / "damaged.zip",
                       lambda n, d: d[:2000] + bytes([d[2000] ^ 0xFF]) + d[2001:] if n == "gianhang.pgdump" else d)
    with pytest.raises(backup.BackupError) as error:
        restore.restore_backup(other_pc, damaged)
    assert "không phải bản sao lưu Gian Hàng hợp lệ" in str(error.value)

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema_revisions"].append("9999_future")
        return json.dumps(manifest).encode()

    with pytest.raises(NewerSchemaError):
        restore.restore_backup(other_pc, _rewrite(good, tmp_path / "newer.zip", newer))

    stranger = _rewrite(good, tmp_path / "stranger.zip", lambda n, d: d)
    with zipfile.ZipFile(stranger, "a") as zf:
        zf.writestr("../../evil.bat", b"echo")
    with pytest.raises(backup.BackupError):
        restore.restore_backup(other_pc, stranger)

    def not_a_dump(name, data):
        if name == "gianhang.pgdump":
            return b"PGDMP but not really" * 10
        if name == "manifest.json":
            manifest = json.loads(data)
            fake = b"PGDMP but not really" * 10
            manifest["database"].update(sha256=hashlib.sha256(fake).hexdigest(), size=len(fake))
            return json.dumps(manifest).encode()
        return data

    with pytest.raises(backup.BackupError) as error:
        restore.restore_backup(other_pc, _rewrite(good, tmp_path / "fake.zip", not_a_dump))
    assert "pg_restore" in str(error.value)
    check = Database.open(tmp_path / "check", url=target, migrate_now=False)
    try:  # every refusal left the empty database empty
        from sqlalchemy import inspect

        assert inspect(check.engine).get_table_names() == []
    finally:
        check.dispose()


def test_a_backup_of_one_pc_and_one_of_the_server_do_not_mix(server_shop, tmp_path, monkeypatch, template_dir):
    server_backup = backup.create_backup(server_shop.data_dir, tmp_path / "server.zip").path
    monkeypatch.delenv("GIANHANG_DB_URL")
    one_pc = tmp_path / "one-pc"
    one_pc.mkdir()
    shutil.copy2(template_dir / "gianhang.sqlite3", one_pc / "gianhang.sqlite3")
    with pytest.raises(backup.BackupError) as error:
        restore.restore_backup(one_pc, server_backup)
    assert "bản sao lưu của máy chủ HTX" in str(error.value)
    sqlite_backup = backup.create_backup(one_pc, tmp_path / "one-pc.zip").path
    monkeypatch.setenv("GIANHANG_DB_URL", server_shop.url)
    with pytest.raises(backup.BackupError) as error:
        restore.restore_backup(server_shop.data_dir, sqlite_backup)
    assert "dữ liệu riêng của một máy (SQLite)" in str(error.value)


def test_without_pg_dump_the_message_says_what_to_install(server_shop, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(dump, "install_dirs", lambda: [])
    with pytest.raises(dump.ToolMissing) as missing:
        backup.create_backup(server_shop.data_dir, tmp_path / "x.zip")
    assert "Command Line Tools" in str(missing.value) and "pg_dump" in str(missing.value)
    assert not (tmp_path / "x.zip").exists()
    # An old pg_dump in the configured folder is not used (it cannot dump a newer server).
    old = tmp_path / "old-bin"
    old.mkdir()
    (old / "pg_dump").write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 11.22'\n")
    (old / "pg_dump").chmod(0o755)
    settings = Settings.load(server_shop.data_dir)
    settings.pg_bin_dir = str(old)
    settings.save(server_shop.data_dir)
    with pytest.raises(dump.ToolMissing) as missing:
        backup.create_backup(server_shop.data_dir, tmp_path / "x.zip")
    assert "chỉ có bản cũ" in str(missing.value)
    # The right folder, configured, works without PATH.
    settings.pg_bin_dir = "/usr/lib/postgresql/15/bin"
    settings.save(server_shop.data_dir)
    assert backup.create_backup(server_shop.data_dir, tmp_path / "x.zip").path.exists()


def test_backup_and_restore_on_the_command_line(server_shop, run_cli, request, monkeypatch, tmp_path):
    code, out, err = run_cli("backup", "--out", str(tmp_path / "cli.zip"), "--json")
    assert code == 0, err
    assert json.loads(out)["photo_count"] == 1
    code, _, err = run_cli("restore", str(tmp_path / "cli.zip"))
    assert code == 2 and "cơ sở dữ liệu trống" in err
    target = empty_database(server_shop, request)
    code, out, err = run_cli("restore", str(tmp_path / "cli.zip"), data=tmp_path / "pc2",
                             env={"GIANHANG_DB_URL": target})
    assert code == 0, err
    code, out, _ = run_cli("stock", "show", "MO-500", "--json", data=tmp_path / "pc2", env={"GIANHANG_DB_URL": target})
    assert code == 0 and json.loads(out)["on_hand"] == 10


def test_an_empty_server_is_set_up_by_the_first_command_and_an_older_one_backed_up_first(
        postgres_server, run_cli, tmp_path, monkeypatch):
    url = postgres_server.create_database()
    code, _, err = run_cli("product", "add", "--sku", "MO-1", "--name", "Mật ong", "--price", "180000",
                           env={"GIANHANG_DB_URL": url})
    assert code == 0, err  # nothing to back up on an empty database: it is simply set up
    assert not list((tmp_path / "data" / "backups").glob("*.zip"))
    db = Database.open(tmp_path / "data", url=url)
    from alembic import command

    from gianhang_desktop.core.db import migrate

    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0018_multipc_balance_key")
    db.dispose()
    code, _, err = run_cli("stock", "receive", "MO-1", "3", env={"GIANHANG_DB_URL": url})
    assert code == 0, err
    made = backup.list_backups(tmp_path / "data")
    assert [b.reason for b in made] == ["before-upgrade"] and "0018_multipc_notify" not in made[0].schema_revisions
