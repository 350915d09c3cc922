"""Which shipped face must draw a character: a paragraph's text -> a pinned face per character.

The paper names two faces in its styles: Noto Naskh Arabic in the complex-script slot (w:cs)
and Noto Serif in the Latin slots (w:ascii, w:hAnsi). Which slot draws a character is not
the writer's to choose. Word draws every character of a w:rtl run from the complex-script
slot; LibreOffice gives each character a script type of its own (Latin, Asian, complex) and
a neutral one (bracket, slash, dash, bar, word joiner) the type of the letter before it. So
"[" after an Arabic word goes to Noto Naskh Arabic, which has no "[", and the machine's
fallback font (DejaVu Sans here) draws it.

A neutral character that only one shipped face has is therefore pinned to that face, in a
paragraph that also holds letters of the other face's script: its run names the face in the
complex-script and the Latin slots alike. Letters and digits are never pinned (their slot
is certain in both programs), so an editor's change of the body fonts in the styles still
reaches every word.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from briefgen.writers.docx.embed import SUBSET_RANGES
from briefgen.writers.fonts import FontSet

# Bidi classes whose LibreOffice script type (and Word slot) is certain: strong letters,
# Arabic-Indic digits (Arabic script), and marks (they follow their base letter).
SETTLED = frozenset({"L", "R", "AL", "AN", "NSM"})
ARABIC_LETTERS = frozenset({"R", "AL", "AN"})


def _embedded(coverage: frozenset[int]) -> frozenset[int]:
    """The code points of a face that its embedded subset keeps."""
    return frozenset(c for c in coverage if any(lo <= c <= hi for lo, hi in SUBSET_RANGES))


@dataclass(frozen=True)
class Faces:
    """The two shipped families and the characters each one's embedded faces all have."""

    arabic: str
    latin: str
    arabic_chars: frozenset[int]
    latin_chars: frozenset[int]

    @classmethod
    def of(cls, fonts: FontSet) -> Faces:
        """The faces of a FontSet; a family has a character when all its faces have it."""
        cover = fonts.coverage
        return cls(
            fonts.arabic_family,
            fonts.latin_family,
            _embedded(cover["arabic_regular"] & cover["arabic_bold"]),
            _embedded(cover["latin_regular"] & cover["latin_bold"] & cover["latin_italic"]),
        )

    def pins(self, text: str) -> list[str | None]:
        """For each character of a paragraph's text, the family its run must name, or None
        where the styles' fonts already draw it."""
        classes = [unicodedata.bidirectional(ch) for ch in text]
        has_arabic = any(c in ARABIC_LETTERS for c in classes)
        has_latin = "L" in classes
        out: list[str | None] = []
        for ch, cls in zip(text, classes, strict=True):
            code = ord(ch)
            pin = None
            if cls not in SETTLED and unicodedata.category(ch) != "Cc":
                in_arabic, in_latin = code in self.arabic_chars, code in self.latin_chars
                if in_latin and not in_arabic and has_arabic:
                    pin = self.latin
                elif in_arabic and not in_latin and has_latin:
                    pin = self.arabic
            out.append(pin)
        return out
