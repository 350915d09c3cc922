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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefgen.errors import InputError, Problem
from briefgen.facts.records import Bi, FactBase, Record
from briefgen.facts.report import CheckReport
from briefgen.facts.schema import MIN_QUOTE_WORDS
from briefgen.facts.seeds import SeedText, squash, unmarked
from briefgen.facts.spelling import FILE_NAME as SPELLINGS_FILE
from briefgen.facts.spelling import load_spellings
from briefgen.facts.text_checks import TextChecker
from briefgen.memo import Memo
from briefgen.text.numerals import ARABIC_INDIC, ARABIC_THOUSANDS, WESTERN
from briefgen.textfile import BOM, decode_utf8, read_regular

_NUMBER = re.compile(r"\d+")
_LETTER_FORMS = str.maketrans("یىھہکأإآة", "ييههكاااه")
_CANDIDATES = 12
_TO_WESTERN = str.maketrans(ARABIC_INDIC + ARABIC_THOUSANDS, WESTERN + ",")


@dataclass
class CheckMemo:
    """What checks computed, for the next check (see the module): `inputs` by the bytes
    they were read from, `texts` valid for one body of evidence (TextChecker)."""

    inputs: Memo = field(default_factory=Memo)
    texts: Memo = field(default_factory=Memo)


@lru_cache(maxsize=4096)
def numbers_of(text: str) -> frozenset[str]:
    """The numbers in a text, Western digits, thousands separators dropped: '2,500' -> 2500."""
    western = text.replace("«", "").replace("»", "").translate(_TO_WESTERN)  # what
    # to_style(..., "western") gives a text without quotations, kept out of its cache
    return frozenset(_NUMBER.findall(re.sub(r"(?<=\d)[,\u066c](?=\d{3})", "", western)))


def check_facts(base: FactBase, facts_path: Path, seeds_dir: Path,
                strings: Path | None = None, memo: CheckMemo | None = None) -> CheckReport:
    """Check quotes, numbers and printed texts (and the templates' `strings`, when given);
    InputError listing every problem. `memo`: what an earlier check can lend this one."""
    memo = memo or CheckMemo()
    with memo.inputs.round():
        problems = _problems(base, facts_path, seeds_dir, strings, memo)
    if problems:
        raise InputError(problems)
    return CheckReport(facts=len(base.facts), sources=len(base.sources),
                       quotes=sum(len(record.cite) for record in base.cited()))


def _problems(base: FactBase, facts_path: Path, seeds_dir: Path, strings: Path | None,
              memo: CheckMemo) -> list[Problem]:
    problems: list[Problem] = []
    table = facts_path.parent / SPELLINGS_FILE
    try:
        try:
            spellings = (_read(memo.inputs, table, lambda _: load_spellings(facts_path))
                         if table.exists() else None)
        except OSError:  # it cannot be read: the table's loader says why, as for the others
            spellings = load_spellings(facts_path)
    except InputError as error:
        problems.extend(error.problems)
        spellings = None
    seeds = _read_seeds(base, facts_path, seeds_dir, problems, memo.inputs)
    for record in base.cited():
        for citation in record.cite:
            seed = seeds.get(citation.source)
            text = seed.text if seed is not None else None
            short, found = memo.inputs.get(("quote", citation.quote, text),
                                           lambda q=citation.quote, t=text: _quoted(q, t))
            if short:
                problems.append(Problem(facts_path, citation.line, f"quote of {record.id!r} has "
                                        f"fewer than {MIN_QUOTE_WORDS} words; quote a clause"))
            if text is not None and not found:
                problems.append(Problem(facts_path, citation.line, (
                    f"quote of {record.id!r} not found in {citation.source}; closest passage: "
                    f"«{closest_passage(squash(citation.quote), text)}»; copy the seed's words "
                    "exactly")))
    for record, name, text in _texts(base):
        ar, en = numbers_of(text.ar), numbers_of(text.en)
        if ar != en:
            problems.append(Problem(facts_path, record.line_of(name), (
                f"{record.id}.{name}: Arabic and English carry different numbers "
                f"(ar {sorted(ar)}, en {sorted(en)}); make them state the same figures and years")))
    checker = TextChecker(base, facts_path, seeds, spellings, strings, memo.inputs)
    with memo.texts.round(checker.evidence_key()) as texts:
        problems.extend(checker.run(texts))
        problems.extend(texts.get(("strings", checker.wording and checker.wording[0]),
                                  checker.strings))
    return problems


def _quoted(quote: str, seed: str | None) -> tuple[bool, bool]:
    """Whether a quote is too short, and whether it is in the seed's text (white space
    aside): what a check finds again for the same quote and seed (the seed's text is the
    same object while its file's bytes are the same)."""
    squashed = squash(quote)
    return (len(squashed.split()) < MIN_QUOTE_WORDS,
            seed is not None and squashed in seed)


def _read(inputs: Memo, path: Path, parse: Callable[[bytes], Any]) -> Any:
    """parse(the bytes of `path`), or what it gave for the same bytes before; OSError when
    the file cannot be read or is not a regular file (textfile.read_regular)."""
    data = read_regular(path)
    return inputs.get(("file", str(path), data), lambda: parse(data))


def _read_seeds(base: FactBase, facts_path: Path, seeds_dir: Path, problems: list[Problem],
                inputs: Memo) -> dict[str, SeedText]:
    """Each source's seed, by source id; one problem for each seed that cannot be used (in
    the fact base, where it names the file; in the seed, at a byte that is not UTF-8),
    whose source is then left out, so that its quotes and texts give no further problem."""
    seeds: dict[str, SeedText] = {}
    if base.sources and not seeds_dir.is_dir():
        reason = "is not a folder" if seeds_dir.exists() else "not found"
        problems.append(Problem(seeds_dir, None, (
            f"the seeds' folder {reason}; give the folder of the seed files with --seeds "
            "(by default, seeds/ beside the fact base)")))
        return seeds
    for source in base.sources:
        path = seeds_dir / source.file
        try:
            seed = _read(inputs, path, lambda data, path=path: SeedText.parse(
                decode_utf8(path, data).removeprefix(BOM)))
        except InputError as error:
            problems.extend(error.problems)
            continue
        except OSError as exc:
            reason = ("not found" if isinstance(exc, FileNotFoundError) else
                      f"cannot be read ({exc.strerror or exc})")
        else:
            if seed.text:
                seeds[source.id] = seed
                continue
            reason = "is empty"
        problems.append(Problem(facts_path, source.line_of("file"), (
            f"seed file {path} {reason}; give the name of a UTF-8 text file in "
            f"{seeds_dir.name or seeds_dir.resolve().name}/")))
    return seeds


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
