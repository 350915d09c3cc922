"""writers/pdf/outlines: a haraka's outline is read from the font once, then from the cache,
and the form drawn from the cache is the one drawn from the font."""

from __future__ import annotations

import io

import pytest

from briefgen.pipeline import ROOT
from briefgen.writers.pdf import outlines
from briefgen.writers.pdf.canvas import PageCanvas
from briefgen.writers.pdf.outlines import glyph_outline, read_outline

NASKH = str(ROOT / "fonts" / "NotoNaskhArabic-Regular.ttf")
SHADDA, DAMMA = "\u0651", "\u064f"


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    glyph_outline.cache_clear()
    yield tmp_path
    glyph_outline.cache_clear()


def test_an_outline_read_once_comes_from_the_cache_after(empty_cache, monkeypatch):
    first = glyph_outline(NASKH, SHADDA)
    glyph_outline.cache_clear()
    monkeypatch.setattr(outlines, "read_outline", lambda *a: pytest.fail("font read again"))
    assert glyph_outline(NASKH, SHADDA) == first == read_outline(NASKH, SHADDA)
    assert first.glyph == "uni0651" and first.upem == 1000
    assert first.ops[0][0] == "m" and first.ops[-1] == ["h"]


def test_a_character_the_font_lacks_has_no_outline_and_draws_nothing(empty_cache):
    assert glyph_outline(NASKH, "\u4e00") is None
    assert glyph_outline(NASKH, "\u4e00") is None  # the cached answer too
    canvas = PageCanvas(io.BytesIO())
    canvas.draw_glyph(NASKH, "\u4e00", 10, 10, 12)
    assert canvas.forms == {}


def page_with_marks(canvas: PageCanvas) -> tuple[bytes, dict]:
    canvas.draw_glyph(NASKH, SHADDA, 100, 700, 12)
    canvas.draw_glyph(NASKH, DAMMA, 120, 700, 14)
    canvas.draw_glyph(NASKH, SHADDA, 140, 700, 12)
    canvas.showPage()
    return canvas.pages[0].content, canvas.forms


def test_forms_drawn_from_the_cache_are_those_drawn_from_the_font(empty_cache):
    from_font = page_with_marks(PageCanvas(io.BytesIO()))
    glyph_outline.cache_clear()
    from_cache = page_with_marks(PageCanvas(io.BytesIO()))
    assert from_font == from_cache
    content, forms = from_font
    assert len(forms) == 2 and content.count(b" Do") == 3  # shadda and damma, each stored once
