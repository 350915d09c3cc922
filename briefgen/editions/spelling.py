"""When does a change only correct spelling? text -> its spelling key; two texts whose keys
are equal differ in spelling or letter forms only.

The key of a text, in order:
 1. each variant of spellings.toml (beside the fact base; facts/spelling.py reads it for the
    checks) replaced by its canonical spelling, as the check finds variants: an Arabic one
    inside words too (أميركي in الأميركية), harakat aside; an English one as a whole word
    or phrase;
 2. Unicode compatibility forms folded (NFKC: presentation forms -> letters);
 3. Persian and Urdu letters written as Arabic ones (ی ک ھ ہ ە ۀ -> ي ك ه ه ه ه), hamza
    seats and alef forms folded (أ إ آ ٱ -> ا, ؤ ئ -> ء, ى -> ي),
    ta marbuta as ha (ة -> ه), harakat and tatweel dropped, every digit as a Western digit;
 4. Latin letters without their accents, case folded;
 5. white space, punctuation and format characters (ZWNJ, bidi marks) dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from briefgen.facts.seeds import unmarked
from briefgen.facts.spelling import load_spellings as load_table

_LETTERS = str.maketrans({
    "\u06cc": "\u064a", "\u0649": "\u064a",  # ی ى -> ي
    "\u06a9": "\u0643",  # ک -> ك
    "\u06be": "\u0647", "\u06c1": "\u0647", "\u06d5": "\u0647", "\u06c0": "\u0647",
    "\u0629": "\u0647",  # ھ ہ ە ۀ ة -> ه
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # أ إ آ ٱ
    "\u0624": "\u0621", "\u0626": "\u0621",  # ؤ ئ -> ء (مسؤول, مسئول)
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian) digits
})  # fmt: skip
_DROPPED_CATEGORIES = ("P", "Z", "Cc", "Cf", "Mn")


@dataclass
class Spellings:
    """The canonical spelling of each listed variant, per language."""

    variants: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> variant -> canonical
    _tables: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict, init=False,
                                                           repr=False)

    def __post_init__(self) -> None:
        self._tables = {lang: tuple(sorted(table.items()))
                        for lang, table in self.variants.items() if table}

    def key(self, text: str, lang: str) -> str:
        """The spelling key of a text in `lang` (see the module's docstring)."""
        return _key(text, lang, self._tables.get(lang, ()))

    def same(self, old: str, new: str, lang: str) -> bool:
        """Whether two texts differ in spelling or letter forms only (or not at all)."""
        return old == new or self.key(old, lang) == self.key(new, lang)


@lru_cache(maxsize=1 << 14)  # the same texts come again in every comparison (--watch)
def _key(text: str, lang: str, table: tuple[tuple[str, str], ...]) -> str:
    if table:
        pattern, canonical = _variants(lang, table)
        text = pattern.sub(lambda m: canonical[m.group(0)], unmarked(text))
    text = unicodedata.normalize("NFKC", text).translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text).casefold()
    return "".join(ch for ch in text
                   if not unicodedata.category(ch).startswith(_DROPPED_CATEGORIES)
                   and ch != "\u0640")  # tatweel


@lru_cache(maxsize=8)
def _variants(lang: str, table: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """The pattern that finds a language's variants, and the canonical spelling of each."""
    words = "|".join(re.escape(unmarked(v)) for v, _ in sorted(table, key=lambda vc: len(vc[0]),
                                                                 reverse=True))
    whole = (r"(?<![\w-])", r"(?![\w-])") if lang == "en" else ("", "")
    return (re.compile(f"{whole[0]}(?:{words}){whole[1]}"),
            {unmarked(v): c for v, c in table})


def load_spellings(facts: Path) -> Spellings:
    """The variants of the spellings table beside the fact base (none without a table; the
    checks' loader, facts/spelling.py, refuses a malformed one)."""
    table = load_table(facts)
    variants: dict[str, dict[str, str]] = {}
    for row in table.rows if table else []:
        variants.setdefault(row.lang, {})[row.variant] = row.canonical
    return Spellings(variants)
