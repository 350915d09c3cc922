"""writers/pdf/cidfonts: codes fixed by the font file, text readers get back from them."""

from __future__ import annotations

import re

import pytest
from fontTools.ttLib import TTFont

from briefgen.pipeline import ROOT
from briefgen.writers.pdf.cidfonts import (
    DocumentFont,
    base_text,
    build_table,
    carried,
    code_table,
    hidden,
    mirrored,
    pdfjs_only,
    placed,
    to_unicode,
)
from briefgen.writers.pdf.fonts import _register

NASKH = ROOT / "fonts" / "NotoNaskhArabic-Regular.ttf"
SERIF = ROOT / "fonts" / "NotoSerif-Regular.ttf"


@pytest.fixture(scope="module")
def naskh():
    return _register("NotoNaskhArabic", str(NASKH)).face


@pytest.fixture(scope="module")
def serif():
    return _register("NotoSerif", str(SERIF)).face


def test_a_presentation_form_reads_as_its_letter_and_lam_alef_as_alef_then_lam():
    assert base_text(0xFE8E) == "\u0627"  # final alef
    assert base_text(0xFEFB) == "\u0627\u0644"  # lam-alef, drawn right to left
    assert base_text(0x00A0) == " " and base_text(ord("a")) == "a"


def test_a_letters_code_is_its_glyph_id(naskh):
    table = build_table(naskh)
    cmap = TTFont(NASKH).getBestCmap()
    order = TTFont(NASKH).getGlyphOrder()
    for ch in "\u0628\ufe91\u0020":
        assert table.encode[ord(ch)] == f"{order.index(cmap[ord(ch)]):04X}"


def test_a_mirrored_bracket_draws_its_mirror_and_reads_as_itself(serif):
    table = build_table(serif)
    cid = int(table.encode[ord(mirrored("("))], 16)
    assert cid >= serif.numGlyphs  # an extra CID
    assert table.gid[cid] == serif.charToGlyph[ord(")")]
    assert table.text[cid] == "("
    assert table.encode[ord(mirrored("(", apart=True))] == table.encode[ord(mirrored("("))]


def test_a_placed_haraka_is_its_own_glyph(naskh):
    table = build_table(naskh)
    assert table.encode[ord(placed("\u064b"))] == table.encode[0x064B]


def test_a_haraka_has_a_code_pdfjs_skips_and_one_only_pdfjs_reads(naskh):
    table = build_table(naskh)
    skipped, only = (int(table.encode[ord(f("\u0651"))], 16) for f in (hidden, pdfjs_only))
    assert table.gid[skipped] == int(table.encode[0x0651], 16)  # the shadda's glyph
    assert table.text[skipped] == "\u061c"  # a format character: pdf.js skips the glyph
    empty = naskh.charToGlyph[0x200B]
    assert table.gid[only] == empty and table.advances[empty] == 0
    assert table.text[only] == "\u0651"


def test_a_carried_space_draws_the_space_and_reads_as_a_letter_mark_and_the_space(naskh):
    table = build_table(naskh)
    for rtl, mark in ((True, "\u061c"), (False, "\u200e")):
        cid = int(table.encode[ord(carried(" ", rtl))], 16)
        assert table.gid[cid] == naskh.charToGlyph[32] and table.text[cid] == mark + " "
        assert table.encode[ord(carried("\u00a0", rtl))] == table.encode[ord(carried(" ", rtl))]


def test_the_codes_depend_on_the_font_alone_not_on_what_a_document_draws_first(naskh):
    first, second = build_table(naskh), build_table(naskh)
    assert first.encode == second.encode and first.gid == second.gid


def test_the_cached_table_is_the_built_one(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    code_table.cache_clear()
    from_font = code_table("NotoNaskhArabic")
    code_table.cache_clear()
    from_cache = code_table("NotoNaskhArabic")
    code_table.cache_clear()
    assert from_cache == from_font


def test_to_unicode_maps_no_code_to_nothing_or_to_u0000(naskh):
    font = DocumentFont("NotoNaskhArabic", code_table("NotoNaskhArabic"))
    font.hex("\ufefb\ufe8e\u0628 " + placed("\u064b"))
    cmap = to_unicode(font.cids(), font.table.text).decode()
    pairs = re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap.split("beginbfchar", 1)[1])
    assert len(pairs) == len(font.cids()) == 5
    assert (font.table.encode[0xFEFB], "06270644") in pairs
    assert all(text != "0000" for _, text in pairs)


def test_widths_are_the_font_programs_advances(naskh):
    table = build_table(naskh)
    hmtx = TTFont(NASKH)["hmtx"].metrics
    order = TTFont(NASKH).getGlyphOrder()
    assert [table.advances[order.index(g)] for g in ("uni0628", "uni064B")] == \
        [hmtx["uni0628"][0], hmtx["uni064B"][0]]
