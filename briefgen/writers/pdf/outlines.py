"""Glyph outlines drawn as vector paths: (font file, character) -> a filled form on the page.

Used for harakat placed on their GPOS anchors: the visible mark is drawn as its outline at
the anchor, while the mark's text stays, invisible, where readers (Poppler merges a mark
with the glyph it touches in the content stream) expect it. Each glyph's outline becomes one
form XObject per document, in font units, drawn at every use with one matrix: a mark used
200 times is stored once.

Outlines are read with fontTools once and kept in the disk cache (briefgen/diskcache.py)
under the font's hash: a run whose marks are all cached does not parse the font.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from briefgen.diskcache import cached_bytes, file_digest, package_version

CACHE_FORMAT = 1  # bump when the cached JSON changes shape
# A path as drawing operations in font units: ["m", x, y], ["l", x, y],
# ["c", x1, y1, x2, y2, x3, y3] (quadratic curves already made cubic), ["h"] (close).
PathOps = list[list]


@dataclass(frozen=True)
class Outline:
    """One glyph: its name in the font, units per em, control bounds, drawing operations."""

    glyph: str
    upem: int
    bounds: tuple[float, float, float, float]
    ops: PathOps


def read_outline(font_path: str, ch: str) -> Outline | None:
    """The outline of `ch` in the font at `font_path`, read with fontTools; None when the
    font's cmap lacks `ch`."""
    from fontTools.pens.basePen import BasePen  # imported here: needed only on a cache miss
    from fontTools.pens.boundsPen import ControlBoundsPen

    class PathPen(BasePen):  # records the path the way reportlab's path takes it
        def __init__(self, glyph_set: object):
            super().__init__(glyph_set)
            self.ops: PathOps = []

        def _moveTo(self, pt):
            self.ops.append(["m", *pt])

        def _lineTo(self, pt):
            self.ops.append(["l", *pt])

        def _curveToOne(self, p1, p2, p3):
            self.ops.append(["c", *p1, *p2, *p3])

        def _closePath(self):
            self.ops.append(["h"])

    cmap, glyph_set, upem = _font(font_path)
    glyph = cmap.get(ord(ch))
    if glyph is None:
        return None
    bounds, pen = ControlBoundsPen(glyph_set), PathPen(glyph_set)
    glyph_set[glyph].draw(bounds)
    glyph_set[glyph].draw(pen)
    return Outline(glyph, upem, bounds.bounds or (0, 0, 0, 0), pen.ops)


@lru_cache(maxsize=8)
def _font(font_path: str) -> tuple[dict[int, str], object, int]:
    """The font's cmap, glyph set and units per em: parsed once per process (a paper's
    first run reads several marks from one font)."""
    from fontTools.ttLib import TTFont

    font = TTFont(BytesIO(Path(font_path).read_bytes()), lazy=True)
    return font.getBestCmap(), font.getGlyphSet(), font["head"].unitsPerEm


@lru_cache(maxsize=256)
def glyph_outline(font_path: str, ch: str) -> Outline | None:
    """The outline of `ch` in the font at `font_path`: once per process, from the disk
    cache when the same font bytes were read before."""
    key = (f"{_font_digest(font_path)} U+{ord(ch):04X} fontTools {package_version('fontTools')} "
           f"format {CACHE_FORMAT}")

    def compute() -> bytes:
        outline = read_outline(font_path, ch)
        return json.dumps(outline and [outline.glyph, outline.upem, outline.bounds,
                                       outline.ops]).encode()

    value = json.loads(cached_bytes("glyph-outlines", key, compute, ".json"))
    if value is None:
        return None
    glyph, upem, bounds, ops = value
    return Outline(glyph, upem, tuple(bounds), ops)


@lru_cache(maxsize=16)
def _font_digest(font_path: str) -> str:
    return file_digest(font_path)
