"""Shared fixtures: a migrated template database copied per test (fast), and a CLI runner."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("GIANHANG_LANG", None)
os.environ.pop("GIANHANG_DATA_DIR", None)
os.environ.pop("GIANHANG_DB_URL", None)

from gianhang_desktop.core.database import Database  # noqa: E402
from gianhang_desktop.core.paths import DB_FILENAME  # noqa: E402


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


@pytest.fixture
def data_dir(tmp_path, template_dir) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy2(template_dir / DB_FILENAME, folder / DB_FILENAME)
    return folder


@pytest.fixture
def db(data_dir) -> Database:
    database = Database.open(data_dir)
    yield database
    database.dispose()


@pytest.fixture
def run_cli(data_dir):
    """Run `gianhang --data-dir <data_dir> ARGS…` in-process; returns (exit code, stdout, stderr)."""
    from gianhang_desktop.cli import main

    def run(*args: str, data: Path | None = None, env: dict[str, str] | None = None):
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
