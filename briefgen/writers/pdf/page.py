"""What every PDF page carries besides the text: running header and footer, mirrored for
right-to-left papers (short title on the start side, handling line on the end side,
"page x of y" centred in the paper's digits). All of it is a pagination artifact."""

from __future__ import annotations

from functools import cached_property

from briefgen.model import Document, Text
from briefgen.text.script import paragraph_direction
from briefgen.writers.pdf.boxes import ParaStyle
from briefgen.writers.pdf.canvas import END, PageCanvas
from briefgen.writers.pdf.drawline import draw_line
from briefgen.writers.pdf.fonts import PdfFonts
from briefgen.writers.pdf.geometry import (
    BOTTOM_MARGIN,
    FRAME_WIDTH,
    PAGE_HEIGHT,
    SIDE_MARGIN,
    TOP_MARGIN,
)
from briefgen.writers.pdf.layout import Line, layout_paragraph
from briefgen.writers.pdf.replay import draw_recorded
from briefgen.writers.pdf.styles import localized_number

RULE_GREY = (0.7, 0.7, 0.7)
HEADER = "/Artifact <</Type /Pagination /Subtype /Header>> BDC"
FOOTER = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


class PageDecor:
    """Draws the running header and footer, first thing on each page."""

    def __init__(self, document: Document, fonts: PdfFonts, styles: dict[str, ParaStyle]):
        self.document, self.fonts = document, fonts
        self.style = styles["running"]

    @cached_property
    def _header(self) -> tuple[Line | None, Line | None]:
        """The header's two lines, the same on every page."""
        half = FRAME_WIDTH / 2 - 6
        meta = self.document.meta
        return self._line(meta.short_title, half), self._line(meta.handling, half)

    def _line(self, text: str, width: float) -> Line | None:
        """The text laid out as one line (a running line longer than its half of the page
        is cut at the width: keep the short title and the handling line short)."""
        direction = paragraph_direction(text, self.document.lang)
        lines = layout_paragraph([Text(text)], direction, self.fonts, self.style.size, width)
        return lines[0] if lines else None

    def __call__(self, canvas: PageCanvas, page: int, pages: int) -> None:
        """Draw the header and footer of page `page` of `pages`; in a session (a memo on
        the canvas), replayed from the recording of the same page before (replay.py)."""
        draw_recorded(canvas, lambda: self.key(page, pages), [],
                      lambda on, _: self._draw(on, page, pages))

    def key(self, page: int, pages: int) -> tuple:
        """What the header and footer of page `page` of `pages` depend on."""
        document, meta = self.document, self.document.meta
        return ("page decor", page, pages, meta.short_title, meta.handling, meta.page_label,
                document.lang, document.digits, document.direction, self.style)

    def _draw(self, canvas: PageCanvas, page: int, pages: int) -> None:
        meta = self.document.meta
        rtl = self.document.direction == "rtl"
        header_y = PAGE_HEIGHT - TOP_MARGIN + 14
        start, end = self._header
        right_edge = SIDE_MARGIN + FRAME_WIDTH
        canvas.saveState()
        canvas._code.append(HEADER)
        if start:
            x = right_edge - start.width if rtl else SIDE_MARGIN
            draw_line(canvas, start, x, header_y, 0.0, self.style.color)
        if end:
            x = SIDE_MARGIN if rtl else right_edge - end.width
            draw_line(canvas, end, x, header_y, 0.0, self.style.color)
        canvas.setStrokeColorRGB(*RULE_GREY)
        canvas.setLineWidth(0.4)
        canvas.line(SIDE_MARGIN, header_y - 5, right_edge, header_y - 5)
        canvas._code.append(END)
        label = meta.page_label.format(page=localized_number(page, self.document),
                                       pages=localized_number(pages, self.document))
        footer = self._line(label, FRAME_WIDTH)
        if footer:
            canvas._code.append(FOOTER)
            draw_line(canvas, footer, SIDE_MARGIN + (FRAME_WIDTH - footer.width) / 2,
                      BOTTOM_MARGIN - 24, 0.0, self.style.color)
            canvas._code.append(END)
        canvas.restoreState()
