"""The model's blocks -> w:body content: paragraphs, headings, lists, tables and contents.

`BodyWriter.block` turns one model block into the pieces it becomes, with nothing around
them, so another module can place them or wrap their content (a redline wraps runs in w:ins
/ w:del): a w:p element for each paragraph; a table as the bytes of its start (properties
and grid), one w:tr element per row and the bytes of its end, each row made when the one
before has been taken, so that a table of thousands of rows is never held whole.

Built paragraphs can be kept in a Memo (briefgen/memo.py: a DOCX session's, per output), as
their bytes, and used again when a later document has the same paragraph: the same style,
inlines, list number and link targets give the same paragraph. A paragraph written into the
file as it is, with no bookmark, is then written from those bytes; another one (bookmarked,
in a table cell, marked by a redline) is read back from them.

Each paragraph's base direction comes from `paragraph_direction(text, lang)`: in the Arabic
edition a paragraph is right to left (w:bidi) unless it is wholly Latin, in the English
edition left to right unless wholly Arabic. Tables follow the edition (w:bidiVisual puts
the first logical column on the right).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from briefgen.memo import Memo
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
    plain_text,
)
from briefgen.text.script import paragraph_direction
from briefgen.writers.docx.faces import Faces
from briefgen.writers.docx.numbering import (
    BULLET_NUM_ID,
    ORDERED_NUM_ID,
    item_label,
    numbers_as_text,
)
from briefgen.writers.docx.oxml import add, inner_bytes, make, parse_inner, set_direction, split_bytes
from briefgen.writers.docx.runs import Bookmarks, field, inline_runs, run
from briefgen.writers.docx.styles import metrics

Piece = etree._Element | bytes  # a body element, or bytes written as they are

ROLE_STYLES = {
    "body": "BodyText",
    "title": "Title",
    "subtitle": "Subtitle",
    "meta": "Meta",
    "note": "Note",
}


def model_anchors(document: Document) -> list[str]:
    """Every anchor a Cite may point at, in document order."""
    anchors: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph) and block.anchor:
            anchors.append(block.anchor)
        elif isinstance(block, Table):
            for cell in [*block.header, *(c for row in block.rows for c in row)]:
                if cell.anchor:
                    anchors.append(cell.anchor)
    return anchors


def ordered_list_count(document: Document) -> int:
    """How many numbered lists the paper has (each restarts at 1)."""
    return sum(1 for b in document.blocks if isinstance(b, ListBlock) and b.ordered)


class BodyWriter:
    """Builds body elements for one Document; holds the bookmark names, the shipped faces
    (faces.py), the list counter and the paragraphs built for earlier documents, if any
    (a Memo in a round)."""

    def __init__(self, document: Document, bookmarks: Bookmarks, faces: Faces,
                 cache: Memo | None = None):
        self.document = document
        self.lang = document.lang
        self.bookmarks = bookmarks
        self.faces = faces
        self.cache = cache
        self.text_width = metrics(document.lang, document.density).text_width
        self._ordered_seen = 0

    def blocks(self) -> Iterator[Piece]:
        """The body's pieces for every block, in order, each made when the one before has
        been taken (document.py writes each as it comes)."""
        for block in self.document.blocks:
            yield from self.block(block, written=True)

    def block(self, block: Block, written: bool = False) -> Iterator[Piece]:
        """One block as paragraphs or a table, piece by piece; `written`: as it goes into
        the file (written_paragraph), not to be marked afterwards."""
        paragraph = self.written_paragraph if written else self.paragraph
        if isinstance(block, Heading):
            return iter([paragraph(f"Heading{block.level}", block.inlines, block.anchor)])
        if isinstance(block, Paragraph):
            style = ROLE_STYLES.get(block.role, "BodyText")
            return iter([paragraph(style, block.inlines, block.anchor)])
        if isinstance(block, ListBlock):
            return self.list_block(block, paragraph)
        if isinstance(block, Table):
            return self.table(block, written)
        if isinstance(block, Contents):
            return iter(self.contents(block))
        raise TypeError(f"not a block: {block!r}")

    def paragraph(
        self,
        style: str,
        inlines: list[Inline],
        anchor: str | None = None,
        num_id: int | None = None,
    ) -> etree._Element:
        """A w:p in `style`, its direction from its own text, bookmarked when anchored."""
        if self.cache is None:
            p = self.built_paragraph(style, inlines, num_id)
        else:
            data, p = self.kept_paragraph(style, inlines, num_id)
            p = parse_inner(data) if p is None else p
        self.bookmarks.wrap(p, anchor)
        return p

    def written_paragraph(
        self,
        style: str,
        inlines: list[Inline],
        anchor: str | None = None,
        num_id: int | None = None,
    ) -> Piece:
        """paragraph() for a paragraph written into the file as it is made: one without a
        bookmark comes as its bytes, kept from an earlier document when one had it."""
        if self.cache is None or anchor is not None:
            return self.paragraph(style, inlines, anchor, num_id)
        return self.kept_paragraph(style, inlines, num_id)[0]

    def kept_paragraph(self, style: str, inlines: list[Inline], num_id: int | None
                       ) -> tuple[bytes, etree._Element | None]:
        """The bytes of the paragraph (no bookmark), kept in the Memo; built now if it lacks
        them, and then the element too (else None)."""
        assert self.cache is not None
        # the paragraph depends on these only (the faces are the session's)
        names = self.bookmarks.names
        links = tuple(names.get(i.target) for i in inlines if isinstance(i, Cite))
        built: list[etree._Element] = []

        def build() -> bytes:
            built.append(self.built_paragraph(style, inlines, num_id))
            return inner_bytes(built[0])

        data = self.cache.get((self.lang, style, tuple(inlines), num_id, links), build)
        return data, built[0] if built else None

    def built_paragraph(self, style: str, inlines: list[Inline], num_id: int | None
                        ) -> etree._Element:
        """A new w:p in `style` (no bookmark), in list `num_id` if given."""
        p, direction = self.empty_paragraph(style, plain_text(inlines))
        if num_id is not None:
            num = add(p[0], "w:numPr")
            add(num, "w:ilvl", {"w:val": "0"})
            add(num, "w:numId", {"w:val": str(num_id)})
        p.extend(inline_runs(inlines, direction, self.bookmarks.names, self.faces))
        return p

    def empty_paragraph(self, style: str, text: str) -> tuple[etree._Element, str]:
        """A w:p with its w:pPr (style and direction) and the direction used."""
        direction = paragraph_direction(text, self.lang)
        p = make("w:p")
        ppr = add(p, "w:pPr")
        add(ppr, "w:pStyle", {"w:val": style})
        # The Arabic edition's styles are right to left: a Latin paragraph turns it off.
        set_direction(ppr, direction == "rtl", explicit=self.lang == "ar")
        return p, direction

    def list_block(self, block: ListBlock, paragraph: Callable[..., Piece] | None = None
                   ) -> Iterator[Piece]:
        """List Bullet or List Number paragraphs (made by `paragraph`, self.paragraph if
        None), one by one; each numbered list restarts at 1. Arabic-Indic numbers are the
        items' own text (numbering.py says why)."""
        paragraph = paragraph or self.paragraph
        if not block.ordered:
            return (paragraph("ListBullet", i, num_id=BULLET_NUM_ID) for i in block.items)
        digits = self.document.digits
        if numbers_as_text(digits):
            return (paragraph("ListNumber", [Text(item_label(n, digits)), *item])
                    for n, item in enumerate(block.items, start=1))  # fmt: skip
        num_id = ORDERED_NUM_ID + self._ordered_seen
        self._ordered_seen += 1
        return (paragraph("ListNumber", item, num_id=num_id) for item in block.items)

    def table(self, block: Table, written: bool = False) -> Iterator[Piece]:
        """A w:tbl in Brief Table style, header row repeated, columns sized from `widths`:
        the bytes of its start, each w:tr, the bytes of its end. `written` (as it goes into
        the file, see written_paragraph): a row with no bookmark comes as its bytes, its
        cells' paragraphs from the Memo."""
        tbl = make("w:tbl")
        tblpr = add(tbl, "w:tblPr")
        add(tblpr, "w:tblStyle", {"w:val": "BriefTable"})
        set_direction(tblpr, self.document.direction == "rtl")
        add(tblpr, "w:tblW", {"w:w": str(self.text_width), "w:type": "dxa"})
        add(tblpr, "w:tblLayout", {"w:type": "fixed"})
        add(tblpr, "w:tblLook", {"w:val": "04A0", "w:firstRow": "1", "w:lastRow": "0",
                                 "w:firstColumn": "0", "w:lastColumn": "0",
                                 "w:noHBand": "1", "w:noVBand": "1"})  # fmt: skip
        total = sum(block.widths) or 1
        widths = [round(self.text_width * w / total) for w in block.widths]
        grid = add(tbl, "w:tblGrid")
        for width in widths:
            add(grid, "w:gridCol", {"w:w": str(width)})
        start, end = split_bytes(tbl)
        yield start
        shells = {width: split_bytes(self.empty_cell(width)) for width in widths}
        for index, cells in enumerate([block.header, *block.rows]):
            tr = make("w:tr")
            if index == 0:
                add(add(tr, "w:trPr"), "w:tblHeader")
            if not written or self.cache is None or any(cell.anchor for cell in cells):
                for cell, width in zip(cells, widths, strict=False):
                    tr.append(self.cell(cell, width))
                yield tr
                continue
            row_start, row_end = split_bytes(tr)
            yield b"".join([row_start, *(
                shells[width][0] + self.kept_paragraph("TableText", cell.inlines, None)[0]
                + shells[width][1] for cell, width in zip(cells, widths, strict=False)), row_end])
        yield end

    def cell(self, cell: Cell, width: int) -> etree._Element:
        """A w:tc of `width` twips holding one Table Text paragraph."""
        tc = self.empty_cell(width)
        tc.append(self.paragraph("TableText", cell.inlines, cell.anchor))
        return tc

    def empty_cell(self, width: int) -> etree._Element:
        """A w:tc of `width` twips, its properties only."""
        tc = make("w:tc")
        add(add(tc, "w:tcPr"), "w:tcW", {"w:w": str(width), "w:type": "dxa"})
        return tc

    def contents(self, block: Contents) -> list[etree._Element]:
        """The contents: its title, then one paragraph per heading of level `depth` and
        above: the heading's text, a tab to the dotted leader and a PAGEREF field, all
        linked to the heading's bookmark. No TOC field around them: LibreOffice imports a
        TOC field as a static index and never fills the numbers inside it, but computes a
        bare PAGEREF as it lays out the pages; Word computes them when it updates the
        fields on opening (settings.xml asks it to). A heading added by hand needs an entry
        added by hand."""
        out = [self.paragraph("TOCHeading", [Text(block.title)])]
        for heading in self.document.headings():
            if heading.level > block.depth:
                continue
            p, direction = self.empty_paragraph(f"TOC{heading.level}", plain_text(heading.inlines))
            rtl = direction == "rtl"
            name = self.bookmarks.names[heading.anchor]
            link = add(p, "w:hyperlink", {"w:anchor": name, "w:history": "1"})
            link.extend(inline_runs(heading.inlines, direction, {}, self.faces))
            link.append(run("\t", rtl))
            link.extend(field(page_reference(name, self.document.digits), rtl))
            out.append(p)
        return out


def page_reference(bookmark: str, digits: str) -> str:
    """The PAGEREF instruction for a bookmark's page; in Arabic-Indic digits with the general
    formatting switch for them (ECMA-376 Part 1, 17.16.4.3), which Word honours and
    LibreOffice 7.4 ignores (it shows Western digits)."""
    switch = " \\* HINDIARABIC" if digits == "arabic-indic" else ""
    return f"PAGEREF {bookmark} \\h{switch}"
