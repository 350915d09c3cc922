"""The PDF writer: (Document, FontSet, path) -> an A4 PDF; returns its page count.

Phases:
 1. the fonts and the paper's styles;
 2. every block of the model as boxes (writers/pdf/blocks.py), its structure elements made;
 3. the boxes laid out on pages in one pass (writers/pdf/paginate.py): the page of every
    heading is then known, and the contents entries get their numbers (an entry's height
    does not depend on its number);
 4. each page drawn, its running header and footer first, then its boxes, on a PageCanvas
    (writers/pdf/canvas.py), and the file written (writers/pdf/pdffile.py).
Output is deterministic: the file's dates are the edition's (never the clock, nor
SOURCE_DATE_EPOCH), its id is derived from its bytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from briefgen.forked import in_worker
from briefgen.model import Document
from briefgen.writers.fonts import FontSet
from briefgen.writers.pdf.ahead import lay_out_ahead, warm_up
from briefgen.writers.pdf.blocks import BlockBuilder
from briefgen.writers.pdf.canvas import PageCanvas
from briefgen.writers.pdf.cidfonts import code_table
from briefgen.writers.pdf.fonts import PdfFonts, forget_font_files
from briefgen.writers.pdf.geometry import (
    BOTTOM_MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SIDE_MARGIN,
    TOP_MARGIN,
)
from briefgen.writers.pdf.layout import ShapedWords
from briefgen.writers.pdf.page import PageDecor
from briefgen.writers.pdf.paginate import Frame, Placed, paginate
from briefgen.writers.pdf.patch import (
    Kept,
    changed_pages,
    chars_of,
    frame_of,
    page_keys,
    patch,
    shape_of,
)
from briefgen.writers.pdf.pdffile import write_pdf_file
from briefgen.writers.pdf.reuse import Deflate, Memo, keep_only
from briefgen.writers.pdf.structure import StructureTree
from briefgen.writers.pdf.styles import styles_for

WRITE_BUFFER = 1 << 20  # bytes: the file is written in pieces, as it is made


@contextmanager
def written(path: Path) -> Iterator[BinaryIO]:
    """`path` opened to be written in pieces; removed if the writing fails (no file is
    left half-written)."""
    try:
        with path.open("wb", buffering=WRITE_BUFFER) as file:
            yield file
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def body_frame() -> Frame:
    """The frame of the page body, its sides computed as the layout always computed them."""
    width = (PAGE_WIDTH - SIDE_MARGIN) - SIDE_MARGIN
    height = (PAGE_HEIGHT - TOP_MARGIN) - BOTTOM_MARGIN
    return Frame(SIDE_MARGIN, BOTTOM_MARGIN, width, height)


def write_pdf(document: Document, fonts: FontSet, path: Path) -> int:
    """Write the paper as a PDF at `path`; return its number of pages."""
    with written(path) as file:
        return render_pdf(document, PdfFonts(fonts, document.lang), file)


def render_pdf(document: Document, fonts: PdfFonts, file: BinaryIO, memo: dict | None = None,
               deflate: Callable[[bytes, int], bytes] = zlib.compress) -> int:
    """Write the paper's PDF to `file`; its number of pages. With `memo`, boxes drawn in
    an earlier paper are replayed from it, and the others recorded into it; `deflate`
    compresses the streams."""
    return _render(document, fonts, file, memo, deflate)[0]


def _render(document: Document, fonts: PdfFonts, file: BinaryIO, memo: dict | None,
            deflate: Callable[[bytes, int], bytes], keep: bool = False,
            kept: Kept | None = None) -> tuple[int, Kept | None]:
    """render_pdf; with `keep` (a session's paper, every box recorded or replayed), also
    what to keep of the file to patch it next time (patch.py), and with `kept`, the file
    written by patching that when it can. (pages, what to keep); (0, None) when a patch
    found it could not, having written nothing: render again without `kept`."""
    words = ShapedWords()
    styles = styles_for(document.lang, document.density)
    tree = StructureTree()
    builder = BlockBuilder(document, fonts, styles, tree.root)
    boxes, frame = builder.boxes(), body_frame()
    single = memo is None  # a paper written once: what is drawn is let go at once
    # a paper's first time in this process: laid out and drawn on two cores (ahead.py)
    ahead = lay_out_ahead(boxes, frame.width, fonts) if not fonts.layouts else None
    try:
        # a paper written once holds its pages compactly until each is drawn
        compact = single and ahead is None
        fonts.keep_layouts = not compact
        layout = paginate(boxes, frame, ahead.first_later if ahead else None,
                          _pack if compact else None)
        if single:
            fonts.layouts.clear()  # each paragraph's lines are held by its boxes
        builder.number_entries(layout.heading_pages)
        canvas = PageCanvas(document=document, tree=tree)
        if ahead is not None and memo is None:
            memo = Memo()
            memo.record = False  # boxes of this half are drawn, not recorded
        canvas.memo, canvas.deflate = memo, deflate
        decor = PageDecor(document, fonts, styles)
        pages = layout.pages
        total = len(pages)
        logged = keep and ahead is None and memo.record
        if logged:
            shape, keys = shape_of(tree.root), page_keys(pages, decor)
            canvas.log_pages()
            changed = changed_pages(kept, document, shape, keys) if kept else None
            if changed is not None:
                _draw_changed(canvas, pages, decor, changed, kept)
                words.keep()
                if patch(kept, canvas, keys, changed, file):
                    return total, kept
                return 0, None
        for number in range(1, total + 1):
            page = pages[number - 1]
            if single:
                pages[number - 1] = []  # its boxes and their lines go once it is drawn
            if ahead is not None and number == layout.watched_page:
                ahead.recordings(memo)
            decor(canvas, number, total)
            for placed in page:
                placed.box.draw_on(canvas, placed.x, placed.y)
            canvas.showPage()
    finally:
        fonts.keep_layouts = True
        if ahead is not None:
            ahead.close()
    words.keep()
    parts = write_pdf_file(canvas, file, keep=logged and canvas.logs is not None)
    if parts is None:
        return total, None
    return total, Kept(frame_of(document), shape, keys, canvas, parts, chars_of(canvas))


def _draw_changed(canvas: PageCanvas, pages: list[list[Placed]], decor: PageDecor,
                  changed: set[int], kept: Kept) -> None:
    """The changed pages drawn on `canvas`, which takes the others as kept."""
    total = len(pages)
    for index, page in enumerate(pages):
        if index not in changed:
            log = kept.canvas.logs[index]
            canvas.pages.append(kept.canvas.pages[index])
            canvas.logs.append(log)
            canvas.memo.used.update(id(recording) for _, recording, _ in log)  # kept
            continue
        decor(canvas, index + 1, total)
        for placed in page:
            placed.box.draw_on(canvas, placed.x, placed.y)
        canvas.showPage()


def _pack(page: list[Placed]) -> None:
    """A page laid out in a paper written once: its boxes' lines packed until it is drawn."""
    for placed in page:
        placed.box.pack()


class PdfSession:
    """The PDF writer opened once for a FontSet in a process that writes many papers (a
    `--watch` session; writers/base.py gives the rules every session keeps). Between papers
    it keeps, by what each was made from: the paragraphs laid out (per language), the boxes
    drawn (recordings, replayed when a box draws the same again: replay.py), the
    compressed streams (a page whose content did not change is not compressed again) and,
    for the process, the fonts read and their subsets. After each paper only what the
    latest paper of each output (`slot`) needs is kept. What it writes is byte for byte what
    write_pdf writes for the same document."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        forget_font_files()  # a session starts from the font files as they are now
        self._fonts: dict[str, PdfFonts] = {}
        self._memos: dict[str, Memo] = {}
        self._deflate = Deflate()
        self._used: dict[str, tuple[str, set, set, set]] = {}  # slot -> what it used
        self._kept: dict[str, Kept] = {}  # slot -> its last file, to be patched (patch.py)

    def prepare(self, lang: str) -> None:
        """Read now what a paper in `lang` will need: its fonts' tables, the other script's
        faces too (read on first use, each would cost some 4 ms in the write, once in each
        of its processes), and the words that earlier runs shaped (a ready writer does this
        while the paper is composed)."""
        fonts = self._fonts.setdefault(lang, PdfFonts(self.fonts, lang))
        warm_up(fonts)
        for face in fonts.faces.values():
            fonts.register(face)
            code_table(face.name)
        ShapedWords()

    def write(self, document: Document, path: Path, slot: str) -> int:
        """Write `document` at `path` as the output `slot`; its number of pages."""
        lang = document.lang
        fonts = self._fonts.setdefault(lang, PdfFonts(self.fonts, lang))
        if in_worker():  # a writer process forked for this file ends with its session:
            with written(path) as file:
                return render_pdf(document, fonts, file)  # it keeps nothing, as write_pdf
        memo = self._memos.setdefault(lang, Memo())
        fonts.touched, memo.used, self._deflate.used = set(), set(), set()
        memo.record = bool(self._used)  # the first paper is drawn as write_pdf draws it: a
        # session that writes one paper (a normal run's) pays nothing for recording
        self._used.pop(slot, None)  # a failed write keeps nothing for its slot
        kept = self._kept.pop(slot, None)
        with written(path) as file:
            pages, kept = _render(document, fonts, file, memo, self._deflate, True, kept)
            if not pages:  # the last file could not be patched: written whole
                pages, kept = _render(document, fonts, file, memo, self._deflate, True)
        if kept is not None:
            self._kept[slot] = kept
        self._used[slot] = (lang, fonts.touched, memo.used, self._deflate.used)
        self._prune()
        return pages

    def _prune(self) -> None:
        for lang, fonts in self._fonts.items():
            slots = [used for used in self._used.values() if used[0] == lang]
            keep_only(fonts.layouts, set().union(*(used[1] for used in slots)))
            keep_only(self._memos[lang], set().union(*(used[2] for used in slots)))
        keep_only(self._deflate.done, set().union(*(used[3] for used in self._used.values())))
