"""Named points where a crash test may stop this process: the kill-point hook.

Crash-safety tests must kill a long operation (a sync, a restore) at a chosen moment every time,
not "somewhere after 0.3 s". The code calls ``reached("push.answered")`` at each point that
matters. Normally that is one dictionary lookup and nothing happens. A test runs the command in
a child process with two environment variables:

- ``GIANHANG_KILL_AT=point`` or ``point#n`` (the n-th time the point is reached, default 1);
- ``GIANHANG_KILL_FILE=path``: when the process gets there, it writes the point's name to this
  file (atomically) and then waits, doing nothing, until it is killed.

The test waits for the file, sends SIGKILL, and checks what the next run makes of the state the
process left. Nothing depends on timing: the child stops exactly at the point and stays there.
"""

from __future__ import annotations

import os
import time
from collections import Counter

KILL_AT = "GIANHANG_KILL_AT"
KILL_FILE = "GIANHANG_KILL_FILE"
# A child nobody kills (its test died) gives up after this long instead of hanging forever.
MAX_WAIT_SECONDS = 600
EXIT_NOT_KILLED = 70

_counts: Counter[str] = Counter()


def reached(point: str) -> None:
    """Mark that the process got to `point`; stop here if a test asked for it (see the module doc)."""
    spec = os.environ.get(KILL_AT)
    if not spec:
        return
    name, _, nth = spec.partition("#")
    if name != point:
        return
    _counts[point] += 1
    if _counts[point] != int(nth or 1):
        return
    announce = os.environ.get(KILL_FILE)
    if announce:
        tmp = f"{announce}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(f"{point}#{_counts[point]}\n")
        os.replace(tmp, announce)
    deadline = time.monotonic() + MAX_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(1.0)
    os._exit(EXIT_NOT_KILLED)
