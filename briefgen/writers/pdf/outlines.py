"""Glyph outlines drawn as vector paths: (font file, character) -> a filled form on the page.

Used for harakat placed on their GPOS anchors: the visible mark is drawn as its outline at
the anchor, while the mark's text stays, invisible, where readers (Poppler merges a mark
with the glyph it touches in the content stream) expect it. Each glyph's outline becomes one
form XObject per document, in font units, drawn at every use with one matrix: a mark used
200 times is stored once.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from fontTools.pens.basePen import BasePen
from fontTools.pens.boundsPen import ControlBoundsPen
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from reportlab.pdfgen.canvas import Canvas


class _CanvasPathPen(BasePen):
    """A fontTools pen that writes into a reportlab canvas path (quadratics become cubics)."""

    def __init__(self, glyph_set: object, path: object):
        super().__init__(glyph_set)
        self.path = path

    def _moveTo(self, pt):
        self.path.moveTo(*pt)

    def _lineTo(self, pt):
        self.path.lineTo(*pt)

    def _curveToOne(self, p1, p2, p3):
        self.path.curveTo(*p1, *p2, *p3)

    def _closePath(self):
        self.path.close()


@lru_cache(maxsize=16)
def _font(path: str) -> tuple[dict[int, str], object, int]:
    font = TTFont(BytesIO(Path(path).read_bytes()), lazy=True)
    return font.getBestCmap(), font.getGlyphSet(), font["head"].unitsPerEm


@lru_cache(maxsize=1024)
def _outline(path: str, name: str) -> RecordingPen:
    """The glyph's drawing commands, recorded once per process."""
    _, glyph_set, _ = _font(path)
    pen = RecordingPen()
    glyph_set[name].draw(pen)
    return pen


class GlyphCanvas(Canvas):
    """A canvas that draws glyph outlines as forms, defined once when the file is saved."""

    def __init__(self, *args: object, **kw: object):
        super().__init__(*args, **kw)
        self._glyph_forms: dict[str, tuple[str, str]] = {}  # form name -> (font path, glyph)

    def draw_glyph(self, font_path: str, ch: str, x: float, y: float, size: float) -> None:
        """Fill the outline of `ch` in the font at `font_path`, origin (x, y), at `size` pt."""
        cmap, _, upem = _font(font_path)
        glyph = cmap.get(ord(ch))
        if glyph is None:
            return
        form = f"glyph-{Path(font_path).stem}-{glyph}"
        self._glyph_forms.setdefault(form, (font_path, glyph))
        scale = size / upem
        self.saveState()
        self.transform(scale, 0, 0, scale, x, y)
        self.doForm(form)
        self.restoreState()

    def save(self) -> None:
        for form, (font_path, glyph) in sorted(self._glyph_forms.items()):
            self._define_glyph_form(form, font_path, glyph)
        super().save()

    def _define_glyph_form(self, form: str, font_path: str, glyph: str) -> None:
        _, glyph_set, _ = _font(font_path)
        outline = _outline(font_path, glyph)
        bounds = ControlBoundsPen(glyph_set)
        outline.replay(bounds)
        self.beginForm(form, *(bounds.bounds or (0, 0, 0, 0)))
        path = self.beginPath()
        outline.replay(_CanvasPathPen(glyph_set, path))
        self.drawPath(path, stroke=0, fill=1, fillMode=1)
        self.endForm()
