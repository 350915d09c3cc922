"""Which script a text is in, and the base direction of a paragraph: str -> direction.

Uses Unicode bidi classes (unicodedata.bidirectional): R and AL are right-to-left strong
characters, L left-to-right. Direction follows the paper's language unless the text is
wholly in the other script, judged from all its letters, not the first one (UAX #9 P2 would
look only at the first strong letter: an Arabic sentence that starts with "HMC" stays RTL).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

from briefgen.model import Direction


@lru_cache(maxsize=8192)
def strong_counts(text: str) -> tuple[int, int]:
    """How many right-to-left and left-to-right strong characters `text` has (each text
    counted once: the writers ask again for every paragraph on every pass). Counted by
    character, each character's class looked up once (a paper's text has a few hundred)."""
    rtl = ltr = 0
    for ch, count in Counter(text).items():
        kind = _STRONG.get(ch)
        if kind is None:
            kind = _STRONG[ch] = _strong(ch)
        if kind == "R":
            rtl += count
        elif kind == "L":
            ltr += count
    return rtl, ltr


_STRONG: dict[str, str] = {}  # character -> "R" (classes R, AL), "L", or "" (any other)


def _strong(ch: str) -> str:
    kind = unicodedata.bidirectional(ch)
    return "R" if kind in ("R", "AL") else "L" if kind == "L" else ""


def has_rtl(text: str) -> bool:
    """True when `text` has any right-to-left letter."""
    return strong_counts(text)[0] > 0


def paragraph_direction(text: str, lang: str) -> Direction:
    """The base direction of a paragraph of a paper in `lang` ("ar" or "en")."""
    rtl, ltr = strong_counts(text)
    if lang == "ar":
        return "ltr" if ltr and not rtl else "rtl"
    return "rtl" if rtl and not ltr else "ltr"
