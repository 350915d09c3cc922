"""The PDF writer: (Document, FontSet, path) -> an A4 PDF; returns its page count.

Phases:
 1. register the fonts and pick the paper's styles;
 2. turn every block of the model into flowables (writers/pdf/blocks.py);
 3. build once to learn the page of every heading and the page count;
 4. build again with the table of contents and "page x of y" filled in (repeated while
    the page count still moves), then write the bytes at `path`.
Output is deterministic: reportlab's invariant mode fixes the file id, and the file's dates
are the edition's (never the clock, nor SOURCE_DATE_EPOCH, which reportlab would read).
"""

from __future__ import annotations

import calendar
import hashlib
import io
from pathlib import Path
from types import SimpleNamespace

from reportlab import rl_config
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from briefgen.model import Document
from briefgen.writers.fonts import FontSet
from briefgen.writers.pdf.blocks import BlockBuilder, TocState
from briefgen.writers.pdf.fonts import PdfFonts
from briefgen.writers.pdf.geometry import (
    BOTTOM_MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SIDE_MARGIN,
    TOP_MARGIN,
)
from briefgen.writers.pdf.outlines import GlyphCanvas
from briefgen.writers.pdf.page import PageDecor
from briefgen.writers.pdf.styles import styles_for

MAX_PASSES = 4
# Binary Flate streams, not ASCII85 on top: 20% smaller files, less time, and streams that
# tests can inflate to compare editions across platforms.
rl_config.useA85 = 0


def _dry_canvas(*args: object, **kw: object) -> GlyphCanvas:
    """A canvas for the measuring pass: the text-drawing code sees `dry` and draws nothing,
    and the file is never written out (its bytes are not wanted)."""
    canvas = GlyphCanvas(*args, **kw)
    canvas.dry = True
    canvas.save = lambda: None
    return canvas


def _edition_canvas(date: str):
    """A canvas maker whose file carries the edition date (ISO) as its creation and
    modification dates, and a file id seeded with it, as reportlab seeds it with its own."""
    year, month, day = (int(part) for part in date.split("-"))
    seconds = calendar.timegm((year, month, day, 0, 0, 0))

    def make(*args: object, **kw: object) -> GlyphCanvas:
        canvas = GlyphCanvas(*args, **kw)
        doc = canvas._doc
        doc._timeStamp = SimpleNamespace(t=seconds, YMDhms=(year, month, day, 0, 0, 0),
                                         dhh=0, dmm=0)
        doc.signature = hashlib.md5(b"a reportlab document" + ascii(seconds).encode(),
                                    usedforsecurity=False)
        return canvas
    return make


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
    story = BlockBuilder(document, fonts, styles, toc).flowables()  # phase 2
    doc.build(story, canvasmaker=_dry_canvas if dry else _edition_canvas(meta.date))
    return stream.getvalue(), doc.page
