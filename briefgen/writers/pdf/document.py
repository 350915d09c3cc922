"""The PDF writer: (Document, FontSet, path) -> an A4 PDF; returns its page count.

Phases:
 1. register the fonts and pick the paper's styles;
 2. turn every block of the model into flowables (writers/pdf/blocks.py);
 3. build once to learn the page of every heading and the page count;
 4. build again with the table of contents and "page x of y" filled in (repeated while
    the page count still moves), then write the bytes at `path`.
Platypus lays the pages out on a PageCanvas (writers/pdf/canvas.py), which writes our own
tagged PDF (writers/pdf/pdffile.py). Output is deterministic: the file's dates are the
edition's (never the clock, nor SOURCE_DATE_EPOCH), its id is derived from its bytes.
"""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from briefgen.model import Document
from briefgen.writers.fonts import FontSet
from briefgen.writers.pdf.blocks import BlockBuilder, TocState
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
from briefgen.writers.pdf.structure import StructureTree
from briefgen.writers.pdf.styles import styles_for

MAX_PASSES = 4


def _dry_canvas(*args: object, **kw: object) -> PageCanvas:
    """A canvas for the measuring pass: the text-drawing code sees `dry` and draws nothing,
    and the file is never written out (its bytes are not wanted)."""
    canvas = PageCanvas(*args, **kw)
    canvas.dry = True
    return canvas


class _Template(BaseDocTemplate):
    """Records the page on which each heading lands."""

    def __init__(self, stream: io.BytesIO, toc: TocState, **kw: object):
        super().__init__(stream, **kw)
        self.toc = toc

    def afterFlowable(self, flowable: object) -> None:
        anchor = getattr(flowable, "toc_anchor", None)
        if anchor:
            self.toc.pages[anchor] = self.page


def write_pdf(document: Document, fonts: FontSet, path: Path) -> int:
    """Write the paper as a PDF at `path`; return its number of pages."""
    pdf_fonts = PdfFonts(fonts, document.lang)  # phase 1
    styles = styles_for(document.lang, document.density)
    toc = TocState(pages={}, total=0)
    data, pages, dry = b"", 0, True
    for _ in range(MAX_PASSES):  # phase 3 measures only (draws nothing), then phase 4
        previous = dict(toc.pages), toc.total
        data, pages = _build(document, pdf_fonts, styles, toc, dry)
        toc.total = pages
        if not dry and (dict(toc.pages), toc.total) == previous:
            break
        dry = False
    path.write_bytes(data)
    return pages


def _build(document: Document, fonts: PdfFonts, styles: dict, toc: TocState,
           dry: bool) -> tuple[bytes, int]:
    stream = io.BytesIO()
    meta = document.meta
    doc = _Template(
        stream, toc, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN, topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN,
        title=meta.title, author=meta.author,
        subject=meta.subject, keywords=meta.keywords, creator="briefgen",
        producer="briefgen (reportlab)", invariant=1, lang=document.lang,
        initialFontName=fonts.face("latin", False, False).name,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    decor = PageDecor(document, fonts, styles, toc)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decor)])
    tree = StructureTree()
    story = BlockBuilder(document, fonts, styles, toc, tree.root).flowables()  # phase 2
    doc.build(story, canvasmaker=_dry_canvas if dry else partial(PageCanvas, document=document,
                                                                 tree=tree))
    return stream.getvalue(), doc.page
