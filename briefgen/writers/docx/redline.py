"""write_redline: (Redline, FontSet, path) -> a DOCX of the current edition that shows what
changed since the previous one as tracked changes; pages unknown (None).

The two editions are aligned block by block and word by word (compare.py) and the DOCX
writer's own BodyWriter writes the merged blocks, so that styles, lists, tables, bookmarks,
links and right-to-left properties are those of the paper. Its output is then marked
(ECMA-376 Part 1, 17.13.5): the runs of inserted words are wrapped in w:ins, those of
deleted words in w:del with their w:t as w:delText; the mark of a paragraph inserted or
deleted whole carries w:pPr/w:rPr/w:ins or w:del (a deleted mark joins the paragraph to
the next one, so nothing of it is left; at the document's end, the mark of the paragraph
before, keep_final_mark()); a table row inserted or deleted carries
w:trPr/w:ins or w:del; an entry of the contents as its heading (with w:delInstrText in a
deleted page reference). Every change is made by the current edition's author on its
date. Accepting all changes gives the current edition's text, rejecting all the previous
one's (page numbers aside: LibreOffice computes them as it lays out the pages).
The embedded fonts are the paper's, subset to whole Unicode blocks, so they cover the
deleted text too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import replace
from pathlib import Path

from lxml import etree

from briefgen.model import Cell, Cite, Contents, Heading, Inline, ListBlock, Redline, Table, Text
from briefgen.writers.docx.body import BodyWriter, Piece
from briefgen.writers.docx.compare import Tracked, Unit, align
from briefgen.writers.docx.document import DocxSession
from briefgen.writers.docx.numbering import item_label, numbers_as_text
from briefgen.writers.docx.oxml import insert, make, qn
from briefgen.writers.docx.runs import WORD_JOINER
from briefgen.writers.fonts import FontSet


def write_redline(redline: Redline, fonts: FontSet, path: Path) -> int | None:
    """Write the redline of `redline.current` against `redline.previous` at `path`."""
    return RedlineSession(fonts).write(redline, path, "")


class RedlineSession(DocxSession):
    """The redline writer for one FontSet: a DOCX session (document.py) whose body is the
    merged editions' blocks, marked."""

    def write(self, redline: Redline, path: Path, slot: str) -> int | None:  # type: ignore[override]
        """Write the redline at `path`, as the output `slot`; None (no page count)."""
        current = redline.current
        tracked = align(redline.previous, current)
        merged = replace(current, blocks=[t.block for t in tracked])
        return self.write_body(merged, path, slot, lambda writer: marked_body(writer, tracked))


def marked_body(writer: BodyWriter, tracked: list[Tracked]) -> Iterator[Piece]:
    """The body's pieces of the merged blocks, each change marked, each given as soon as
    nothing later can change it (held_back())."""
    merged = writer.document
    revisions = Revisions(merged.meta.author, merged.meta.date, len(writer.bookmarks.names) + 1)
    headings = {t.block.anchor: t.units[0] for t in tracked if isinstance(t.block, Heading)}

    def elements() -> Iterator[Piece]:
        for block in tracked:
            if isinstance(block.block, Contents):
                made = writer.contents(block.block)
                shown = [h for h in merged.headings() if h.level <= block.block.depth]
                for p, heading in zip(made[1:], shown, strict=True):
                    revisions.mark_entry(p, heading, headings[heading.anchor])
                yield from made
                continue
            if isinstance(block.block, ListBlock) and block.block.ordered and numbers_as_text(
                    merged.digits):
                block = numbered(block, merged.digits)
                made: Iterable[Piece] = (writer.paragraph("ListNumber", item)
                                         for item in block.block.items)
            else:
                made = writer.block(block.block)
            yield from revisions.marked(block, made)

    return held_back(elements())


def held_back(elements: Iterator[Piece]) -> Iterator[Piece]:
    """`elements` as they come, except those keep_final_mark() may yet change: the last
    paragraphs whose marks are all inserted (or all deleted) and the element before them,
    held until an element of another kind follows, and marked by it at the end."""
    held: list[etree._Element] = []
    for element in elements:
        status = _mark_status(element)
        if status is None or not held or _mark_status(held[-1]) != status:
            yield from held[:-1] if status is not None else held
            held = held[-1:] if status is not None else []
        held.append(element)
    keep_final_mark(held)
    yield from held


def keep_final_mark(blocks: list[Piece]) -> None:
    """The mark of a document's last paragraph cannot go: when the paragraphs that end the
    document were all inserted (or all deleted) whole, rejecting (accepting) every change
    would leave an empty paragraph there. Their marks are moved one paragraph back instead,
    as Word records paragraphs added at a document's end: the paragraph before them has
    its mark inserted (deleted), the last one keeps its own."""
    status = _mark_status(blocks[-1]) if blocks else None
    if status is None:
        return
    first = len(blocks) - 1
    while first > 0 and _mark_status(blocks[first - 1]) == status:
        first -= 1
    before = blocks[first - 1] if first else None
    if not _is_paragraph(before) or _mark_status(before) is not None:
        return  # a table or a paragraph marked otherwise: nothing to move the mark to
    last_properties = blocks[-1].find(qn("w:pPr")).find(qn("w:rPr"))
    change = last_properties[0]
    last_properties.remove(change)
    _run_properties(before).insert(0, change)  # CT_ParaRPr: ins and del come first


def _is_paragraph(piece: Piece | None) -> bool:
    return isinstance(piece, etree._Element) and piece.tag == qn("w:p")


def _mark_status(p: Piece) -> str | None:
    """'ins' or 'del' when a paragraph's mark is tracked as inserted or deleted."""
    if not _is_paragraph(p):
        return None
    mark = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    if mark is None or not len(mark) or mark[0].tag not in (qn("w:ins"), qn("w:del")):
        return None
    return etree.QName(mark[0]).localname


def _run_properties(p: etree._Element) -> etree._Element:
    """The paragraph mark's run properties (w:pPr/w:rPr), made if missing."""
    properties = p.find(qn("w:pPr"))
    if properties is None:
        properties = make("w:pPr")
        p.insert(0, properties)
    run_properties = properties.find(qn("w:rPr"))
    if run_properties is None:
        run_properties = insert(properties, make("w:rPr"))
    return run_properties


def numbered(tracked: Tracked, digits: str) -> Tracked:
    """A numbered list whose numbers are text (numbering.py): before each item, its number
    in each edition, tracked like its words (the items after a deleted one renumbered)."""
    block: ListBlock = tracked.block  # type: ignore[assignment]
    items, units = [], []
    old = new = 0
    for item, unit in zip(block.items, tracked.units, strict=True):
        old += unit.status != "ins"
        new += unit.status != "del"
        before, after = Text(item_label(old, digits)), Text(item_label(new, digits))
        if unit.status:
            label = [(before if unit.status == "del" else after, unit.status)]
        elif before == after:
            label = [(after, "")]
        else:
            label = [(before, "del"), (after, "ins")]
        items.append([text for text, _ in label] + item)
        units.append(Unit(unit.status, [[mark for _, mark in label] + unit.marks[0]]))
    return Tracked(replace(block, items=items), units)


class Revisions:
    """Marks written elements as inserted or deleted, numbering the marks from `first_id`
    (after the bookmarks' ids).

    Every mark is dated on the edition's date, at 00:00 or 00:02 by turns from one paragraph
    to the next: LibreOffice joins neighbouring changes of one author and type made within a
    minute of each other into one, across a paragraph's end too, and that joined change
    then takes the paragraph break with it (rejecting " [2]" inserted at the end of an item
    and "July " at the start of the next would join the two items)."""

    def __init__(self, author: str, date: str, first_id: int):
        self.author, self.day = author, date
        self.next_id = first_id
        self.paragraphs = 0  # paragraphs marked so far: the parity picks the time

    @property
    def date(self) -> str:
        """The w:date of the current paragraph's marks."""
        return f"{self.day}T00:0{2 * (self.paragraphs % 2)}:00Z"

    def marked(self, tracked: Tracked, pieces: Iterable[Piece]) -> Iterator[Piece]:
        """The pieces BodyWriter makes for a tracked block, each marked as its unit says, as
        they come (a list item by item, a table row by row, bytes as they are)."""
        block = tracked.block
        if isinstance(block, Table):
            rows = iter(zip(tracked.units, [block.header, *block.rows], strict=True))
            for piece in pieces:
                if isinstance(piece, etree._Element):
                    self.mark_row(piece, *next(rows))
                yield piece
            if next(rows, None) is not None:
                raise RuntimeError(f"a table of {len(block.rows)} rows was written short")
            return
        paragraphs: list[list[Inline]] = (
            block.items if isinstance(block, ListBlock) else [block.inlines])  # type: ignore[union-attr]
        for p, inlines, unit in zip(pieces, paragraphs, tracked.units, strict=True):
            self.mark_runs(p, inlines, unit.marks[0])  # type: ignore[arg-type]
            if unit.status:
                self.mark_paragraph(p, unit.status)  # type: ignore[arg-type]
            yield p

    def mark_row(self, tr: etree._Element, unit: Unit, cells: list[Cell]) -> None:
        """Mark a table row: each cell's words, and the row when it was inserted or deleted."""
        for tc, marks, cell in zip(tr.findall(qn("w:tc")), unit.marks, cells, strict=True):
            self.mark_runs(tc.find(qn("w:p")), cell.inlines, marks)
        if unit.status:
            properties = tr.find(qn("w:trPr"))
            if properties is None:  # CT_TrPr needs one of CT_TrPrBase's children first
                properties = make("w:trPr")
                properties.append(make("w:cantSplit", {"w:val": "off"}))  # the default
                tr.insert(0, properties)
            properties.append(self.change(unit.status))  # after CT_TrPrBase's children

    def mark_entry(self, p: etree._Element, heading: Heading, unit: Unit) -> None:
        """Mark a contents entry as its heading is marked: its words, and the whole entry
        (leader tab, page number) with the heading."""
        self.mark_runs(p, heading.inlines, unit.marks[0], rest=unit.status)
        if unit.status:
            self.mark_paragraph(p, unit.status)

    def mark_runs(self, p: etree._Element, inlines: list[Inline], marks: list[str],
                  rest: str = "") -> None:
        """Wrap each run of `p` in w:ins or w:del as the inline it shows is marked (runs
        after the last inline as `rest`); runs in a row that share a mark share the
        wrapper. The word joiner the writer puts before a citation that follows another
        is kept in the editions where that is so (joiner())."""
        self.paragraphs += 1
        lengths = [len(i.text) for i in inlines]
        k, used = 0, 0
        last: etree._Element | None = None
        for r in list(p.iter(qn("w:r"))):
            joined = False
            if k == len(lengths):
                status = rest
            else:
                joined = used == 0 and isinstance(inlines[k], Cite) and _text(r).startswith(
                    WORD_JOINER)
                status, joiner_status = marks[k], joiner(inlines, marks, k)
                used += _run_length(r) - joined
                if used > lengths[k]:
                    raise RuntimeError(f"a run crosses the end of inline {k} of {len(inlines)}")
                while k < len(lengths) and used == lengths[k]:
                    used, k = 0, k + 1
            if joined and joiner_status != status:
                alone = deepcopy(r)
                _drop_joiner(r)
                if joiner_status is not None:
                    for t in alone.iter(qn("w:t")):
                        t.text = WORD_JOINER
                    r.addprevious(alone)
                    last = self.wrap(alone, joiner_status, last)
            last = self.wrap(r, status, last)

    def wrap(self, r: etree._Element, status: str,
             last: etree._Element | None) -> etree._Element | None:
        """Put the run in a w:ins or w:del (the previous run's, when it is just before);
        the wrapper it went into, or None for an unchanged run."""
        if not status:
            return None
        if status == "del":
            for t in r.iter(qn("w:t"), qn("w:instrText")):
                t.tag = qn("w:delText" if t.tag == qn("w:t") else "w:delInstrText")
        if last is None or last.tag != qn(f"w:{status}") or r.getprevious() is not last:
            last = self.change(status)
            r.addprevious(last)
        last.append(r)
        return last

    def mark_paragraph(self, p: etree._Element, status: str) -> None:
        """Mark the paragraph's mark inserted or deleted (w:pPr/w:rPr/w:ins or w:del)."""
        _run_properties(p).insert(0, self.change(status))  # CT_ParaRPr: ins and del come first

    def change(self, status: str) -> etree._Element:
        """A new w:ins or w:del with the next id, the author and the date."""
        element = make(f"w:{status}", {"w:id": str(self.next_id), "w:author": self.author,
                                       "w:date": self.date})
        self.next_id += 1
        return element


def joiner(inlines: list[Inline], marks: list[str], k: int) -> str | None:
    """Where the word joiner before citation `k` belongs: in the editions in which another
    citation comes just before it. "" both, "ins" the current only, "del" the previous
    only, None neither (its citation, or the one before, is there in one edition only)."""
    def after_citation(edition_lacks: str) -> bool:
        if marks[k] == edition_lacks:
            return False
        j = k - 1
        while j >= 0 and marks[j] == edition_lacks:
            j -= 1
        return j >= 0 and isinstance(inlines[j], Cite)

    current, previous = after_citation("del"), after_citation("ins")
    return "" if current and previous else "ins" if current else "del" if previous else None


def _drop_joiner(r: etree._Element) -> None:
    first = next(t for t in r.iter(qn("w:t")) if t.text)
    first.text = first.text.removeprefix(WORD_JOINER)
    if not first.text:
        r.remove(first)


def _text(r: etree._Element) -> str:
    return "".join(t.text or "" for t in r if t.tag in (qn("w:t"), qn("w:delText")))


def _run_length(r: etree._Element) -> int:
    return len(_text(r)) + len(r.findall(qn("w:tab")))
