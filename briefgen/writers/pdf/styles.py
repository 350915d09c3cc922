"""The PDF paper's paragraph styles per language: lang -> {role: ParaStyle}.

Arabic: Noto Naskh Arabic, body 12.5 pt on 21 pt leading; English: Noto Serif, body
10.5 pt on 15 pt. Headings, titles and table text scale from the body.
"""

from __future__ import annotations

from briefgen.model import Document
from briefgen.text.numerals import to_style
from briefgen.writers.pdf.boxes import ParaStyle

GREY = (0.35, 0.35, 0.35)
ACCENT = (0.08, 0.23, 0.40)


def styles_for(lang: str, density: str = "normal") -> dict[str, ParaStyle]:
    """The styles of a paper in `lang`; "compact" density sets it smaller and tighter."""
    body, leading = (12.5, 21.0) if lang == "ar" else (10.5, 15.0)
    if density == "compact":
        body, leading = body * 0.84, leading * 0.74
    scale = body / 10.5
    return {
        "body": ParaStyle(body, leading, space_after=5 * scale),
        "title": ParaStyle(body * 2, body * 3.1, strong=True, align="start", color=ACCENT,
                           space_after=2),
        "subtitle": ParaStyle(body * 1.35, body * 2.1, align="start", color=ACCENT,
                              space_after=8),
        "meta": ParaStyle(body * 0.85, leading * 0.85, align="start", color=GREY),
        "note": ParaStyle(body * 0.85, leading * 0.85, align="start", space_after=3),
        "h1": ParaStyle(body * 1.45, body * 2.2, strong=True, align="start", color=ACCENT,
                        space_before=14 * scale, space_after=4 * scale),
        "h2": ParaStyle(body * 1.15, body * 1.8, strong=True, align="start", color=ACCENT,
                        space_before=9 * scale, space_after=3 * scale),
        "h3": ParaStyle(body * 1.0, leading, strong=True, align="start",
                        space_before=6 * scale, space_after=2 * scale),
        "item": ParaStyle(body, leading, space_after=2 * scale, indent=body * 1.6),
        "cell": ParaStyle(body * 0.85, leading * 0.8, align="start"),
        "head_cell": ParaStyle(body * 0.85, leading * 0.8, strong=True, align="start"),
        "toc_title": ParaStyle(body * 1.45, body * 2.2, strong=True, align="start",
                               color=ACCENT, space_after=4 * scale),
        "toc1": ParaStyle(body, leading * 0.95, align="start"),
        "toc2": ParaStyle(body * 0.92, leading * 0.9, align="start", indent=body * 1.5),
        "running": ParaStyle(body * 0.72, body, align="start", color=GREY),
    }


def localized_number(n: int, document: Document) -> str:
    """A page or list number in the paper's digits."""
    return to_style(str(n), document.digits) if document.lang == "ar" else str(n)
