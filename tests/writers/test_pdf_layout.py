"""Line layout (writers/pdf/layout.py): a line that is one run, as most are, is ordered by a
shorter path that must give the very Line the general one gives."""

from __future__ import annotations

import pytest

from briefgen.compose.render import compose
from briefgen.facts.load import load_facts
from briefgen.model import Paragraph
from briefgen.pipeline import ROOT
from briefgen.writers.fonts import load_fontset
from briefgen.writers.pdf import layout
from briefgen.writers.pdf.fonts import PdfFonts

FONTS = load_fontset(ROOT / "fonts")
BASE = load_facts(ROOT / "facts.toml")


@pytest.mark.parametrize(("lang", "width"), [("ar", 450.55), ("en", 450.55), ("ar", 180.0)])
def test_a_line_of_one_run_is_the_line_the_general_path_makes(
        monkeypatch: pytest.MonkeyPatch, lang: str, width: float) -> None:
    """Every line of the real paper's paragraphs (brackets, separators beside numbers,
    harakat, citations, the other script), at the body's width and a narrow one."""
    document = compose(BASE, "full", lang, BASE.brief.digits, ROOT / "templates")
    fonts = PdfFonts(FONTS, lang)
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    shortened, lines = 0, 0
    for paragraph in paragraphs:
        shaped = layout.shape_paragraph(layout.logical_runs(paragraph.inlines),
                                        document.direction, fonts, 12.5)
        for start, end in layout.break_lines(shaped, width):
            lines += 1
            shortened += layout._one_run(shaped, start, end)
            made = layout.order_line(shaped, start, end)
            with monkeypatch.context() as general:
                general.setattr(layout, "_one_run", lambda *_: False)
                assert made == layout.order_line(shaped, start, end)
    assert 0 < shortened < lines  # both paths were taken
