"""The installer script: per-user install, data kept, and it compiles with makensis.

The full release check (PyInstaller build, frozen app run, makensis against the real bundle)
takes minutes and is run on its own: `bash installer/release_check.sh` (see the README).
"""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]



def test_the_nsis_script_keeps_data_and_installs_per_user():
    nsi = (ROOT / "installer" / "gianhang.nsi").read_text("utf-8")
    assert "RequestExecutionLevel user" in nsi and "Unicode true" in nsi
    assert '"$LOCALAPPDATA\\Programs\\GianHang"' in nsi
    assert "Xoá cả dữ liệu" in nsi and "Also delete my data" in nsi
    assert "StrCpy $DeleteData ${BST_UNCHECKED}" in nsi  # unticked unless the user ticks it


def test_the_nsis_script_compiles_against_a_bundle(tmp_path):
    assert shutil.which("makensis"), "makensis is missing: install Debian's nsis package (.ci/run does)"
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
