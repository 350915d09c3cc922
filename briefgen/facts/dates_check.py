"""Years and dates in printed texts: (text, quotes, dates) -> problems.

A paper never shows a year, month or day its sources do not give. Every year (19xx, 20xx,
in Western, Arabic-Indic or Persian digits), month name (Arabic, Syriac or English) and day
of a month in a printed text must be supported:
- a year by a quote the entry cites that holds it (digits compared after one digit set),
  or by the entry's date; a range "2021-2024" is two years, each checked;
- a month by a quote holding that month under any of its names (تموز = يوليو = July), or
  by the entry's date; "مارس", "May" and "March" count as months only beside a number or
  paired with the month's other name ("آذار/مارس"), being also common words;
- a day before a month ("27 كانون الثاني", "7-8 August") by a quote holding that number,
  or by the entry's date (its day or range of days in that month).
- or by the date of a source the entry cites, as far as that seed states it: its year
  where the seed holds that year, its month where the seed names that month, its day
  where the date is not inferred (a report of August 2023 that says "8 أغسطس 2023" supports
  "in August 2023"; a report dated 2021 only by inference supports no "in 2021").
Where the entry's date is inferred the templates print it with the "(inferred)" mark, so a
year equal to it is marked where the paper prints it. A text may mark a date inferred itself,
with the mark the templates print after an inferred date (strings.toml's `inferred_mark`,
"2021 (inferred)", "تموز/يوليو 2021 (مستنتج)"): the mark covers the date just before it,
its year and the month and days that go with that year, and such a date may be any date
the entry rests on, inferred ones too (`marked`). A text may also name a source by its
date, which the Sources section prints with its note when inferred: a year, month or day a
few words after a word for a source ("خبر نيسان/أبريل 2024", "البيان المشترك في آب/أغسطس
2023") or a few words before "report" or "statement" ("the 2021 report") may be the whole
date of a source the entry cites. Which quotes and dates support which
text (the brief's title, a judgment, a source's note) is decided in printed.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from briefgen.facts.seeds import unmarked
from briefgen.text.dates import AR_MONTHS, EN_MONTHS, DateSpec

_FOLD = str.maketrans("أإآ٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "ااا01234567890123456789")  # alef forms, digits
_YEAR = re.compile(r"(?<![\d,.\u066b\u066c])(?:19|20)\d\d(?!\d|[,.\u066b\u066c]\d)")
_NUMBER = re.compile(r"\d+")
_AR_EXTRA = {"أبريل": 4, "ابريل": 4, "إبريل": 4, "يونيه": 6, "يوليه": 7, "اغسطس": 8}
_AMBIGUOUS = {"مارس", "May", "March"}  # also a verb or a common word
_AR_SOURCE = re.compile(r"^[وبفل]?(?:ال)?(?:خبر|بيان|تقرير|مصدر|مقال|نص|وثيقة)$")
_EN_SOURCE = re.compile(r"^(?:report|statement)s?$")
_EN_AFTER = {"of", "in", "on", "dated"}
_AR_REACH, _EN_BEFORE, _EN_REACH = 7, 5, 4  # words a source reference runs over
_PUNCT = "(),.;:،؛"


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for number, pair in enumerate(AR_MONTHS, start=1):
        for name in pair.split("/"):
            names[name] = number
    for name, number in _AR_EXTRA.items():
        names[name] = number
    folded = {_fold(name): number for name, number in names.items()}
    return {**folded, **{name: number for number, name in enumerate(EN_MONTHS, start=1)}}


def _fold(text: str) -> str:
    return unmarked(text).translate(_FOLD)


MONTHS = _month_names()
_NAMES = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_MONTH = re.compile(rf"(?<![^\W\d_])[وبفل]?(?P<name>{_NAMES})(?![^\W\d_])")
_DAYS_BEFORE = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})(?:\s*(?:-|–|و|إلى|الى|to|and)\s*(?P<end>\d{1,2}))?\s+(?:من\s+)?$")
_PAIRED_AFTER = re.compile(r"\s*[/\d]")


@dataclass(frozen=True)
class Mention:
    """A month named in a text (with the day or days before it, if any)."""

    month: int
    name: str
    days: tuple[int, ...] = ()


@dataclass
class DateEvidence:
    """The years, months and day numbers that quotes and dates give."""

    years: set[int] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    numbers: set[int] = field(default_factory=set)  # any number up to 31 in a quote
    days: set[tuple[int, int]] = field(default_factory=set)  # (month, day) of the dates

    @classmethod
    def of(cls, quotes: Iterable[str], dates: Iterable[DateSpec]) -> DateEvidence:
        """What `quotes` (texts) and `dates` give."""
        evidence = cls()
        for quote in quotes:
            years, months, numbers = _quote_evidence(quote)
            evidence.years.update(years)
            evidence.months.update(months)
            evidence.numbers.update(numbers)
        for date in dates:
            evidence.years.add(date.year)
            if date.month:
                evidence.months.add(date.month)
            for day in range(date.day, (date.day_end or date.day) + 1) if date.day else ():
                evidence.days.add((date.month, day))
        return evidence

    def merged(self, other: DateEvidence) -> DateEvidence:
        """This evidence and `other` together."""
        return DateEvidence(self.years | other.years, self.months | other.months,
                            self.numbers | other.numbers, self.days | other.days)


@lru_cache(maxsize=65536)
def _quote_evidence(quote: str) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """The years, months and numbers up to 31 of one quote (quotes recur across texts)."""
    folded = _fold(quote)
    return (frozenset(years_in(folded)), frozenset(m.month for _, m in months_in(folded)),
            frozenset(n for n in map(int, _NUMBER.findall(folded)) if n <= 31))


def source_evidence(date: DateSpec, inferred: bool, seed: str) -> tuple[DateEvidence, DateEvidence]:
    """What a source's date supports: (the parts its seed states, the whole date). The
    first counts anywhere in a text citing the source, the second where the text names
    the source by its date."""
    folded = _fold(seed)
    stated = DateEvidence()
    if date.year in years_in(folded):
        stated.years.add(date.year)
    if date.month and date.month in {m.month for _, m in months_in(folded)}:
        stated.months.add(date.month)
    whole = DateEvidence.of([], [date])
    if not inferred:
        stated.days = whole.days
    return stated, whole


def names_source(text: str, at: int) -> bool:
    """Whether the date at `at` may name a source: a word for a source a few words before
    it ("خبر نيسان/أبريل 2024"); in English "report" or "statement" a few words after it,
    or before it followed by "of", "in", "on" or "dated" ("the report of 27 January")."""
    before = [w.strip(_PUNCT).lower() for w in text[max(0, at - 120):at].split()]
    if any(_AR_SOURCE.match(w) for w in before[-_AR_REACH:]):
        return True
    after = [w.strip(_PUNCT).lower() for w in text[at:at + 80].split()[1:_EN_BEFORE + 1]]
    if any(_EN_SOURCE.match(w) for w in after):
        return True
    near = before[-_EN_REACH - 1:]
    return any(_EN_SOURCE.match(w) and nxt in _EN_AFTER for w, nxt in pairwise(near))


def years_in(text: str) -> list[int]:
    """The years of a text whose digits are Western."""
    return [int(y) for y in _YEAR.findall(text)]


def months_in(text: str) -> list[tuple[int, Mention]]:
    """The months named in a folded text, with their days, and where each name stands."""
    found = []
    for match in _MONTH.finditer(text):
        name, at = match.group("name"), match.start("name")
        days = _DAYS_BEFORE.search(text, max(0, match.start() - 20), match.start())
        paired = _PAIRED_AFTER.match(text, match.end()) or text[at - 1:at] == "/"
        if name in _AMBIGUOUS and not (paired or days):
            continue
        numbers = tuple(int(d) for d in days.group("day", "end") if d) if days else ()
        found.append((at, Mention(MONTHS[name], name, numbers)))
    return found


@dataclass
class Mentions:
    """The years and months (with days) a text gives, and where: what the check looks at;
    `marked` holds where those stand that a mark of an inferred date covers."""

    folded: str
    years: list[tuple[int, int]]  # (where, year)
    months: list[tuple[int, Mention]]
    marked: frozenset[int] = frozenset()

    @classmethod
    def of(cls, text: str, mark: str = "") -> Mentions:
        """The mentions of `text`, any digits; `mark` is the text's mark of an inferred
        date ("(inferred)"), which covers the date just before it."""
        folded = _fold(text)
        years = [(m.start(), m.end(), int(m.group())) for m in _YEAR.finditer(folded)]
        months = months_in(folded)
        return cls(folded, [(at, year) for at, _, year in years], months,
                   _marked(folded, years, months, _fold(mark)) if mark else frozenset())

    def __bool__(self) -> bool:
        return bool(self.years or self.months)


def _marked(folded: str, years: list[tuple[int, int, int]], months: list[tuple[int, Mention]],
            mark: str) -> frozenset[int]:
    """Where the years and months stand that `mark` covers: each year the mark follows
    (white space between), and the months just before such a year ("تموز/يوليو 2021")."""
    covered = set()
    for start, end, _ in years:
        if folded[end:].lstrip().startswith(mark):
            covered.add(start)
            covered.update(at for at, _ in months if at < start
                           and not _MONTH.sub("", folded[at:start]).replace("/", "").strip())
    return frozenset(covered)


def date_problems(text: str | Mentions, evidence: DateEvidence,
                  sources: DateEvidence | None = None,
                  marked: DateEvidence | None = None) -> list[str]:
    """The years, months and days of `text` that `evidence` does not support (nor, where
    the text names a source by its date, `sources`; nor, where the text marks the date
    inferred, `marked`), each once: "the year 2021"."""
    mentions = text if isinstance(text, Mentions) else Mentions.of(text)

    def supported(at: int, test: Callable[[DateEvidence], bool]) -> bool:
        return (test(evidence)
                or (sources is not None and test(sources) and names_source(mentions.folded, at))
                or (marked is not None and at in mentions.marked and test(marked)))

    problems: dict[str, None] = {}
    for at, year in mentions.years:
        if not supported(at, lambda e, y=year: y in e.years):
            problems[f"the year {year}"] = None
    for at, mention in mentions.months:
        month, number = EN_MONTHS[mention.month - 1], mention.month
        if not supported(at, lambda e, m=number: m in e.months):
            problems[f"the month {month}"] = None
        for day in mention.days:
            if not supported(at, lambda e, m=number, d=day: d in e.numbers or (m, d) in e.days):
                problems[f"the day {day} {month}"] = None
    return list(problems)
