"""Pagination in one pass: boxes in reading order -> the boxes on each page, and where.

One frame per page (the body between the margins). A box goes below the one before it,
after the larger of its space before and the space after the one above (none at the top
of a page); a box that does not fit is split (a paragraph between lines, a table between
or inside rows) with its first part on this page, or goes whole to the next page; a
conditional break (before headings) ends the page when less than its height is left.

These are the rules reportlab's platypus (BaseDocTemplate with one Frame) applied when it set
these papers, kept decision for decision so that the pages stay as they were: the same
float arithmetic (a box fits when it overshoots by at most 1e-6 pt), the same handling of
a box that fits nowhere (moved once, then an error), ten empty pages in a row an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from briefgen.writers.pdf.boxes import Box, CondBreak
from briefgen.writers.pdf.tables import TableBox

FUZZ = 1e-6
EMPTY_PAGES_ALLOWED = 10


class LayoutError(RuntimeError):
    """A box that fits on no page."""


@dataclass
class Placed:
    """A box on a page: the bottom left corner of its box."""

    box: Box
    x: float
    y: float


@dataclass
class Layout:
    """The pages, each the boxes on it in drawing order, and the page (from 1) of each
    heading that has an anchor in the contents."""

    pages: list[list[Placed]] = field(default_factory=list)
    heading_pages: dict[str, int] = field(default_factory=dict)
    watched_page: int | None = None  # the page (from 1) where the watched box starts


class Frame:
    """The body of a page: where the next box goes and how much room is left."""

    def __init__(self, left: float, bottom: float, width: float, height: float):
        right, top = left + width, bottom + height
        self.left, self.bottom, self.top = left, bottom, top
        self.width = right - left
        self.reset()

    def reset(self) -> None:
        """An empty page."""
        self.y = self.top
        self.at_top = True
        self.space_above = 0.0  # the space after the box above
        self.break_after = False  # a conditional break found too little room

    def _room(self, box: Box) -> tuple[float, float]:
        """(space before `box` here, the height left for it)."""
        space = 0
        if not self.at_top:
            space = max(box.space_before - self.space_above, 0)
        return space, self.y - self.bottom - space

    def add(self, box: Box, placed: list[Placed]) -> bool:
        """Put `box` on the page (appended to `placed`) if it fits; False if not."""
        space, room = self._room(box)
        if room <= 0:
            return False
        if isinstance(box, CondBreak):
            self.break_after = room < box.needed
        width, height = box.wrap(self.width, room)
        y = self.y - (height + space)
        if y < self.bottom - FUZZ:
            return False
        x = self.left + 0.0
        if isinstance(box, TableBox) and box.right and self.width - width:
            x += self.width - width
        placed.append(Placed(box, x, y))
        y -= box.space_after
        self.space_above = box.space_after
        if y != self.y:
            self.at_top = False
        self.y = y
        return True

    def split(self, box: Box) -> list[Box]:
        """The parts of `box`, the first to fit in the room left; none if it cannot split."""
        _, room = self._room(box)
        if room <= 0:
            return []
        return box.split(self.width, room)


def paginate(boxes: list[Box], frame: Frame, watched: Box | None = None,
             ended: Callable[[list[Placed]], None] | None = None) -> Layout:
    """Lay `boxes` out on as many pages as they need; note where `watched` starts; give
    each page to `ended` once it is full (the last when all are laid out). The list of
    boxes is emptied: a box is then held by its page (or by nothing, once split)."""
    layout = Layout()
    queue = boxes[::-1]  # the next box last
    boxes.clear()
    placed: list[Placed] = []
    begun, on_page, empty = False, 0, 0

    def end_page() -> None:
        nonlocal begun, empty
        if ended is not None:
            ended(placed)
        empty = 0 if on_page else empty + 1
        if empty >= EMPTY_PAGES_ALLOWED:
            raise LayoutError(f"more than {EMPTY_PAGES_ALLOWED} pages without content: "
                              "a box is too large for any page")
        begun = False

    while queue:
        if not begun:
            placed = []
            layout.pages.append(placed)
            frame.reset()
            begun, on_page = True, 0
        box = queue.pop()
        if box is watched and layout.watched_page is None:
            layout.watched_page = len(layout.pages)  # here, or on the next page it moves to
        if frame.add(box, placed):
            on_page += 1
            if box.toc_anchor:
                layout.heading_pages[box.toc_anchor] = len(layout.pages)
            if frame.break_after:
                end_page()
            continue
        parts = frame.split(box)
        if parts:
            if not frame.add(parts[0], placed):
                raise LayoutError(f"the first part of a split {type(box).__name__} does "
                                  f"not fit on page {len(layout.pages)}")
            on_page += 1
            queue.extend(parts[:0:-1])
            continue
        if box is watched:
            layout.watched_page = len(layout.pages) + 1
        if box.postponed:
            raise LayoutError(f"a {type(box).__name__} too large for page "
                              f"{len(layout.pages)}")
        box.postponed = True
        queue.append(box)
        end_page()
    if begun and ended is not None:
        ended(placed)
    return layout
