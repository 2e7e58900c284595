"""Writing text the way old Vietnamese Windows programs did (code page 1258)."""

from __future__ import annotations

import unicodedata

TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Code page 1258 has the shaped letters (â, ơ, ư, đ, …) but writes tone marks as combining
    characters after them, as Excel on a Vietnamese Windows saves "CSV"."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in TONES:
            out.append(ch)  # the tone mark goes after the shaped letter ("ộ" is "ô" + dot below)
        elif out and unicodedata.combining(ch):
            base = max(i for i, c in enumerate(out) if c not in TONES)
            out[base] = unicodedata.normalize("NFC", out[base] + ch)
        else:
            out.append(ch)
    return "".join(out).encode("cp1258")
