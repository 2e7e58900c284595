"""Staff tests hash with argon2's cheapest parameters (the real ones cost ~0.7 s a hash here);
`test_the_app_hashes_with_rfc_9106_parameters` checks the real ones."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, profiles

from gianhang_desktop.core.staff import passwords


@pytest.fixture(autouse=True)
def cheap_hashes(request, monkeypatch):
    if "real_hashes" in request.keywords:
        return
    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST)
    monkeypatch.setattr(passwords, "_hasher", lambda: cheap)


def pytest_configure(config):
    config.addinivalue_line("markers", "real_hashes: hash passwords with the app's real argon2 parameters")
