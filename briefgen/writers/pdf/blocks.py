"""Model blocks -> reportlab flowables for the PDF writer.

Headings keep with what follows and carry a bookmark, an outline entry and a contents
entry; lists put their bullet or number on the start side; tables run their columns in
reading order (right to left in the Arabic paper), repeat the header row on every page and
split rows taller than the space left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from briefgen.model import (
    Block,
    Cell,
    Contents,
    Direction,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Text,
    plain_text,
)
from briefgen.model import Table as TableBlock
from briefgen.text.script import paragraph_direction
from briefgen.writers.pdf.canvas import ARTIFACT, END
from briefgen.writers.pdf.drawline import ParagraphTags
from briefgen.writers.pdf.flowables import BidiParagraph, ParaStyle, TocLine
from briefgen.writers.pdf.fonts import PdfFonts
from briefgen.writers.pdf.geometry import FRAME_WIDTH
from briefgen.writers.pdf.structure import Element
from briefgen.writers.pdf.styles import localized_number

BULLET = "•"
KEEP_LINES = 4  # body lines that must fit below a heading on its page
RULE = colors.Color(0.75, 0.78, 0.82)
HEADER_FILL = colors.Color(0.90, 0.93, 0.96)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def actual_text(text: str, lang: str) -> str | None:
    """The /ActualText of an element: its logical text in the Arabic paper, and in the
    English one where it has Arabic (whose marked content readers get in drawing order)."""
    return text if lang == "ar" or _ARABIC.search(text) else None


class TaggedTable(Table):
    """A table whose shading and rules are artifacts (its cells are tagged)."""

    def _drawBkgrnd(self) -> None:
        self.canv._code.append(ARTIFACT)
        super()._drawBkgrnd()
        self.canv._code.append(END)

    def _drawLines(self) -> None:
        self.canv._code.append(ARTIFACT)
        super()._drawLines()
        self.canv._code.append(END)


class RightToLeftTable(TaggedTable):
    """A right-to-left table, which draws each row's cells from the right, in reading order
    (pdf.js reads text in the order it is drawn; a part split off is of this class too)."""

    def _drawCell(self, cellval: object, cellstyle: object, pos: tuple, size: tuple) -> None:
        row = self.__dict__.setdefault("_row", [])
        row.append((cellval, cellstyle, pos, size))
        if len(row) == self._ncols:
            for cell in reversed(row):
                super()._drawCell(*cell)
            row.clear()


@dataclass
class TocState:
    """What one build learnt for the next: the page of each heading, the page count."""

    pages: dict[str, int]
    total: int


class BlockBuilder:
    """Builds the flowables of one document."""

    def __init__(self, document: Document, fonts: PdfFonts, styles: dict[str, ParaStyle],
                 toc: TocState, root: Element | None = None):
        self.document, self.fonts, self.styles, self.toc = document, fonts, styles, toc
        self.root = root or Element("Document")  # the structure elements go under it
        self.outline_level = -1

    def flowables(self) -> list[Flowable]:
        """Every block's flowables, in order; before a heading (or a run of headings) a
        conditional page break, so that headings start a page rather than end one."""
        out: list[Flowable] = []
        blocks = self.document.blocks
        for index, block in enumerate(blocks):
            if isinstance(block, Heading) and not (index and isinstance(blocks[index - 1], Heading)):
                out.append(CondPageBreak(self.room_after_headings(blocks[index:])))
            out.extend(self.block(block))
        return out

    def room_after_headings(self, blocks: list[Block]) -> float:
        """The height the headings at the start of `blocks` need with the first lines of
        what follows them: less than that left on a page, and they go to the next."""
        room = KEEP_LINES * self.styles["body"].leading
        for block in blocks:
            if not isinstance(block, Heading):
                break
            style = self.styles[f"h{block.level}"]
            room += style.space_before + 2 * style.leading + style.space_after
        return room

    def direction(self, text: str) -> Direction:
        return paragraph_direction(text, self.document.lang)

    def tags(self, parent: Element, role: str, inlines: list[Inline],
             **kw: object) -> ParagraphTags:
        """A new element `role` under `parent` for a paragraph of `inlines`."""
        element = parent.add(role, actual_text=actual_text(plain_text(inlines), self.document.lang),
                             **kw)
        return ParagraphTags(element, inlines, self.document.lang)

    def para(self, inlines: list, role: str, parent: Element | None = None, tag: str = "P",
             **kw: object) -> BidiParagraph:
        tags = kw.pop("tags", None) or self.tags(parent or self.root, tag, inlines)
        return BidiParagraph(inlines, self.direction(plain_text(inlines)), self.styles[role],
                             self.fonts, tags=tags, **kw)

    def block(self, block: Block) -> list[Flowable]:
        if isinstance(block, Heading):
            # an outline level may go at most one deeper than the one before (PDF outlines)
            level = self.outline_level = min(block.level - 1, self.outline_level + 1)
            flowable = self.para(block.inlines, f"h{block.level}", tag=f"H{block.level}",
                                 anchor=block.anchor, outline=(plain_text(block.inlines), level))
            flowable.toc_anchor = block.anchor
            return [flowable]
        if isinstance(block, Paragraph):
            return [self.para(block.inlines, block.role, anchor=block.anchor)]
        if isinstance(block, ListBlock):
            numbering = "Decimal" if block.ordered else "Disc"
            listing = self.root.add("L", attributes={"O": "List", "ListNumbering": numbering})
            out = []
            for n, item in enumerate(block.items, start=1):
                entry = listing.add("LI")
                marker = self.marker(block, n)
                label = ParagraphTags(entry.add("Lbl"), [Text(marker)], self.document.lang)
                out.append(self.para(item, "item", entry, "LBody", bullet=marker, label=label))
            return out
        if isinstance(block, TableBlock):
            return [self.table(block), Spacer(1, self.styles["body"].space_after)]
        if isinstance(block, Contents):
            return self.contents(block)
        raise TypeError(f"the PDF writer has no rule for {type(block).__name__}")

    def marker(self, block: ListBlock, n: int) -> str:
        if not block.ordered:
            return BULLET
        return localized_number(n, self.document) + "."

    def contents(self, block: Contents) -> list[Flowable]:
        out: list[Flowable] = [self.para([Text(block.title)], "toc_title")]
        toc = self.root.add("TOC")
        for heading in self.document.headings():
            if heading.level > block.depth:
                continue
            page = self.toc.pages.get(heading.anchor)
            label = localized_number(page, self.document) if page else "00"
            style = self.styles[f"toc{heading.level}"]
            text = f"{plain_text(heading.inlines)} {label}"
            lang = self.document.lang
            entry = toc.add("TOCI", actual_text=actual_text(text, lang))
            link = ParagraphTags(entry.add("Link", actual_text=actual_text(text, lang)),
                                 heading.inlines, self.document.lang)
            out.append(TocLine(heading.inlines, label, heading.anchor,
                               self.direction(plain_text(heading.inlines)), style, self.fonts,
                               link))
        out.append(Spacer(1, self.styles["body"].leading))
        return out

    def table(self, block: TableBlock) -> Table:
        rtl = self.document.direction == "rtl"
        table_element = self.root.add("Table")
        head, body = table_element.add("THead"), table_element.add("TBody")

        def cells(row: list[Cell], role: str, parent: Element) -> list[BidiParagraph]:
            tr = parent.add("TR")
            header = role == "head_cell"
            kw = {"attributes": {"O": "Table", "Scope": "Column"}} if header else {}
            made = [self.para(c.inlines, role, anchor=c.anchor,
                              tags=self.tags(tr, "TH" if header else "TD", c.inlines, **kw))
                    for c in row]
            return made[::-1] if rtl else made

        rows = ([cells(block.header, "head_cell", head)]
                + [cells(r, "cell", body) for r in block.rows])
        total = sum(block.widths)
        widths = [FRAME_WIDTH * w / total for w in block.widths]
        table = (RightToLeftTable if rtl else TaggedTable)(
            rows, colWidths=widths[::-1] if rtl else widths, repeatRows=1,
            splitByRow=1, splitInRow=1, hAlign="RIGHT" if rtl else "LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            # reportlab sets a cell font even for flowable cells; name one we embed
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.face("latin", False, False).name),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        return table
