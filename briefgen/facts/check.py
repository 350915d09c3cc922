"""Check a loaded fact base against its seeds: FactBase -> CheckReport, or InputError.

- every quote occurs in its seed, white space aside (else the closest passage is shown);
- every quote is at least five words long;
- each text's Arabic and English carry the same numbers (digits normalised, separators dropped);
- the printed texts (text_checks.py): « » quotations verbatim and, when given as someone's
  words, quoted in the seed; years and dates supported; no Persian or Urdu letter forms;
  the canonical spellings of spellings.toml, when the fact base has one beside it.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.facts.records import Bi, FactBase, Record
from briefgen.facts.schema import MIN_QUOTE_WORDS
from briefgen.facts.seeds import SeedText, squash, unmarked
from briefgen.facts.spelling import load_spellings
from briefgen.facts.text_checks import TextChecker
from briefgen.text.numerals import to_style

_NUMBER = re.compile(r"\d+")
_LETTER_FORMS = str.maketrans("یىھہکأإآة", "ييههكاااه")
_CANDIDATES = 12


@dataclass
class CheckReport:
    """What the check went through."""

    facts: int
    sources: int
    quotes: int


def numbers_of(text: str) -> set[str]:
    """The numbers in a text, Western digits, thousands separators dropped: '2,500' -> 2500."""
    western = to_style(text.replace("«", "").replace("»", ""), "western")
    return set(_NUMBER.findall(re.sub(r"(?<=\d)[,\u066c](?=\d{3})", "", western)))


def check_facts(base: FactBase, facts_path: Path, seeds_dir: Path,
                strings: Path | None = None) -> CheckReport:
    """Check quotes, numbers and printed texts (and the templates' `strings`, when given);
    InputError listing every problem."""
    problems: list[Problem] = []
    try:
        spellings = load_spellings(facts_path)
    except InputError as error:
        problems.extend(error.problems)
        spellings = None
    seeds: dict[str, SeedText] = {}
    for source in base.sources:
        path = seeds_dir / source.file
        try:
            seeds[source.id] = SeedText.read(path)
        except (OSError, UnicodeDecodeError) as exc:
            reason = ("not found" if isinstance(exc, FileNotFoundError) else
                      "is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else
                      f"cannot be read ({exc.strerror or exc})")
            problems.append(Problem(facts_path, source.line_of("file"), (
                f"seed file {path} {reason}; give the name of a UTF-8 text file in "
                f"{seeds_dir.name}/")))
    quotes = 0
    for record in base.cited():
        for citation in record.cite:
            quotes += 1
            quote = squash(citation.quote)
            if len(quote.split()) < MIN_QUOTE_WORDS:
                problems.append(Problem(facts_path, citation.line, f"quote of {record.id!r} has "
                                        f"fewer than {MIN_QUOTE_WORDS} words; quote a clause"))
            seed = seeds.get(citation.source)
            if seed is not None and quote not in seed.text:
                problems.append(Problem(facts_path, citation.line, (
                    f"quote of {record.id!r} not found in {citation.source}; closest passage: "
                    f"«{closest_passage(quote, seed.text)}»; copy the seed's words exactly")))
    for record, name, text in _texts(base):
        ar, en = numbers_of(text.ar), numbers_of(text.en)
        if ar != en:
            problems.append(Problem(facts_path, record.line_of(name), (
                f"{record.id}.{name}: Arabic and English carry different numbers "
                f"(ar {sorted(ar)}, en {sorted(en)}); make them state the same figures and years")))
    checker = TextChecker(base, facts_path, seeds, spellings, strings)
    problems.extend(checker.run())
    problems.extend(checker.strings())
    if problems:
        raise InputError(problems)
    return CheckReport(facts=len(base.facts), sources=len(base.sources), quotes=quotes)


def closest_passage(quote: str, seed: str) -> str:
    """The run of whole words of `seed`, as many as the quote has, most like `quote` (at most
    160 characters). Candidates are the runs sharing most words with the quote, letter forms
    folded (ی/ي, ھ/ه, ک/ك, أ/إ/آ/ا, ة/ه, marks dropped); the closest of them by characters wins."""
    words = seed.split()
    if not words:
        return ""
    size = max(1, len(quote.split()))
    folded = [_fold(word) for word in words]
    wanted = Counter(_fold(word) for word in quote.split())
    window = Counter(folded[:size])
    score = sum((window & wanted).values())
    scores = [score]
    for i in range(1, max(1, len(words) - size + 1)):  # slide the window by one word
        out, into = folded[i - 1], folded[i + size - 1]
        score -= window[out] <= wanted[out]
        window[out] -= 1
        window[into] += 1
        score += window[into] <= wanted[into]
        scores.append(score)
    candidates = sorted(range(len(scores)), key=lambda i: -scores[i])[:_CANDIDATES]
    matcher = difflib.SequenceMatcher(None, b=quote)
    best, passage = -1.0, ""
    for i in sorted(candidates):
        text = " ".join(words[i:i + size])
        matcher.set_seq1(text)
        if matcher.ratio() > best:
            best, passage = matcher.ratio(), text
    return passage if len(passage) <= 160 else passage[:159] + "…"


def _fold(word: str) -> str:
    return unmarked(word.translate(_LETTER_FORMS)).strip("()[]\"'«»“”،,.:؛;!؟?")


def _texts(base: FactBase) -> list[tuple[Record, str, Bi]]:
    """Every bilingual field of every record but names (and the brief's keywords, lists
    that need not match word for word), as (record, field, text)."""
    return [(record, name, value) for _, table in base.tables() for record in table
            for name, value in vars(record).items()
            if isinstance(value, Bi) and name not in ("name", "keywords")]
