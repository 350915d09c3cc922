"""The checks of the papers' printed texts: (FactBase, seeds, spellings) -> located Problems.

Each printed bilingual field (printed.py) goes through
- the quotation check (quotation.py): Arabic « » verbatim in the cited seeds, and in
  quotation marks there when presented as someone's words;
- the date check (dates_check.py): every year, month and day supported (a date the text
  marks inferred with the templates' own mark, strings.toml's `inferred_mark`, also by the
  inferred dates it rests on);
- the letter-form check (letters.py): no Persian or Urdu letters outside verbatim text;
- the spelling check (spelling.py), when a table of canonical spellings is given.
The templates' own wording (strings.toml) goes through the last three.
Each problem is located on the line of the fact base that holds the offending words.

What a text's checks find depends on the text, its record and its evidence, and on the
evidence of the whole fact base (evidence_key()): run() takes a Memo of the findings by
text, valid while that key is the same (a `--watch` session's), and checks only the texts
it has no findings for.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.facts.dates_check import DateEvidence, Mentions, date_problems, source_evidence
from briefgen.facts.letters import letter_problems
from briefgen.facts.lines import LineIndex
from briefgen.facts.printed import NOTE, Printed, printed_texts, whole_base
from briefgen.facts.quotation import quotation_problems
from briefgen.facts.records import FactBase
from briefgen.facts.schema import LANGS
from briefgen.facts.seeds import SeedText, squash
from briefgen.facts.spelling import SpellingTable
from briefgen.memo import Memo
from briefgen.tomlfile import read_toml

INFERRED_MARK = "inferred_mark"  # the string the templates print after an inferred date


class TextChecker:
    """Runs the checks of printed texts over one fact base and collects located problems;
    `strings` is the templates' wording (strings.toml), when there is one."""

    def __init__(self, base: FactBase, facts_path: Path, seeds: dict[str, SeedText],
                 spellings: SpellingTable | None = None, strings: Path | None = None,
                 inputs: Memo | None = None):
        self.base, self.path, self.seeds = base, facts_path, seeds
        inputs = inputs or Memo()
        self.spellings = spellings
        self.strings_path = strings
        self.wording = _read_strings(strings)
        mark = self.wording[1].get(INFERRED_MARK) if self.wording else None
        self.marks = {lang: mark[lang] for lang in LANGS
                      if isinstance(mark, dict) and isinstance(mark.get(lang), str)}
        self._index: LineIndex | None = None
        self._source_dates: dict[tuple[str, ...], tuple[DateEvidence, DateEvidence]] = {}
        self.problems: list[Problem] = []
        self._found: list[tuple[str, str, str]] = []  # the text being checked: its findings
        self.people = {person.id: person for person in base.people}
        self.names = _names(base)
        every = whole_base(base)
        quotes, dates = tuple(c.quote for c in every.quotes), tuple(every.dates)
        self.everything = inputs.get(("everything", quotes, dates),
                                     lambda: DateEvidence.of(quotes, dates))
        self.everything_marked = self.everything.merged(DateEvidence.of([], every.inferred))
        self.source_dates = {
            source.id: inputs.get(
                ("source dates", source.date, source.date_inferred is not None,
                 seeds[source.id].text),
                lambda source=source: source_evidence(  # type: ignore[misc]
                    source.date, source.date_inferred is not None, seeds[source.id].text))
            for source in base.sources if source.date and source.id in seeds}

    def evidence_key(self) -> tuple[object, ...]:
        """What every text's checks read besides the text, its record and its evidence:
        the seeds, the names, the speakers, the spellings, the date marks, what the fact
        base's quotes and dates support as a whole and what each source's date does
        (compared, not hashed)."""
        return (self.seeds, self.names,
                {pid: p.name.ar if p.name else None for pid, p in self.people.items()},
                self.spellings.rows if self.spellings else None, self.marks,
                self.everything, self.everything_marked, self.source_dates)

    def run(self, texts: Memo | None = None) -> list[Problem]:
        """Every problem of every printed text, in file order; `texts` (in a round) holds
        the findings of texts checked before against the same evidence_key()."""
        texts = texts or Memo()
        for item in printed_texts(self.base):
            for lang, needle, message in texts.get(_text_key(item), lambda i=item: self._check(i)):
                self._locate(item, lang, needle, message)
        return self.problems

    def _check(self, item: Printed) -> tuple[tuple[str, str, str], ...]:
        """What the checks find in one printed text: (lang, words, message) each."""
        self._found = []
        self.quotations(item)
        self.dates(item)
        self.letters(item)
        self.spelling(item)
        return tuple(self._found)

    def report(self, item: Printed, lang: str, needle: str, message: str) -> None:
        """A problem of `item`'s `lang` text, to be located on the line that holds `needle`."""
        self._found.append((lang, needle, message))

    def _locate(self, item: Printed, lang: str, needle: str, message: str) -> None:
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
        """Whether the whole text is verbatim: an Arabic headline found in its seed (taken
        as verbatim when the seed cannot be read: that is reported already)."""
        seed = self.seeds.get(item.record.id)
        return item.verbatim(lang) and (seed is None or squash(item.text.get(lang)) in seed.text)

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

    def strings(self) -> list[Problem]:
        """The templates' own wording (strings.toml): letter forms, spellings, and years
        (only those of the fact base's dates and quotes, as for a text that cites nothing)."""
        if self.wording is None or self.strings_path is None:
            return []
        path, (raw, data) = self.strings_path, self.wording
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

    def _marking(self, lang: str) -> str:
        """When an inferred date counts for a text in `lang`, for messages."""
        mark = self.marks.get(lang)
        if not mark:
            return " (an inferred date does not count: the text prints no mark)"
        example = f"«2021 {mark}»" if lang == "ar" else f'"2021 {mark}"'
        return f" (an inferred date counts only where the text marks it, as in {example})"

    def dates(self, item: Printed) -> None:
        """Years, months and days, against what supports the text (dates_check.py); where
        the text marks a date inferred, the inferred dates it rests on support it too."""
        mentions = {lang: Mentions.of(item.text.get(lang), self.marks.get(lang, ""))
                    for lang in LANGS}
        if not any(mentions.values()) or not set(item.evidence.seeds) <= set(self.seeds):
            return  # a seed it rests on cannot be read: that is reported already
        quotes = [c.quote for c in item.evidence.quotes]
        if item.evidence.whole_seeds:
            quotes += [seed.text for seed in self.cited_seeds(item).values()]
        evidence = DateEvidence.of(quotes, item.evidence.dates)
        marked = evidence.merged(DateEvidence.of([], item.evidence.inferred))
        naming = None
        if item.evidence.whole_base:
            evidence = evidence.merged(self.everything)
            marked = marked.merged(self.everything_marked)
        elif item.table != "sources":
            stated, naming = self.cited_source_dates(tuple(dict.fromkeys(item.evidence.seeds)))
            evidence = evidence.merged(stated)
            marked = marked.merged(stated).merged(naming)
        for lang in LANGS:
            for what in date_problems(mentions[lang], evidence, naming, marked):
                self.report(item, lang, "", _date_message(item, what, self._marking(lang)))


def _date_message(item: Printed, what: str, marking: str) -> str:
    """Why `what` (a year, month or day) of `item` is unsupported, and what to do;
    `marking` says when an inferred date counts."""
    if item.name == NOTE and item.table != "sources":
        return (f"{what} is in no seed the fact cites and in no quote or date of the fact "
                f"base{marking}; a note on how a date was inferred may give only dates the "
                "seeds state; correct it or drop it")
    if item.evidence.whole_base and item.table != "sources":
        return (f"{what} is in no quote and no fact's date of the fact base{marking}, and a "
                "text that cites nothing may give only those; drop it or correct it")
    if item.table == "sources":
        also = ", nor in any quote or fact's date of the fact base" if item.evidence.whole_base else ""
        return (f"{what} is not in this source's seed and is not its date{also}; "
                "give only the dates the seeds state")
    if hasattr(item.record, "sides") or hasattr(item.record, "rests_on"):
        return (f"{what} is in no quote it cites and in no quote or date of the facts it "
                f"refers to{marking}; cite a quote that gives it, or drop it")
    if not hasattr(item.record, "date"):
        return f"{what} is in no quote the entry cites; cite a quote that gives it, or drop it"
    has = "is not its date" if getattr(item.record, "date", None) else "it has no date"
    return (f"{what} is in no quote the entry cites and {has}; quote the seed's words that "
            "give it, give the entry that date (with date_inferred where the seed does not "
            "state it, so that the paper marks it inferred), or drop it")


def _text_key(item: Printed) -> Hashable:
    """What the checks of one printed text read of it, its record and its evidence (its
    place in the file and its lines aside: those only locate what is found)."""
    record, evidence = item.record, item.evidence
    return (type(record).__name__, record.id, item.table, item.name, item.text, item.speaker,
            getattr(record, "date", None),
            tuple((c.source, c.quote) for c in evidence.quotes), tuple(evidence.seeds),
            tuple(evidence.dates), tuple(evidence.inferred), evidence.whole_seeds,
            evidence.whole_base)


def _read_strings(path: Path | None) -> tuple[str, dict] | None:
    """The templates' wording (text, data), or None where there is none to read (an
    unreadable file: the templates' loader reports it)."""
    if path is None or not path.exists():
        return None
    try:
        return read_toml(path, "the templates' strings", "in the templates folder")
    except InputError:
        return None


def _names(base: FactBase) -> list[str]:
    """People (full name and surname) and parties (name before any bracket), as the text may
    name them just before a quotation."""
    names = []
    for person in base.people:
        if person.name:
            names += [person.name.ar, person.name.ar.split()[-1]]
    names += [party.name.ar.split("(")[0].strip() for party in base.parties if party.name]
    return [name for name in dict.fromkeys(names) if name]
