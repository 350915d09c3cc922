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
year equal to it is marked where the paper prints it. A text may also name a source by its
date, which the Sources section prints with its note when inferred: a year, month or day a
few words after a word for a source ("خبر نيسان/أبريل 2024", "البيان المشترك في آب/أغسطس
2023") or a few words before "report" or "statement" ("the 2021 report") may be the whole
date of a source the entry cites. Which quotes and dates support which
text (the brief's title, a judgment, a source's note) is decided in printed.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefgen.text.dates import AR_MONTHS, EN_MONTHS, DateSpec

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_FOLD = str.maketrans("أإآ", "ااا")
_YEAR = re.compile(r"(?<![\d,.\u066b\u066c])(?:19|20)\d\d(?!\d|[,.\u066b\u066c]\d)")
_NUMBER = re.compile(r"\d+")
_AR_EXTRA = {"أبريل": 4, "ابريل": 4, "إبريل": 4, "يونيه": 6, "يوليه": 7, "اغسطس": 8}
_AMBIGUOUS = {"مارس", "May", "March"}  # also a verb or a common word
_SOURCE_WORDS = "خبر|بيان|تقرير|مصدر|مقال|نص|وثيقة"
_SOURCE_REFERENCE = re.compile(
    rf"(?<![^\W\d_])(?:[وبفل]?ال|[وبفل])?(?:{_SOURCE_WORDS})(?![^\W\d_])(?:\s+\S+){{1,7}}"
    r"|(?:\S+\s+){1,5}(?:report|statement)s?\b(?:\s+(?:of|in|on|dated)(?:\s+\S+){1,4})?")


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
    return _MARKS.sub("", text).translate(_FOLD).translate(_DIGITS)


MONTHS = _month_names()
_NAMES = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_MONTH = re.compile(
    r"(?:(?<!\d)(?P<day>\d{1,2})(?:\s*(?:-|–|و|إلى|الى|to|and)\s*(?P<end>\d{1,2}))?\s+(?:من\s+)?)?"
    rf"(?<![^\W\d_])[وبفل]?(?P<name>{_NAMES})(?![^\W\d_])(?P<after>\s*[/\d])?")


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
            folded = _fold(quote)
            evidence.years.update(years_in(folded))
            evidence.months.update(m.month for _, m in months_in(folded))
            evidence.numbers.update(n for n in map(int, _NUMBER.findall(folded)) if n <= 31)
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


def years_in(text: str) -> list[int]:
    """The years of a text whose digits are Western."""
    return [int(y) for y in _YEAR.findall(text)]


def months_in(text: str) -> list[tuple[int, Mention]]:
    """The months named in a folded text, with their days, and where each name stands."""
    found = []
    for match in _MONTH.finditer(text):
        name = match.group("name")
        paired = match.group("after") or text[max(0, match.start("name") - 1)] == "/"
        if name in _AMBIGUOUS and not (paired or match.group("day")):
            continue
        days = tuple(int(d) for d in match.group("day", "end") if d)
        found.append((match.start("name"), Mention(MONTHS[name], name, days)))
    return found


def date_problems(text: str, evidence: DateEvidence,
                  sources: DateEvidence | None = None) -> list[str]:
    """The years, months and days of `text` that `evidence` does not support (nor, where
    the text names a source by its date, `sources`), each once: "the year 2021"."""
    folded = _fold(text)
    naming = sources.merged(evidence) if sources else evidence
    spans = [m.span() for m in _SOURCE_REFERENCE.finditer(folded)] if sources else []

    def ok(at: int) -> DateEvidence:
        return naming if any(s <= at < e for s, e in spans) else evidence

    problems: dict[str, None] = {}
    for match in _YEAR.finditer(folded):
        if int(match.group()) not in ok(match.start()).years:
            problems[f"the year {match.group()}"] = None
    for at, mention in months_in(folded):
        month = EN_MONTHS[mention.month - 1]
        if mention.month not in ok(at).months:
            problems[f"the month {month}"] = None
        for day in mention.days:
            if day not in ok(at).numbers and (mention.month, day) not in ok(at).days:
                problems[f"the day {day} {month}"] = None
    return list(problems)
