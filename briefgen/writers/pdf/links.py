"""Internal links (contents entries, citations): a rectangle on the page -> a named target.

A paper has hundreds of them (796 in the Arabic full paper). reportlab's LinkAnnotation
builds a generic PDF dictionary for each at save time, two thirds of the time spent saving;
_Link writes the same bytes directly (tests/writers/test_pdf_links.py compares the two).
"""

from __future__ import annotations

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFArray, PDFDocument
from reportlab.pdfgen.canvas import Canvas

_HEAD = b"<<\n/Border [ 0 0 0 ] /Contents () /Dest "
_TAIL = b" ] /Subtype /Link /Type /Annot\n>>"


class _Link(LinkAnnotation):
    """A borderless link annotation, formatted without the generic dictionary."""

    def format(self, document: PDFDocument) -> bytes:
        x1, y1, x2, y2 = self.Rect
        return b"".join((_HEAD, self.Destination.format(document), b" /Rect [ ",
                         fp_str(x1, y1, x2, y2).encode("ascii"), _TAIL))


def add_link(canvas: Canvas, target: str, rect: tuple[float, float, float, float]) -> None:
    """Make `rect` (in the current user space) a link to the bookmark named `target`,
    without a visible border: what canvas.linkRect(..., thickness=0) makes."""
    link = _Link(Rect=canvas._absRect(rect, 1), Contents="",
                 Destination=canvas._bookmarkReference(target), Border=PDFArray([0, 0, 0]))
    canvas._addAnnotation(link)
