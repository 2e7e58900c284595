#!/usr/bin/env bash
# The release check on Linux: build the PyInstaller bundle from installer/gianhang.spec into a
# temporary folder, run the frozen app (--version; --screenshot offscreen on a fresh data folder;
# the console command's init/backup/restore), and compile installer/gianhang.nsi with makensis
# against that bundle. Prints the duration and the sizes. KEEP=1 keeps the temporary folder.
#
#   bash installer/release_check.sh            # uses $PYTHON, else .venv/bin/python, else python3
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
command -v makensis >/dev/null || { echo "makensis is missing (apt-get install nsis)" >&2; exit 1; }
"$PYTHON" -c "import PyInstaller" 2>/dev/null || { echo "PyInstaller is missing: pip install -e '.[release]'" >&2; exit 1; }

work=$(mktemp -d -t gianhang-release-XXXXXX)
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$work"' EXIT; fi
start=$(date +%s)
step() { printf '[%4ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

version=$("$PYTHON" -c "import gianhang_desktop; print(gianhang_desktop.__version__)")
step "building Gian Hàng Desktop $version with PyInstaller into $work"
"$PYTHON" -m PyInstaller installer/gianhang.spec --noconfirm --log-level WARN \
  --distpath "$work/dist" --workpath "$work/build" > "$work/pyinstaller.log" 2>&1 \
  || { tail -40 "$work/pyinstaller.log"; exit 1; }
bundle="$work/dist/GianHang"
build_done=$(date +%s)

step "frozen app: --version"
out=$("$bundle/GianHang" --version)
[[ "$out" == *"$version"* ]] || { echo "GianHang --version said: $out" >&2; exit 1; }
out=$("$bundle/gianhang" --version)
[[ "$out" == *"$version"* ]] || { echo "gianhang --version said: $out" >&2; exit 1; }

step "frozen app: --screenshot offscreen on a fresh data folder"
QT_QPA_PLATFORM=offscreen "$bundle/GianHang" --data-dir "$work/data" --screenshot "$work/shot.png"
"$PYTHON" - "$work/shot.png" <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("L")
lo, hi = im.getextrema()
assert im.size[0] >= 400 and im.size[1] >= 300, im.size
assert hi - lo > 50, f"blank screenshot {lo}..{hi}"
print(f"  screenshot {im.size[0]}x{im.size[1]} ok")
PY
[[ -f "$work/data/gianhang.sqlite3" ]] || { echo "no database created by the frozen app" >&2; exit 1; }

step "frozen console command: migrations, demo, backup, restore"
"$bundle/gianhang" --data-dir "$work/cli" demo --products 20 > /dev/null
"$bundle/gianhang" --data-dir "$work/cli" backup --out "$work/b.zip" > /dev/null
"$bundle/gianhang" --data-dir "$work/cli" restore "$work/b.zip" > /dev/null
"$bundle/gianhang" --data-dir "$work/cli" search "vai thieu" --json > /dev/null

step "makensis against the bundle (compressor ${NSIS_COMPRESSOR:=zlib}; NSIS_COMPRESSOR=lzma as released)"
makensis -V2 -DCOMPRESSOR="$NSIS_COMPRESSOR" -DVERSION="$version" -DBUNDLE_DIR="$bundle" -DOUTFILE="$work/GianHang-$version-setup.exe" \
  installer/gianhang.nsi
[[ -s "$work/GianHang-$version-setup.exe" ]]

end=$(date +%s)
bundle_mb=$(du -sm "$bundle" | cut -f1)
setup_mb=$(( $(stat -c %s "$work/GianHang-$version-setup.exe") / 1048576 ))
echo "release check OK: build $(( build_done - start ))s, total $(( end - start ))s;" \
     "bundle ${bundle_mb} MB, setup.exe ${setup_mb} MB (Linux bundle)"
