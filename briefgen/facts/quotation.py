"""Quotations in the papers' Arabic: (text, cited seeds, speaker) -> problems.

Text inside « » is a quotation. Each one must occur word for word (white space aside) in a
seed the entry cites. Where the text presents it as someone's words it must also stand
inside quotation marks in that seed, so that a reporter's paraphrase is never put in a
speaker's mouth. The text presents a quotation as someone's words when, in its sentence,
- a verb of saying or an "according to" word stands before it (attribution.toml), and
  the one who speaks is not the source itself ("يقول الخبر «…»" quotes the report), or
- a person or party is named just before it ("العباسي: «…»"), or
- the entry has a speaker and the quotation is longer than a name or term;
unless the nearest such word before it is a naming word that says whose wording a name or
term is (بتعبير، يسميها، ما وصفه …) and the quotation is no longer than a term.

quotation_problems() is a function of the text alone (with its seeds and speaker) so that
a caller may skip it for a text that is exempt (a `quote` field is never read by it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefgen.facts.printed import GUILLEMETS, outside_guillemets
from briefgen.facts.seeds import SeedText, squash, unmarked
from briefgen.tomlfile import read_toml

WORDS_FILE = Path(__file__).with_name("attribution.toml")
_FOLD = str.maketrans("أإآىة", "اااية")
_WORD = re.compile(r"[^\W\d_]+|:")
_SENTENCE_END = re.compile(r"[.!؟?؛;\n](?!\d)")
_WINDOW = 16  # words of the sentence looked at before a quotation
_REACH = 400  # characters that hold them


@dataclass(frozen=True)
class Wordlists:
    """The words of attribution.toml, folded; each entry a tuple of words (a phrase)."""

    saying: frozenset[tuple[str, ...]]
    naming: frozenset[tuple[str, ...]]
    by_first: dict[str, list[tuple[str, ...]]]  # both lists, by the phrase's first word
    joining: frozenset[str]
    sources: frozenset[str]
    term_words: int


@dataclass(frozen=True)
class QuoteProblem:
    """One quotation that fails: its words (to locate the line) and what is wrong."""

    words: str
    message: str


def quotation_problems(text: str, seeds: Mapping[str, SeedText],
                       names: Sequence[str] = (), speaker: str | None = None) -> list[QuoteProblem]:
    """The problems of the « » quotations of `text`. `seeds` are the seeds the entry cites
    (id -> seed); `names` the people and parties as a text may name them just before a
    quotation (full names, surnames); `speaker` the name of the entry's speaker, if any."""
    lists = wordlists()
    problems = []
    if text.count("«") != text.count("»") or GUILLEMETS.sub("", text).count("«"):
        problems.append(QuoteProblem("«", (
            f"the « » do not pair ({text.count('«')} «, {text.count('»')} »); close each "
            "quotation before the next one opens")))
    for match in GUILLEMETS.finditer(text):
        words = squash(match.group(1))
        if not words:
            continue
        found = [sid for sid, seed in seeds.items() if seed.occurrences(words)]
        if not found:
            where = ", ".join(seeds) or "no seed"
            problems.append(QuoteProblem(words, (
                f"«{_short(words)}» is not word for word in what the entry cites ({where}); "
                "copy the seed's words exactly, or drop the « » and paraphrase")))
            continue
        reason = attribution(text, match.start(), words, names, speaker, lists)
        if reason and not any(seeds[sid].quotes(words) for sid in found):
            problems.append(QuoteProblem(words, (
                f"«{_short(words)}» is presented as someone's words ({reason}), but in "
                f"{', '.join(found)} it stands outside quotation marks: the reporter's wording; "
                "paraphrase it without « », or quote words the seed puts in quotation marks")))
    return problems


def attribution(text: str, at: int, words: str, names: Sequence[str], speaker: str | None,
                lists: Wordlists) -> str:
    """Why the quotation at `at` reads as someone's words ('' when it does not)."""
    before = outside_guillemets(text[max(0, at - _REACH):at])
    ends = list(_SENTENCE_END.finditer(before))
    sentence = before[ends[-1].end():] if ends else before
    plain = unmarked(sentence)
    shown = _WORD.findall(plain)[-_WINDOW:]
    tokens = _WORD.findall(plain.translate(_FOLD))[-_WINDOW:]  # the same words, folded
    is_term = len(words.split()) <= lists.term_words
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i]
        candidates = lists.by_first.get(word, [])
        if word[:1] in "وف":
            candidates = candidates + lists.by_first.get(word[1:], [])
        for phrase in candidates:
            if _matches(tokens, i, phrase):
                own = lists.sources & set(tokens[max(0, i - 2):])  # the source speaks
                if own or (phrase in lists.naming and is_term):
                    return ""  # the source's own words, or whose wording a term is
                return f"after «{' '.join(shown[i:i + len(phrase)])}»"
    trailing = [t for t in tokens if t != ":"]
    while trailing and trailing[-1] in lists.joining:
        trailing.pop()
    for name, folded in _folded_names(tuple(names)):
        if trailing[-len(folded):] == folded:
            return f"after the name «{name}»"
    if speaker and not is_term:
        return f"in the words of the entry's speaker, {speaker}"
    return ""


def fold(word: str) -> str:
    """A word as the word lists compare it: harakat and tatweel dropped, alef hamza forms,
    alef maqsura and ta marbuta folded."""
    return unmarked(word).translate(_FOLD)


@cache
def _folded_names(names: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Each name with its words folded (names without words dropped)."""
    return [(name, words) for name in names if (words := [fold(w) for w in _WORD.findall(name)])]


def _matches(tokens: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether the phrase stands at tokens[i:], its first word with or without و / ف."""
    got = tokens[i:i + len(phrase)]
    if len(got) != len(phrase) or got[1:] != list(phrase[1:]):
        return False
    first = got[0]
    return first == phrase[0] or (first[:1] in "وف" and first[1:] == phrase[0])


@cache
def wordlists(path: Path = WORDS_FILE) -> Wordlists:
    """The word lists of attribution.toml."""
    _, data = read_toml(path, "the attribution word lists", "(a file of the package)")

    def phrases(items: list[str]) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(fold(w) for w in item.split()) for item in items)

    saying = phrases([form for forms in data["saying"].values() for form in forms]
                     + data["attributing"]["words"])
    naming = phrases(data["naming"]["words"])
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(saying | naming):
        by_first.setdefault(phrase[0], []).append(phrase)
    return Wordlists(saying, naming, by_first,
                     frozenset(fold(w) for w in data["joining"]["words"]),
                     frozenset(fold(w) for w in data["sources"]["words"]), data["term_words"])


def _short(words: str) -> str:
    return words if len(words) <= 60 else words[:59] + "…"
