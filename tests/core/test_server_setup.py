"""Setting a PC up on the cooperative's server: the connection test names each failure, `db init`
creates the schema on an empty database, `db connect` keeps the password in the credential store
only, and only one PC migrates at a time.

The server is a real PostgreSQL that asks for passwords (scram-sha-256), as on a LAN.
"""

from __future__ import annotations

import io
import json

import pytest
from alembic import command
from sqlalchemy import text

from gianhang_desktop.core.database import Database
from gianhang_desktop.core.db import locks, migrate
from gianhang_desktop.core.i18n import Msg
from gianhang_desktop.core.postgres import connection, errors, setup
from gianhang_desktop.core.settings import SETTINGS_FILENAME
from tests.core import hammer
from tests.keyrings import in_memory_keyring
from tests.postgres import PostgresServer, database_owned_by, free_port, server_with_role

PASSWORD = "Mật-khẩu đúng 2026"


@pytest.fixture(scope="module")
def server():
    server = server_with_role("clerk", PASSWORD)
    yield server
    server.remove()


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    with in_memory_keyring() as backend:
        yield backend


def new_database(server: PostgresServer) -> str:
    """An empty database owned by `clerk`; its URL for clerk (no password in it)."""
    return server.url(database_owned_by(server, "clerk"), user="clerk")


def both(message: Msg) -> str:
    return message.text("vi") + " | " + message.text("en")


def test_the_connection_test_names_each_failure(server, tmp_path):
    url = new_database(server)
    unreachable = setup.check_server(f"postgresql+psycopg://clerk@127.0.0.1:{free_port()}/gianhang", PASSWORD)
    assert unreachable.status == errors.UNREACHABLE and "Không kết nối được máy chủ" in both(unreachable.message)
    wrong = setup.check_server(url, "sai-mat-khau")
    assert wrong.status == errors.BAD_PASSWORD and "Sai mật khẩu" in both(wrong.message)
    assert "Wrong password" in both(wrong.message)
    missing = setup.check_server(server.url("khong_co", user="clerk"), PASSWORD)
    assert missing.status == errors.NO_DATABASE and "không có cơ sở dữ liệu" in both(missing.message)
    nothing = setup.check_server(url)  # nothing saved, nothing given
    assert nothing.status == errors.NO_PASSWORD and "Chưa có mật khẩu" in both(nothing.message)
    empty = setup.check_server(url, PASSWORD)
    assert empty.status == setup.EMPTY and "còn trống" in both(empty.message)
    assert empty.server_version.startswith("15")


def test_init_upgrade_and_versions_newer_or_older_than_this_app(server, tmp_path):
    url = new_database(server)
    done = setup.init_database(url, tmp_path, PASSWORD)
    assert done.ok and set(done.revisions) == migrate.head_revisions()
    assert "Kết nối tốt" in both(done.message)
    db = Database.open(tmp_path, url=url, password=PASSWORD)
    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0018_multipc_balance_key")
    older = setup.check_server(url, PASSWORD)
    assert older.status == setup.OLDER and "phiên bản cũ hơn" in both(older.message)
    assert setup.init_database(url, tmp_path, PASSWORD).ok  # "Upgrade"
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version VALUES ('9999_future')"))
    newer = setup.check_server(url, PASSWORD)
    assert newer.status == setup.NEWER and "mới hơn" in both(newer.message) and "9999_future" in both(newer.message)
    with pytest.raises(Exception) as refused:
        setup.init_database(url, tmp_path, PASSWORD)
    assert "mới hơn" in str(refused.value)
    db.dispose()


def test_another_programs_database_is_refused(server, tmp_path):
    url = new_database(server)
    import psycopg

    with psycopg.connect(**connection.psycopg_kwargs(url, PASSWORD), autocommit=True) as conn:
        conn.execute("CREATE TABLE ke_toan (id int)")
    found = setup.check_server(url, PASSWORD)
    assert found.status == setup.FOREIGN and "ke_toan" in both(found.message)
    with pytest.raises(Exception) as refused:
        Database.open(tmp_path, url=url, password=PASSWORD)
    assert "không phải của Gian Hàng" in str(refused.value)


def test_db_init_takes_the_password_from_stdin_never_from_the_url(server, run_cli, monkeypatch, tmp_path):
    url = new_database(server)
    with_password = url.replace("clerk@", "clerk:secret@")
    code, out, err = run_cli("db", "init", "--url", with_password)
    assert code == 2 and "Không ghi mật khẩu trong --url" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("sai\n"))
    code, out, err = run_cli("db", "init", "--url", url, "--password-stdin")
    assert code == 2 and "Sai mật khẩu" in err and len(err.strip().splitlines()) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, err = run_cli("db", "init", "--url", url, "--password-stdin", "--json")
    assert code == 0, err
    assert json.loads(out)["status"] == "ok"
    code, out, err = run_cli("db", "check", "--url", url)  # nothing saved: says what is missing
    assert code == 2 and "Chưa có mật khẩu" in err
    code, out, err = run_cli("db", "check", "--url", url, env={"GIANHANG_LANG": "en"})
    assert code == 2 and "No password for the server" in err


def test_db_connect_keeps_the_password_in_the_credential_store_only(server, run_cli, monkeypatch, data_dir,
                                                                     memory_keyring):
    url = new_database(server)
    address = connection.ServerAddress.from_url(url)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, err = run_cli("db", "connect", "--host", "127.0.0.1", "--port", str(server.port),
                             "--database", address.database, "--user", "clerk", "--password-stdin")
    assert code == 2 and "còn trống" in err  # empty: nothing saved without --init
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, err = run_cli("db", "connect", "--host", "127.0.0.1", "--port", str(server.port),
                             "--database", address.database, "--user", "clerk", "--password-stdin", "--init")
    assert code == 0, err
    assert memory_keyring.store == {("GianHang", address.account): PASSWORD}
    settings_text = (data_dir / SETTINGS_FILENAME).read_text(encoding="utf-8")
    assert PASSWORD not in settings_text and '"db_host": "127.0.0.1"' in settings_text
    # From now on this data folder works on the server, with the stored password.
    assert run_cli("product", "add", "--sku", "MO-1", "--name", "Mật ong", "--price", "180000")[0] == 0
    assert run_cli("stock", "receive", "MO-1", "5")[0] == 0
    code, out, _ = run_cli("db", "status")
    assert code == 0 and f"clerk@127.0.0.1:{server.port}/{address.database}" in out
    db = Database.open(data_dir.parent / "other", url=url)
    from gianhang_desktop.core.stock.service import stock_report

    assert stock_report(db, "MO-1").on_hand == 5
    db.dispose()
    logs = "".join(p.read_text(encoding="utf-8") for p in (data_dir / "logs").glob("*.log*"))
    assert PASSWORD not in logs
    assert run_cli("db", "local")[0] == 0
    assert "Dữ liệu riêng" in run_cli("db", "status")[1]


def test_bad_connection_fields_are_named(run_cli):
    code, _, err = run_cli("db", "connect", "--host", "may chu", "--password-stdin")
    assert code == 2 and "[host]" in err
    code, _, err = run_cli("db", "connect", "--host", "192.168.1.10", "--port", "năm", "--password-stdin")
    assert code == 2 and "[port]" in err
    code, _, err = run_cli("db", "check", "--url", "mysql://u@h/db")
    assert code == 2 and "[url]" in err


def test_only_one_pc_migrates_at_a_time(server, tmp_path):
    """Four PCs start the new version on an empty database at the same moment: one migrates, the
    others wait for it and find nothing left to do; none fails half-way."""
    url = new_database(server)
    connection.remember_for_session(connection.ServerAddress.from_url(url), PASSWORD)
    import psycopg

    # First prove the others wait: while a "PC" holds the migration lock, a migration blocks.
    with psycopg.connect(**connection.psycopg_kwargs(url, PASSWORD), autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (locks.advisory_key(locks.MIGRATIONS),))
        waiter = hammer.SPAWN.Process(target=_migrate, args=(str(tmp_path / "w"), url, PASSWORD))
        waiter.start()
        _wait_until_blocked_on_the_lock(holder)
        assert waiter.is_alive()
        holder.execute("SELECT pg_advisory_unlock_all()")
        waiter.join(60)
        assert waiter.exitcode == 0
    other = new_database(server)
    connection.remember_for_session(connection.ServerAddress.from_url(other), PASSWORD)
    hammer.run_processes(_migrate_on_barrier, 4, str(tmp_path), other, PASSWORD)  # none fails
    assert setup.check_server(other, PASSWORD).ok


def _wait_until_blocked_on_the_lock(conn) -> None:
    import time

    deadline = time.monotonic() + 60
    while not conn.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").fetchone()[0]:
        assert time.monotonic() < deadline, "the second migration never waited for the lock"
        time.sleep(0.02)


def _migrate(folder: str, url: str, password: str) -> None:
    Database.open(folder, url=url, password=password).dispose()


def _migrate_on_barrier(barrier, index, folder, url, password) -> None:
    db = Database.open(f"{folder}/{index}", url=url, password=password, migrate_now=False)
    barrier.wait()
    db.migrate()
    db.dispose()
