"""Two editions of a paper aligned for a redline: (previous, current Document) -> Tracked
blocks, each a block of both editions' content with what was inserted and deleted.

Blocks are matched by what they are, never by their wording: a heading by its anchor, a
paragraph that shows a fact-base record by its `ref`, a list or a table by the heading it
stands under and its rank there, any other paragraph by its role and rank under its heading.
Within a matched list or table, items and rows are matched the same way (by `ref`, else by
rank). Matched paragraphs, items and cells are compared word by word (a citation is one
word); whatever has no match was deleted or inserted whole. The contents, a list the
writer makes of the headings, are kept as one block (the redline marks each entry as its
heading).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from briefgen.model import (
    Block,
    Cell,
    Cite,
    Contents,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Table,
    Text,
)

SAME, INSERTED, DELETED = "", "ins", "del"
_WORD = re.compile(r"\s+|\S+")

Marked = list[tuple[Inline, str]]  # inlines of both editions, each with its status


@dataclass
class Unit:
    """One paragraph (or table row) of a tracked block: its status, and the status of each
    inline of its paragraph (of each cell's paragraph, for a row)."""

    status: str
    marks: list[list[str]]


@dataclass
class Tracked:
    """A block to write, holding both editions' content, and one Unit per paragraph it
    makes: one for a heading or paragraph, one per item of a list, one per row of a table
    (the header row first); none for the contents (marked as their headings are)."""

    block: Block
    units: list[Unit]


def align(previous: Document, current: Document) -> list[Tracked]:
    """The blocks of both editions in reading order, matched ones merged."""
    old, new = previous.blocks, current.blocks
    out: list[Tracked] = []
    for tag, i1, i2, j1, j2 in _opcodes(_block_keys(old), _block_keys(new)):
        if tag == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                out += _merge(a, b)
        else:
            out += [whole(b, DELETED) for b in old[i1:i2] if not isinstance(b, Contents)]
            out += [whole(b, INSERTED) for b in new[j1:j2]]
    return out


def whole(block: Block, status: str) -> Tracked:
    """A block deleted or inserted whole (the contents: as their headings)."""
    if isinstance(block, Contents):
        return Tracked(block, [])
    if isinstance(block, ListBlock):
        return Tracked(block, [_unit(status, [item]) for item in block.items])
    if isinstance(block, Table):
        rows = [block.header, *block.rows]
        return Tracked(block, [_unit(status, [c.inlines for c in row]) for row in rows])
    return Tracked(block, [_unit(status, [block.inlines])])  # type: ignore[union-attr]


def _unit(status: str, cells: list[list[Inline]]) -> Unit:
    return Unit(status, [[status] * len(inlines) for inlines in cells])


def _merge(a: Block, b: Block) -> list[Tracked]:
    """Two matched blocks as one, or as a deletion and an insertion when their kinds or
    styles differ (a list that became numbered, a table with other columns)."""
    if isinstance(a, Heading) and isinstance(b, Heading) and a.level == b.level:
        marked = compare_inlines(a.inlines, b.inlines)
        return [Tracked(Heading(b.level, _inlines(marked), b.anchor, b.ref), [_marked(marked)])]
    if isinstance(a, Paragraph) and isinstance(b, Paragraph) and a.role == b.role:
        marked = compare_inlines(a.inlines, b.inlines)
        block = Paragraph(_inlines(marked), b.role, b.anchor or a.anchor, b.ref,
                          b.quotes_edition)
        return [Tracked(block, [_marked(marked)])]
    if isinstance(a, ListBlock) and isinstance(b, ListBlock) and a.ordered == b.ordered:
        return [_merge_list(a, b)]
    if isinstance(a, Table) and isinstance(b, Table) and len(a.header) == len(b.header):
        return [_merge_table(a, b)]
    if isinstance(b, Contents):
        return [whole(b, SAME)]
    return [whole(a, DELETED), whole(b, INSERTED)]


def _merge_list(a: ListBlock, b: ListBlock) -> Tracked:
    items: list[list[Inline]] = []
    units: list[Unit] = []
    for status, old, new in _pairs(a.items, a.refs, b.items, b.refs):
        marked = compare_inlines(old or [], new or []) if status == SAME else [
            (i, status) for i in (old if status == DELETED else new) or []]
        items.append(_inlines(marked))
        units.append(Unit(status, [[s for _, s in marked]]))
    return Tracked(ListBlock(items, b.ordered), units)


def _merge_table(a: Table, b: Table) -> Tracked:
    header = [compare_inlines(x.inlines, y.inlines) for x, y in zip(a.header, b.header,
                                                                   strict=True)]
    rows: list[list[Cell]] = []
    units = [Unit(SAME, [[s for _, s in cell] for cell in header])]
    for status, old, new in _pairs(a.rows, a.refs, b.rows, b.refs):
        if status == SAME:
            cells = [compare_inlines(x.inlines, y.inlines) for x, y in zip(old, new,
                                                                          strict=True)]
            anchors = [y.anchor or x.anchor for x, y in zip(old, new, strict=True)]
        else:
            row = old if status == DELETED else new
            cells = [[(i, status) for i in c.inlines] for c in row]
            anchors = [c.anchor for c in row]
        rows.append([Cell(_inlines(m), anchor) for m, anchor in zip(cells, anchors,
                                                                      strict=True)])
        units.append(Unit(status, [[s for _, s in cell] for cell in cells]))
    merged_header = [Cell(_inlines(m), c.anchor) for m, c in zip(header, b.header, strict=True)]
    return Tracked(Table(merged_header, rows, b.widths), units)


def _pairs(old: Sequence, old_refs: list[str | None], new: Sequence,
           new_refs: list[str | None]) -> list[tuple[str, object, object]]:
    """Items (or rows) of two editions matched by ref, else by rank: (status, old, new)."""
    out: list[tuple[str, object, object]] = []
    for tag, i1, i2, j1, j2 in _opcodes(_ranked(old_refs, len(old)), _ranked(new_refs, len(new))):
        if tag == "equal":
            out += [(SAME, x, y) for x, y in zip(old[i1:i2], new[j1:j2], strict=True)]
        else:
            out += [(DELETED, x, None) for x in old[i1:i2]]
            out += [(INSERTED, None, y) for y in new[j1:j2]]
    return out


def _ranked(refs: list[str | None], count: int) -> list[Hashable]:
    """Keys of items: their ref (with its rank among equal refs), else their rank."""
    seen: Counter[Hashable] = Counter()
    keys: list[Hashable] = []
    for k in range(count):
        ref = refs[k] if k < len(refs) else None
        key = ref if ref is not None else "#"
        keys.append((key, seen[key]))
        seen[key] += 1
    return keys


def _block_keys(blocks: list[Block]) -> list[Hashable]:
    """What each block is: see the module's docstring."""
    keys: list[Hashable] = []
    under: Hashable = None  # the anchor of the heading above
    seen: Counter[Hashable] = Counter()
    for block in blocks:
        if isinstance(block, Heading):
            under = block.anchor
            keys.append(("heading", block.anchor))
            continue
        if isinstance(block, Paragraph):
            kind: Hashable = ("ref", block.ref) if block.ref else (
                ("anchor", block.anchor) if block.anchor else ("paragraph", block.role, under))
        else:
            kind = (type(block).__name__, under)
        keys.append((kind, seen[kind]))
        seen[kind] += 1
    return keys


def _opcodes(a: list[Hashable], b: list[Hashable]) -> list[tuple[str, int, int, int, int]]:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def compare_inlines(old: list[Inline], new: list[Inline]) -> Marked:
    """The inlines of two editions of a paragraph merged word by word: words of both in
    reading order, those only in `old` deleted, those only in `new` inserted (a deletion
    before the insertion that replaces it); runs of words of one style and status joined."""
    if old == new:
        return [(inline, SAME) for inline in new]
    return list(_compared(tuple(old), tuple(new)))


@lru_cache(maxsize=1 << 12)  # a redline written again (--watch) compares the same pairs
def _compared(old: tuple[Inline, ...], new: tuple[Inline, ...]) -> tuple[tuple[Inline, str], ...]:
    a, b = _words(list(old)), _words(list(new))
    marked: Marked = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            marked += [(w, SAME) for w in b[j1:j2]]
            continue
        marked += [(w, DELETED) for w in a[i1:i2]]
        marked += [(w, INSERTED) for w in b[j1:j2]]
    return tuple(_joined(marked))


def _words(inlines: list[Inline]) -> list[Inline]:
    words: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Cite):
            words.append(inline)
        else:
            words += [Text(w, inline.strong, inline.emph) for w in _WORD.findall(inline.text)]
    return words


def _joined(marked: Marked) -> Marked:
    out: Marked = []
    for inline, status in marked:
        if out and isinstance(inline, Text) and out[-1][1] == status:
            last = out[-1][0]
            if isinstance(last, Text) and (last.strong, last.emph) == (inline.strong, inline.emph):
                out[-1] = (Text(last.text + inline.text, inline.strong, inline.emph), status)
                continue
        out.append((inline, status))
    return out


def _inlines(marked: Marked) -> list[Inline]:
    return [inline for inline, _ in marked]


def _marked(marked: Marked) -> Unit:
    return Unit(SAME, [[status for _, status in marked]])
