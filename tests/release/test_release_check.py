"""The release check (installer/release_check.sh) as a test: minutes long, so only on request.

    GIANHANG_RELEASE_CHECK=1 python -m pytest tests/release/test_release_check.py -m release
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]



@pytest.mark.release
@pytest.mark.skipif(os.environ.get("GIANHANG_RELEASE_CHECK") != "1",
                    reason="builds the installer for minutes: set GIANHANG_RELEASE_CHECK=1")
def test_release_check_builds_runs_and_packages_the_frozen_app():
    if shutil.which("makensis") is None:
        pytest.skip("makensis (Debian package nsis) is missing")
    env = dict(os.environ, PYTHON=sys.executable)
    result = subprocess.run(["bash", str(ROOT / "installer" / "release_check.sh")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=3600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "release check OK" in result.stdout


def test_the_nsis_script_keeps_data_and_installs_per_user():
    nsi = (ROOT / "installer" / "gianhang.nsi").read_text("utf-8")
    assert "RequestExecutionLevel user" in nsi and "Unicode true" in nsi
    assert '"$LOCALAPPDATA\\Programs\\GianHang"' in nsi
    assert "Xoá cả dữ liệu" in nsi and "Also delete my data" in nsi
    assert "StrCpy $DeleteData ${BST_UNCHECKED}" in nsi  # unticked unless the user ticks it


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (Debian package nsis) is missing")
def test_the_nsis_script_compiles_against_a_bundle(tmp_path):
    bundle = tmp_path / "GianHang"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "GianHang.exe").write_bytes(b"MZ" + b"\0" * 100)
    (bundle / "gianhang.exe").write_bytes(b"MZ" + b"\0" * 100)
    (bundle / "_internal" / "base_library.zip").write_bytes(b"PK")
    out = tmp_path / "GianHang-9.8.7-setup.exe"
    result = subprocess.run(
        ["makensis", "-V2", "-DCOMPRESSOR=zlib", "-DVERSION=9.8.7", f"-DBUNDLE_DIR={bundle}", f"-DOUTFILE={out}",
         str(ROOT / "installer" / "gianhang.nsi")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.stat().st_size > 50_000
