"""Inline content -> WordprocessingML runs: Text and Cite items, split by direction and face.

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
from briefgen.writers.docx.faces import Faces
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
    inlines: list[Inline], paragraph: Direction, faces: Faces | None = None
) -> Iterator[tuple[Inline, str, Direction, str | None]]:
    """Each inline's text cut where its direction or its pinned face (faces.py) changes:
    (inline, piece, direction, face or None)."""
    shown = [i.text for i in inlines]
    text = "".join(shown)
    directions = char_directions(text, paragraph)
    pins = faces.pins(text) if faces else [None] * len(text)
    keys = list(zip(directions, pins, strict=True))
    offset = 0
    for inline, piece in zip(inlines, shown, strict=True):
        start = 0
        for k in range(1, len(piece) + 1):
            if k == len(piece) or keys[offset + k] != keys[offset + start]:
                direction, face = keys[offset + start]
                yield inline, piece[start:k], direction, face
                start = k
        offset += len(piece)


def run(
    text: str,
    rtl: bool,
    strong: bool = False,
    emph: bool = False,
    style: str | None = None,
    face: str | None = None,
) -> etree._Element:
    """One w:r; right-to-left runs carry w:rtl and the Arabic language tag; a pinned `face`
    is named in the complex-script and the Latin slots."""
    r = make("w:r")
    rpr = make("w:rPr")
    if style:
        add(rpr, "w:rStyle", {"w:val": style})
    if face:
        add(rpr, "w:rFonts", {"w:ascii": face, "w:hAnsi": face, "w:cs": face})
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
    inlines: list[Inline],
    paragraph: Direction,
    bookmarks: dict[str, str],
    faces: Faces | None = None,
) -> list[etree._Element]:
    """Runs and internal hyperlinks for a paragraph's inlines; a Cite links to the bookmark
    of its target (left as a plain mark when nothing in the paper carries that anchor).
    Citations that follow each other ("[1][3]") are joined by a word joiner (U+2060, not a
    bidi control), so that Word and LibreOffice never break a line between them. With
    `faces`, the characters that only one shipped face has are pinned to it (faces.py)."""
    out: list[etree._Element] = []
    previous: Inline | None = None
    for inline, piece, direction, face in direction_pieces(inlines, paragraph, faces):
        rtl = direction == "rtl"
        if isinstance(inline, Cite) and isinstance(previous, Cite) and inline is not previous:
            piece = WORD_JOINER + piece
        previous = inline
        if isinstance(inline, Text):
            out.append(run(piece, rtl, inline.strong, inline.emph, face=face))
            continue
        target = bookmarks.get(inline.target)
        r = run(piece, rtl, style="Hyperlink", face=face)
        if target is None:
            out.append(r)
            continue
        last = out[-1] if out else None
        is_link = last is not None and last.tag == qn("w:hyperlink")
        if is_link and last.get(qn("w:anchor")) == target:
            last.append(r)  # the same cite cut in two by direction or face: one link
            continue
        link = make("w:hyperlink", {"w:anchor": target, "w:history": "1"})
        link.append(r)
        out.append(link)
    return out


def field(instruction: str, rtl: bool = False) -> list[etree._Element]:
    """A complex field with no cached result: begin, instruction, separate, end. Word and
    LibreOffice compute its result (PAGE, NUMPAGES, PAGEREF) when they lay the pages out,
    so the file never carries a number that may be wrong; the runs carry the direction of
    the text around, so the number is set in that script's font and size."""
    begin, instr, separate, end = (run("", rtl) for _ in range(4))
    add(begin, "w:fldChar", {"w:fldCharType": "begin"})
    add(instr, "w:instrText", text=f" {instruction} ")
    add(separate, "w:fldChar", {"w:fldCharType": "separate"})
    add(end, "w:fldChar", {"w:fldCharType": "end"})
    return [begin, instr, separate, end]


def field_label(
    label: str, instructions: dict[str, str], paragraph: Direction, faces: Faces | None = None
) -> list[etree._Element]:
    """A label such as "Page {page} of {pages}" as runs, each {name} the field whose
    instruction is `instructions[name]`."""
    out: list[etree._Element] = []
    for k, part in enumerate(re.split(r"\{(\w+)\}", label)):
        if k % 2:
            out.extend(field(instructions[part], paragraph == "rtl"))
        elif part:
            out.extend(inline_runs([Text(part)], paragraph, {}, faces))
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
