"""writers/pdf/textops: a text block writes the operators reportlab's text object writes for
the same calls, byte for byte, whatever subsets the characters land in."""

from __future__ import annotations

import io

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from briefgen.pipeline import ROOT
from briefgen.writers.pdf.textops import TextBlock

ARABIC, LATIN = "TextopsNaskh", "TextopsSerif"
pdfmetrics.registerFont(TTFont(ARABIC, str(ROOT / "fonts" / "NotoNaskhArabic-Regular.ttf")))
pdfmetrics.registerFont(TTFont(LATIN, str(ROOT / "fonts" / "NotoSerif-Regular.ttf")))

# More than 256 distinct Latin characters: the font needs a second subset (/F..+1).
MANY_LATIN = "".join(chr(c) for c in range(0x100, 0x17F)) + "".join(
    chr(c) for c in range(0x1E00, 0x1EFF))
LINES = [  # (word space, runs of (font, size, x, text, invisible))
    (0.0, [(ARABIC, 12, 10.5, "ﺍﻟﺴﻼﻡ عليكم", False), (LATIN, 10.56, 80.25, "HMC F-16", False)]),
    (1.75, [(LATIN, 11, 0, "2,500\u00a0troops (2024)", False),
            (ARABIC, 12, 90, "\u064e", True), (ARABIC, 12, 95, "ﺏ", False),
            (ARABIC, 12, 99, "\u0651", True), (ARABIC, 14, 120, "«ﻣﺆﺗﻤﺮ»", False)]),
    (0.0, [(LATIN, 9, 0, MANY_LATIN, False), (LATIN, 9, 400, "ā and Ẁ again", False),
           (LATIN, 9, 450, "Ẁā", False)]),  # characters met before, in both subsets
    (0.0, [(LATIN, 9, 0, "Ẁ ā: both subsets in one run", False)]),
]


def page_ops(draw_line) -> list[str]:
    canvas = Canvas(io.BytesIO(), invariant=1)
    for y, (word_space, runs) in enumerate(LINES):
        draw_line(canvas, word_space, runs, 700 - 20 * y)
    return canvas._code


def with_text_block(canvas, word_space, runs, y) -> None:
    block = TextBlock(canvas, word_space)
    for font, size, x, text, invisible in runs:
        block.text(font, size, x, y, text, invisible)
    block.draw()


def with_reportlab(canvas, word_space, runs, y) -> None:
    text = canvas.beginText()
    if word_space:
        text.setWordSpace(word_space)
    current = None
    for font, size, x, chars, invisible in runs:
        if (font, size) != current:
            text.setFont(font, size)
            current = (font, size)
        text.setTextOrigin(x, y)
        if invisible:
            text.setTextRenderMode(3)
        text.textOut(chars)
        if invisible:
            text.setTextRenderMode(0)
    if word_space:
        text.setWordSpace(0)
    canvas.drawText(text)


def test_a_text_block_writes_the_operators_of_reportlabs_text_object():
    ours, theirs = page_ops(with_text_block), page_ops(with_reportlab)
    assert any("+1 9 Tf" in block for block in theirs), "no line reached a second subset"
    assert ours == theirs


def test_a_character_met_again_is_encoded_with_the_code_it_was_given():
    canvas = Canvas(io.BytesIO(), invariant=1)
    for _ in range(2):
        with_text_block(canvas, 0.0, [(LATIN, 9, 0, "Ŋ\u00a0ŋ", False)], 700)
    first, second = canvas._code[-2:]
    assert first == second
    assert "( )" not in first and "\\001 \\002" in first  # no-break space drawn as code 32
