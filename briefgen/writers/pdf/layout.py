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

import json
import marshal
import re
import unicodedata
import zlib
from contextlib import suppress
from dataclasses import dataclass, field
from functools import reduce
from itertools import accumulate
from operator import add

from briefgen.diskcache import entry_path, read_entry, store_entry
from briefgen.model import Cite, Direction, Inline, Text
from briefgen.text.bidi import (
    MIRROR_PAIRS,
    base_level,
    line_levels,
    paragraph_levels,
    visual_order,
)
from briefgen.text.shape import SHAPER, learn_shaped, shape, shaped_words
from briefgen.textfile import file_identity
from briefgen.writers.pdf.cidfonts import by_number, mirrored, placed
from briefgen.writers.pdf.fonts import PdfFonts
from briefgen.writers.pdf.marks import mark_anchors

SPACE = " "
_WORD = re.compile("[^ ]+")  # a line breaks only at SPACE
_SAME_LEVEL = re.compile(rb"(.)\1*", re.S)  # characters of one embedding level
SHAPED_KEPT = 64  # shaped paragraphs kept for a layout at another width or span
# Characters the PDF word spacing widens: reportlab draws U+00A0 as code 32 too.
WORD_SPACES = frozenset(" \u00a0")
# Combining marks of the Latin and Arabic blocks: the characters that may sit on an anchor.
_MAYBE_MARK = re.compile("[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")


@dataclass(frozen=True)
class Style:
    """What a run of characters is drawn with."""

    strong: bool
    emph: bool
    link: tuple[str, int] | None


@dataclass(slots=True)
class Run:
    """Characters drawn in one piece: visual order, one face, one link, at x from the line's
    left. Spaces are drawn too (readers find real spaces); a justified line stretches each
    by the same amount. A bracket drawn mirrored is held as cidfonts.mirrored(ch), a
    separator beside a number in right-to-left text as cidfonts.by_number(ch), a haraka
    whose outline is drawn on its anchor as cidfonts.placed(ch) (its text, drawing nothing)."""

    text: str
    font: str
    size: float
    x: float
    width: float
    link: tuple[str, int] | None  # (target, index of the citation in its paragraph)
    spaces_before: int = 0  # spaces to its left on the line, each stretched when justified
    order: int = 0  # the lowest logical index of its characters: runs are written by it
    rtl: bool = False  # its spaces are at an odd level: its words read right to left
    # Where the text from a placed haraka on is placed anew: (offset in text, x, spaces
    # before), as when each haraka began a run (the glyphs after it land where they did)
    restarts: list[tuple[int, float, int]] | None = None


@dataclass(slots=True)
class Mark:
    """A haraka's outline, drawn on its base letter's anchor: (x + dx, baseline + dy), x and
    spaces_before as for a run; `run` is the index of the run that holds its text."""

    ch: str
    font: str
    size: float
    x: float
    dx: float
    dy: float
    spaces_before: int
    run: int


@dataclass(slots=True)
class Line:
    """One laid-out line: its runs, its natural width, its count of inner spaces, the
    [start, end) range of the paragraph's shaped characters it holds, and its marks."""

    runs: list[Run]
    width: float
    spaces: int
    start: int = 0
    end: int = 0
    marks: list[Mark] = field(default_factory=list)


@dataclass
class ShapedText:
    """A paragraph after steps 1-4: shaped characters, in logical order, with attributes."""

    chars: list[str]
    levels: list[int]
    fonts: list[str]
    sizes: list[float]
    widths: list[float]
    links: list[tuple[str, int] | None]
    attach: list[tuple[int, float, float] | None]  # a mark: (its base's index, dx, dy) in pt
    base: int


def logical_runs(inlines: list[Inline]) -> list[tuple[str, Style]]:
    """Step 1: the paragraph as (text, style) pairs; a citation reads `[label]` and links
    to (its target, its index among the inlines)."""
    runs = []
    for index, item in enumerate(inlines):
        if isinstance(item, Text):
            runs.append((item.text, Style(item.strong, item.emph, None)))
        elif isinstance(item, Cite):
            runs.append((item.text, Style(False, False, (item.target, index))))
    return runs


def shape_paragraph(runs: list[tuple[str, Style]], direction: Direction, fonts: PdfFonts,
                    size: float, strong: bool = False) -> ShapedText:
    """Steps 2-4."""
    text = "".join(t for t, _ in runs)
    levels = paragraph_levels(text, direction)
    out = ShapedText([], [], [], [], [], [], [], base_level(direction))
    packed = bytes(levels)  # levels are below 126 (UAX #9 max_depth)
    offset = 0
    for run_text, style in runs:
        bold = strong or style.strong
        for group in _SAME_LEVEL.finditer(packed, offset, offset + len(run_text)):
            a, b = group.span()
            _append(out, shape(run_text[a - offset:b - offset]), packed[a], style, bold,
                    fonts, size)
        offset += len(run_text)
    return out


def _append(out: ShapedText, shaped: str, level: int, style: Style, bold: bool,
            fonts: PdfFonts, size: float) -> None:
    """Add one shaped segment of one level and style to `out`."""
    if not shaped:
        return
    metrics = fonts.metrics_of(shaped, bold, style.emph, size)
    first = len(out.chars)
    count = len(shaped)
    faces, sizes, widths = zip(*metrics, strict=True)
    out.chars.extend(shaped)
    out.levels.extend([level] * count)
    out.fonts.extend([face.name for face in faces])
    out.sizes.extend(sizes)
    out.widths.extend(widths)
    out.links.extend([style.link] * count)
    out.attach.extend([None] * count)
    for mark in _MAYBE_MARK.finditer(shaped):  # in order: a mark on a mark needs the first
        i = first + mark.start()
        if i:
            out.attach[i] = _attachment(out, i, faces[i - first].path, sizes[i - first])


def _attachment(out: ShapedText, i: int, path: str, size: float) -> tuple[int, float, float] | None:
    """Where character `i` of `out`, if it is a mark, sits on the character before it:
    (index of its base letter, dx, dy) from the font's GPOS anchors, or None."""
    if unicodedata.category(out.chars[i]) != "Mn" or out.fonts[i - 1] != out.fonts[i]:
        return None
    previous = out.attach[i - 1]
    on_mark = unicodedata.category(out.chars[i - 1]) == "Mn"
    if on_mark and previous is None:
        return None
    offset = mark_anchors(path).offset(out.chars[i - 1], out.chars[i], on_mark)
    if offset is None:
        return None
    dx, dy = offset[0] * size, offset[1] * size
    if on_mark:
        base, bx, by = previous
        return base, bx + dx, by + dy
    return i - 1, dx, dy


def break_lines(shaped: ShapedText, width: float, span: tuple[int, int] | None = None
                ) -> list[tuple[int, int]]:
    """Step 5: [start, end) index ranges of each line of the paragraph (or of its
    characters in `span`), the spaces at a break dropped. Lines break at spaces (not at
    no-break spaces); a word longer than the line is cut where the line is full."""
    position = list(accumulate(shaped.widths, initial=0.0))
    lines: list[tuple[int, int]] = []
    line: tuple[int, int] | None = None
    first, n = span or (0, len(shaped.chars))
    for word in _WORD.finditer("".join(shaped.chars), first, n):  # between breaking spaces
        i, j = word.span()
        if line and position[j] - position[line[0]] <= width + 1e-6:
            line = (line[0], j)
        else:
            if line:
                lines.append(line)
            start = i
            while position[j] - position[start] > width + 1e-6 and j - start > 1:
                cut = start + 1
                while cut < j and position[cut + 1] - position[start] <= width:
                    cut += 1
                lines.append((start, cut))
                start = cut
            line = (start, j)
    if line:
        lines.append(line)
    return lines


_SEPARATORS = frozenset(("CS", "ES", "ET"))
_NUMBERS = frozenset(("EN", "AN"))
# The characters a right-to-left line may draw apart: brackets (rule L4) and separators
# (commas, stops, hyphens, percent signs) of the blocks the papers use.
_APART = frozenset(MIRROR_PAIRS).union(
    chr(c) for first, last in ((0x20, 0x24F), (0x600, 0x6FF), (0x2000, 0x206F),
                               (0xFE50, 0xFE6F), (0xFF00, 0xFF65))
    for c in range(first, last + 1) if unicodedata.bidirectional(chr(c)) in _SEPARATORS)


def _beside_number(chars: list[str], index: int) -> bool:
    """Whether chars[index] is a separator that stands beside a number, not inside it nor
    against a letter: a comma or stop after it, a hyphen between two years, a percent sign
    (not the comma of 2,500, the hyphen of F-16); or beside a haraka (a stop after «جديداً»)."""
    kind = unicodedata.bidirectional(chars[index])
    if kind not in _SEPARATORS or chars[index] in WORD_SPACES:
        return False
    sides = [unicodedata.bidirectional(chars[i]) if 0 <= i < len(chars) else "B"
             for i in (index - 1, index + 1)]
    if any(side in ("L", "R", "AL") for side in sides):
        return False
    digits = [side in _NUMBERS for side in sides]
    if any(side == "NSM" for side in sides):  # after a haraka: PDFium groups them alike
        return True
    return any(digits) and not (kind == "CS" and all(digits))


def _in_rtl_word(chars: list[str], index: int) -> bool:
    """Whether the word (between spaces) around chars[index] has a right-to-left letter."""
    start = end = index
    while start > 0 and chars[start - 1] not in WORD_SPACES:
        start -= 1
    while end < len(chars) and chars[end] not in WORD_SPACES:
        end += 1
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in chars[start:end])


def order_line(shaped: ShapedText, start: int, end: int) -> Line:
    """Step 6: one line in visual order, cut into runs placed from x = 0."""
    chars = shaped.chars[start:end]
    levels = line_levels("".join(chars), shaped.levels[start:end], shaped.base)
    order = visual_order(levels)
    if _one_run(shaped, start, end):
        return _one_run_line(shaped, start, end, chars, levels, order)
    widths, fonts = shaped.widths[start:end], shaped.fonts[start:end]
    sizes, links, attach = shaped.sizes[start:end], shaped.links[start:end], shaped.attach[start:end]
    count = end - start
    xs, spaces_left = [0.0] * count, [0] * count  # by logical index: x, spaces to its left
    x, spaces = 0.0, 0
    for index in order:
        xs[index], spaces_left[index] = x, spaces
        x += widths[index]
        if chars[index] in WORD_SPACES:
            spaces += 1
    runs: list[Run] = []
    marks: list[Mark] = []
    current: Run | None = None  # the run the next character may join
    key, spaced = None, False  # (font, size, link) of `current`; a space seen in it
    for index in order:
        ch = chars[index]
        odd = levels[index] & 1
        if odd and ch in _APART:
            ch = _drawn_apart(chars, index)
        char_key = (fonts[index], sizes[index], links[index])
        if current is None or char_key != key:
            current = Run("", *char_key[:2], xs[index], 0.0, char_key[2], spaces_left[index],
                          index, bool(odd))
            key, spaced = char_key, False
            runs.append(current)
        if not spaced and chars[index] in WORD_SPACES:  # the direction its words go
            current.rtl, spaced = bool(odd), True
        mark = attach[index]
        if mark and start <= mark[0] < end:
            base_x = xs[mark[0] - start]
            marks.append(Mark(chars[index], fonts[index], sizes[index], xs[index],
                              base_x + mark[1] - xs[index], mark[2], spaces_left[index],
                              len(runs) - 1))
            ch = placed(chars[index])
            if current.text:  # placed anew from the haraka on, as when it began a run
                current.restarts = (current.restarts or []) + [
                    (len(current.text), xs[index], spaces_left[index])]
        current.text += ch
        current.width += widths[index]
        if index < current.order:
            current.order = index
    return Line(runs, x, spaces, start, end, marks)


def _drawn_apart(chars: list[str], index: int) -> str:
    """A character of _APART at an odd level as the line holds it: a bracket mirrored
    (rule L4, read back as the character itself), a separator beside a number marked so."""
    ch = chars[index]
    if ch in MIRROR_PAIRS:
        return mirrored(ch, not _in_rtl_word(chars, index))
    return by_number(ch) if _beside_number(chars, index) else ch


def _one_run(shaped: ShapedText, start: int, end: int) -> bool:
    """Whether the line is one run (one face, size and link) without a placed haraka: most
    lines, which _one_run_line orders without looking at each character in Python."""
    count = end - start
    fonts, sizes, links = shaped.fonts[start:end], shaped.sizes[start:end], shaped.links[start:end]
    return (count > 0 and fonts.count(fonts[0]) == count and sizes.count(sizes[0]) == count
            and links.count(links[0]) == count and shaped.attach[start:end].count(None) == count)


_APART_CHARACTER = re.compile("[" + "".join(map(re.escape, sorted(_APART))) + "]")


def _one_run_line(shaped: ShapedText, start: int, end: int, chars: list[str], levels: list[int],
                  order: list[int]) -> Line:
    """order_line() of a line that is _one_run(): the same Line, made with the same sums."""
    drawn = [chars[index] for index in order]
    text = "".join(drawn)
    apart = [(at, order[at]) for at in (m.start() for m in _APART_CHARACTER.finditer(text))]
    for at, index in apart:
        if levels[index] & 1:
            drawn[at] = _drawn_apart(chars, index)
    widths = shaped.widths
    width = reduce(add, [widths[start + index] for index in order], 0.0)  # x += w, in order
    spaces = [at for at in map(text.find, WORD_SPACES) if at >= 0]
    first_space = order[min(spaces)] if spaces else order[0]  # sets the run's direction
    run = Run("".join(drawn) if apart else text, shaped.fonts[start], shaped.sizes[start], 0.0,
              width, shaped.links[start], 0, 0, bool(levels[first_space] & 1))
    return Line([run], width, sum(map(text.count, WORD_SPACES)), start, end, [])


def layout_paragraph(inlines: list[Inline], direction: Direction, fonts: PdfFonts, size: float,
                     width: float, strong: bool = False,
                     span: tuple[int, int] | None = None) -> list[Line]:
    """Steps 1-6 for one paragraph at one width; with `span`, only the lines of those shaped
    characters (a part of a paragraph split across pages, laid out again at another width:
    levels still come from the whole paragraph). The lines are kept in `fonts.layouts` and
    shared between calls with the same arguments (the measuring and the drawing pass): do
    not change them. Shaped paragraphs are kept only for the last SHAPED_KEPT paragraphs
    (where a split part comes back for them): all of them would hold some 70 bytes a
    character, 300 MB for a paper of 900 pages."""
    shaped_key = (tuple(inlines), direction, size, strong)
    key = (*shaped_key, width, span)
    lines = fonts.layouts.get(key)
    if lines is None:
        shaped = fonts.shaped.pop(shaped_key, None)
        if shaped is None:
            shaped = shape_paragraph(logical_runs(inlines), direction, fonts, size, strong)
        fonts.shaped[shaped_key] = shaped  # now the most recent
        if len(fonts.shaped) > SHAPED_KEPT:
            del fonts.shaped[next(iter(fonts.shaped))]  # the least recent
        lines = [order_line(shaped, a, b) for a, b in break_lines(shaped, width, span)]
        if fonts.keep_layouts:
            fonts.layouts[key] = lines
    if fonts.touched is not None:
        fonts.touched.add(id(lines))
    return lines


def lines_as_tuples(lines: list[Line]) -> list[tuple]:
    """Lines as plain tuples (pickled three times faster than their dataclasses)."""
    return [(line.width, line.spaces, line.start, line.end,
             [(r.text, r.font, r.size, r.x, r.width, r.link, r.spaces_before, r.order, r.rtl,
               r.restarts) for r in line.runs],
             [(m.ch, m.font, m.size, m.x, m.dx, m.dy, m.spaces_before, m.run) for m in line.marks])
            for line in lines]


def lines_from_tuples(packed: list[tuple]) -> list[Line]:
    """The lines lines_as_tuples() gave."""
    return [Line([Run(*run) for run in runs], width, spaces, start, end,
                 [Mark(*mark) for mark in marks])
            for width, spaces, start, end, runs, marks in packed]


def pack_lines(lines: list[Line]) -> bytes:
    """Lines as bytes, a twentieth of the memory they take as objects (marshalled, then
    compressed at zlib's fastest level); unpack_lines() reads them."""
    return zlib.compress(marshal.dumps(lines_as_tuples(lines)), 1)


def unpack_lines(data: bytes) -> list[Line]:
    return lines_from_tuples(marshal.loads(zlib.decompress(data)))


WORDS_KEPT = 50_000  # shaped words kept in the disk cache (a paper has some 6,000)


class ShapedWords:
    """The Arabic words shaped by earlier runs, read from the disk cache when a writer
    starts (reshaping a paper's words takes some 30 ms; reading them back 3), and the words
    of this run added when it is done, if there are new ones. A process that read or wrote
    the entry, and still knows as many words, does not read it again (a `--watch` session
    would spend 7 ms a rebuild on it) unless another process rewrote it since."""

    _known: tuple[object, int] | None = None  # (the entry's identity, words known then)

    def __init__(self) -> None:
        self.path = entry_path("shaped-words", SHAPER, ".json")
        known = ShapedWords._known
        if known is None or known != (file_identity(self.path), len(shaped_words())):
            data = read_entry(self.path)
            with suppress(ValueError):  # not JSON: the words are shaped again
                learn_shaped(json.loads(data) if data else {})
            self._remember()
        self.count = len(shaped_words())

    def keep(self) -> None:
        words = shaped_words()
        if len(words) != self.count and len(words) <= WORDS_KEPT:
            store_entry(self.path, json.dumps(words, ensure_ascii=False).encode())
            self._remember()

    def _remember(self) -> None:
        ShapedWords._known = (file_identity(self.path), len(shaped_words()))
