"""When does a change only correct spelling? text -> its spelling key; two texts whose keys
are equal differ in spelling or letter forms only.

The key of a text, in order:
 1. each variant listed in spellings.toml (beside the fact base) replaced by its canonical
    spelling, whole words only: [[ar]] / [[en]] entries with `canonical` and `variants`;
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
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.tomlfile import read_toml

SPELLINGS_FILE = "spellings.toml"
LANGS = ("ar", "en")

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
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for lang, table in self.variants.items():
            if table:
                words = "|".join(re.escape(v) for v in sorted(table, key=len, reverse=True))
                self._patterns[lang] = re.compile(rf"(?<!\w)(?:{words})(?!\w)")

    def key(self, text: str, lang: str) -> str:
        """The spelling key of a text in `lang` (see the module's docstring)."""
        pattern = self._patterns.get(lang)
        if pattern is not None:
            text = pattern.sub(lambda m: self.variants[lang][m.group(0)], text)
        text = unicodedata.normalize("NFKC", text).translate(_LETTERS)
        text = unicodedata.normalize("NFKD", text).casefold()
        return "".join(ch for ch in text
                       if not unicodedata.category(ch).startswith(_DROPPED_CATEGORIES)
                       and ch != "\u0640")  # tatweel

    def same(self, old: str, new: str, lang: str) -> bool:
        """Whether two texts differ in spelling or letter forms only (or not at all)."""
        return old == new or self.key(old, lang) == self.key(new, lang)


def load_spellings(facts: Path) -> Spellings:
    """The spellings table beside the fact base (no table: letter forms only); InputError
    naming the file when an entry is not `canonical = ".."` with `variants = [..]`."""
    path = facts.parent / SPELLINGS_FILE
    if not path.exists():
        return Spellings()
    _, data = read_toml(path, "the spellings table", f"beside {facts.name}")
    variants: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        entries = data.get(lang, [])
        if not isinstance(entries, list):
            raise InputError([Problem(path, None, f"{lang} must be written [[{lang}]]")])
        table = variants.setdefault(lang, {})
        for number, entry in enumerate(entries, start=1):
            canonical = entry.get("canonical") if isinstance(entry, dict) else None
            spelled = entry.get("variants") if isinstance(entry, dict) else None
            if not isinstance(canonical, str) or not isinstance(spelled, list) or not all(
                    isinstance(v, str) and v for v in spelled):
                raise InputError([Problem(path, None, (
                    f"[[{lang}]] entry {number} needs canonical = \"..\" and "
                    "variants = [\"..\", ..]"))])
            table.update(dict.fromkeys(spelled, canonical))
    return Spellings(variants)
