"""Text as the app keeps it: one Unicode form (NFC) without control characters, and Vietnamese folding.

Every piece of text that enters the system (command-line arguments, window fields, spreadsheet
cells, CSV files, the store's feed, the server's API) goes through `normalize_text`, usually by
way of `clean` (one line) or `clean_multiline` (notes and descriptions).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[0-9a-z]+")
# đ/Đ carry no combining mark, so NFD alone would keep them.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})

# Invisible characters that only ever get in the way of a product name, an address or a code:
# zero-width space, word joiner, BOM, soft hyphen, Mongolian vowel separator, bidi marks, embeddings,
# overrides and isolates (a "Trojan Source" override can make a name read backwards).
_INVISIBLE = frozenset(
    "\u00ad\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\ufeff\ufff9\ufffa\ufffb"
)
_JOINERS = frozenset("\u200c\u200d")  # kept only inside emoji sequences (👨‍👩‍👧)
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u0085\u2028\u2029\x0b\x0c]")
# Anything normalize_text may have to change besides NFC; most text has none (one regex search).
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff"
                      + "".join(sorted(_INVISIBLE | _JOINERS)) + "]")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str | None, *, multiline: bool = False) -> str:
    """NFC text without control or invisible characters; nothing else changes.

    Line breaks (CR LF, CR, NEL, U+2028/2029, vertical tab, form feed) become "\\n" when
    `multiline`, a space otherwise; a tab becomes a space. Every other C0/C1 control character
    (NUL, STX, ESC, DEL, …), zero-width space, BOM, soft hyphen and bidirectional control is
    removed; zero-width joiners survive only between two emoji.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    if _SUSPECT.search(text) is None:
        return text
    text = _LINE_BREAKS.sub("\n" if multiline else " ", text)
    out: list[str] = []
    for i, ch in enumerate(text):
        code = ord(ch)
        if ch == "\n":
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
        elif code < 0x20 or 0x7F <= code <= 0x9F or ch in _INVISIBLE:
            continue
        elif ch in _JOINERS:
            if out and _is_emoji(out[-1]) and i + 1 < len(text) and _is_emoji(text[i + 1]):
                out.append(ch)
        elif unicodedata.category(ch) in ("Cs", "Co", "Cn") and not _is_emoji(ch):
            continue  # lone surrogates, private-use and unassigned code points
        else:
            out.append(ch)
    # Removing characters can leave a decomposed pair behind (e.g. "e", ZWSP, U+0301).
    return unicodedata.normalize("NFC", "".join(out))


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF or ch == "\ufe0f"


def clean(text: str | None) -> str:
    """One line of text: normalised (`normalize_text`), trimmed, inner white space collapsed."""
    if text is None:
        return ""
    return " ".join(normalize_text(text).split())


def clean_multiline(text: str | None) -> str:
    """Text that may hold line breaks (notes, descriptions): normalised, every line trimmed at its
    end, no more than one empty line in a row, no blank lines at either end."""
    if text is None:
        return ""
    lines = [" ".join(line.split()) if line.strip() else "" for line in normalize_text(text, multiline=True).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n ")


def normalize_data(value: Any) -> Any:
    """Every string inside `value` (dicts, lists, tuples) passed through `normalize_text(multiline=True)`;
    for data arriving as JSON (the store's feed) before any field is read."""
    if isinstance(value, str):
        return normalize_text(value, multiline=True)
    if isinstance(value, Mapping):
        return {normalize_data(k): normalize_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(normalize_data(v) for v in value)
    return value


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII form of `text`: "Vải thiều Lục Ngạn" -> "vai thieu luc ngan"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


def words(text: str) -> list[str]:
    """The folded words of `text` (letters and digits only)."""
    return _WORD.findall(fold(text))
