"""Run in a child process by test_restore_kill.py: restore (or finish a restore) and stop at one step.

    python restore_child.py DATA_DIR BACKUP_FILE STEP restore|finish

At STEP the child prints "STOPPED STEP" and waits forever, for the test to SIGKILL it; if it never
passes STEP it prints "FINISHED" (and the test fails): no timing is guessed.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from gianhang_desktop.core import restore, restore_journal


def main() -> None:
    data_dir, backup_file, stop_at, mode = sys.argv[1:5]

    def hook(name: str) -> None:
        if name == stop_at:
            print(f"STOPPED {name}", flush=True)
            threading.Event().wait()  # until killed

    restore_journal.STEP_HOOK = hook
    if mode == "restore":
        restore.restore_backup(Path(data_dir), Path(backup_file))
    else:
        restore_journal.finish_interrupted_restore(Path(data_dir))
    print("FINISHED", flush=True)


if __name__ == "__main__":
    main()
