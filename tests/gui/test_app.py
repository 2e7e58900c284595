"""The entry point: --screenshot on real data, --version, and the log file in the data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gianhang_desktop.core.catalog import service as catalog

ROOT = Path(__file__).resolve().parents[2]


def test_screenshot_command_saves_the_window(data_dir, db, tmp_path):
    catalog.add_product(db, "VT-001", "Vải thiều Thanh Hà", 120_000, unit="kg")
    db.dispose()
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), "--screenshot", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (data_dir / "logs" / "gianhang.log").exists()
    assert not (data_dir / "settings.json").exists()  # a screenshot leaves the user's settings alone


def test_version_flag():
    result = subprocess.run([sys.executable, "main.py", "--version"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert result.returncode == 0 and "Gian Hàng Desktop" in result.stdout


def test_main_window_remembers_the_last_page(qtbot, ctx):
    from gianhang_desktop.core.settings import Settings
    from gianhang_desktop.gui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show_page("stock")
    window.close()
    assert Settings.load(ctx.data_dir).last_page == "stock"
    assert Settings.load(ctx.data_dir).window_geometry
