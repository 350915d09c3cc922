"""The checks of the papers' printed texts: (FactBase, seeds, spellings) -> located Problems.

Each printed bilingual field (printed.py) goes through
- the quotation check (quotation.py): Arabic « » verbatim in the cited seeds, and in
  quotation marks there when presented as someone's words;
- the date check (dates_check.py): every year, month and day supported;
- the letter-form check (letters.py): no Persian or Urdu letters outside verbatim text;
- the spelling check (spelling.py), when a table of canonical spellings is given.
The templates' own wording (strings.toml) goes through the last three.
Each problem is located on the line of the fact base that holds the offending words.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.facts.dates_check import DateEvidence, Mentions, date_problems, source_evidence
from briefgen.facts.letters import letter_problems
from briefgen.facts.lines import LineIndex
from briefgen.facts.printed import Printed, printed_texts, whole_base
from briefgen.facts.quotation import quotation_problems
from briefgen.facts.records import FactBase
from briefgen.facts.schema import LANGS
from briefgen.facts.seeds import SeedText, squash
from briefgen.facts.spelling import SpellingTable
from briefgen.tomlfile import read_toml


class TextChecker:
    """Runs the checks of printed texts over one fact base and collects located problems."""

    def __init__(self, base: FactBase, facts_path: Path, seeds: dict[str, SeedText],
                 spellings: SpellingTable | None = None):
        self.base, self.path, self.seeds = base, facts_path, seeds
        self.spellings = spellings
        self._index: LineIndex | None = None
        self._source_dates: dict[tuple[str, ...], tuple[DateEvidence, DateEvidence]] = {}
        self.problems: list[Problem] = []
        self.people = {person.id: person for person in base.people}
        self.names = _names(base)
        every = whole_base(base)
        self.everything = DateEvidence.of([c.quote for c in every.quotes], every.dates)
        self.source_dates = {
            source.id: source_evidence(source.date, source.date_inferred is not None,
                                       seeds[source.id].text)
            for source in base.sources if source.date and source.id in seeds}

    def run(self) -> list[Problem]:
        """Every problem of every printed text, in file order."""
        for item in printed_texts(self.base):
            self.quotations(item)
            self.dates(item)
            self.letters(item)
            self.spelling(item)
        return self.problems

    def report(self, item: Printed, lang: str, needle: str, message: str) -> None:
        """A problem of `item`'s `lang` text, on the line that holds `needle`."""
        if self._index is None:  # read only when there is a problem to locate
            self._index = LineIndex(self.path.read_text(encoding="utf-8"))
        line = self._index.value(item.table, item.index, needle, f"{item.name}.{lang}")
        self.problems.append(Problem(self.path, line, f"{item.where}.{lang}: {message}"))

    def cited_seeds(self, item: Printed) -> dict[str, SeedText]:
        """The seeds `item` cites, by source id."""
        return {sid: self.seeds[sid] for sid in dict.fromkeys(item.evidence.seeds)
                if sid in self.seeds}

    def quotations(self, item: Printed) -> None:
        """The « » of the Arabic text (quotation.py)."""
        if ("«" not in item.text.ar or self.verbatim(item, "ar")
                or not set(item.evidence.seeds) <= set(self.seeds)):
            return  # a seed that cannot be read is reported already
        speaker = self.people.get(item.speaker or "")
        for problem in quotation_problems(item.text.ar, self.cited_seeds(item), self.names,
                                          speaker.name.ar if speaker and speaker.name else None):
            self.report(item, "ar", problem.words, problem.message)

    def verbatim(self, item: Printed, lang: str) -> bool:
        """Whether the whole text is verbatim: an Arabic headline found in its seed."""
        seed = self.seeds.get(item.record.id)
        return item.verbatim(lang) and seed is not None and squash(item.text.get(lang)) in seed.text

    def letters(self, item: Printed) -> None:
        """Persian and Urdu letter forms outside verbatim text (letters.py)."""
        for lang in LANGS:
            for problem in letter_problems(item.text.get(lang), self.verbatim(item, lang)):
                self.report(item, lang, problem.word, problem.message)

    def spelling(self, item: Printed) -> None:
        """Variants of the spelling table outside verbatim text (spelling.py)."""
        for lang in LANGS:
            if self.spellings and not self.verbatim(item, lang):
                for words, message in self.spellings.problems(lang, item.text.get(lang)):
                    self.report(item, lang, words, message)

    def strings(self, path: Path) -> list[Problem]:
        """The templates' own wording (strings.toml): letter forms, spellings, and years
        (only those of the fact base's dates and quotes, as for a text that cites nothing)."""
        try:
            raw, data = read_toml(path, "the templates' strings", "in the templates folder")
        except InputError:
            return []  # the templates' loader reports it
        index, problems = LineIndex(raw), []
        for key, value in data.items():
            for lang in LANGS:
                text = value.get(lang) if isinstance(value, dict) else None
                if not isinstance(text, str):
                    continue
                found = [p.message for p in letter_problems(text)]
                found += [m for _, m in self.spellings.problems(lang, text)] if self.spellings else []
                found += [f"{what} is in no quote and no fact's date (not inferred) of the fact "
                          "base; drop it" for what in date_problems(text, self.everything)]
                problems += [Problem(path, index.key(key, 0, lang), f"{key}.{lang}: {message}")
                             for message in found]
        return problems

    def cited_source_dates(self, sids: tuple[str, ...]) -> tuple[DateEvidence, DateEvidence]:
        """What the dates of the sources `sids` support: (as their seeds state them, whole)."""
        if sids not in self._source_dates:
            stated, whole = DateEvidence(), DateEvidence()
            for sid in sids:
                parts = self.source_dates.get(sid)
                if parts:
                    stated, whole = stated.merged(parts[0]), whole.merged(parts[1])
            self._source_dates[sids] = stated, whole
        return self._source_dates[sids]

    def dates(self, item: Printed) -> None:
        """Years, months and days, against what supports the text (dates_check.py)."""
        mentions = {lang: Mentions.of(item.text.get(lang)) for lang in LANGS}
        if not any(mentions.values()):
            return
        quotes = [c.quote for c in item.evidence.quotes]
        if item.table == "sources" and item.record.id in self.seeds:
            quotes.append(self.seeds[item.record.id].text)
        evidence = DateEvidence.of(quotes, item.evidence.dates)
        naming = None
        if item.evidence.whole_base:
            evidence = evidence.merged(self.everything)
        elif item.table != "sources":
            stated, naming = self.cited_source_dates(tuple(dict.fromkeys(item.evidence.seeds)))
            evidence = evidence.merged(stated)
        for lang in LANGS:
            for what in date_problems(mentions[lang], evidence, naming):
                self.report(item, lang, "", _date_message(item, what))


def _date_message(item: Printed, what: str) -> str:
    """Why `what` (a year, month or day) of `item` is unsupported, and what to do."""
    if item.evidence.whole_base and item.table != "sources":
        return (f"{what} is in no quote and no fact's date (not inferred) of the fact base, "
                "and a text that cites nothing may give only those; drop it or correct it")
    if item.table == "sources":
        also = ", nor in any quote or fact's date of the fact base" if item.evidence.whole_base else ""
        return (f"{what} is not in this source's seed and is not its date{also}; "
                "give only the dates the seeds state")
    if hasattr(item.record, "sides") or hasattr(item.record, "rests_on"):
        return (f"{what} is in no quote it cites and in no quote or date of the facts it "
                "refers to (an inferred date does not count: this text prints no mark); cite "
                "a quote that gives it, or drop it")
    if not hasattr(item.record, "date"):
        return f"{what} is in no quote the entry cites; cite a quote that gives it, or drop it"
    has = "is not its date" if getattr(item.record, "date", None) else "it has no date"
    return (f"{what} is in no quote the entry cites and {has}; quote the seed's words that "
            "give it, give the entry that date (with date_inferred where the seed does not "
            "state it, so that the paper marks it inferred), or drop it")


def _names(base: FactBase) -> list[str]:
    """People (full name and surname) and parties (name before any bracket), as the text may
    name them just before a quotation."""
    names = []
    for person in base.people:
        if person.name:
            names += [person.name.ar, person.name.ar.split()[-1]]
    names += [party.name.ar.split("(")[0].strip() for party in base.parties if party.name]
    return [name for name in dict.fromkeys(names) if name]
