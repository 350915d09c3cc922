"""Line layout of one paragraph: inlines -> lines of positioned, visually ordered runs.

The steps, in the order UAX #9 requires:
 1. the logical paragraph text, with each character's style and link;
 2. embedding levels resolved on the whole paragraph (text.bidi.paragraph_levels);
 3. Arabic shaped per run of one level and style (text.shape), in logical order;
 4. a face chosen for every shaped character, and its width measured;
 5. lines broken on the logical text at spaces (a word longer than a line is cut);
 6. each line put into visual order on its own (L1, L2), mirrored (L4), and cut into runs
    of one face, one link and no space, placed left to right.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from briefgen.model import Cite, Direction, Inline, Text
from briefgen.text.bidi import base_level, line_levels, mirror, paragraph_levels, visual_order
from briefgen.text.shape import shape
from briefgen.writers.pdf.fonts import PdfFonts, char_width

SPACE = " "


@dataclass(frozen=True)
class Style:
    """What a run of characters is drawn with."""

    strong: bool
    emph: bool
    link: str | None


@dataclass
class Run:
    """Characters drawn in one call: visual order, one face, at x from the line's left."""

    text: str
    font: str
    size: float
    x: float
    width: float
    link: str | None
    spaces_before: int = 0  # spaces to its left on the line, each stretched when justified


@dataclass
class Line:
    """One laid-out line: its runs, its natural width and its count of inner spaces."""

    runs: list[Run]
    width: float
    spaces: int


@dataclass
class ShapedText:
    """A paragraph after steps 1-4: shaped characters, in logical order, with attributes."""

    chars: list[str]
    levels: list[int]
    fonts: list[str]
    sizes: list[float]
    widths: list[float]
    links: list[str | None]
    base: int


def logical_runs(inlines: list[Inline]) -> list[tuple[str, Style]]:
    """Step 1: the paragraph as (text, style) pairs; a citation reads `[label]`."""
    runs = []
    for item in inlines:
        if isinstance(item, Text):
            runs.append((item.text, Style(item.strong, item.emph, None)))
        elif isinstance(item, Cite):
            runs.append((f"[{item.label}]", Style(False, False, item.target)))
    return runs


def shape_paragraph(runs: list[tuple[str, Style]], direction: Direction, fonts: PdfFonts,
                    size: float, strong: bool = False) -> ShapedText:
    """Steps 2-4."""
    text = "".join(t for t, _ in runs)
    styles = [s for t, s in runs for _ in t]
    levels = paragraph_levels(text, direction)
    out = ShapedText([], [], [], [], [], [], base_level(direction))
    start = 0
    for end in range(1, len(text) + 1):
        if end < len(text) and levels[end] == levels[start] and styles[end] == styles[start]:
            continue
        style = styles[start]
        for ch in shape(text[start:end]):
            face = fonts.face_for(ch, strong or style.strong, style.emph)
            char_size = size * fonts.scale(face)
            out.chars.append(ch)
            out.levels.append(levels[start])
            out.fonts.append(face.name)
            out.sizes.append(char_size)
            out.widths.append(char_width(ch, face.name, char_size))
            out.links.append(style.link)
        start = end
    return out


def break_lines(shaped: ShapedText, width: float,
                first_width: float | None = None) -> list[tuple[int, int]]:
    """Step 5: [start, end) index ranges of each line, spaces at the break dropped."""
    chars, widths = shaped.chars, shaped.widths
    n = len(chars)
    lines: list[tuple[int, int]] = []
    i = 0
    while i < n and chars[i] == SPACE:
        i += 1
    limit = first_width if first_width is not None else width
    while i < n:
        line_start, used, j, last_fit = i, 0.0, i, None
        while j < n:
            k = j
            while k < n and chars[k] != SPACE:
                k += 1
            word = sum(widths[j:k])
            space = sum(widths[line_start:j]) - used if j > line_start else 0.0
            if used + space + word <= limit + 1e-6:
                used += space + word
                last_fit = k
                j = k
                while j < n and chars[j] == SPACE:
                    j += 1
                if k >= n:
                    break
                continue
            break
        if last_fit is None:  # a word longer than the line: cut it
            last_fit, used = i, 0.0
            while last_fit < n and chars[last_fit] != SPACE and (
                used + widths[last_fit] <= limit or last_fit == i
            ):
                used += widths[last_fit]
                last_fit += 1
            j = last_fit
            while j < n and chars[j] == SPACE:
                j += 1
        lines.append((line_start, last_fit))
        i = j
        limit = width
    return lines


def order_line(shaped: ShapedText, start: int, end: int) -> Line:
    """Step 6: one line in visual order, cut into runs placed from x = 0."""
    chars = shaped.chars[start:end]
    levels = line_levels("".join(chars), shaped.levels[start:end], shaped.base)
    runs: list[Run] = []
    x = 0.0
    spaces = 0
    joinable = False
    for index in visual_order(levels):
        i = start + index
        ch = mirror(chars[index], levels[index])
        w = shaped.widths[i]
        if ch == SPACE:
            # drawn as a glyph of its own, so that readers find a real space there
            runs.append(Run(ch, shaped.fonts[i], shaped.sizes[i], x, w, None, spaces))
            spaces += 1
            joinable = False
        elif joinable and (runs[-1].font, runs[-1].size, runs[-1].link) == (
                shaped.fonts[i], shaped.sizes[i], shaped.links[i]):
            runs[-1].text += ch
            runs[-1].width += w
        else:
            runs.append(Run(ch, shaped.fonts[i], shaped.sizes[i], x, w, shaped.links[i], spaces))
            joinable = True
        x += w
    return Line(runs, x, spaces)


def layout_paragraph(inlines: list[Inline], direction: Direction, fonts: PdfFonts, size: float,
                     width: float, strong: bool = False,
                     first_width: float | None = None) -> list[Line]:
    """Steps 1-6 for one paragraph at one width. The lines are shared between calls with
    the same arguments (the measuring and the drawing pass): do not change them."""
    return _layout(tuple(inlines), direction, fonts, size, width, strong, first_width)


@lru_cache(maxsize=4096)
def _layout(inlines: tuple[Inline, ...], direction: Direction, fonts: PdfFonts, size: float,
            width: float, strong: bool, first_width: float | None) -> list[Line]:
    shaped = shape_paragraph(logical_runs(list(inlines)), direction, fonts, size, strong)
    return [order_line(shaped, a, b) for a, b in break_lines(shaped, width, first_width)]
