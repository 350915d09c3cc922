"""A paper's paragraphs laid out and drawn ahead of its pages, on two cores.

Laying paragraphs out (shaping, bidi, line breaking) and drawing them are most of the
writer's time, and neither depends on the page a paragraph lands on: a layout is a pure
function of a paragraph and its width (fonts.layouts), and a paragraph drawn whole draws
the same wherever it stands (replay.py). Before the pages are laid out, the boxes that hold
the later half of the text go to a process forked for them, which lays them out and sends
the layouts back through a pipe (the paginator needs every paragraph's lines), then draws
each of their paragraphs whole, recording the drawing, and sends the recordings. This
process meanwhile lays out the first half; it paginates, draws its pages, and replays a
recording wherever a paragraph of the later half stands whole on a page (a part of a split
paragraph is drawn here). Whatever goes wrong in the forked process (it fails, is killed,
its answer cannot be read) only means that the work is done here. Not done where the
writer runs beside other writers (in a process the pipeline forked for it: the cores are
in use), nor for very long papers. No thread is started;
the forked process takes the default action on SIGINT, SIGTERM and SIGHUP, and is killed
and reaped if this one stops first.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator
from contextlib import suppress

from briefgen.forked import can_fork, in_worker, received_message, send_message
from briefgen.writers.pdf.boxes import Box, Para, TocEntry
from briefgen.writers.pdf.canvas import PageCanvas
from briefgen.writers.pdf.cidfonts import code_table
from briefgen.writers.pdf.fonts import ARABIC, PdfFonts
from briefgen.writers.pdf.layout import lines_as_tuples, lines_from_tuples
from briefgen.writers.pdf.marks import mark_anchors
from briefgen.writers.pdf.replay import Recording
from briefgen.writers.pdf.reuse import Memo
from briefgen.writers.pdf.tables import TableBox

MIN_CHARACTERS = 20_000  # below this, a fork costs more than it saves
MAX_CHARACTERS = 1_000_000  # above this (500 pages), the layouts sent would weigh too much
CHILD_SHARE = 0.45  # of the text: the forked process also records what it draws
ROOM = 1e9  # the height a box is wrapped in here: paragraphs ignore it


class Ahead:
    """The forked process working on the later boxes, and what it sent so far."""

    def __init__(self, pid: int, read: int, first_later: Box | None):
        self.pid, self.read, self.first_later = pid, read, first_later
        self.done = False

    def receive(self) -> object | None:
        """The next message, or None when the process has nothing (more) to say."""
        return received_message(self.read)

    def recordings(self, memo: Memo) -> None:
        """Put the later boxes' recordings into `memo`, and end the forked process."""
        found = self.receive()
        if isinstance(found, list):
            for key, fields in found:
                memo[key] = Recording(*fields)
        self.close()

    def close(self) -> None:
        if not self.done:
            self.done = True
            os.close(self.read)
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


def lay_out_ahead(boxes: list[Box], width: float, fonts: PdfFonts) -> Ahead | None:
    """Lay out the paragraphs of `boxes` at the body's `width` into fonts.layouts, the later
    half in a forked process that goes on to record their drawings (Ahead.recordings);
    None, having laid out nothing, when no process is forked (the pages lay each box out
    as they come to it)."""
    sizes = [_characters(box) for box in boxes]
    total = sum(sizes)
    if (not MIN_CHARACTERS <= total <= MAX_CHARACTERS or (os.cpu_count() or 1) < 2
            or not can_fork() or in_worker()):
        return None  # each box is laid out as the pages are
    cut, counted = 0, 0
    while counted < total * (1 - CHILD_SHARE):
        counted += sizes[cut]
        cut += 1
    warm_up(fonts)
    known = set(fonts.layouts)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the forked process: never returns
        _child(boxes[cut:], width, fonts, known, read, write)
    os.close(write)
    ahead = Ahead(pid, read, boxes[cut] if cut < len(boxes) else None)
    try:
        _wrap(boxes[:cut], width)
        layouts = ahead.receive()
        if isinstance(layouts, list):
            fonts.layouts.update({key: lines_from_tuples(lines) for key, lines in layouts})
            used = {run[1] for _, lines in layouts for line in lines for run in line[4]}
            for face in fonts.faces.values():  # registered there: register them here too
                if face.name in used:
                    fonts.register(face)
    except BaseException:
        ahead.close()
        raise
    return ahead


def _child(boxes: list[Box], width: float, fonts: PdfFonts, known: set, read: int,
           write: int) -> None:
    """Lay `boxes` out and send the new layouts; draw their paragraphs whole, recording,
    and send the recordings; end the process."""
    code = 1
    try:
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)
        os.close(read)
        _wrap(boxes, width)
        send_message(write, [(key, lines_as_tuples(lines)) for key, lines in fonts.layouts.items()
                      if key not in known])
        canvas = PageCanvas()
        canvas.memo = Memo()
        for para in _whole_paragraphs(boxes):
            para.draw(canvas)
        send_message(write, [(key, recording.as_tuple())
                             for key, recording in canvas.memo.items()])
        code = 0
    finally:
        os._exit(code)


def warm_up(fonts: PdfFonts) -> None:
    """Read what laying out and drawing the paper need of its main faces (their fields,
    code tables and mark anchors): here, before the fork, read once instead of twice."""
    for strong in (False, True):
        face = fonts.face(fonts.main, strong, False)
        code_table(face.name)
        if fonts.main == ARABIC:
            mark_anchors(face.path)


def _whole_paragraphs(boxes: Iterable[Box]) -> Iterator[Para]:
    """The paragraphs of `boxes` as they stand when not split: top-level paragraphs and
    table cells (contents entries wait for their page numbers)."""
    for box in boxes:
        if isinstance(box, Para):
            yield box
        elif isinstance(box, TableBox):
            for row in box.rows:
                for cell in row:
                    yield from cell


def _wrap(boxes: Iterable[Box], width: float) -> None:
    for box in boxes:
        box.wrap(width, ROOM)


def _characters(box: Box) -> int:
    """About how much text a box lays out."""
    if isinstance(box, Para):
        return sum(len(inline.text) for inline in box.inlines)
    if isinstance(box, TocEntry):
        return _characters(box.title)
    if isinstance(box, TableBox):
        return sum(_characters(para) for row in box.rows for cell in row for para in cell)
    return 0
