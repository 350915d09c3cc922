"""writers/pdf/drawline: a line's text operators are written the way readers read them."""

from __future__ import annotations

import io
import re

from briefgen.model import Text
from briefgen.pipeline import ROOT
from briefgen.writers.fonts import load_fontset
from briefgen.writers.pdf.canvas import PageCanvas
from briefgen.writers.pdf.cidfonts import MUPDF_ONLY, carried, control, hidden, pdfjs_only
from briefgen.writers.pdf.drawline import ParagraphTags, draw_line
from briefgen.writers.pdf.fonts import PdfFonts
from briefgen.writers.pdf.layout import layout_paragraph
from briefgen.writers.pdf.pdffile import property_list
from briefgen.writers.pdf.structure import Element

FONTS = PdfFonts(load_fontset(ROOT / "fonts"), "ar")


def drawn(text: str, width: float = 400.0, extra: float = 0.0,
          tags: ParagraphTags | None = None) -> tuple[str, PageCanvas]:
    canvas = PageCanvas(io.BytesIO())
    line = layout_paragraph([Text(text)], "rtl", FONTS, 12.5, width)[0]
    draw_line(canvas, line, 10.0, 700.0, extra, (0, 0, 0), tags)
    return " ".join(canvas._code), canvas


def positions(ops: str) -> list[float]:
    return [float(x) for x in re.findall(r"1 0 0 1 ([\d.]+) [\d.]+ Tm", ops)]


def test_the_runs_of_a_right_to_left_line_are_written_from_the_right():
    ops, _ = drawn("قالت اللجنة HMC في بيان")
    xs = positions(ops)
    assert len(xs) == 3 and xs == sorted(xs, reverse=True)  # Arabic, Latin, Arabic
    assert ops.index("/NotoSerif ") > ops.index("/NotoNaskhArabic ")


def test_a_placed_haraka_is_invisible_text_in_its_letters_run_and_drawn_as_an_outline():
    ops, canvas = drawn("شنّت")
    # one text flow, left to right: the letters after the mark placed anew where they were
    # when the mark was a run of its own (the pages do not move by a pixel)
    xs = positions(ops)
    assert len(xs) == 2 and xs == sorted(xs) and " BDC" not in ops
    assert re.search(r"3 Tr <[0-9A-F]{4}> Tj 0 Tr", ops)
    assert "Do" in ops and list(canvas.forms) == ["G-NotoNaskhArabic-Regular-uni0651"]


def test_a_justified_line_stretches_its_spaces_with_tj_adjustments():
    ops, _ = drawn("كلمة أخرى ثالثة", extra=2.0)
    assert re.search(r"\[<[0-9A-F]+> -160 <[0-9A-F]+> -160 <[0-9A-F]+>\] TJ", ops)
    assert " Tw" not in ops


def test_a_loosely_justified_run_is_one_string_in_a_widened_text_space():
    # pdf.js ends a text item at a gap of 0.6 em, MuPDF a line at 0.8 em: measured in a text
    # space four times as wide (glyphs a quarter as wide), the gaps are a quarter as wide
    ops, _ = drawn("كلمة أخرى ثالثة", extra=8.0)
    assert re.search(r"BT 25 Tz 4 0 0 1 [\d.]+ 700 Tm .* TJ 100 Tz ET", ops)
    assert ops.count(" Tm") == 1 and ops.count(" TJ") == 1
    assert " Tz" not in drawn("كلمة أخرى ثالثة", extra=2.0)[0]


def test_a_mirrored_bracket_is_a_piece_with_its_drawn_character_as_actual_text():
    # pdf.js and Poppler read the code's logical bracket; PDFium, which mirrors what it reads
    # in right-to-left text, the drawn one from a named property list (Poppler reads none)
    ops, canvas = drawn("ضد (داعش) و")
    assert ops.count("/Span /M0029 BDC") == 1 and ops.count("/Span /M0028 BDC") == 1
    canvas.showPage()
    assert canvas.pages[0].properties == [")", "("]
    assert "/ActualText" not in drawn("انظر [١]")[0]  # citations too


def test_brackets_side_by_side_give_each_others_drawn_character_in_reverse_order():
    # PDFium keeps a run of neutral characters in the order it reads them unless a space
    # starts it: between two citations, «][» drawn reads as «[]» given in reverse
    ops, _ = drawn("في العسكرية.[١][٢]")
    assert re.findall(r"/Span /M(\w+) BDC", ops) == ["005D", "005D", "005B", "005B"]


def test_an_alm_ends_poppler_s_left_to_right_group_before_brackets():
    # Poppler keeps a number with the neutral characters after it (leftwards) up to a
    # letter: «٢٠٢٣ (مستنتج)» read «( ٢٠٢٣»; an invisible ALM ends the group
    ops, canvas = drawn("عام ٢٠٢٣ (مستنتج) و")
    naskh = canvas.font("NotoNaskhArabic").table
    alm = naskh.encode[ord(control("\u061c"))]
    assert naskh.text[int(alm, 16)] == "\u061c" and naskh.advances[naskh.gid[int(alm, 16)]] == 0
    digits = [naskh.encode[ord(d)] for d in "٢٠٢٣"]
    assert " ".join([alm, *digits]) in " ".join(codes(ops))
    # no bracket after it: no ALM before the digits (MuPDF's number /ActualText aside)
    assert " ".join([alm, *digits]) not in " ".join(codes(drawn("عام ٢٠٢٣ مستنتج")[0]))


def test_runs_are_bound_to_their_elements_and_latin_in_arabic_to_an_english_span():
    paragraph = Element("P", actual_text="قالت اللجنة HMC في بيان")
    tags = ParagraphTags(paragraph, [Text(paragraph.actual_text)], "ar")
    ops, _ = drawn(paragraph.actual_text, tags=tags)
    assert ops.count(" BDC") == ops.count("EMC") == 3
    spans = [kid for kid in paragraph.kids if isinstance(kid, Element)]
    assert [(s.role, s.lang) for s in spans] == [("Span", None), ("Span", "en"), ("Span", None)]
    assert all(isinstance(kid, Element) for kid in paragraph.kids)  # MCIDs only under spans


def test_a_separator_beside_a_number_is_a_piece_parted_from_it_by_right_to_left_marks():
    ops, canvas = drawn("في آب ٢٠٢٣، وحين")
    assert "/Span /M200F060C200F BDC" in ops
    canvas.showPage()
    assert "\u200f\u060c\u200f" in canvas.pages[0].properties


def test_a_piece_with_a_number_gives_mupdf_its_digits_reversed_as_actual_text():
    # MuPDF reverses each right-to-left run of a line drawn left to right, numbers with
    # the letters: a MuPDF-only /ActualText holds the piece with each number turned
    _, canvas = drawn("في آب ٢٠٢٣ وحين")
    canvas.showPage()
    mupdf = [t for t in canvas.pages[0].properties if t.startswith(MUPDF_ONLY)]
    assert len(mupdf) == 1 and "٣٢٠٢" in mupdf[0] and "٢٠٢٣" not in mupdf[0]
    assert mupdf[0][1] == mupdf[0][-1] == "\u200f"  # ends that differ from the glyphs' text
    for inside in ("نحو 2,500 جندي", "مقاتلات إف-16 العراقية"):  # in a number, by a letter
        assert "/Span /M" not in drawn(inside)[0]


def codes(ops: str) -> list[str]:
    """The 4-hex-digit codes the text operators show, in order."""
    return [h[i:i + 4] for h in re.findall(r"<([0-9A-F]+)>", ops) for i in range(0, len(h), 4)]


def test_a_space_pdfjs_would_lose_is_carried_with_a_letter_mark():
    # «خطراً» ends on a placed tanween: drawn left to right, the space before it is followed
    # by the mark (pdf.js would add a second space); the spaces beside «HMC» end pieces
    ops, canvas = drawn("قال خطراً على HMC في بيان")
    naskh = canvas.font("NotoNaskhArabic").table
    carrier = naskh.encode[ord(carried(" ", True))]
    assert naskh.text[int(carrier, 16)] == "\u061c "
    assert codes(ops).count(carrier) == 3
    plain, _ = drawn("قال كلمة على")  # one piece, no haraka: nothing carried
    assert carrier not in codes(plain) and naskh.encode[32] in codes(plain)


def test_a_haraka_that_starts_a_piece_is_read_by_pdfjs_after_the_piece():
    # the line's leftmost glyph, drawn first, is the tanween of «خطراً»: the other readers get
    # it from an invisible glyph and /ActualText in its place, pdf.js from an empty glyph in
    # a text item of its own after the piece (an empty /ActualText hides it from the others)
    ops, canvas = drawn("قال خطراً")
    naskh = canvas.font("NotoNaskhArabic").table
    hidden_code, pdfjs_code = (naskh.encode[ord(hidden("\u064b"))],
                               naskh.encode[ord(pdfjs_only("\u064b"))])
    assert naskh.text[int(hidden_code, 16)] == "\u061c" and naskh.text[int(pdfjs_code, 16)] == "\u064b"
    assert re.search(rf"<</ActualText <FEFF064B>>> BDC 3 Tr <{hidden_code}> Tj 0 Tr EMC <[0-9A-F]+> Tj "
                     rf"/Span <</ActualText \(\)>> BDC <{pdfjs_code}> Tj EMC", ops)
    inside, _ = drawn("خطراً قال")  # the tanween is not the leftmost glyph
    assert pdfjs_code not in codes(inside)


def test_harakat_stacked_on_a_letter_are_placed_each_a_little_left_of_the_one_before():
    # «يرجَّح»: shadda and fatha on the jim, drawn in visual order (fatha last); PDFium keeps
    # marks in the order of their places, so the fatha's invisible glyph stands 0.01 pt to
    # the left, and the letters after it where they belong
    ops, _ = drawn("قال يرجَّح")
    marks = re.findall(r"1 0 0 1 ([\d.]+) 700 Tm /NotoNaskhArabic 12.5 Tf 3 Tr <[0-9A-F]{4}> Tj 0 Tr", ops)
    assert len(marks) == 2 and round(float(marks[0]) - float(marks[1]), 6) == 0.01
    assert re.search(rf"1 0 0 1 {marks[0]} 700 Tm /NotoNaskhArabic 12.5 Tf <[0-9A-F]+> Tj ET", ops)


def test_mupdf_only_actual_text_is_hidden_from_pdfium_behind_a_language_escape():
    # PDFium drops a text string from its third ESC on; MuPDF drops only ESC xx ESC
    assert property_list(MUPDF_ONLY + "\u200fنص\u200f") == {"ActualText": "\x1b\x1b\x1b\u200fنص\u200f"}
    assert property_list("\u200f،\u200f") == {"ActualText": "\u200f،\u200f"}
