"""Check a loaded fact base against its seeds: FactBase -> CheckReport, or InputError.

- every quote occurs in its seed, white space aside (else the closest passage is shown);
- every quote is at least five words long;
- each text's Arabic and English carry the same numbers (digits normalised, separators dropped).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.facts.records import Bi, FactBase, Record
from briefgen.facts.schema import MIN_QUOTE_WORDS
from briefgen.text.numerals import to_style

_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")
_SENTENCE = re.compile(r"(?<=[.؛!?؟\n])")


@dataclass
class CheckReport:
    """What the check went through."""

    facts: int
    sources: int
    quotes: int


def squash(text: str) -> str:
    """Collapse every run of white space into one space."""
    return _SPACE.sub(" ", text).strip()


def numbers_of(text: str) -> set[str]:
    """The numbers in a text, Western digits, thousands separators dropped: '2,500' -> 2500."""
    western = to_style(text.replace("«", "").replace("»", ""), "western")
    return set(_NUMBER.findall(re.sub(r"(?<=\d)[,\u066c](?=\d{3})", "", western)))


def check_facts(base: FactBase, facts_path: Path, seeds_dir: Path) -> CheckReport:
    """Check quotes and numbers; InputError listing every problem."""
    problems: list[Problem] = []
    seeds: dict[str, str] = {}
    for source in base.sources:
        path = seeds_dir / source.file
        try:
            seeds[source.id] = squash(path.read_text(encoding="utf-8"))
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
            if seed is not None and quote not in seed:
                problems.append(Problem(facts_path, citation.line, (
                    f"quote of {record.id!r} not found in {citation.source}; closest passage: "
                    f"«{closest_passage(quote, seed)}»; copy the seed's words exactly")))
    for record, name, text in _texts(base):
        ar, en = numbers_of(text.ar), numbers_of(text.en)
        if ar != en:
            problems.append(Problem(facts_path, record.line_of(name), (
                f"{record.id}.{name}: Arabic and English carry different numbers "
                f"(ar {sorted(ar)}, en {sorted(en)}); make them state the same figures and years")))
    if problems:
        raise InputError(problems)
    return CheckReport(facts=len(base.facts), sources=len(base.sources), quotes=quotes)


def closest_passage(quote: str, seed: str) -> str:
    """The passage of `seed` most like `quote`: a run of whole words as long as the quote
    (or a sentence, when one is closer), at most 160 characters."""
    words = seed.split()
    size = max(1, len(quote.split()))
    windows = [" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))]
    windows += [s.strip() for s in _SENTENCE.split(seed) if s.strip() and len(s) < 3 * len(quote)]
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)

    def likeness(window: str) -> float:
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() < best[0] or matcher.quick_ratio() < best[0]:
            return 0.0
        return matcher.ratio()

    best = [0.0, ""]
    for window in windows:
        score = likeness(window)
        if score > best[0]:
            best[:] = [score, window]
    passage = best[1] or seed
    return passage if len(passage) <= 160 else passage[:159] + "…"


def _texts(base: FactBase) -> list[tuple[Record, str, Bi]]:
    """Every bilingual field of every record but names, as (record, field, text)."""
    tables = (base.facts, base.people, base.questions, base.judgments, base.terms,
              base.disagreements)
    return [(record, name, value) for table in tables for record in table
            for name, value in vars(record).items() if isinstance(value, Bi) and name != "name"]
