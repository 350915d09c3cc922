"""writers/pdf/subset: a subset keeps every glyph id, draws only the glyphs asked for."""

from __future__ import annotations

from io import BytesIO

from fontTools.ttLib import TTFont

from briefgen.pipeline import ROOT
from briefgen.writers.pdf.fonts import _register
from briefgen.writers.pdf.subset import subset_program

NASKH = ROOT / "fonts" / "NotoNaskhArabic-Regular.ttf"


def test_a_subset_keeps_glyph_ids_and_metrics_and_empties_the_rest():
    face = _register("NotoNaskhArabic", str(NASKH)).face
    whole = TTFont(NASKH)
    order = whole.getGlyphOrder()
    kept = {order.index("uni0628"), order.index("uniFEFB")}
    sub = TTFont(BytesIO(subset_program(face, kept)))
    names = sub.getGlyphOrder()  # no post table: named by their ids
    assert len(names) == len(order)
    assert [sub["hmtx"][n] for n in names] == [whole["hmtx"][n] for n in order]
    glyf, original = sub["glyf"], whole["glyf"]
    for name in ("uni0628", "uniFEFB"):
        ours = glyf[names[order.index(name)]]
        assert ours.getCoordinates(glyf)[0] == original[name].getCoordinates(original)[0]
    assert glyf[names[order.index("uni062C")]].numberOfContours == 0  # not asked for: empty
    assert sorted(sub.keys()) == ["GlyphOrder", "cvt ", "fpgm", "glyf", "head", "hhea",
                                  "hmtx", "loca", "maxp", "prep"]
