"""What a barcode scanner typed, cleaned and looked up: the one scan path of the CLI and the window.

A USB "keyboard wedge" scanner types its code as key presses. What arrives can carry:

* an AIM symbology identifier (ISO/IEC 15424: "]" + a symbology letter + a modifier, e.g.
  "]E0" EAN-13, "]E4" EAN-8, "]C1" GS1-128, "]Q1" QR, "]d2" GS1 DataMatrix);
* framing control characters (STX before, ETX/EOT after, CR, LF, Tab);
* a GS1 element string, "(01)08934567890120(17)261130" or "0108934567890120…" with FNC1 as GS;
* the changes of a Vietnamese keyboard (Unikey/EVKey) left on: in Telex "SW-100" becomes
  "SƯ-100" (w → ư, aa → â, dd → đ, s/f/r/x/j add tones), in VNI "D9-100" becomes "Đ-100".

`normalize_scan` removes the first three; `lookup_scan` tries the code as it is, then the
key sequences a Vietnamese keyboard could have turned into it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.sql.elements import ColumnElement

from ..database import Database
from ..text import normalize_text
from . import validation as v
from .gtin import gtin14
from .models import Product
from .views import ProductView

# "]" + symbology code character + modifier character (ISO/IEC 15424 section 4).
_AIM = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
# Identifiers of symbologies whose data is a GS1 element string.
_GS1_AIM = frozenset({"]C1", "]e0", "]e1", "]e2", "]e3", "]d2", "]Q3", "]J1"})
_GS = "\x1d"  # FNC1 inside GS1 data
_BRACKETED_GTIN = re.compile(r"^\(01\)(\d{14})")
_RAW_GTIN = re.compile(r"^01(\d{14})")
MAX_CANDIDATES = 48


@dataclass(frozen=True)
class ScanMatch:
    """The product a scan found, the code that matched, and the keyboard scheme that had changed it."""

    product: ProductView
    code: str
    keyboard: str | None = None  # "telex" or "vni" when the scan was read back through Unikey/EVKey

    @property
    def vietnamese_typing(self) -> bool:
        return self.keyboard is not None


def normalize_scan(raw: str | None) -> str:
    """The code a scanner meant: framing controls, the AIM identifier and GS1 wrapping removed.

    "\\x02]E08934567890120\\x03\\r" → "8934567890120"; "]C10108934567890120\\x1d10LOT1" →
    "08934567890120" (the GTIN of a GS1 element string); "  sw-100\\t" → "sw-100".
    """
    text = unicodedata.normalize("NFC", raw or "")
    # Everything below a space but GS (which separates GS1 fields) is framing: STX, ETX, EOT, CR…
    text = "".join(ch for ch in text if ch == _GS or ord(ch) >= 0x20).strip()
    aim = _AIM.match(text)
    symbology = aim.group(0) if aim else ""
    if aim:
        text = text[3:]
    gtin = _gs1_gtin(text, symbology in _GS1_AIM)
    if gtin is not None:
        return gtin
    return normalize_text(text.replace(_GS, "")).strip()


def _gs1_gtin(text: str, gs1: bool) -> str | None:
    found = _BRACKETED_GTIN.match(text) or (_RAW_GTIN.match(text) if gs1 or _GS in text else None)
    if found is None and gs1 is False and len(text) > 16 and text.startswith("01"):
        found = _RAW_GTIN.match(text) if gtin14(text[2:16]) and not text[16:].isdigit() else None
    if found is not None and gtin14(found.group(1)):
        return found.group(1)
    return None


def code_condition(codes: list[str]) -> ColumnElement[bool]:
    """SQL: a product whose SKU (ignoring case) or GTIN (any form) is one of `codes`."""
    keys = sorted({v.sku_key(c) for c in codes if c})
    gtins = sorted({g for g in (gtin14(c) for c in codes) if g})
    conds = [Product.sku_key.in_(keys)] if keys else []
    if gtins:
        conds.append(Product.gtin.in_(gtins))
    return or_(*conds) if conds else Product.id.is_(None)


def scan_codes(query: str) -> list[str]:
    """The codes a typed or scanned `query` may stand for: itself (cleaned), then its Telex/VNI readings."""
    code = normalize_scan(query)
    if not code or " " in code:
        return [code] if code else []
    return [code] + [c for c, _ in keyboard_readings(code)]


def lookup_scan(db: Database, raw: str) -> ScanMatch | None:
    """The product a scan names (barcode in any GTIN form, or SKU), or None.

    The exact code is tried first; when it matches nothing and it holds Vietnamese letters,
    the key sequences Unikey/EVKey in Telex or VNI mode would have turned into it are tried.
    """
    from .service import product_view

    with db.read_session() as session:
        found = match_in_session(session, raw)
        return None if found is None else ScanMatch(product_view(session, found[0]), found[1], found[2])


def match_in_session(session, raw: str) -> tuple[Product, str, str | None] | None:
    """Session-level `lookup_scan`: (product row, the code that matched, "telex"/"vni" or None)."""
    code = normalize_scan(raw)
    if not code:
        return None
    found = _first(session, [code])
    if found is not None:
        return found[0], found[1], None
    readings = keyboard_readings(code)
    found = _first(session, [c for c, _ in readings]) if readings else None
    if found is None:
        return None
    return found[0], found[1], dict(readings)[found[1]]


def _first(session, codes: list[str]) -> tuple[Product, str] | None:
    products = list(session.scalars(select(Product).where(code_condition(codes))))
    if not products:
        return None
    for code in codes:  # in the order given: the most likely reading first
        gtin, key = gtin14(code), v.sku_key(code)
        for product in products:
            if (gtin is not None and product.gtin == gtin) or product.sku_key == key:
                return product, code
    return None


def new_product_prefill(scanned: str) -> dict[str, str]:
    """The editor's first values for a product made from an unknown scan: the barcode when the
    code is a valid GTIN, else the SKU (its Telex/VNI reading when a Vietnamese keyboard changed it)."""
    code = normalize_scan(scanned)
    if gtin14(code):
        return {"barcode": code}
    readings = keyboard_readings(code)
    return {"sku": readings[0][0] if readings else code}


# -- reading back through a Vietnamese keyboard -------------------------------------------------

_TONES = {"\u0301": ("s", "1"), "\u0300": ("f", "2"), "\u0309": ("r", "3"), "\u0303": ("x", "4"),
          "\u0323": ("j", "5")}
# Shape mark -> {base letter: (Telex key sequences after the base, VNI keys after the base)}.
_SHAPES = {
    "\u0302": {"a": (("a",), "6"), "e": (("e",), "6"), "o": (("o",), "6")},  # â ê ô
    "\u0306": {"a": (("w",), "8")},  # ă
    "\u031b": {"o": (("w", "["), "7"), "u": (("w", "]"), "7")},  # ơ ư
}


def has_vietnamese(text: str) -> bool:
    """True when `text` holds a letter only a Vietnamese keyboard would produce (ă, â, đ, ơ, ư, tones)."""
    return any(not ch.isascii() and ch.isalpha() for ch in text)


def keyboard_readings(text: str) -> list[tuple[str, str]]:
    """The ASCII key sequences Unikey/EVKey in Telex or VNI mode turn into `text`, most likely first,
    each with its scheme: "SƯ-100" → [("SW-100", "telex"), ("SUW-100", "telex"), …, ("SU7-100", "vni")].
    Empty when `text` holds no Vietnamese letter."""
    if not has_vietnamese(text):
        return []
    out: dict[str, str] = {}
    for scheme in ("telex", "vni"):
        for candidate in itertools.islice(_readings(text, scheme), MAX_CANDIDATES):
            out.setdefault(candidate, scheme)
    return list(out.items())


def _readings(text: str, scheme: str):
    # A run of letters is one "word" for the keyboard: its tone key may have been typed right after
    # the toned vowel or at the end of the word (Unikey places the mark itself).
    runs = re.findall(r"[^\W\d_]+|[\W\d_]+", text)
    options = [_run_options(run, scheme) if run[0].isalpha() else [run] for run in runs]
    for combo in itertools.product(*options):
        yield "".join(combo)


def _run_options(run: str, scheme: str) -> list[str]:
    letters: list[list[str]] = []
    tones: list[tuple[int, str]] = []
    for index, ch in enumerate(run):
        keys, tone = _letter_keys(ch, scheme)
        letters.append(keys)
        if tone:
            tones.append((index, tone))
    results: list[str] = []
    for spelled in itertools.product(*letters):
        if not tones:
            results.append("".join(spelled))
            continue
        after_vowel = list(spelled)
        for index, tone in tones:
            after_vowel[index] += tone
        results.append("".join(after_vowel))
        results.append("".join(spelled) + "".join(tone for _, tone in tones))
    return list(dict.fromkeys(results))


def _letter_keys(ch: str, scheme: str) -> tuple[list[str], str]:
    """(possible key sequences for the letter without its tone, the tone key or "")."""
    upper = ch.isupper()

    def cased(keys: str) -> str:
        return keys.upper() if upper else keys

    if ch in "đĐ":
        return [cased("dd" if scheme == "telex" else "d9")], ""
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if not base.isascii():
        return [ch], ""
    tone = ""
    shape_keys = [cased(base)]
    for mark in marks:
        if mark in _TONES:
            tone = cased(_TONES[mark][0 if scheme == "telex" else 1])
        elif mark in _SHAPES and base.lower() in _SHAPES[mark]:
            telex, vni = _SHAPES[mark][base.lower()]
            if scheme == "vni":
                shape_keys = [cased(base) + vni]
            else:
                shape_keys = [cased(base) + cased(k) for k in telex]
                if mark == "\u031b" and base.lower() == "u":
                    shape_keys.insert(0, cased("w"))  # Unikey's "w" alone types ư
        else:
            return [ch], ""
    return shape_keys, tone
