"""An in-memory credential store, so tests never touch the real one (and can see what was saved)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """keyring's interface over a dict: {(service, account): secret}."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@contextmanager
def in_memory_keyring() -> Iterator[MemoryKeyring]:
    """Use a fresh MemoryKeyring inside the block (and forget the server passwords kept for the session)."""
    from gianhang_desktop.core.postgres import connection

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
        connection._memory.clear()
