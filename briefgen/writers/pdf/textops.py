"""PDF text operators for laid-out runs: (font, size, x, y, text) -> one `BT ... ET` block.

The operators are those reportlab's PDFTextObject writes for the same calls (setFont,
setTextOrigin, textOut, setTextRenderMode, setWordSpace), byte for byte, without its
per-call work: no cursor advance to measure, and characters encoded to the font's subset
codes with one str.translate once reportlab has given them their codes.
"""

from __future__ import annotations

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

NBSP = 0xA0  # reportlab encodes U+00A0 as its space (code 32), so word spacing widens it


class _Unassigned(Exception):
    """A character without a code in the first subset yet: reportlab's splitString assigns
    it (not a LookupError, so that str.translate lets it out)."""


class _SubsetCodes(dict):
    """Code point -> code in subset 0 of one font in one document, for str.translate."""

    def __missing__(self, key: int) -> int:
        raise _Unassigned


class TextBlock:
    """The operators of one text object (`BT ... ET`) drawn on `canvas`."""

    def __init__(self, canvas: object, word_space: float = 0.0):
        self.canvas = canvas
        self.word_space = word_space
        self.ops = ["BT", "1 0 0 1 0 0 Tm"]
        if word_space:
            self.ops.append(f"{fp_str(word_space)} Tw")
        self._font: TTFont | None = None
        self._key: tuple[str, float] | None = None
        self._tf = ""  # "size Tf leading TL" of the current font
        self._subset = -1  # reportlab writes Tf again whenever the subset changes

    def text(self, font_name: str, size: float, x: float, y: float, text: str,
             invisible: bool = False) -> None:
        """`text` from (x, y) in a font and size (invisible: render mode 3, for readers)."""
        ops = self.ops
        if (font_name, size) != self._key:
            self._key = (font_name, size)
            self._font = pdfmetrics.getFont(font_name)
            self._tf = f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"
            self._subset = -1
        ops.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        if invisible:
            ops.append("3 Tr")
        doc = self.canvas._doc
        for subset, chunk in encode(self._font, text, doc, self.canvas):
            if subset != self._subset:
                ops.append(f"{self._font.getSubsetInternalName(subset, doc)} {self._tf}")
                self._subset = subset
            ops.append(f"({escapePDF(chunk)}) Tj")
        if invisible:
            ops.append("0 Tr")

    def draw(self) -> None:
        """Put the block into the canvas's page content."""
        if self.word_space:
            self.ops.append("0 Tw")  # word spacing is graphics state: it would outlive us
        self.ops.append("ET")
        self.canvas._code.append(" ".join(self.ops))


def encode(font: TTFont, text: str, doc: object, owner: object) -> list[tuple[int, bytes]]:
    """`text` as (subset, codes) chunks, as font.splitString(text, doc) returns them. Codes
    of subset 0 are kept per font on `owner` (the canvas of `doc`) and applied with one
    str.translate; a character without one yet goes through splitString, which assigns it."""
    tables = owner.__dict__.setdefault("_subset_codes", {})
    table = tables.get(font.fontName)
    if table is None:
        table = tables[font.fontName] = _SubsetCodes()
    if not text:
        return []
    try:
        return [(0, text.translate(table).encode("latin-1"))]
    except _Unassigned:
        chunks = font.splitString(text, doc)
        assignments = font.state[doc].assignments
        for code in set(map(ord, text)):
            n = assignments.get(32 if code == NBSP else code)
            if n is not None and n < 256:
                table[code] = n
        return chunks
