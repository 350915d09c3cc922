"""reportlab flowables that draw laid-out bidirectional text: model inlines -> page marks.

BidiParagraph wraps, splits between lines and draws one paragraph (optionally with a
bullet or number on its start side, a bookmark and an outline entry); TocLine draws one
table-of-contents entry with its page number and a link.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.platypus import Flowable

from briefgen.model import Direction, Inline, Text
from briefgen.writers.pdf.canvas import ARTIFACT, END
from briefgen.writers.pdf.drawline import ParagraphTags, draw_line
from briefgen.writers.pdf.fonts import PdfFonts
from briefgen.writers.pdf.layout import Line, layout_paragraph

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


class BidiParagraph(Flowable):
    """One paragraph of the model, laid out with UAX #9 per line."""

    def __init__(self, inlines: list[Inline], direction: Direction, style: ParaStyle,
                 fonts: PdfFonts, bullet: str | None = None, anchor: str | None = None,
                 outline: tuple[str, int] | None = None, tags: ParagraphTags | None = None,
                 label: ParagraphTags | None = None):
        super().__init__()
        self.inlines, self.direction, self.style, self.fonts = inlines, direction, style, fonts
        self.bullet, self.anchor, self.outline = bullet, anchor, outline
        self.tags, self.label = tags, label  # structure elements of its text and its bullet
        self.drawn = False  # a table's header row drawn again on a new page is an artifact
        self.spaceBefore, self.spaceAfter = style.space_before, style.space_after
        self.lines: list[Line] = []
        self.is_last_part = True
        self.span: tuple[int, int] | None = None  # a part's characters, after a split
        self._laid_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._laid_width != availWidth:
            text_width = max(availWidth - self.style.indent, self.style.size * 2)
            self.lines = layout_paragraph(self.inlines, self.direction, self.fonts,
                                          self.style.size, text_width, self.style.strong,
                                          self.span)
            self._laid_width = availWidth
        self.width = availWidth
        self.height = max(len(self.lines), 1) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.style.leading)
        if len(self.lines) < 2 * MIN_LINES_AT_SPLIT or fit < MIN_LINES_AT_SPLIT:
            return []
        fit = min(fit, len(self.lines) - MIN_LINES_AT_SPLIT)
        head = self._part(self.lines[:fit], first=True)
        tail = self._part(self.lines[fit:], first=False)
        head.is_last_part = False
        tail.is_last_part = self.is_last_part
        return [head, tail]

    def _part(self, lines: list[Line], first: bool) -> BidiParagraph:
        """A part holding `lines`; laid out again at another width, it keeps to their
        characters (so a part never grows back into the whole paragraph)."""
        style = self.style if first else replace(self.style, space_before=0.0)
        if first:
            style = replace(style, space_after=0.0)
        part = BidiParagraph(self.inlines, self.direction, style, self.fonts,
                             self.bullet if first else None, self.anchor if first else None,
                             self.outline if first else None, self.tags,
                             self.label if first else None)
        part.lines, part._laid_width = lines, self._laid_width
        part.span = (lines[0].start, lines[-1].end)
        return part

    def draw(self) -> None:
        canvas = self.canv
        if self.drawn and not canvas.dry:
            canvas._code.append(ARTIFACT)
            self._draw(None, None)
            canvas._code.append(END)
        else:
            self._draw(self.tags, self.label)
        self.drawn = True

    def _draw(self, tags: ParagraphTags | None, label: ParagraphTags | None) -> None:
        canvas = self.canv
        style = self.style
        rtl = self.direction == "rtl"
        box_left = 0.0 if rtl else style.indent
        box_width = self.width - style.indent
        top = self.height
        if self.anchor:
            canvas.bookmarkHorizontal(self.anchor, 0, top + style.size)
        if self.outline:
            title, level = self.outline
            canvas.addOutlineEntry(title, self.anchor, level=level, closed=level > 0)
        for i, line in enumerate(self.lines):
            baseline = top - i * style.leading - style.leading * 0.72
            last = i == len(self.lines) - 1 and self.is_last_part
            left, extra = line_left(line, self.direction, style.align, box_left, box_width, last)
            draw_line(canvas, line, left, baseline, extra, style.color, tags)
        if self.bullet and self.lines:
            self._draw_bullet(top - style.leading * 0.72, label)

    def _draw_bullet(self, baseline: float, label: ParagraphTags | None) -> None:
        style = self.style
        marks = layout_paragraph([Text(self.bullet)], self.direction, self.fonts, style.size,
                                 style.indent * 4, style.strong)
        mark = marks[0]
        gap = style.size * 0.4
        left = self.width - style.indent + gap if self.direction == "rtl" else style.indent - gap - mark.width
        draw_line(self.canv, mark, left, baseline, 0.0, style.color, label)


class TocLine(Flowable):
    """One entry of the table of contents: the heading on the start side, its page number
    on the end side, the whole line a link to the heading."""

    def __init__(self, inlines: list[Inline], page: str, anchor: str, direction: Direction,
                 style: ParaStyle, fonts: PdfFonts, link: ParagraphTags | None = None):
        super().__init__()
        self.title = BidiParagraph(inlines, direction, style, fonts, tags=link)
        self.page = BidiParagraph([Text(page)], direction, replace(style, indent=0.0), fonts)
        self.anchor, self.direction, self.style, self.link = anchor, direction, style, link

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        _, self.height = self.title.wrap(availWidth - self.style.size * 3, availHeight)
        self.page.wrap(self.style.size * 3, availHeight)
        return availWidth, self.height

    def draw(self) -> None:
        rtl = self.direction == "rtl"
        page_box = self.style.size * 3
        title_x = 0.0 if not rtl else page_box
        self.title.drawOn(self.canv, title_x, 0)
        page_x = self.width - page_box if not rtl else 0.0
        line = self.page.lines[0]
        left = page_x + (page_box - line.width if not rtl else 0.0)
        draw_line(self.canv, line, left, self.height - self.style.leading * 0.72, 0.0,
                  self.style.color, self.link)
        if self.link and not self.canv.dry:
            self.canv.add_link(self.anchor, (0, 0, self.width, self.height), self.link.element)
