"""Canonical spellings: spellings.toml beside the fact base -> SpellingTable -> problems.

The table (optional: without the file there is no check) gives, per language, the one
spelling of a name or term in the papers' own text and the variants to refuse:

    [[ar]]
    canonical = "أمريكي"
    variants = ["أميركي", "امريكي"]
    [[en]]
    canonical = "Pentagon"
    variants = ["Defense Department", "Department of Defense"]
    note = "optional: why"

An Arabic variant matches inside words, prefixes and suffixes attached (الأميركية holds
أميركي), harakat and tatweel aside; an English variant matches as a whole word or phrase,
case-sensitive. Neither matches inside verbatim text (quotations in « », `quote` fields,
a source's Arabic headline as the seed gives it). A table that could never pass is
refused: a variant that holds a canonical spelling, or a canonical spelling that holds a
variant, as a match would find it; and a spelling given twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefgen.errors import InputError, Problem, shown_path
from briefgen.facts.lines import LineIndex
from briefgen.facts.printed import outside_guillemets
from briefgen.facts.schema import LANGS
from briefgen.facts.seeds import unmarked
from briefgen.tomlfile import read_toml

FILE_NAME = "spellings.toml"
_SPACE = re.compile(r"\s+")
_KEYS = {"canonical", "variants", "note"}


@dataclass(frozen=True)
class Spelling:
    """One row: the canonical form, one variant to refuse, the row's note and its line."""

    lang: str
    canonical: str
    variant: str
    note: str
    line: int  # of the variant
    entry: int  # of the entry's header

    def found_in(self, text: str) -> list[str]:
        """The words (or phrases) of `text`, outside « », that hold this variant."""
        return find(self.lang, self.variant, outside_guillemets(text))

    def found_in_plain(self, plain: str) -> list[str]:
        """found_in() of a text already outside « » and plain (see plain_outside)."""
        return _find_plain(self.lang, self.variant, plain)

    def fixed(self, words: str) -> str:
        """`words` (as found_in gives them) with the canonical form for the variant."""
        return words.replace(_plain(self.variant), self.canonical)


@dataclass
class SpellingTable:
    """The rows of spellings.toml and where the file is."""

    path: Path
    rows: list[Spelling]

    def problems(self, lang: str, text: str) -> list[tuple[str, str]]:
        """The variants in a `lang` text, as (the words that hold one, message)."""
        found = []
        plain = plain_outside(text)  # once per text, not once per row
        for row, needle in self._needles(lang):
            if needle not in plain:  # the common case, at C speed: the variant is not there
                continue
            for words in dict.fromkeys(row.found_in_plain(plain)):
                note = f" ({row.note})" if row.note else ""
                holds = "is" if words == row.variant else f"holds {_q(lang, row.variant)},"
                found.append((words, (
                    f"{_q(lang, words)} {holds} a variant of {_q(lang, row.canonical)} "
                    f"({shown_path(self.path)}:{row.line}){note}; "
                    f"write {_q(lang, row.fixed(words))}")))
        return found

    def _needles(self, lang: str) -> list[tuple[Spelling, str]]:
        """The rows of `lang`, each with what a plain text holds when it holds the variant
        (an Arabic variant's plain form; an English variant's first word)."""
        cached = self.__dict__.setdefault("_by_lang", {})
        if lang not in cached:
            cached[lang] = [(row, _plain_needle(row.variant) if lang == "ar"
                             else (row.variant.split() or [row.variant])[0])
                            for row in self.rows if row.lang == lang]
        return cached[lang]


def load_spellings(facts_path: Path) -> SpellingTable | None:
    """The table beside the fact base (None when there is none); InputError listing every
    problem of the table, each on its line."""
    path = facts_path.parent / FILE_NAME
    if not path.exists():
        return None
    raw, data = read_toml(path, "the spelling table", f"as {FILE_NAME} beside the fact base")
    index = LineIndex(raw)
    problems: list[Problem] = []
    rows: list[Spelling] = []
    for name in data:
        if name not in LANGS:
            problems.append(Problem(path, index.block(name, 0), (
                f"unknown table {name!r}; write [[ar]] or [[en]] entries")))
    for lang in LANGS:
        entries = data.get(lang, [])
        if not isinstance(entries, list):
            problems.append(Problem(path, index.block(lang, 0), f"write [[{lang}]], one per name"))
            continue
        for i, entry in enumerate(entries):
            rows.extend(_rows(path, index, lang, i, entry, problems))
    problems.extend(_conflicts(path, rows))
    if problems:
        raise InputError(problems)
    return SpellingTable(path, rows)


def _rows(path: Path, index: LineIndex, lang: str, i: int, entry: Any,
          problems: list[Problem]) -> list[Spelling]:
    at = index.block(lang, i)
    if not isinstance(entry, dict):
        problems.append(Problem(path, at, f"a [[{lang}]] entry must be a table of keys"))
        return []
    for key in entry:
        if key not in _KEYS:
            problems.append(Problem(path, index.key(lang, i, key), (
                f"unknown key {key!r}; an entry has canonical, variants and note")))
    canonical, variants, note = entry.get("canonical"), entry.get("variants"), entry.get("note", "")
    if not isinstance(canonical, str) or not canonical.strip():
        problems.append(Problem(path, index.key(lang, i, "canonical"), (
            f'[[{lang}]] entry needs canonical = "the one spelling"')))
        return []
    if (not isinstance(variants, list) or not variants
            or not all(isinstance(v, str) and v.strip() for v in variants)):
        problems.append(Problem(path, index.key(lang, i, "variants"), (
            f'[[{lang}]] entry for {canonical!r} needs variants = ["a spelling to refuse", ...]')))
        return []
    if not isinstance(note, str):
        problems.append(Problem(path, index.key(lang, i, "note"), "note must be a string"))
    note = note if isinstance(note, str) else ""
    return [Spelling(lang, canonical.strip(), variant.strip(), note,
                     index.value(lang, i, f'"{variant}"', "variants"), at) for variant in variants]


def _conflicts(path: Path, rows: list[Spelling]) -> list[Problem]:
    """Spellings given twice, and rows that could never pass."""
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.lang, row.variant)
        if key in seen:
            problems.append(Problem(path, row.line, (
                f"variant {row.variant!r} is listed twice (first at line {seen[key]}); "
                "keep one")))
        seen.setdefault(key, row.line)
    canonicals: dict[tuple[str, str], int] = {}
    for entry, row in {row.entry: row for row in rows}.items():  # each entry once
        first = canonicals.setdefault((row.lang, row.canonical), entry)
        if first != entry:
            problems.append(Problem(path, entry, (
                f"canonical {row.canonical!r} has two entries (first at line {first}); "
                "merge their variants into one")))
    for row in rows:
        for lang, canonical in canonicals:
            if lang != row.lang:
                continue
            if find(lang, row.variant, canonical):
                problems.append(Problem(path, row.line, (
                    f"variant {row.variant!r} occurs in the canonical spelling {canonical!r}, "
                    "so that spelling could never pass; make the variant longer or drop it")))
            elif find(lang, canonical, row.variant):
                problems.append(Problem(path, row.line, (
                    f"variant {row.variant!r} holds the canonical spelling {canonical!r}, so "
                    "that spelling could not take this form; list only spellings that differ")))
    return problems



def find(lang: str, needle: str, text: str) -> list[str]:
    """The words (Arabic: whole words around the match) or phrases (English: the match) of
    `text` where `needle` occurs as a spelling of that language matches."""
    return _find_plain(lang, needle, _plain(text))


def plain_outside(text: str) -> str:
    """`text` outside « », harakat, tatweel and runs of white space aside: what a spelling
    is looked for in."""
    return _plain(outside_guillemets(text))


def _find_plain(lang: str, needle: str, plain: str) -> list[str]:
    """find() in a text already made plain."""
    if lang == "ar":
        pattern = _plain_needle(needle)
        if pattern not in plain:  # the common case, at C speed
            return []
        return [plain[_word_start(plain, m.start()):_word_end(plain, m.end())]
                for m in re.finditer(re.escape(pattern), plain)]
    first = needle.split()[0] if needle.split() else needle
    if first not in plain:
        return []
    return [m.group() for m in _english(needle).finditer(plain)]


def _q(lang: str, words: str) -> str:
    """Words quoted as the language quotes them."""
    return f"«{words}»" if lang == "ar" else f'"{words}"'


def _plain(text: str) -> str:
    return _SPACE.sub(" ", unmarked(text))


@lru_cache(maxsize=1024)
def _plain_needle(needle: str) -> str:
    return _plain(needle)


@lru_cache(maxsize=1024)
def _english(variant: str) -> re.Pattern[str]:
    words = r"\s+".join(map(re.escape, variant.split()))
    return re.compile(rf"(?<![\w-]){words}(?![\w-])")


def _word_start(text: str, at: int) -> int:
    while at > 0 and not text[at - 1].isspace() and text[at - 1] not in "«»(":
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    while at < len(text) and not text[at].isspace() and text[at] not in "«»)،,.:؛;!؟?":
        at += 1
    return at
