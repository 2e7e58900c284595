"""Refresh the window's translations: lupdate over ALL of gianhang_desktop/gui (every area's strings),
keeping the translations already in the .ts, then lrelease to the .qm the app loads.

    python tools/update_translations.py          # after adding or changing self.tr("…") strings

Then open resources/i18n/gianhang_en.ts in Qt Linguist (pyside6-linguist), translate
the new (unfinished) messages, and run this script again to compile.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUI = ROOT / "gianhang_desktop" / "gui"
TS = ROOT / "resources" / "i18n" / "gianhang_en.ts"


def tool(name: str) -> str:
    """The pyside6-* tool next to this Python, else on PATH."""
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: pip install PySide6")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in GUI.rglob("*.py") if "__pycache__" not in p.parts)


def main() -> int:
    TS.parent.mkdir(parents=True, exist_ok=True)
    # -locations none keeps the .ts stable when code moves; obsolete messages are dropped.
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-source-language", "vi_VN", "-target-language", "en_GB",
                    "-locations", "none", "-no-obsolete", "-ts", str(TS.relative_to(ROOT))], cwd=ROOT, check=True)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(TS.with_suffix(".qm"))], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
