"""The PDF writer: (Document, FontSet, path) -> an A4 PDF; returns its page count.

Phases:
 1. the fonts and the paper's styles;
 2. every block of the model as boxes (writers/pdf/blocks.py), its structure elements made;
 3. the boxes laid out on pages in one pass (writers/pdf/paginate.py): the page of every
    heading is then known, and the contents entries get their numbers (an entry's height
    does not depend on its number);
 4. each page drawn, its running header and footer first, then its boxes, on a PageCanvas
    (writers/pdf/canvas.py), and the file written (writers/pdf/pdffile.py).
Output is deterministic: the file's dates are the edition's (never the clock, nor
SOURCE_DATE_EPOCH), its id is derived from its bytes.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.model import Document
from briefgen.writers.fonts import FontSet
from briefgen.writers.pdf.blocks import BlockBuilder
from briefgen.writers.pdf.canvas import PageCanvas
from briefgen.writers.pdf.fonts import PdfFonts
from briefgen.writers.pdf.geometry import (
    BOTTOM_MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SIDE_MARGIN,
    TOP_MARGIN,
)
from briefgen.writers.pdf.page import PageDecor
from briefgen.writers.pdf.paginate import Frame, paginate
from briefgen.writers.pdf.pdffile import write_pdf_file
from briefgen.writers.pdf.structure import StructureTree
from briefgen.writers.pdf.styles import styles_for


def body_frame() -> Frame:
    """The frame of the page body, its sides computed as the layout always computed them."""
    width = (PAGE_WIDTH - SIDE_MARGIN) - SIDE_MARGIN
    height = (PAGE_HEIGHT - TOP_MARGIN) - BOTTOM_MARGIN
    return Frame(SIDE_MARGIN, BOTTOM_MARGIN, width, height)


def write_pdf(document: Document, fonts: FontSet, path: Path) -> int:
    """Write the paper as a PDF at `path`; return its number of pages."""
    data, pages = render_pdf(document, PdfFonts(fonts, document.lang))
    path.write_bytes(data)
    return pages


def render_pdf(document: Document, fonts: PdfFonts) -> tuple[bytes, int]:
    """The bytes of the paper's PDF and its number of pages."""
    styles = styles_for(document.lang, document.density)
    tree = StructureTree()
    builder = BlockBuilder(document, fonts, styles, tree.root)
    layout = paginate(builder.boxes(), body_frame())
    builder.number_entries(layout.heading_pages)
    canvas = PageCanvas(document=document, tree=tree)
    decor = PageDecor(document, fonts, styles)
    total = len(layout.pages)
    for number, page in enumerate(layout.pages, start=1):
        decor(canvas, number, total)
        for placed in page:
            placed.box.draw_on(canvas, placed.x, placed.y)
        canvas.showPage()
    return write_pdf_file(canvas), total
