"""Inline content -> WordprocessingML runs: Text and Cite items, split by script direction.

Word sets a run in its complex-script properties (w:cs font, w:szCs, w:bCs) only when the
run is marked w:rtl, and treats the neutral characters of an rtl run as right to left. So
each paragraph's text is cut into direction runs by the embedding levels UAX #9 resolves on
the whole paragraph (text/bidi.py, the same levels the PDF writer draws by): odd levels,
Arabic letters and Arabic-Indic digits are right to left, the rest left to right. The text
itself is stored as typed: logical order, unshaped, no bidi controls added.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from lxml import etree

from briefgen.model import Cite, Direction, Inline, Text
from briefgen.text.bidi import paragraph_levels
from briefgen.writers.docx.oxml import add, make, qn, set_direction

BIDI_LANG = "ar-IQ"
_ARABIC_CLASSES = frozenset({"R", "AL", "AN"})


def char_directions(text: str, paragraph: Direction) -> list[Direction]:
    """The direction of each character of a paragraph's text: the parity of its embedding
    level, resolved on the whole paragraph by UAX #9 (as the PDF writer does), so that
    "F-16" or "HMC (2023)" inside an Arabic sentence is one left-to-right run; Arabic
    letters and Arabic-Indic digits always right to left, so that Word sets them in the
    complex-script font."""
    levels = paragraph_levels(text, paragraph)
    return ["rtl" if level % 2 or unicodedata.bidirectional(ch) in _ARABIC_CLASSES else "ltr"
            for ch, level in zip(text, levels, strict=True)]


def direction_pieces(
    inlines: list[Inline], paragraph: Direction
) -> Iterator[tuple[Inline, str, Direction]]:
    """Each inline's text cut where its direction changes: (inline, piece, direction)."""
    shown = [i.text for i in inlines]
    directions = char_directions("".join(shown), paragraph)
    offset = 0
    for inline, text in zip(inlines, shown, strict=True):
        start = 0
        for k in range(1, len(text) + 1):
            if k == len(text) or directions[offset + k] != directions[offset + start]:
                yield inline, text[start:k], directions[offset + start]
                start = k
        offset += len(text)


def run(
    text: str,
    rtl: bool,
    strong: bool = False,
    emph: bool = False,
    style: str | None = None,
) -> etree._Element:
    """One w:r; right-to-left runs carry w:rtl and the Arabic language tag."""
    r = make("w:r")
    rpr = make("w:rPr")
    if style:
        add(rpr, "w:rStyle", {"w:val": style})
    if strong:
        add(rpr, "w:b")
        add(rpr, "w:bCs")
    if emph:  # Latin italic only: Arabic has no italic face, Word would slant it (w:iCs)
        add(rpr, "w:i")
    if rtl:
        set_direction(rpr, True)
        add(rpr, "w:lang", {"w:bidi": BIDI_LANG})
    if len(rpr):
        r.append(rpr)
    for k, part in enumerate(text.split("\t")):
        if k:
            add(r, "w:tab")
        if part:
            add(r, "w:t", text=part)
    return r


WORD_JOINER = "\u2060"


def inline_runs(
    inlines: list[Inline], paragraph: Direction, bookmarks: dict[str, str]
) -> list[etree._Element]:
    """Runs and internal hyperlinks for a paragraph's inlines; a Cite links to the bookmark
    of its target (left as a plain mark when nothing in the paper carries that anchor).
    Citations that follow each other ("[1][3]") are joined by a word joiner (U+2060, not a
    bidi control), so that Word and LibreOffice never break a line between them."""
    out: list[etree._Element] = []
    previous: Inline | None = None
    for inline, piece, direction in direction_pieces(inlines, paragraph):
        rtl = direction == "rtl"
        if isinstance(inline, Cite) and isinstance(previous, Cite) and inline is not previous:
            piece = WORD_JOINER + piece
        previous = inline
        if isinstance(inline, Text):
            out.append(run(piece, rtl, inline.strong, inline.emph))
            continue
        target = bookmarks.get(inline.target)
        r = run(piece, rtl, style="Hyperlink")
        if target is None:
            out.append(r)
            continue
        last = out[-1] if out else None
        is_link = last is not None and last.tag == qn("w:hyperlink")
        if is_link and last.get(qn("w:anchor")) == target:
            last.append(r)  # the same cite cut in two by direction: one link
            continue
        link = make("w:hyperlink", {"w:anchor": target, "w:history": "1"})
        link.append(r)
        out.append(link)
    return out


def field(instruction: str, result: list[etree._Element]) -> list[etree._Element]:
    """A complex field: begin, instruction, separate, the cached result runs, end."""
    begin, separate, end = (run("", False) for _ in range(3))
    add(begin, "w:fldChar", {"w:fldCharType": "begin"})
    instr = add(make("w:r"), "w:instrText", text=f" {instruction} ").getparent()
    add(separate, "w:fldChar", {"w:fldCharType": "separate"})
    add(end, "w:fldChar", {"w:fldCharType": "end"})
    return [begin, instr, separate, *result, end]


def field_label(label: str, values: dict[str, tuple[str, str]], rtl: bool) -> list[etree._Element]:
    """A label such as "Page {page} of {pages}" as runs, each {name} a field whose
    (instruction, cached text) is in `values`."""
    out: list[etree._Element] = []
    for k, part in enumerate(re.split(r"\{(\w+)\}", label)):
        if k % 2:
            instruction, cached = values[part]
            out.extend(field(instruction, [run(cached, rtl)]))
        elif part:
            out.append(run(part, rtl))
    return out


class Bookmarks:
    """Bookmark names for the model's anchors (Word allows letters, digits and _, 40 at
    most, starting with a letter) and the w:id counter for bookmarkStart/End pairs."""

    def __init__(self, anchors: list[str]):
        self.names: dict[str, str] = {}
        used: set[str] = set()
        for anchor in anchors:
            base = "a_" + re.sub(r"[^0-9A-Za-z_]", "_", anchor)[:34]
            name, n = base, 1
            while name in used:
                n += 1
                name = f"{base[:34]}_{n}"
            used.add(name)
            self.names[anchor] = name
        self._next_id = 0

    def wrap(self, paragraph: etree._Element, anchor: str | None) -> None:
        """Put a bookmark for `anchor` around the content of `paragraph`."""
        if anchor is None:
            return
        bookmark_id = str(self._next_id)
        self._next_id += 1
        start = make("w:bookmarkStart", {"w:id": bookmark_id, "w:name": self.names[anchor]})
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph.insert(0, start)
        paragraph.append(make("w:bookmarkEnd", {"w:id": bookmark_id}))
