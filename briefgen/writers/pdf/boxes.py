"""What the paginator places on pages: laid-out bidirectional text and the space around it.

Para wraps, splits between lines and draws one paragraph (optionally with a bullet or
number on its start side, a bookmark and an outline entry); TocEntry draws one contents
entry with its page number (known once the pages are laid out) and a link; Gap is vertical
space; CondBreak ends the page when less than its height is left. Every box has the
interface paginate.py uses: space_before and space_after, wrap(width, height) -> (w, h),
split(width, height) -> parts (none when it cannot split), draw_on(canvas, x, y). A box is
drawn in its own coordinates: draw_on translates to its bottom left corner.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefgen.model import Direction, Inline, Text
from briefgen.writers.pdf.canvas import ARTIFACT, END, PageCanvas
from briefgen.writers.pdf.drawline import ParagraphTags, draw_line
from briefgen.writers.pdf.fonts import PdfFonts
from briefgen.writers.pdf.layout import Line, layout_paragraph, pack_lines, unpack_lines
from briefgen.writers.pdf.replay import draw_recorded
from briefgen.writers.pdf.structure import Element

MIN_LINES_AT_SPLIT = 2
# A justified line whose spaces would each grow by more than this many ems (a few words
# before a word too long for the line) is set to the start side instead.
MAX_STRETCH = 3.0


@dataclass(frozen=True)
class ParaStyle:
    """How a paragraph is set."""

    size: float
    leading: float
    space_before: float = 0.0
    space_after: float = 0.0
    strong: bool = False
    align: str = "justify"  # justify | start | center
    color: tuple[float, float, float] = (0, 0, 0)
    indent: float = 0.0  # on the start side, where a bullet goes


def line_size(line: Line) -> float:
    """The font size of a line (its largest run)."""
    return max((run.size for run in line.runs), default=0.0)


def line_left(line: Line, direction: Direction, align: str, box_left: float, box_width: float,
              last: bool) -> tuple[float, float]:
    """Where a line starts and how much each space grows, for its alignment."""
    extra = (box_width - line.width) / line.spaces if line.spaces else 0.0
    if align == "justify" and not last and 0 < extra <= MAX_STRETCH * line_size(line):
        return box_left, extra
    if align == "center":
        return box_left + (box_width - line.width) / 2, 0.0
    if direction == "rtl":
        return box_left + box_width - line.width, 0.0
    return box_left, 0.0


class Box:
    """The defaults of a box: no space around it, no split, drawn translated."""

    space_before = 0.0
    space_after = 0.0
    width = height = 0.0
    postponed = False  # moved to the next page once already (twice is a layout error)
    toc_anchor: str | None = None  # a heading's: the contents note the page it lands on

    def split(self, width: float, height: float) -> list[Box]:
        return []

    def pack(self) -> None:
        """Hold its laid-out lines compactly until they are needed again (a long paper's
        pages waiting to be drawn); nothing to do for a box without text."""

    def draw_on(self, canvas: PageCanvas, x: float, y: float) -> None:
        canvas.saveState()
        canvas.translate(x, y)
        self.draw(canvas)
        canvas.restoreState()

    def draw(self, canvas: PageCanvas) -> None:
        """Draw in the box's own coordinates (nothing, by default)."""

    def draw_key(self, drawn: set[int]) -> tuple:
        """What its drawing depends on, `drawn` holding the id of every paragraph drawn
        before it in the paper (added to as if it were drawn): two boxes with the same key
        draw the same at the same place (patch.py)."""
        return (type(self).__name__,)


class Gap(Box):
    """Vertical space (it moves to the next page whole when it does not fit)."""

    def __init__(self, height: float):
        self.height = height

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        return 1, self.height


class CondBreak(Box):
    """The page ends here when less than `needed` is left on it."""

    def __init__(self, needed: float):
        self.needed = needed

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        return 0, 0


class Para(Box):
    """One paragraph of the model, laid out with UAX #9 per line."""

    def __init__(self, inlines: list[Inline], direction: Direction, style: ParaStyle,
                 fonts: PdfFonts, bullet: str | None = None, anchor: str | None = None,
                 outline: tuple[str, int] | None = None, tags: ParagraphTags | None = None,
                 label: ParagraphTags | None = None):
        self.inlines, self.direction, self.style, self.fonts = inlines, direction, style, fonts
        self.bullet, self.anchor, self.outline = bullet, anchor, outline
        self.tags, self.label = tags, label  # structure elements of its text and its bullet
        self.drawn = False  # a table's header row drawn again on a new page is an artifact
        self.space_before, self.space_after = style.space_before, style.space_after
        self._lines: list[Line] = []
        self._packed: bytes | None = None  # the lines, packed (pack())
        self.is_last_part = True
        self.span: tuple[int, int] | None = None  # a part's characters, after a split
        self._laid_width: float | None = None
        self.source: tuple = ()  # (what its lines were laid out from, first, last line)

    @property
    def lines(self) -> list[Line]:
        """The laid-out lines (unpacked on first use after pack())."""
        if self._packed is not None:
            self._lines, self._packed = unpack_lines(self._packed), None
        return self._lines

    @lines.setter
    def lines(self, lines: list[Line]) -> None:
        self._lines, self._packed = lines, None

    def pack(self) -> None:
        if self._lines:
            self._packed, self._lines = pack_lines(self._lines), []

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        if self._laid_width != width:
            text_width = max(width - self.style.indent, self.style.size * 2)
            self.lines = layout_paragraph(self.inlines, self.direction, self.fonts,
                                          self.style.size, text_width, self.style.strong,
                                          self.span)
            self._laid_width = width
            self.source = ((tuple(self.inlines), self.direction, self.style.size, text_width,
                            self.style.strong, self.span), 0, len(self.lines))
        self.width = width
        self.height = max(len(self.lines), 1) * self.style.leading
        return self.width, self.height

    def split(self, width: float, height: float) -> list[Box]:
        self.wrap(width, height)
        fit = int(height // self.style.leading)
        if len(self.lines) < 2 * MIN_LINES_AT_SPLIT or fit < MIN_LINES_AT_SPLIT:
            return []
        fit = min(fit, len(self.lines) - MIN_LINES_AT_SPLIT)
        head = self._part(self.lines[:fit], first=True, lines_from=(0, fit))
        tail = self._part(self.lines[fit:], first=False, lines_from=(fit, len(self.lines)))
        head.is_last_part = False
        tail.is_last_part = self.is_last_part
        return [head, tail]

    def _part(self, lines: list[Line], first: bool, lines_from: tuple[int, int]) -> Para:
        """A part holding `lines`; laid out again at another width, it keeps to their
        characters (so a part never grows back into the whole paragraph)."""
        style = self.style if first else replace(self.style, space_before=0.0)
        if first:
            style = replace(style, space_after=0.0)
        part = Para(self.inlines, self.direction, style, self.fonts,
                    self.bullet if first else None, self.anchor if first else None,
                    self.outline if first else None, self.tags, self.label if first else None)
        part.lines, part._laid_width = lines, self._laid_width
        part.span = (lines[0].start, lines[-1].end)
        source, first_line, _ = self.source
        part.source = (source, first_line + lines_from[0], first_line + lines_from[1])
        return part

    def draw(self, canvas: PageCanvas) -> None:
        tags = [None, None] if self.drawn else [self.tags, self.label]
        draw_recorded(canvas, lambda: self._key(self.drawn), tags,
                      lambda on, drawn_tags: self._draw_tagged(on, *drawn_tags))
        self.drawn = True

    def _key(self, drawn: bool) -> tuple:
        """What its drawing depends on (the key of its recording: replay.py)."""
        tags = [None, None] if drawn else [self.tags, self.label]
        return (self.source, self.is_last_part, drawn, self.width, self.style, self.direction,
                self.bullet, self.anchor, self.outline, *map(_signature, tags))

    def draw_key(self, drawn: set[int]) -> tuple:
        key = self._key(self.drawn or id(self) in drawn)
        drawn.add(id(self))
        return key

    def _draw_tagged(self, canvas: PageCanvas, tags: ParagraphTags | None,
                     label: ParagraphTags | None) -> None:
        if self.drawn:  # drawn before (a repeated header row): an artifact
            canvas._code.append(ARTIFACT)
            self._draw(canvas, None, None)
            canvas._code.append(END)
        else:
            self._draw(canvas, tags, label)

    def _draw(self, canvas: PageCanvas, tags: ParagraphTags | None,
              label: ParagraphTags | None) -> None:
        style = self.style
        rtl = self.direction == "rtl"
        box_left = 0.0 if rtl else style.indent
        box_width = self.width - style.indent
        top = self.height
        if self.anchor:
            canvas.bookmark(self.anchor, 0, top + style.size)
        if self.outline:
            title, level = self.outline
            canvas.add_outline_entry(title, self.anchor, level, level > 0)
        for i, line in enumerate(self.lines):
            baseline = top - i * style.leading - style.leading * 0.72
            last = i == len(self.lines) - 1 and self.is_last_part
            left, extra = line_left(line, self.direction, style.align, box_left, box_width, last)
            draw_line(canvas, line, left, baseline, extra, style.color, tags)
        if self.bullet and self.lines:
            self._draw_bullet(canvas, top - style.leading * 0.72, label)

    def _draw_bullet(self, canvas: PageCanvas, baseline: float,
                     label: ParagraphTags | None) -> None:
        style = self.style
        marks = layout_paragraph([Text(self.bullet)], self.direction, self.fonts, style.size,
                                 style.indent * 4, style.strong)
        mark = marks[0]
        gap = style.size * 0.4
        left = (self.width - style.indent + gap if self.direction == "rtl"
                else style.indent - gap - mark.width)
        draw_line(canvas, mark, left, baseline, 0.0, style.color, label)


def _signature(tags: ParagraphTags | None) -> tuple | None:
    """What the drawing of a paragraph's runs depends on in its tags."""
    if tags is None:
        return None
    element = tags.element
    return element.role, element.actual_text is not None, element.lang, tags.lang


class TocEntry(Box):
    """One entry of the table of contents: the heading on the start side, its page number
    on the end side, the whole line a link to the heading. The number is set with
    set_page() once the pages are laid out (the entry's height does not depend on it); its
    elements (TOCI and Link) get their /ActualText then."""

    def __init__(self, inlines: list[Inline], anchor: str, direction: Direction,
                 style: ParaStyle, fonts: PdfFonts, entry: Element, link: ParagraphTags,
                 title: str, lang: str):
        self.title = Para(inlines, direction, style, fonts, tags=link)
        self.anchor, self.direction, self.style, self.link = anchor, direction, style, link
        self.entry, self.text, self.lang = entry, title, lang
        self.page: Para | None = None
        self.label = ""

    def set_page(self, label: str, actual_text: str | None) -> None:
        """The entry's page number (as printed) and the /ActualText of its elements."""
        self.entry.actual_text = self.link.element.actual_text = actual_text
        self.label = label
        self.page = Para([Text(label)], self.direction, replace(self.style, indent=0.0),
                         self.title.fonts)
        self.page.wrap(self.style.size * 3, 0.0)

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        self.width = width
        _, self.height = self.title.wrap(width - self.style.size * 3, height)
        return width, self.height

    def pack(self) -> None:
        self.title.pack()

    def draw(self, canvas: PageCanvas) -> None:
        draw_recorded(canvas, lambda: self.draw_key(set()), [self.link],
                      lambda on, tags: self._draw(on, tags[0]))

    def draw_key(self, drawn: set[int]) -> tuple:
        return ("contents entry", self.title.source, self.label, self.width, self.height,
                self.style, self.direction, self.anchor, _signature(self.link))

    def _draw(self, canvas: PageCanvas, link: ParagraphTags) -> None:
        rtl = self.direction == "rtl"
        page_box = self.style.size * 3
        canvas.saveState()  # the title, as draw_on draws it, with these tags
        canvas.translate(page_box if rtl else 0.0, 0)
        self.title._draw_tagged(canvas, link, None)
        self.title.drawn = True
        canvas.restoreState()
        page_x = self.width - page_box if not rtl else 0.0
        line = self.page.lines[0]
        left = page_x + (page_box - line.width if not rtl else 0.0)
        draw_line(canvas, line, left, self.height - self.style.leading * 0.72, 0.0,
                  self.style.color, link)
        canvas.add_link(self.anchor, (0, 0, self.width, self.height), link.element)
