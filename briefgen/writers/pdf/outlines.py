"""Glyph outlines drawn as vector paths: (font file, character) -> filled path on a canvas.

Used for harakat placed on their GPOS anchors: the visible mark is drawn as its outline at
the anchor, while the mark's text stays, invisible, where readers (Poppler merges a mark
with the glyph it touches in the content stream) expect it.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from fontTools.pens.basePen import BasePen
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


def draw_glyph(canvas: Canvas, font_path: str, ch: str, x: float, y: float, size: float) -> None:
    """Fill the outline of `ch` in the font at `font_path`, origin (x, y), at `size` points."""
    cmap, glyph_set, upem = _font(font_path)
    name = cmap.get(ord(ch))
    if name is None:
        return
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / upem, size / upem)
    path = canvas.beginPath()
    glyph_set[name].draw(_CanvasPathPen(glyph_set, path))
    canvas.drawPath(path, stroke=0, fill=1, fillMode=1)
    canvas.restoreState()
