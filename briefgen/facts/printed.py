"""The texts the papers print, with what supports each: FactBase -> [Printed].

A printed text is every bilingual field a template puts on the page or in the document's
properties (PRINTED_FIELDS): facts' text and date note, judgments, questions' text/why/watch,
people's names and roles, terms, parties, disagreements' topics, sources' headline/outlet/
date note, and the brief's title block and keywords. A date note (`date_inferred`) says how
an inferred date was inferred; the templates print it beside the fact or the source.

What supports a text (its evidence) is:
- for a record with citations: those quotes and their seeds (whose sources' dates
  dates_check.py may count, as far as the seeds state them), and the record's date;
- for a question, disagreement or judgment: also the quotes and dates of the facts it
  refers to (sides, rests_on);
- for a source: its own seed, whole, and its date;
- for a date note: also the seeds the record cites, whole, as the note reads them;
- for what cites nothing (the brief, parties) and a date note: every quote and every date
  of the fact base.
A date counts for a text only where the paper prints it with its "(inferred)" mark when it
is inferred: the record's own date always (the templates print it beside the text), a
referenced or global date that is inferred (`inferred`) only where the text itself marks
it inferred (dates_check.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefgen.facts.records import Bi, Citation, Fact, FactBase, Record, Source
from briefgen.text.dates import DateSpec

GUILLEMETS = re.compile(r"«([^«»]*)»")
# The bilingual fields the templates (full.xml.j2, summary.xml.j2, parts/macros.j2) print,
# by table, in the papers' text or their document properties. When a template prints
# another field, add it here: tests/facts/test_facts_printed.py composes the fixture's
# papers and fails when they print a field this list lacks, or lack one it has.
PRINTED_FIELDS: dict[str, tuple[str, ...]] = {
    "brief": ("title", "subtitle", "short_title", "author", "handling", "keywords"),
    "sources": ("date_inferred", "outlet", "headline"),
    "parties": ("name",),
    "people": ("name", "role"),
    "facts": ("text", "date_inferred"),
    "disagreements": ("topic",),
    "questions": ("text", "why", "watch"),
    "judgments": ("text",),
    "terms": ("term", "expansion"),
}
NOTE = "date_inferred"  # a date note: how a date was inferred, from what in the seeds
_VERBATIM = {("sources", "headline", "ar")}  # printed as the seed gives it


@dataclass
class Evidence:
    """What supports a text: quotes, the seeds that count, dates printed with their mark,
    inferred dates (which count where the text marks them); `whole_base` adds every quote,
    seed and date of the fact base."""

    quotes: list[Citation] = field(default_factory=list)
    seeds: list[str] = field(default_factory=list)  # source ids, in order, repeats allowed
    dates: list[DateSpec] = field(default_factory=list)
    inferred: list[DateSpec] = field(default_factory=list)
    whole_seeds: bool = False  # the seeds count whole, not only the quotes
    whole_base: bool = False

    def extend(self, quotes: list[Citation], dates: list[DateSpec],
               inferred: Iterable[DateSpec] = ()) -> None:
        """Add quotes (and their seeds), dates and inferred dates."""
        self.quotes.extend(quotes)
        self.seeds.extend(c.source for c in quotes)
        self.dates.extend(dates)
        self.inferred.extend(inferred)


@dataclass
class Printed:
    """One printed bilingual field of one record, and what supports it."""

    table: str
    index: int  # the record's place in its table (for locating lines)
    record: Record
    name: str
    text: Bi
    evidence: Evidence = field(default_factory=Evidence)
    speaker: str | None = None  # people id of the entry's speaker, if any

    @property
    def where(self) -> str:
        """How messages name the field: `id.field` (`brief.field` for the brief)."""
        return f"{'brief' if self.table == 'brief' else self.record.id}.{self.name}"

    def verbatim(self, lang: str) -> bool:
        """Whether the whole text is printed as its seed gives it (an Arabic headline)."""
        return (self.table, self.name, lang) in _VERBATIM


def printed_texts(base: FactBase) -> list[Printed]:
    """Every printed bilingual field of the fact base, in file order, with its evidence."""
    facts = {fact.id: fact for fact in base.facts}
    found = []
    for table, records in base.tables():
        printed = PRINTED_FIELDS.get(table, ())
        for index, record in enumerate(records):
            for name, value in vars(record).items():
                if isinstance(value, Bi) and name in printed:
                    speaker = None if name == NOTE else getattr(record, "speaker", None)
                    found.append(Printed(table, index, record, name, value,
                                         _evidence(record, name, facts), speaker))
    return found


def whole_base(base: FactBase) -> Evidence:
    """Every quote, every seed and every fact's date (the inferred ones, and the sources'
    inferred dates, as `inferred`), as one body of evidence."""
    every = Evidence()
    dated = [*base.facts, *base.sources]
    every.extend([c for record in base.cited() for c in record.cite],
                 [f.date for f in base.facts if f.date is not None and f.date_inferred is None],
                 [r.date for r in dated if r.date is not None and r.date_inferred is not None])
    every.seeds = [source.id for source in base.sources]
    return every


def outside_guillemets(text: str) -> str:
    """`text` with every «…» quotation (marks included) blanked to spaces, positions kept."""
    return GUILLEMETS.sub(lambda m: " " * len(m.group()), text)


def _evidence(record: Record, name: str, facts: dict[str, Fact]) -> Evidence:
    evidence = Evidence()
    if isinstance(record, Source):
        evidence.seeds.append(record.id)
        evidence.dates.extend([record.date] if record.date else [])
        evidence.whole_seeds = True
        evidence.whole_base = name == NOTE  # says how, from any source
        return evidence
    own = getattr(record, "date", None)
    evidence.extend(record.cite, [own] if own is not None else [])
    refs = [*getattr(record, "sides", []), *getattr(record, "rests_on", [])]
    for fact in (facts[ref] for ref in refs if ref in facts):
        date = [fact.date] if fact.date else []
        evidence.extend(fact.cite, [] if fact.date_inferred else date,
                        date if fact.date_inferred else [])
    evidence.whole_seeds = name == NOTE
    evidence.whole_base = (not record.cite and not refs) or name == NOTE  # the brief, parties
    return evidence
