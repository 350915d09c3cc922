"""Typed records of the fact base, as load_facts() returns them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from briefgen.text.dates import DateSpec


@dataclass(frozen=True, slots=True)
class Bi:
    """A text in Arabic and English."""

    ar: str
    en: str

    def get(self, lang: str) -> str:
        """The text in `lang`."""
        return self.ar if lang == "ar" else self.en


@dataclass(frozen=True, slots=True)
class Citation:
    """A pointer to a seed with the verbatim Arabic words that support the statement."""

    source: str
    quote: str
    line: int


@dataclass
class Record:
    """Fields every record has: its id, the line it starts on, its citations, and the line
    of each of its keys in the fact base (for messages)."""

    id: str
    line: int
    cite: list[Citation] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, key: str) -> int:
        """The line where `key` is set, else the line the record starts on."""
        return self.lines.get(key, self.line)


@dataclass
class Source(Record):
    file: str = ""
    kind: str = ""
    language: str = "ar"
    date: DateSpec | None = None
    date_inferred: Bi | None = None
    outlet: Bi | None = None
    headline: Bi | None = None
    number: int = 0  # 1-based citation number, in the order of the file


@dataclass
class Party(Record):
    name: Bi | None = None


@dataclass
class Person(Record):
    name: Bi | None = None
    role: Bi | None = None
    party: str = ""


@dataclass
class Fact(Record):
    group: str = ""
    text: Bi | None = None
    tags: list[str] = field(default_factory=list)
    date: DateSpec | None = None
    date_inferred: Bi | None = None
    party: str | None = None
    speaker: str | None = None
    value: int | None = None
    analysis: bool = False


@dataclass
class Disagreement(Record):
    topic: Bi | None = None
    sides: list[str] = field(default_factory=list)


@dataclass
class Question(Record):
    text: Bi | None = None
    why: Bi | None = None
    sides: list[str] = field(default_factory=list)
    watch: Bi | None = None


@dataclass
class Judgment(Record):
    text: Bi | None = None
    rests_on: list[str] = field(default_factory=list)


@dataclass
class Term(Record):
    term: Bi | None = None
    expansion: Bi | None = None


@dataclass
class Brief(Record):
    edition: int = 1
    edition_date: DateSpec | None = None
    digits: str = "western"
    title: Bi | None = None
    subtitle: Bi | None = None
    short_title: Bi | None = None
    author: Bi | None = None
    handling: Bi | None = None
    keywords: Bi | None = None  # each language's keywords joined by "; "


@dataclass
class FactBase:
    """The whole fact base; tables are lists in file order."""

    brief: Brief
    sources: list[Source]
    parties: list[Party]
    people: list[Person]
    facts: list[Fact]
    disagreements: list[Disagreement]
    questions: list[Question]
    judgments: list[Judgment]
    terms: list[Term]

    def tables(self) -> list[tuple[str, list[Record]]]:
        """Every table by name, in the order of the schema; the brief is a table of one."""
        return [(f.name, [self.brief] if f.name == "brief" else getattr(self, f.name))
                for f in fields(self)]

    def cited(self) -> list[Record]:
        """Every record that carries citations."""
        return [r for _, table in self.tables() for r in table if r.cite]
