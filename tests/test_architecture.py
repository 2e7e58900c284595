"""The import-linter contracts of pyproject.toml hold: the core never imports Qt, and the
window never reaches into the database session internals."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: " in result.stdout and " broken" in result.stdout
    assert "0 broken" in result.stdout


def test_core_modules_do_not_mention_pyside():
    offenders = [p for p in (ROOT / "gianhang_desktop" / "core").rglob("*.py") if "PySide6" in p.read_text("utf-8")]
    assert offenders == []
