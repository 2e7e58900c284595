"""The background-work contract: long core functions take a progress callback and a cancel token."""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import GianHangError
from .i18n import msg

ProgressFn = Callable[[float, str], None]
"""Called with a fraction in 0..1 and a short message for the user."""


class Cancelled(GianHangError):
    """The user cancelled the work; whatever was done is rolled back by the caller's transaction."""

    def __init__(self) -> None:
        super().__init__(msg("Đã huỷ", "Cancelled"))


class CancelToken:
    """A flag the worker polls; any thread may set it."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def report(progress: ProgressFn | None, fraction: float, message: str = "") -> None:
    """Call `progress` if there is one, clamping the fraction."""
    if progress is not None:
        progress(max(0.0, min(1.0, fraction)), message)
