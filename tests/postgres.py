"""A throwaway PostgreSQL server from the system's binaries, for tests that need the real engine.

`PostgresServer` is one cluster in a temporary folder (fsync off: nothing here must survive a
crash), started and stopped on demand so tests can take "the office PC went away" for real.
The session-wide `postgres_port` fixture is one such server shared by a test session (one per
xdist worker); tests that stop their server start their own.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

PG_BIN = Path(os.environ.get("GH_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    # initdb refuses to run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class PostgresServer:
    """One throwaway cluster: `start()`, `stop()` (immediate, like pulling the plug), `restart()`.

    `auth="trust"` lets the superuser in without a password; `auth="scram-sha-256"` makes every
    TCP login give one (the superuser's is `superuser_password`), as on a cooperative's server.
    `durable=True` keeps each commit through an immediate stop (synchronous commit: the WAL is
    written before COMMIT returns; fsync stays off, the files outlive the processes anyway).
    `production_like=True` is a server as an office PC runs it (benchmarks): on disk, fsync,
    synchronous commit, full-page writes.
    """

    superuser_password = "postgres-test-pw"

    def __init__(self, auth: str = "trust", port: int | None = None, durable: bool = False,
                 production_like: bool = False):
        if not (PG_BIN / "initdb").exists():
            pytest.fail(f"PostgreSQL binaries not found in {PG_BIN}: install Debian's postgresql package (CI setup error)")
        # In memory where possible: a database cloned per test costs 30 ms there, 400 ms on disk.
        in_memory = Path("/dev/shm").is_dir() and not production_like
        self.base = Path(tempfile.mkdtemp(prefix="gh-pg-", dir="/dev/shm" if in_memory else None))
        self.production_like = production_like
        self.data = self.base / "data"
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        self.port = port or free_port()
        self.auth = auth
        self.durable = durable
        pwfile = self.base / "pw"
        pwfile.write_text(self.superuser_password)
        if os.geteuid() == 0:
            shutil.chown(pwfile, "postgres", "postgres")
        subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", auth, "-U", "postgres",
                                     "-E", "UTF8", "--locale=C", "--no-sync", f"--pwfile={pwfile}"]),
                       check=True, capture_output=True)
        pwfile.unlink()

    @property
    def bin_dir(self) -> Path:
        return PG_BIN

    def start(self) -> None:
        commit = "on" if self.durable or self.production_like else "off"
        safety = "on" if self.production_like else "off"
        options = (f"-p {self.port} -k {self.base} -h 127.0.0.1 -c fsync={safety} -c synchronous_commit={commit} "
                   f"-c full_page_writes={safety} -c max_connections=200")
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w",
                                     "-l", str(self.base / "log"), "start"]), check=True, capture_output=True)

    def stop(self) -> None:
        """Stop at once, dropping every connection mid-statement (the LAN cable pulled)."""
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                                     "stop"]), capture_output=True)

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)

    def admin(self, dbname: str = "postgres") -> psycopg.Connection:
        """An autocommit superuser connection."""
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname,
                               password=self.superuser_password, autocommit=True)

    def url(self, dbname: str, user: str = "postgres") -> str:
        """The SQLAlchemy URL of `dbname` (no password in it)."""
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        """A new database (empty, or a copy of `template`); returns its URL."""
        name = name or "gh_" + uuid.uuid4().hex[:12]
        clause = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name}{clause}")
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def server_with_role(role: str, password: str) -> PostgresServer:
    """A started server that asks for passwords (scram-sha-256, as on a LAN) with a login `role`."""
    server = PostgresServer(auth="scram-sha-256")
    server.start()
    with server.admin() as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    return server


def database_owned_by(server: PostgresServer, role: str) -> str:
    """A new empty database owned by `role`; its name."""
    name = "gh_" + uuid.uuid4().hex[:10]
    with server.admin() as conn:
        conn.execute(f"CREATE DATABASE {name} OWNER {role}")
    return name


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's throwaway PostgreSQL (fails loudly if the binaries are missing: a CI setup error)."""
    server = PostgresServer()
    server.start()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="session")
def postgres_port(postgres_server) -> int:
    return postgres_server.port


def create_database(port: int, name: str) -> str:
    """An empty database on the throwaway server; returns its SQLAlchemy URL."""
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{name}"
