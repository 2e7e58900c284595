"""Vietnamese text folding: every letter with tone marks or a hook folds to its base Latin letter."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[0-9a-z]+")
# đ/Đ carry no combining mark, so NFD alone would keep them.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII form of `text`: "Vải thiều Lục Ngạn" -> "vai thieu luc ngan"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


def words(text: str) -> list[str]:
    """The folded words of `text` (letters and digits only)."""
    return _WORD.findall(fold(text))


def clean(text: str | None) -> str:
    """Trim and collapse inner white space; NFC so that the same word is stored one way."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).split())
