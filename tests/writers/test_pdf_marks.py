"""writers/pdf/marks: harakat sit on the font's GPOS anchors, as HarfBuzz places them."""

from __future__ import annotations

import pytest

from briefgen.pipeline import ROOT
from briefgen.writers.pdf import marks
from briefgen.writers.pdf.marks import mark_anchors, read_anchors

NASKH = str(ROOT / "fonts" / "NotoNaskhArabic-Regular.ttf")


def test_a_shadda_moves_onto_the_anchor_of_a_medial_noon():
    dx, dy = mark_anchors(NASKH).offset("\ufee8", "\u0651", on_mark=False)
    assert (round(dx, 3), round(dy, 3)) == (0.087, 0.065)  # Noto Naskh's anchors, in em


def test_a_mark_on_a_mark_uses_the_mark_to_mark_anchors():
    assert mark_anchors(NASKH).offset("\u0654", "\u0610", on_mark=True)[1] > 0


def test_tanween_after_lam_alef_uses_the_alef_anchor():
    dx, dy = mark_anchors(NASKH).offset("\ufefb", "\u064b", on_mark=False)
    assert dy > 0.1 and abs(dx) < 0.1


def test_no_anchor_pair_gives_none():
    assert mark_anchors(NASKH).offset("a", "\u064b", on_mark=False) is None


def test_the_cached_anchors_are_the_font_anchors(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    mark_anchors.cache_clear()
    try:
        first = mark_anchors(NASKH)  # read from the font, then stored
        mark_anchors.cache_clear()
        monkeypatch.setattr(marks, "read_anchors", lambda path: pytest.fail("GPOS decoded again"))
        cached = mark_anchors(NASKH)
    finally:
        mark_anchors.cache_clear()
    fresh = read_anchors(NASKH)
    assert cached.mark_to_base == fresh.mark_to_base == first.mark_to_base
    assert cached.mark_to_mark == fresh.mark_to_mark
    assert cached.cmap == fresh.cmap and cached.upem == fresh.upem
