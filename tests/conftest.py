"""Shared fixtures: a migrated template database copied per test (fast), and a CLI runner."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples every run (a property test must not turn a run red by luck);
# locally hypothesis keeps exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("GIANHANG_LANG", None)
os.environ.pop("GIANHANG_DATA_DIR", None)
os.environ.pop("GIANHANG_DB_URL", None)

from gianhang_desktop.core.database import Database  # noqa: E402
from gianhang_desktop.core.paths import DB_FILENAME  # noqa: E402
from tests.postgres import postgres_server  # noqa: E402,F401


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory) -> Path:
    """A data folder migrated once per test session; tests get copies of its database."""
    folder = tmp_path_factory.mktemp("template")
    db = Database.open(folder)
    db.dispose()
    # Fold the WAL into the main file so a plain copy is complete.
    import sqlite3

    con = sqlite3.connect(folder / DB_FILENAME)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return folder


# The core runs on SQLite (one PC) and PostgreSQL (several PCs): every test that uses `db` (or
# `fresh_db`) runs once per engine, through `db_engine` below. Exceptions, never silent:
# - window tests (they use `qapp`/`qtbot`) run on SQLite only: the window reaches the database
#   only through the core's services, which their own tests cover on both engines;
# - `@pytest.mark.sqlite_only("why")` marks a test about SQLite itself (its file, its pragmas);
# - `@pytest.mark.postgresql_only("why")` one about the server (several PCs, LISTEN/NOTIFY).
ENGINES = ("sqlite", "postgresql")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): a test about SQLite itself; not run on PostgreSQL")
    config.addinivalue_line("markers", "postgresql_only(reason): a test about the shared server; not run on SQLite")


def pytest_generate_tests(metafunc):
    if "db_engine" not in metafunc.fixturenames:
        return
    only = {}
    for engine in ENGINES:
        marker = metafunc.definition.get_closest_marker(f"{engine}_only")
        if marker is not None:
            if not (marker.args or marker.kwargs.get("reason")):
                raise pytest.UsageError(f"{metafunc.definition.nodeid}: {engine}_only needs the reason")
            only[engine] = marker
    window = {"qapp", "qtbot"} & set(metafunc.fixturenames)
    if window or "sqlite" in only:
        engines = ["sqlite"]
    elif "postgresql" in only:
        engines = ["postgresql"]
    else:
        engines = list(ENGINES)
    metafunc.parametrize("db_engine", engines, indirect=True, scope="function")


@pytest.fixture
def db_engine(request) -> str:
    """"sqlite" or "postgresql": the engine the test's databases are made on."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_template(request) -> str:
    """A database migrated once per session on the session's throwaway PostgreSQL; tests get
    copies (`CREATE DATABASE … TEMPLATE`, a file copy: far faster than migrating)."""
    server = request.getfixturevalue("postgres_server")
    name = "gh_template"
    folder = request.getfixturevalue("tmp_path_factory").mktemp("pg-template")
    Database.open(folder, url=server.create_database(name)).dispose()
    return name


@pytest.fixture
def data_dir(tmp_path, template_dir, request) -> Path:
    """The test's data folder; on SQLite it holds a copy of the migrated template database."""
    folder = tmp_path / "data"
    folder.mkdir()
    if _engine_of(request) == "sqlite":
        shutil.copy2(template_dir / DB_FILENAME, folder / DB_FILENAME)
    return folder


def _engine_of(request) -> str:
    return request.getfixturevalue("db_engine") if "db_engine" in request.fixturenames else "sqlite"


@pytest.fixture
def fresh_db(db_engine, data_dir, template_dir, tmp_path_factory, request):
    """fresh_db(): a fresh migrated database on the test's engine (the first one in `data_dir`);
    each is disposed (and on PostgreSQL dropped) after the test."""
    made: list[tuple[Database, str | None]] = []

    def make() -> Database:
        folder = data_dir if not made else tmp_path_factory.mktemp("db")
        if db_engine == "sqlite":
            if made:
                shutil.copy2(template_dir / DB_FILENAME, folder / DB_FILENAME)
            database, name = Database.open(folder), None
        else:
            server = request.getfixturevalue("postgres_server")
            name = "t_" + uuid.uuid4().hex[:16]
            database = Database.open(folder, url=server.create_database(name, template=request.getfixturevalue("pg_template")))
        made.append((database, name))
        return database

    yield make
    for database, name in made:
        database.dispose()
        if name is not None:
            request.getfixturevalue("postgres_server").drop_database(name)


@pytest.fixture
def db(fresh_db) -> Database:
    """The test's database, migrated, on SQLite and on PostgreSQL (see `db_engine`)."""
    return fresh_db()


@pytest.fixture
def run_cli(data_dir, request):
    """Run `gianhang --data-dir <data_dir> ARGS…` in-process; returns (exit code, stdout, stderr).

    In a test on PostgreSQL that also uses `db`, the commands work on that database
    (GIANHANG_DB_URL), as on a PC of a cooperative sharing one server.
    """
    from gianhang_desktop.cli import main

    shared = {}
    if _engine_of(request) == "postgresql" and "db" in request.fixturenames:
        shared["GIANHANG_DB_URL"] = request.getfixturevalue("db").url

    def run(*args: str, data: Path | None = None, env: dict[str, str] | None = None):
        env = {**shared, **(env or {})}
        out, err = io.StringIO(), io.StringIO()
        old_env = {k: os.environ.get(k) for k in (env or {})}
        os.environ.update(env or {})
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["--data-dir", str(data or data_dir), *args])
        finally:
            for key, value in old_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        return code, out.getvalue(), err.getvalue()

    return run


@pytest.fixture
def tasks(qtbot):
    """The window's task runner (gui/tasks.py: one database writer, a pool), shut down afterwards."""
    from gianhang_desktop.gui.tasks import TaskRunner

    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def ctx(qtbot, db, data_dir, tasks):
    """The window's application context (gui/context.py) on the test database: pages and tabs are
    built from it, as in the window. Its settings are the data folder's; closed afterwards."""
    from gianhang_desktop.core.settings import Settings
    from gianhang_desktop.gui.context import AppContext, SettingsHub

    context = AppContext(db=db, tasks=tasks, settings=SettingsHub(data_dir, Settings.load(data_dir)))
    yield context
    context.close()
