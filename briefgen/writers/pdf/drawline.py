"""One laid-out line -> text operators, harakat outlines and links, tagged for its element.

The text layer is what readers give back, so it is written the way they read it:
 - runs in logical order (a right-to-left line's rightmost run first), each placed with
   its own text matrix: readers that keep drawing order get the words in order;
 - inside a run the glyphs go left to right, spaces drawn, a justified line's stretch put
   after each space as a TJ adjustment (word spacing does not apply to two-byte codes). A
   run stays one string however wide its stretch: pdf.js ends a text item at a gap wider
   than 0.6 em and starts the next with a space (in drawing order); a run cut there and
   written from the right would keep the order but lose every space between its pieces,
   as pdf.js adds none where the text moves back;
 - a haraka's text sits in its letter's run (its glyph, invisible); its outline is drawn
   apart, on its anchor.
Each run is marked content of its element: the paragraph's, a citation's Link, or a Span
with /Lang for letters of the other script (Latin in the Arabic paper, Arabic in the
English one). Without tags (running header and footer) the caller marks an artifact.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise

from reportlab.lib.rl_accel import fp_str

from briefgen.model import Inline
from briefgen.text.bidi import MIRROR_PAIRS
from briefgen.writers.pdf.canvas import END, PageCanvas
from briefgen.writers.pdf.cidfonts import (
    BY_NUMBER,
    MIRRORED,
    MIRRORED_APART,
    MUPDF_ONLY,
    PLACED,
    DocumentFont,
    base_text,
    carried,
    control,
    hidden,
    pdfjs_only,
    pdfjs_space,
)
from briefgen.writers.pdf.fontfile import face_of
from briefgen.writers.pdf.layout import WORD_SPACES, Line, Run
from briefgen.writers.pdf.structure import Element

# Where a justified line's stretch goes: after each space, carried or not; but before a
# space that a placed haraka follows (pdf.js measures the gap to the mark's letter from
# the end of the space's glyph, without the stretch, and would take a wide one for a space)
_SPACES = "".join(sorted({*WORD_SPACES, *(carried(ch, rtl) for ch in WORD_SPACES
                                         for rtl in (False, True))}))
_HARAKA = f"[{chr(PLACED)}-{chr(0x10FFFF)}]"  # a placed haraka (cidfonts.placed)
_STRETCH = re.compile(f"(?<=[{_SPACES}])(?!{_HARAKA})|(?=[{_SPACES}]{_HARAKA})")
_APART = re.compile(f"([{chr(BY_NUMBER)}-{chr(PLACED - 1)}])")  # tokens drawn as pieces
_PLACED = re.compile(f"({_HARAKA}+)")
# a word space a placed haraka follows (in the same piece: the search stops at its end)
_SPACE_BEFORE_MARK = re.compile(f"[{''.join(sorted(WORD_SPACES))}](?={_HARAKA})")


class ParagraphTags:
    """The structure elements the runs of one paragraph belong to.

    Marked content is never bound straight to an element that has /ActualText: MuPDF puts
    the /ActualText of the element that owns an MCID in place of its glyphs (once per
    marked-content sequence, then reorders it as if it were drawn), so such an element
    holds its marked content through plain Span kids."""

    def __init__(self, element: Element, inlines: list[Inline], lang: str):
        self.element, self.inlines, self.lang = element, inlines, lang
        self._links: dict[tuple[str, int], Element] = {}

    def link(self, key: tuple[str, int]) -> Element:
        """The Link element of the citation at `key` (target, index of the inline)."""
        element = self._links.get(key)
        if element is None:
            text = self.inlines[key[1]].text
            element = self._links[key] = self.element.add(
                "Link", actual_text=text if self.element.actual_text is not None else None)
        return element

    def for_run(self, text: str, link: tuple[str, int] | None, font_lang: str) -> Element:
        """The element that owns the marked content of a run: its `text` (as Run.text holds
        it), its `link`, the language of its font."""
        owner = self.link(link) if link else self.element
        if font_lang != self.lang and any(ch.isalpha() for ch in text):
            owner = owner.add("Span", lang=font_lang,
                              actual_text=logical_text(text) if font_lang == "ar" else None)
        return holder(owner)


def holder(element: Element) -> Element:
    """`element`, or when it has /ActualText its last kid if that is a plain Span, else a
    new plain Span kid: the element that binds its marked content."""
    if element.actual_text is None:
        return element
    last = element.kids[-1] if element.kids else None
    if isinstance(last, Element) and last.role == "Span" and last.actual_text is None \
            and last.lang is None:
        return last
    return element.add("Span")


def logical_text(drawn: str) -> str:
    """The text of a right-to-left run drawn left to right, in reading order."""
    out = []
    for ch in reversed(drawn):
        code = ord(ch)
        if code >= PLACED:
            out.append(chr(code - PLACED))
        elif code >= MIRRORED:
            out.append(chr(code - MIRRORED))
        elif code >= MIRRORED_APART:
            out.append(chr(code - MIRRORED_APART))
        elif code >= BY_NUMBER:
            out.append(chr(code - BY_NUMBER))
        else:
            out.append(unicodedata.normalize("NFKC", ch) if base_text(code) != ch else ch)
    return "".join(out)


def _font_lang(name: str) -> str:
    return "ar" if name.startswith("NotoNaskhArabic") else "en"


def _segments(text: str, separate: re.Pattern[str], bounds: list[int]) -> list[tuple[int, int]]:
    """[start, end) of each segment of `text` between `bounds` (offsets where a part
    starts), a token of `separate` a segment of its own."""
    cuts = {0, len(text), *bounds}
    for match in separate.finditer(text):
        cuts.update(match.span())
    points = sorted(cuts)
    return list(pairwise(points))


def _placement(run: Run, font: DocumentFont, starts: dict[int, str], extra: float,
               segments: list[tuple[int, int]]) -> dict[int, str]:
    """Where each segment starts, as the Tm's "x y": a part's start as written for it
    (`starts`); inside a part, where the glyphs before it end, counted from the part's
    start as written and with the stretch as word spacing had it, with more digits. The
    glyphs land where they did when a run was one string stretched by word spacing."""
    at: dict[int, str] = {}
    x, y = 0.0, ""
    last = len(segments) - 1
    for n, (a, b) in enumerate(segments):
        if a in starts:
            at[a] = starts[a]
            if n == last:  # nothing follows: no need to measure it (the common case)
                break
            x_text, y = starts[a].split()
            x = float(x_text)
        else:  # a space a placed haraka follows takes its stretch before it (see _STRETCH)
            ahead = run.text[a] in WORD_SPACES and ord((run.text + " ")[a + 1]) >= PLACED
            at[a] = f"{_precise(x + extra if ahead else x)} {y}"
        segment = run.text[a:b]
        x += font.width(segment, run.size) + extra * sum(map(segment.count, WORD_SPACES))
    return at


# pdf.js ends a text item at a gap wider than 0.6 em (and keeps such items in drawing
# order); MuPDF starts a new line at a forward gap of 0.8 em. A run whose spaces are
# stretched wider than this many ems is drawn with its text matrix widened and its glyphs
# narrowed as much (see _write_run): the same glyphs in the same places, but both readers
# measure gaps in the widened text space, where they are a quarter as wide.
LOOSE_GAP = 0.55
LOOSE_SCALE = 4  # a power of two: the products of the two scalings are exact


def _loose(run: Run, font: DocumentFont, extra: float) -> bool:
    """Whether the run's spaces and their stretch make gaps that pdf.js and MuPDF would
    take for a column's."""
    return bool(extra) and font.width(" ", run.size) + extra >= LOOSE_GAP * run.size


_ALM = control("\u061c")
_LRM = control("\u200e")
# How Poppler classes characters when it orders a right-to-left line (its own table):
# strong left, strong right, numbers and their separators ('#'), and the rest
_POPPLER_CLASS = {"L": "L", "R": "R", "AL": "R", "EN": "#", "AN": "#", "ES": "#", "ET": "#",
                  "CS": "#"}
_BRACKETS = frozenset(MIRROR_PAIRS) | {"«", "»"}


def _reads_as(ch: str) -> str:
    """The first character a reader gets for a character of a run's text."""
    code = ord(ch)
    if code >= PLACED:
        return chr(code - PLACED)
    if code >= MIRRORED_APART:
        return chr(code - (MIRRORED if code >= MIRRORED else MIRRORED_APART))
    if code >= BY_NUMBER:
        return chr(code - BY_NUMBER)
    return base_text(code)[:1] or ch


# character of a run's text -> (what a reader gets first for it, its Poppler class): a
# line's plan looks at every character, from an alphabet of a few hundred
_READ_CLASS: dict[str, tuple[str, str]] = {}


def _read_and_class(ch: str) -> tuple[str, str]:
    """_reads_as(ch) and Poppler's class of it (_POPPLER_CLASS, else "N"), learnt once."""
    found = _READ_CLASS.get(ch)
    if found is None:
        read = _reads_as(ch)
        found = _READ_CLASS[ch] = (read, _POPPLER_CLASS.get(unicodedata.bidirectional(read), "N"))
    return found


@dataclass
class _LinePlan:
    """What a line needs beyond its glyphs, by index of the run in the line's runs: the
    invisible controls (cidfonts.control) that go before a character of its text (at the
    text's length: after its last), and /ActualText for PDFium of a character drawn as a
    piece of its own."""

    controls: dict[int, dict[int, str]] = field(default_factory=dict)
    texts: dict[tuple[int, int], str] = field(default_factory=dict)

    def control(self, index: int, offset: int, ch: str) -> None:
        before = self.controls.setdefault(index, {})
        if ch not in before.get(offset, ""):
            before[offset] = before.get(offset, "") + ch


_NO_PLAN = _LinePlan()


def _line_plan(runs: list[Run], rtl_line: bool) -> _LinePlan:
    """The plan of a line of a right-to-left paper with brackets or separators beside
    numbers (_rtl_plan), or of a left-to-right line in it (_ltr_plan)."""
    chars = []  # (run index, offset, Poppler's class, character read), left to right
    for index, run in sorted(enumerate(runs), key=lambda item: item[1].x):
        for offset, ch in enumerate(run.text):
            read, kind = _read_and_class(ch)
            chars.append((index, offset, kind, read))
    plan = _LinePlan()
    (_rtl_plan if rtl_line else _ltr_plan)(runs, chars, plan)
    return plan


def _rtl_plan(runs: list[Run], chars: list[tuple[int, int, str, str]], plan: _LinePlan) -> None:
    """Poppler orders a right-to-left line from the right: it reverses what is right-to-left
    or neutral, and keeps a left-to-right group (Latin letters, digits, and what it counts
    with numbers: . , / - % ،) as drawn together with the neutral characters that follow
    it leftwards up to a right-to-left letter: it read «٢٠٢٣ (مستنتج)» as «( ٢٠٢٣», a run
    of citations backwards and «٢٠٢١-٢٠٢٤» as drawn. An invisible ALM (a right-to-left
    letter to it; the other readers read past it) ends such a group where brackets follow
    it leftwards, and parts a separator beside a number from the number.

    PDFium mirrors each neutral character of right-to-left text, but reverses a run of them
    only where it starts with a space (on its left; measured with pdfium 8149): brackets
    side by side («) or ][ between citations) without a space to their left give their drawn
    characters as /ActualText in the reverse order."""
    group: list[tuple[int, int] | None] = []  # mirrored brackets side by side
    for i, (index, offset, kind, _) in enumerate(chars):
        code = ord(runs[index].text[offset])
        if MIRRORED_APART <= code < PLACED:  # a mirrored bracket
            if not group and i and chars[i - 1][3] in WORD_SPACES:
                group.append(None)  # a run PDFium reverses: nothing to swap
            group.append((index, offset))
        elif group:
            _swap(group, runs, plan.texts)
        if BY_NUMBER <= code < MIRRORED_APART:  # a separator beside a number
            if i and chars[i - 1][2] in "L#":
                plan.control(index, offset, _ALM)
            if i + 1 < len(chars) and chars[i + 1][2] in "L#":
                plan.control(chars[i + 1][0], chars[i + 1][1], _ALM)
        if kind not in "L#" or (i and chars[i - 1][2] in "L#"):
            continue  # only the leftmost character of a left-to-right group
        j = i - 1
        while j >= 0 and chars[j][2] == "N" and chars[j][3] not in _BRACKETS:
            j -= 1
        if j >= 0 and chars[j][3] in _BRACKETS:
            plan.control(index, offset, _ALM)
    _swap(group, runs, plan.texts)


def _ltr_plan(runs: list[Run], chars: list[tuple[int, int, str, str]], plan: _LinePlan) -> None:
    """A left-to-right line in a right-to-left paper: Poppler orders it from the right as
    every line of the page (see _rtl_plan), and PDFium as a right-to-left line (the
    catalog's /Direction /R2L): it writes its groups from the right, each neutral one
    mirrored while it has met no Latin letter since the last Arabic one. An invisible LRM
    after its last character makes all of it one left-to-right group to Poppler; a bracket
    PDFium reads after a Latin letter gives its mirror image as /ActualText (the groups
    come out in reverse order: «(HMC)» as «)HMC(» mirrored where it mirrors)."""
    if not chars or not any(kind == "L" for _, _, kind, _ in chars):
        return
    index, offset, kind, _ = chars[-1]
    latin = kind == "N"
    if latin:
        plan.control(index, offset + 1, _LRM)
    for index, offset, kind, read in reversed(chars):
        if kind == "L":
            latin = True
        elif unicodedata.bidirectional(read) in ("R", "AL"):
            latin = False
        elif latin and read in _BRACKETS and read in MIRROR_PAIRS:
            plan.texts[(index, offset)] = MIRROR_PAIRS[read]
    last = chars[-1][:2]
    if last in plan.texts and chars[-1][2] == "N":  # its /ActualText hides the LRM's glyph
        plan.texts[last] += "\u200e"


def _swap(group: list[tuple[int, int] | None], runs: list[Run],
          swapped: dict[tuple[int, int], str]) -> None:
    """Give brackets side by side (`group`, left to right) each other's /ActualText in the
    reverse order (not when the group starts with None: after a space); empty the group."""
    if len(group) > 1 and group[0] is not None:
        texts = [_actual_text(ord(runs[i].text[o])) for i, o in group]
        swapped.update(zip(group, reversed(texts), strict=True))
    group.clear()


def _carry(text: str, a: int, b: int, rtl: bool, controls: dict[int, str],
           rtl_line: bool) -> list[str]:
    """text[a:b], one string per character: in a right-to-left line, with the spaces pdf.js
    would lose carried (cidfonts.carried): one that starts or ends the piece (pdf.js drops
    white space at the edge of a text item), and one that a placed haraka follows (pdf.js,
    which does not move its pen for a mark, would measure the space again at the mark's
    letter and add a second one); and with the invisible controls of the line's plan
    before (or after the last character) as `controls` says."""
    piece = list(text[a:b])
    if rtl_line and piece:
        lost = {0, len(piece) - 1}
        lost.update(match.start() - a for match in _SPACE_BEFORE_MARK.finditer(text, a, b))
        for i in lost:
            if piece[i] in WORD_SPACES:
                piece[i] = carried(piece[i], rtl)
    for offset, ch in controls.items():
        if a <= offset < b:
            piece[offset - a] = ch + piece[offset - a]
    if b == len(text) and b in controls and piece:
        piece[-1] += controls[b]
    return piece


def _write_run(canvas: PageCanvas, ops: list[str], run: Run, left: float, baseline: float,
               extra_per_space: float, rtl_line: bool, controls: dict[int, str],
               actual_texts: dict[int, str]) -> None:
    """The operators of one run: its pieces in logical order (a right-to-left run's from
    the right), each written left to right from where its first glyph goes. A mirrored
    bracket is a piece of its own (see _actual_text), and so is a separator beside a number:
    PDFium keeps the digits and a comma or hyphen beside them in one left-to-right group as
    drawn (`،٢٠٢٣` for `٢٠٢٣،`) unless right-to-left marks in its /ActualText part them.
    Inside a piece, the glyphs from a placed haraka on are placed anew (run.restarts),
    where they were when the haraka began a run. In a right-to-left line, the spaces pdf.js
    would lose are carried (_carry)."""
    font = canvas.font(run.font)
    size = fp_str(run.size)
    extra = float(fp_str(extra_per_space))
    adjust = _precise(-extra * 1000 / run.size) if extra else ""
    starts = {0: fp_str(left + run.x + run.spaces_before * extra_per_space, baseline)}
    for offset, x, spaces in run.restarts or []:
        starts[offset] = fp_str(left + x + spaces * extra_per_space, baseline)
    separate = _APART
    if ord(_ALM) not in font.table.encode:
        controls = {}
    apart = {o for o in actual_texts if not separate.fullmatch(run.text, o, o + 1)}
    numbers = _number_pieces(run.text) if rtl_line and run.rtl else set()
    segments = _segments(run.text, separate, sorted(
        {*starts, *apart, *(o + 1 for o in apart), *numbers}))
    at = _placement(run, font, starts, extra, segments)
    matrix = "1 0 0 1"
    if _loose(run, font, extra):
        ops.append(f"{100 // LOOSE_SCALE} Tz")
        matrix = f"{LOOSE_SCALE} 0 0 1"
    pieces: list[list[tuple[int, int, bool]]] = []  # each: its segments, left to right
    for a, b in segments:
        token = separate.fullmatch(run.text, a, b) is not None or a in apart
        if token or not pieces or pieces[-1][0][2] or a in numbers:
            pieces.append([(a, b, token)])
        else:
            pieces[-1].append((a, b, token))
    for piece in reversed(pieces) if run.rtl else pieces:
        a0, b0, token = piece[0][0], piece[-1][1], piece[0][2]
        actual = (actual_texts.get(a0) or _actual_text(ord(run.text[a0]))) if token else None
        if actual:
            ops.append(canvas.mirrored_text(actual, False))
        text = _carry(run.text, a0, b0, run.rtl, controls, rtl_line)
        digits = None
        if rtl_line and not token and _ARABIC_NUMBER.search(run.text, a0, b0) and not \
                _PLACED.search(run.text, a0, b0):
            digits = _mupdf_digits(font, _ALM + "".join(text))
        marks = _leading_marks(run.text[a0:b0], font) if rtl_line else ""
        for a, b, _ in piece:
            start = f"{matrix} {at[a]} Tm /{run.font} {size} Tf"
            i, moved = a, False
            while i < b and ord(run.text[i]) >= PLACED:  # harakat, each drawn on its own
                depth = _stacked(run.text, i)
                ops.append(start if not depth else
                           f"{matrix} {_shifted(at[a], -STACK_SHIFT * depth)} Tm /{run.font} {size} Tf")
                moved = moved or depth > 0
                mark = chr(ord(run.text[i]) - PLACED)
                if i - a0 < len(marks):  # a piece's first: for all readers but pdf.js
                    ops += [canvas.mirrored_text(mark, True),
                            f"3 Tr <{font.hex(hidden(mark))}> Tj 0 Tr", END]
                else:
                    ops.append(f"3 Tr <{font.hex(run.text[i])}> Tj 0 Tr")
                i += 1
            if i < b:
                if i == a or moved:
                    ops.append(start)
                if digits:  # after the piece's first harakat (their own /ActualText)
                    ops += [canvas.mirrored_text(MUPDF_ONLY + digits, False),
                            f"<{font.hex(_ALM)}> Tj"]
                    digits = ""
                ops += _show(font, _words(text[i - a0:b - a0], run.text[b:b + 1]) if extra
                             else ["".join(text[i - a0:b - a0])], adjust)
        if digits == "":
            ops.append(END)
        if marks:  # for pdf.js alone, after the piece: its own text item
            ops += [canvas.mirrored_text("", True),
                    f"<{font.hex(''.join(pdfjs_only(chr(ord(m) - PLACED)) for m in reversed(marks)))}>"
                    " Tj", END]
        if actual:
            ops.append(END)
    if matrix != "1 0 0 1":
        ops.append("100 Tz")


# Harakat stacked on one letter (a shadda and a fatha) are drawn in visual order, which the
# readers reverse; PDFium keeps marks in the order of their text objects' places (a
# left-to-right group to it), so each after the first is placed this far (pt) to the left
# of the one before: it reads them in logical order, and nothing is drawn there.
STACK_SHIFT = 0.01


def _stacked(text: str, i: int) -> int:
    """How many placed harakat stand right before text[i] (on the same letter)."""
    depth = 0
    while i - depth > 0 and ord(text[i - depth - 1]) >= PLACED:
        depth += 1
    return depth


def _shifted(at: str, dx: float) -> str:
    """A Tm's "x y" moved by dx along x."""
    x, y = at.split()
    return f"{_precise(float(x) + dx)} {y}"


_ARABIC_NUMBER = re.compile("[\u0660-\u0669\u066b\u066c]{2,}")


def _number_pieces(text: str) -> set[int]:
    """Where a right-to-left run is cut (at spaces) so that each number of several Arabic-
    Indic digits is in a piece without placed harakat (see _mupdf_digits)."""
    cuts: set[int] = set()
    numbers = list(_ARABIC_NUMBER.finditer(text))
    if not numbers:  # most runs: no need to look for their harakat
        return cuts
    marks = [i for m in _PLACED.finditer(text) for i in range(m.start(), m.end())]
    for number in numbers:
        before = [i for i in marks if i < number.start()]
        after = [i for i in marks if i >= number.end()]
        if before:
            space = next((i for i in range(before[-1], number.start()) if text[i] in WORD_SPACES),
                         None)
            if space is None:
                continue  # a haraka on the number's word: no piece for it
            cuts.add(space)
        if after:
            space = next((i for i in range(after[0], number.end() - 1, -1)
                          if text[i] in WORD_SPACES), None)
            if space is None:
                continue
            cuts.add(space + 1)
    return cuts - {0, len(text)}


def _mupdf_digits(font: DocumentFont, text: str) -> str:
    """What MuPDF is to read for a piece with a number of several Arabic-Indic digits (and
    no placed haraka; it starts with an invisible ALM): its text with each such number
    reversed, and the ALM and an added last character read as RLMs. MuPDF reverses every
    run of right-to-left characters of a line drawn left to right, numbers (class AN) with
    the letters, so it read ٢٠٢٤ as ٤٢٠٢; given this as /ActualText (which pdf.js and
    Poppler do not read in a named property list, and PDFium not as a string object of its
    own) it turns each number the right way round, the letters as before. MuPDF hands the
    /ActualText out one character a glyph, in one text span (a haraka's invisible glyph
    starts a new one), but keeps a start and an end that match the glyphs' text and
    mishandles the rest: the text must differ from the glyphs' at both ends."""
    reads = font.reads(text)
    return "\u200f" + _ARABIC_NUMBER.sub(lambda m: m.group(0)[::-1], reads[1:]) + "\u200f"


def _leading_marks(text: str, font: DocumentFont) -> str:
    """The placed harakat a piece starts with (its leftmost glyphs), when the font can draw
    them for pdf.js apart: pdf.js, which does not compare a mark's place with the glyph
    before it, would add it to the text item before the piece (the previous line's end,
    or the piece to its right), and start the piece's item only at its letter."""
    end = 0
    while end < len(text) and ord(text[end]) >= PLACED:
        end += 1
    marks = text[:end]
    if marks and all(ord(pdfjs_only(chr(ord(m) - PLACED))) in font.table.encode for m in marks):
        return marks
    return ""


def _words(chars: list[str], after: str) -> list[str]:
    """The characters cut where a justified line's stretch goes (_STRETCH, which looks at
    the character `after` them too)."""
    words = [w for w in _STRETCH.split("".join(chars) + after) if w]
    if after:
        words[-1] = words[-1][:-1]
    return [w for w in words if w]


def _actual_text(token: int) -> str:
    """The /ActualText of a piece drawn apart, for PDFium (and MuPDF; Poppler reads no
    named property list): a separator beside a number between right-to-left marks (else
    PDFium keeps it with the digits, on their left), a bracket drawn mirrored as drawn
    (PDFium mirrors what it reads in right-to-left text; pdf.js and Poppler, which do not,
    read the code's logical bracket)."""
    if token < MIRRORED_APART:
        return f"\u200f{chr(token - BY_NUMBER)}\u200f"
    logical = chr(token - (MIRRORED if token >= MIRRORED else MIRRORED_APART))
    return MIRROR_PAIRS[logical]


def _show(font: DocumentFont, words: list[str], adjust: str) -> list[str]:
    """The operators showing `words` from the current point, `adjust` after each but the
    last; a placed haraka is shown invisible (render mode 3) where it falls in the run:
    readers get its text after its letter, and a box of its own for it."""
    if len(words) == 1 and not _PLACED.search(words[0]):  # the common case
        return [f"<{font.hex(words[0])}> Tj"]
    joined = "".join(words)
    if not _PLACED.search(joined):  # a justified line's words: their codes in one go
        codes = font.hex(joined)
        if len(codes) == 4 * len(joined):  # four hex digits a character, as always
            array, at = [], 0
            for word in words:
                array += (f"<{codes[at:at + 4 * len(word)]}>", adjust)
                at += 4 * len(word)
            del array[-1]
            if not adjust:
                array = [item for item in array if item]
            return [f"{array[0]} Tj" if len(array) == 1 else "[" + " ".join(array) + "] TJ"]
    ops: list[str] = []
    array: list[str] = []

    def flush() -> None:
        if array:
            ops.append(f"{array[0]} Tj" if len(array) == 1 else "[" + " ".join(array) + "] TJ")
            array.clear()

    for k, word in enumerate(words):
        for part in _PLACED.split(word):
            if not part:
                continue
            if _PLACED.fullmatch(part):
                flush()
                ops.append(f"3 Tr <{font.hex(part)}> Tj 0 Tr")
            else:
                array.append(f"<{font.hex(part)}>")
        if adjust and k < len(words) - 1:
            array.append(adjust)
    flush()
    return ops


def _precise(value: float) -> str:
    """A number with six decimals, trailing zeros dropped."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def draw_line(canvas: PageCanvas, line: Line, left: float, baseline: float,
              extra_per_space: float, color: tuple[float, float, float],
              tags: ParagraphTags | None = None) -> None:
    """Draw one line's runs from x = `left`, stretching each space by `extra_per_space`;
    on a measuring canvas (`dry`), draw nothing."""
    if canvas.dry:
        return
    canvas.setFillColorRGB(*color)
    ops = ["BT"]
    runs = sorted(line.runs, key=lambda r: r.order)
    # a right-to-left line: its logically first run is its rightmost (or it is one such run)
    rtl_line = runs[0].x > runs[-1].x if len(runs) > 1 else runs[0].rtl
    elements = [tags.for_run(run.text, run.link, _font_lang(run.font)) if tags else None
                for run in runs]
    current: Element | None = None
    rtl_paper = canvas.document is not None and canvas.document.direction == "rtl"
    plan = _line_plan(runs, rtl_line) if (rtl_line and any(
        _APART.search(run.text) for run in runs)) or (rtl_paper and not rtl_line) else _NO_PLAN
    for index, run in enumerate(runs):
        element = elements[index]
        if element is not current:
            if current is not None:
                ops.append(END)
            if element is not None:
                ops.append(canvas.tagged(element))
            current = element
        _write_run(canvas, ops, run, left, baseline, extra_per_space, rtl_line,
                   plan.controls.get(index, {}),
                   {o: text for (i, o), text in plan.texts.items() if i == index})
    if current is not None:
        if rtl_paper and tags.element.role in _CELLS:
            ops += _pdfjs_space(canvas, runs, left, baseline)
        ops.append(END)
    ops.append("ET")
    canvas._code.append(" ".join(ops))
    _draw_marks(canvas, line, left, baseline, extra_per_space, tags, runs, elements)
    for run in runs:
        if run.link and tags is not None:
            x = left + run.x + run.spaces_before * extra_per_space
            canvas.add_link(run.link[0], (x, baseline - run.size * 0.35, x + run.width,
                                          baseline + run.size * 0.9), tags.link(run.link))


_CELLS = frozenset({"TD", "TH"})


def _pdfjs_space(canvas: PageCanvas, runs: list[Run], left: float, baseline: float) -> list[str]:
    """The operators that end a line of a table cell in a right-to-left paper with a space
    only pdf.js reads (see cidfonts.pdfjs_space): pdf.js reads the row's cells from the
    right as they are drawn, each to the left of the one before, and joins them without a
    space («٢٬٥٠٠جندي»)."""
    for run in runs:
        font = canvas.font(run.font)
        if ord(pdfjs_space()) in font.table.encode:
            x = fp_str(left + min(r.x for r in runs), baseline)
            return [canvas.mirrored_text("", True), f"1 0 0 1 {x} Tm /{run.font} {fp_str(run.size)} Tf",
                    f"<{font.hex(pdfjs_space())}> Tj", END]
    return []


def _draw_marks(canvas: PageCanvas, line: Line, left: float, baseline: float, extra: float,
                tags: ParagraphTags | None, runs: list[Run],
                elements: list[Element | None]) -> None:
    """The outlines of the line's placed harakat, in the marked content of their runs."""
    current: Element | None = None
    element_of = {id(run): element for run, element in zip(runs, elements, strict=True)}
    for mark in line.marks:
        element = element_of[id(line.runs[mark.run])]
        if element is not current:
            if current is not None:
                canvas._code.append(END)
            if element is not None:
                canvas._code.append(canvas.tagged(element))
            current = element
        x = left + mark.x + mark.spaces_before * extra + mark.dx
        font_path = face_of(mark.font).filename
        canvas.draw_glyph(font_path, mark.ch, x, baseline + mark.dy, mark.size)
    if current is not None:
        canvas._code.append(END)
