"""Fixtures of the spreadsheet tests: messy files built with openpyxl."""

from __future__ import annotations

from pathlib import Path

import pytest
from spreadsheet_files import build_messy_xlsx


@pytest.fixture
def messy_xlsx(tmp_path) -> Path:
    return build_messy_xlsx(tmp_path)
