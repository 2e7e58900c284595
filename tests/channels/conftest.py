"""Channel tests: an in-memory keyring (or none), so tests never touch a real credential store."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from tests.keyrings import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(memory_keyring):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
