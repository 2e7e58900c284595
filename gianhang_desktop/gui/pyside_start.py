"""A faster answer to the question PySide6 asks about every imported module.

Once PySide6 is loaded, its `__feature__` support (snake_case, true_property) asks of every module
imported from then on, and of every module imported before, whether it uses PySide6: by reading the
module's whole source with inspect.getsource(), which also keeps each source in linecache. When the
database layer loads after the window is up, that is some 400 modules (SQLAlchemy's among them):
about 150 ms of the time until every page can be used, and megabytes of sources kept in memory.

`install()` answers the same question, from the same source file, by searching its bytes; anything
else (no source file, a frozen app) goes to PySide6's own function. Call it before importing
PySide6.QtCore (tests/gui/test_quick_start.py checks both give the same answers).
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)
_MARK = "_gianhang_reads_bytes"


def install() -> bool:
    """Replace shibokensupport's source check; False if this PySide6 has none to replace."""
    try:
        import shiboken6  # noqa: F401 - loads shibokensupport, before PySide6.QtCore starts using it
        import shibokensupport.feature as feature
    except ImportError:
        return False
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None:
        log.info("This PySide6 has no _mod_uses_pyside: nothing to speed up")
        return False
    if getattr(original, _MARK, False):
        return True

    def mod_uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return original(module)

    setattr(mod_uses_pyside, _MARK, True)
    mod_uses_pyside.original = original
    feature._mod_uses_pyside = mod_uses_pyside
    return True
