"""A throwaway PostgreSQL server from the system's binaries, for tests that need the real engine."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
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


@pytest.fixture(scope="session")
def postgres_port() -> Iterator[int]:
    """A throwaway PostgreSQL cluster (fails loudly if the binaries are missing: a CI setup error)."""
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"PostgreSQL binaries not found in {PG_BIN}: install Debian's postgresql package (CI setup error)")
    base = Path(tempfile.mkdtemp(prefix="gh-pg-"))
    data = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    port = free_port()
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                 "--locale=C", "--no-sync"]), check=True, capture_output=True)
    options = (f"-p {port} -k {base} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
               "-c max_connections=200")
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(base / "log"),
                                 "start"]), check=True, capture_output=True)
    try:
        yield port
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def create_database(port: int, name: str) -> str:
    """An empty database on the throwaway server; returns its SQLAlchemy URL."""
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{name}"
