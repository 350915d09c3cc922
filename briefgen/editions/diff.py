"""What changed between an edition's record and the fact base: (EditionRecord, FactBase,
Spellings) -> Changes, the data the "Changes since edition N" section is written from.

Judgments, facts and open questions are compared by id, on what the papers print of them
(`statements`): their texts in both languages, dates, parties, speakers, figures, tags and
the sources they cite, never their quotes or line numbers. A record present only in the
fact base is added, one present only in the record withdrawn, one whose printed content
differs revised; a revision whose every difference is of spelling or letter forms
(editions/spelling.py) is only counted. A revised or withdrawn record carries its previous
wording: the paragraphs, list items and table rows that showed it in the record's full
paper, in each language (its bare text, if the paper did not show it).

The paper's title and subtitle in each language are compared too, with the lines the
record's full papers printed in those roles: any change but of digit style is listed, so
that a reader who filed the earlier edition under its title can find this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefgen.editions.spelling import Spellings
from briefgen.facts.records import Bi, Fact, FactBase, Record
from briefgen.model import (
    Cite,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Table,
    Text,
    plain_text,
)
from briefgen.text.dates import DateSpec
from briefgen.text.numerals import to_style

COMPARED = ("judgments", "facts", "questions")  # in the order the section lists them
KINDS = ("added", "revised", "withdrawn")
TITLE_PARTS = ("title", "subtitle")  # fields of [brief], and the roles of the lines that print them
CELL_SEPARATOR = " — "
NO_BREAK_SPACE = "\u00a0"

Wording = dict[str, list[list[Inline]]]  # lang -> one inline list per paragraph, item or row


@dataclass
class Change:
    """One judgment, fact or question added, revised or withdrawn. `record` is the fact
    base's (None when withdrawn); `group` the fact's group (the record's, when withdrawn);
    `previous` its wording in the earlier edition (empty when added)."""

    kind: str
    table: str
    id: str
    record: Record | None
    group: str = ""
    previous: Wording = field(default_factory=dict)


@dataclass
class TitleChange:
    """The title or subtitle (`part`) of the paper in `lang`, as edition N's full paper
    printed it (`previous`) and as the fact base gives it (`current`), digits Western."""

    part: str
    lang: str
    previous: str
    current: str


@dataclass
class Changes:
    """Every change since edition `since` (dated `since_date`), in the order of the section:
    by table (judgments, facts, questions), then kind, then the fact base's order (a
    withdrawn record: the earlier edition's order); `spelling_only` counts the records
    whose every change is of spelling or letter forms; `titles` the changed titles and
    subtitles, Arabic first, title before subtitle."""

    since: int
    since_date: DateSpec
    changes: list[Change]
    spelling_only: int
    titles: list[TitleChange] = field(default_factory=list)

    def select(self, table: str, kind: str | None = None) -> list[Change]:
        """The changes of one table (and one kind)."""
        return [c for c in self.changes if c.table == table and kind in (None, c.kind)]

    def count(self, table: str, kind: str) -> int:
        """How many records of `table` were changed in this way."""
        return len(self.select(table, kind))


def compare(previous: dict[str, dict[str, Any]], papers: dict[str, Document], base: FactBase,
            spellings: Spellings, since: int, since_date: DateSpec) -> Changes:
    """The changes from the `previous` statements of edition `since` (and its full papers
    by language, for the wording) to the fact base."""
    current = statements(base)
    records = {f"{table}:{r.id}": r for table in COMPARED for r in getattr(base, table)}
    changes: list[Change] = []
    spelling_only = 0
    for table in COMPARED:
        mine = [k for k in current if k.startswith(f"{table}:")]
        added = [k for k in mine if k not in previous]
        changed = [k for k in mine if k in previous and previous[k] != current[k]]
        revised = [k for k in changed if not _spelling_only(previous[k], current[k], spellings)]
        spelling_only += len(changed) - len(revised)
        withdrawn = [k for k in previous if k.startswith(f"{table}:") and k not in current]
        for kind, keys in zip(KINDS, (added, revised, withdrawn), strict=True):
            for key in keys:
                group = (current.get(key) or previous[key]).get("group", "")
                wording = {} if kind == "added" else {
                    lang: wording_of(document, key) or _unshown(previous[key], document)
                    for lang, document in papers.items()}
                changes.append(Change(kind, table, key.split(":", 1)[1], records.get(key),
                                      group, wording))
    return Changes(since, since_date, changes, spelling_only, title_changes(papers, base))


def title_changes(papers: dict[str, Document], base: FactBase) -> list[TitleChange]:
    """The titles and subtitles that differ, but for their digits, from the lines the
    earlier full `papers` printed in those roles (none for a paper without such a line)."""
    found = []
    for lang in sorted(papers):
        for part in TITLE_PARTS:
            printed = next((b for b in papers[lang].blocks
                            if isinstance(b, Paragraph) and b.role == part), None)
            text: Bi | None = getattr(base.brief, part)
            if printed is None or text is None:
                continue
            previous, current = (to_style(t, "western")
                                 for t in (plain_text(printed.inlines), text.get(lang)))
            if previous != current:
                found.append(TitleChange(part, lang, previous, current))
    return found


def statements(base: FactBase) -> dict[str, dict[str, Any]]:
    """What the papers print of each judgment, fact and question, as plain data keyed
    "<table>:<id>", in the fact base's order."""
    order = {s.id: s.number for s in base.sources}
    facts = {f.id: f for f in base.facts}

    def sources(*records: Record) -> list[str]:
        found = {c.source for r in records for c in r.cite}
        return sorted(found, key=order.__getitem__)

    out: dict[str, dict[str, Any]] = {}
    for j in base.judgments:
        out[f"judgments:{j.id}"] = {"text": _bi(j.text),
                                    "sources": sources(*(facts[f] for f in j.rests_on))}
    for f in base.facts:
        out[f"facts:{f.id}"] = _fact(f) | {"sources": sources(f)}
    for q in base.questions:
        out[f"questions:{q.id}"] = {"text": _bi(q.text), "why": _bi(q.why),
                                    "watch": _bi(q.watch), "sides": q.sides,
                                    "sources": sources(q)}
    return out


def _fact(f: Fact) -> dict[str, Any]:
    return {"group": f.group, "text": _bi(f.text), "tags": f.tags, "date": _date(f.date),
            "date_inferred": _bi(f.date_inferred), "party": f.party, "speaker": f.speaker,
            "value": f.value, "analysis": f.analysis}


def _bi(text: Bi | None) -> dict[str, str] | None:
    return None if text is None else {"ar": text.ar, "en": text.en}


def _date(date: DateSpec | None) -> str | None:
    """A date in the fact base's grammar: "mid-2023-10", "2023-08-07/08"."""
    if date is None:
        return None
    qualifier = f"{date.qualifier}-" if date.qualifier else ""
    end = f"/{date.day_end:02d}" if date.day_end else ""
    return f"{qualifier}{date.iso()}{end}"


def _spelling_only(old: dict[str, Any], new: dict[str, Any], spellings: Spellings) -> bool:
    """Whether every difference between two statements is one of spelling in a text."""
    if old.keys() != new.keys():
        return False
    for name, value in old.items():
        other = new[name]
        if value == other:
            continue
        texts = isinstance(value, dict) and isinstance(other, dict) and value.keys() == other.keys()
        if not texts or not all(spellings.same(value[lang], other[lang], lang) for lang in value):
            return False
    return True


def wording_of(document: Document, ref: str) -> list[list[Inline]]:
    """How the paper showed the record `ref`: its paragraphs, list items and table rows in
    the first part of the paper (from one heading to the next) that shows it; a table row
    as its cells joined by a dash, a cell of citations only joined by a no-break space."""
    parts: list[list[Inline]] = []
    for block in document.blocks:
        if isinstance(block, Heading) and parts and block.ref != ref:
            break
        if isinstance(block, Heading | Paragraph) and block.ref == ref:
            parts.append(list(block.inlines))
        elif isinstance(block, ListBlock):
            parts += [item for item, r in zip(block.items, block.refs, strict=False) if r == ref]
        elif isinstance(block, Table):
            parts += [_row(row) for row, r in zip(block.rows, block.refs, strict=False) if r == ref]
    return parts


def _unshown(statement: dict[str, Any], document: Document) -> list[list[Inline]]:
    """The wording of a record the paper did not show (a group no template printed): its
    text in the paper's language and digits."""
    text = statement["text"][document.lang]
    return [[Text(to_style(text, document.digits) if document.lang == "ar" else text)]]


def _row(cells: list[Any]) -> list[Inline]:
    joined: list[Inline] = []
    for cell in cells:
        if not cell.inlines:
            continue
        if joined:
            only_cites = all(isinstance(i, Cite) for i in cell.inlines)
            joined.append(Text(NO_BREAK_SPACE if only_cites else CELL_SEPARATOR))
        joined += cell.inlines
    return joined
