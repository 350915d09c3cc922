"""writers/pdf/links: a link annotation written directly is the one reportlab would write."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from briefgen.writers.pdf.links import add_link


def page_with_links(make_link) -> bytes:
    stream = io.BytesIO()
    canvas = Canvas(stream, invariant=1)
    canvas.translate(12.5, 30)  # links are placed in the current user space
    make_link(canvas, "target", (0, 0, 100.25, 14))
    make_link(canvas, "target", (3, 20, 50, 34.125))
    canvas.showPage()
    canvas.bookmarkHorizontal("target", 0, 700)
    canvas.showPage()
    canvas.save()
    return stream.getvalue()


def test_add_link_writes_the_bytes_of_a_borderless_reportlab_link():
    ours = page_with_links(add_link)
    theirs = page_with_links(
        lambda canvas, target, rect: canvas.linkRect("", target, rect, relative=1, thickness=0))
    assert b"/Subtype /Link" in ours
    assert ours == theirs
