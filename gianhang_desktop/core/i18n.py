"""Bilingual user-facing messages of the core; Vietnamese is the source of truth."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("vi", "en")


def current_language() -> str:
    """The language for core messages: GIANHANG_LANG (vi or en), Vietnamese by default."""
    lang = os.environ.get("GIANHANG_LANG", "vi").strip().lower()[:2]
    return lang if lang in LANGUAGES else "vi"


@dataclass(frozen=True)
class Msg:
    """A message in Vietnamese and English with named parameters filled in on display."""

    vi: str
    en: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        template = self.en if (lang or current_language()) == "en" else self.vi
        return template.format(**self.params) if self.params else template

    def __str__(self) -> str:
        return self.text()


def msg(vi: str, en: str, **params: Any) -> Msg:
    """Build a bilingual message; `{name}` placeholders are filled from params."""
    return Msg(vi, en, params)
