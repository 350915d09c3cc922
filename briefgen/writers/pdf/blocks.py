"""Model blocks -> the boxes the paginator places (writers/pdf/boxes.py, tables.py).

Headings keep with what follows and carry a bookmark, an outline entry and a contents
entry; lists put their bullet or number on the start side; tables run their columns in
reading order (right to left in the Arabic paper), repeat the header row on every page and
split rows taller than the space left. The structure elements of every block are made
here, in reading order, before anything is drawn.
"""

from __future__ import annotations

import re

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
from briefgen.writers.pdf.boxes import Box, CondBreak, Gap, Para, ParaStyle, TocEntry
from briefgen.writers.pdf.drawline import ParagraphTags
from briefgen.writers.pdf.fonts import PdfFonts
from briefgen.writers.pdf.geometry import FRAME_WIDTH
from briefgen.writers.pdf.structure import Element, TextOf
from briefgen.writers.pdf.styles import localized_number
from briefgen.writers.pdf.tables import TableBox

BULLET = "•"
KEEP_LINES = 4  # body lines that must fit below a heading on its page
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def actual_text(text: str, lang: str) -> str | None:
    """The /ActualText of an element: its logical text in the Arabic paper, and in the
    English one where it has Arabic (whose marked content readers get in drawing order)."""
    return text if lang == "ar" or _ARABIC.search(text) else None


class BlockBuilder:
    """Builds the boxes of one document; `entries` are its contents entries, whose page
    numbers are set once the pages are laid out."""

    def __init__(self, document: Document, fonts: PdfFonts, styles: dict[str, ParaStyle],
                 root: Element | None = None):
        self.document, self.fonts, self.styles = document, fonts, styles
        self.root = root or Element("Document")  # the structure elements go under it
        self.outline_level = -1
        self.entries: list[TocEntry] = []

    def boxes(self) -> list[Box]:
        """Every block's boxes, in order; before a heading (or a run of headings) a
        conditional page break, so that headings start a page rather than end one."""
        out: list[Box] = []
        blocks = self.document.blocks
        for index, block in enumerate(blocks):
            if isinstance(block, Heading) and not (index and isinstance(blocks[index - 1], Heading)):
                out.append(CondBreak(self.room_after_headings(blocks[index:])))
            out.extend(self.block(block))
        return out

    def number_entries(self, pages: dict[str, int]) -> None:
        """Give each contents entry the page its heading landed on."""
        for entry in self.entries:
            page = pages.get(entry.anchor)
            label = localized_number(page, self.document) if page else "00"
            entry.set_page(label, actual_text(f"{entry.text} {label}", self.document.lang))

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
        lang = self.document.lang
        text = TextOf(inlines) if lang == "ar" else actual_text(plain_text(inlines), lang)
        return ParagraphTags(parent.add(role, actual_text=text, **kw), inlines, lang)

    def para(self, inlines: list, role: str, parent: Element | None = None, tag: str = "P",
             **kw: object) -> Para:
        tags = kw.pop("tags", None) or self.tags(parent or self.root, tag, inlines)
        return Para(inlines, self.direction(plain_text(inlines)), self.styles[role],
                    self.fonts, tags=tags, **kw)

    def block(self, block: Block) -> list[Box]:
        if isinstance(block, Heading):
            # an outline level may go at most one deeper than the one before (PDF outlines)
            level = self.outline_level = min(block.level - 1, self.outline_level + 1)
            heading = self.para(block.inlines, f"h{block.level}", tag=f"H{block.level}",
                                anchor=block.anchor, outline=(plain_text(block.inlines), level))
            heading.toc_anchor = block.anchor
            return [heading]
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
            return [self.table(block), Gap(self.styles["body"].space_after)]
        if isinstance(block, Contents):
            return self.contents(block)
        raise TypeError(f"the PDF writer has no rule for {type(block).__name__}")

    def marker(self, block: ListBlock, n: int) -> str:
        if not block.ordered:
            return BULLET
        return localized_number(n, self.document) + "."

    def contents(self, block: Contents) -> list[Box]:
        out: list[Box] = [self.para([Text(block.title)], "toc_title")]
        toc = self.root.add("TOC")
        lang = self.document.lang
        for heading in self.document.headings():
            if heading.level > block.depth:
                continue
            style = self.styles[f"toc{heading.level}"]
            title = plain_text(heading.inlines)
            entry = toc.add("TOCI")  # its /ActualText, with the page number, comes later
            link = ParagraphTags(entry.add("Link"), heading.inlines, lang)
            self.entries.append(TocEntry(heading.inlines, heading.anchor, self.direction(title),
                                         style, self.fonts, entry, link, title, lang))
            out.append(self.entries[-1])
        out.append(Gap(self.styles["body"].leading))
        return out

    def table(self, block: TableBlock) -> TableBox:
        rtl = self.document.direction == "rtl"
        table_element = self.root.add("Table")
        head, body = table_element.add("THead"), table_element.add("TBody")

        def cells(row: list[Cell], role: str, parent: Element) -> list[tuple[Para]]:
            tr = parent.add("TR")
            header = role == "head_cell"
            kw = {"attributes": {"O": "Table", "Scope": "Column"}} if header else {}
            made = [(self.para(c.inlines, role, anchor=c.anchor,
                               tags=self.tags(tr, "TH" if header else "TD", c.inlines, **kw)),)
                    for c in row]
            return made[::-1] if rtl else made

        rows = ([cells(block.header, "head_cell", head)]
                + [cells(r, "cell", body) for r in block.rows])
        total = sum(block.widths)
        widths = [FRAME_WIDTH * w / total for w in block.widths]
        return TableBox(rows, widths[::-1] if rtl else widths, None, rtl)
