"""Guard against a Qt binding that leaks or drops references to None on ordinary calls.

PySide6 6.12.0 on Python 3.11 drops one reference to None per call of a method returning nothing
(`setValue`, `processEvents`, …) and the interpreter aborts with "deallocating None" after a few
thousand calls, i.e. minutes into a real session. pyproject pins a version without the bug.
"""

import sys


def test_void_calls_keep_none_refcount_stable(qapp):
    from PySide6.QtWidgets import QProgressBar

    bar = QProgressBar()
    before = sys.getrefcount(None)
    for i in range(2_000):
        bar.setValue(i % 100)
        qapp.processEvents()
    assert abs(sys.getrefcount(None) - before) < 100
