"""The neutral document model: what compose() builds and every writer reads.

Nothing here speaks of pages, fonts or a file format. Text is logical Unicode (unshaped,
in typing order); language and direction travel as attributes. Inline content is a list of
`Text` and `Cite` items; blocks are a closed set of kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["rtl", "ltr"]


@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text, optionally strong (bold) or emphasised (italic)."""

    text: str
    strong: bool = False
    emph: bool = False


@dataclass(frozen=True, slots=True)
class Cite:
    """A citation mark: `label` is what is shown (already in the paper's digits), `target`
    the anchor id of the source entry it links to."""

    label: str
    target: str

    @property
    def text(self) -> str:
        """What the mark shows: its label in square brackets."""
        return f"[{self.label}]"


Inline = Text | Cite


def plain_text(inlines: list[Inline]) -> str:
    """The inlines as one logical string, citations shown as `[label]`."""
    return "".join(i.text for i in inlines)


@dataclass(slots=True)
class Heading:
    """A section heading of `level` 1-3; `anchor` is its link target and bookmark id; `ref`
    names the fact-base record it shows ("questions:<id>"), if any."""

    level: int
    inlines: list[Inline]
    anchor: str
    ref: str | None = None


@dataclass(slots=True)
class Paragraph:
    """A paragraph. `role` picks a paragraph style: body, title, subtitle, meta, note, anchor
    (`anchor` set when something links to it). `ref` names the fact-base record it shows
    ("<table>:<id>", e.g. "facts:jscd"); `quotes_edition` is set on a paragraph that quotes
    an earlier edition's wording (a revised fact's previous text): that edition's number."""

    inlines: list[Inline]
    role: str = "body"
    anchor: str | None = None
    ref: str | None = None
    quotes_edition: int | None = None


@dataclass(slots=True)
class ListBlock:
    """A bulleted (`ordered=False`) or numbered list; each item is one paragraph of inlines.
    `refs` (empty, or one per item) names the fact-base record each item shows."""

    items: list[list[Inline]]
    ordered: bool = False
    refs: list[str | None] = field(default_factory=list)


@dataclass(slots=True)
class Cell:
    """One table cell: a paragraph of inlines, and an optional anchor for links."""

    inlines: list[Inline]
    anchor: str | None = None


@dataclass(slots=True)
class Table:
    """A table with one header row and body rows; `widths` are relative column widths,
    listed in logical (reading) order. `refs` (empty, or one per body row) names the
    fact-base record each row shows."""

    header: list[Cell]
    rows: list[list[Cell]]
    widths: list[float]
    refs: list[str | None] = field(default_factory=list)


@dataclass(slots=True)
class Contents:
    """The place of the table of contents: writers fill it from the headings of level
    `depth` and above."""

    title: str
    depth: int = 2


Block = Heading | Paragraph | ListBlock | Table | Contents


@dataclass(slots=True)
class Meta:
    """What a reader's program shows about the file, and the running header and footer."""

    title: str
    subject: str
    author: str
    keywords: list[str]
    short_title: str
    handling: str
    page_label: str  # "Page {page} of {pages}" with the paper's words
    date: str  # ISO date of the edition (for metadata; never the clock)


@dataclass(slots=True)
class Document:
    """A whole paper in one language."""

    lang: str  # "ar" or "en"
    direction: Direction
    digits: str  # "arabic-indic" or "western"
    meta: Meta
    blocks: list[Block] = field(default_factory=list)
    density: str = "normal"  # "compact" asks writers for a tighter setting (a one-page paper)

    def headings(self) -> list[Heading]:
        """Every heading, in document order."""
        return [b for b in self.blocks if isinstance(b, Heading)]


@dataclass(slots=True)
class Redline:
    """Two editions of one paper, for a writer that shows the changes from `previous` to
    `current` as tracked changes, made by the current edition's author on its date."""

    previous: Document
    current: Document
