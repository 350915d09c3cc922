"""The text each real reader gives back from a PDF, page by page, as it gives it (nothing
normalised): poppler's pdftotext (raw and -layout), PDFium (pypdfium2), pdf.js (Node) and
MuPDF (PyMuPDF); the same for a region of every page (the body without the running lines, a table
column read within its cells); and PDFium's own search."""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pymupdf
import pypdfium2 as pdfium
from conftest import require_tool
from readers.pdfjs import item_text, items_within, read_pdfjs

READERS = ("poppler", "poppler-layout", "pdfium", "pdfjs", "mupdf")


@dataclass(frozen=True)
class Region:
    """A rectangle of every page, in points from the top left corner."""

    x0: float
    y0: float
    x1: float
    y1: float


def _poppler(path: Path, layout: bool, region: Region | None = None) -> list[str]:
    command = [require_tool("pdftotext"), "-enc", "UTF-8"]
    if layout:
        command.append("-layout")
    if region:
        command += ["-r", "72", "-x", f"{region.x0:.0f}", "-y", f"{region.y0:.0f}",
                    "-W", f"{region.x1 - region.x0:.0f}", "-H", f"{region.y1 - region.y0:.0f}"]
    out = subprocess.run([*command, str(path), "-"], capture_output=True, check=True)
    pages = out.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _pdfium(path: Path, region: Region | None = None) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            if region:
                height = page.get_height()
                texts.append(textpage.get_text_bounded(region.x0, height - region.y1, region.x1,
                                                       height - region.y0))
            else:
                texts.append(textpage.get_text_range())
        return texts
    finally:
        pdf.close()


def _mupdf(path: Path, region: Region | None = None) -> list[str]:
    with pymupdf.open(path) as pdf:
        if region:
            clip = pymupdf.Rect(region.x0, region.y0, region.x1, region.y1)
            return [page.get_text("text", clip=clip) for page in pdf]
        return [page.get_text("text") for page in pdf]


def _pdfjs(path: Path, region: Region | None = None) -> list[str]:
    pages = read_pdfjs(path)["text"]
    if region:
        height = page_size(path)[1]
        box = (region.x0, height - region.y1, region.x1, height - region.y0)
        return [items_within(items, *box) for items in pages]
    return [item_text(items) for items in pages]


_READ: dict[str, Callable[[Path, Region | None], list[str]]] = {
    "poppler": lambda path, region: _poppler(path, False, region),
    "poppler-layout": lambda path, region: _poppler(path, True, region),
    "pdfium": _pdfium,
    "pdfjs": _pdfjs,
    "mupdf": _mupdf,
}


@lru_cache(maxsize=256)
def _read(reader: str, path: Path, region: Region | None, stamp: float) -> tuple[str, ...]:
    return tuple(_READ[reader](path, region))


def pages_of(reader: str, path: Path, region: Region | None = None) -> list[str]:
    """The text `reader` gives back for each page of the file (or of a region of each page)."""
    return list(_read(reader, path, region, path.stat().st_mtime))


def text_of(reader: str, path: Path, region: Region | None = None) -> str:
    """The text of the whole file as `reader` gives it, pages one after the other."""
    return "\n".join(pages_of(reader, path, region))


@lru_cache(maxsize=32)
def page_size(path: Path) -> tuple[float, float]:
    """Width and height of the first page, in points."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[0].get_size()
    finally:
        pdf.close()


def page_count(path: Path) -> int:
    """Number of pages of the file."""
    return len(pages_of("pdfium", path))


def _horizontal_rules(page: pymupdf.Page) -> list[tuple[float, float, float]]:
    """(x0, x1, y) of every horizontal line drawn on the page."""
    rules = []
    for drawing in page.get_drawings():
        for item in drawing["items"]:
            if item[0] == "l" and abs(item[1].y - item[2].y) < 0.5:
                rules.append((min(item[1].x, item[2].x), max(item[1].x, item[2].x), item[1].y))
    return rules


@lru_cache(maxsize=32)
def text_frame(path: Path) -> Region:
    """The text frame of the pages, between the running header and the footer, read from
    the file: its width is that of the longest horizontal rule (the header's rule and
    the tables' rows span it); the body starts below the topmost such rule (the header's)
    and ends above the lowest line of text (the footer, at the same height on every page)."""
    with pymupdf.open(path) as pdf:
        pages = [(_horizontal_rules(page), page.get_text("dict")["blocks"]) for page in pdf]
        width, height = pdf[0].rect.width, pdf[0].rect.height
    widest = max((r for rules, _ in pages for r in rules), key=lambda r: r[1] - r[0],
                 default=(0.0, width, 0.0))  # a file without rules: the whole page
    x0, x1 = widest[0], widest[1]
    tops, footers = [], []
    for rules, blocks in pages:
        tops += [min((y for a, b, y in rules if abs(a - x0) < 1 and abs(b - x1) < 1), default=0.0)]
        footers += [max((line["bbox"][1] for b in blocks for line in b.get("lines", [])),
                        default=height)]
    top = Counter(round(t, 1) for t in tops).most_common(1)[0][0]
    footer = Counter(round(f, 1) for f in footers).most_common(1)[0][0]
    return Region(x0, top + 0.5, x1, footer - 0.5)


def body(path: Path) -> Region:
    """The body of every page, from edge to edge."""
    frame = text_frame(path)
    return Region(0, frame.y0, page_size(path)[0], frame.y1)


def column(path: Path, start: float, end: float, rtl: bool) -> Region:
    """The body's strip that holds a table column from `start` to `end` (fractions of the
    table's width, which is the frame's, from its start side)."""
    frame = text_frame(path)
    width = frame.x1 - frame.x0
    if rtl:
        return Region(frame.x1 - end * width, frame.y0, frame.x1 - start * width, frame.y1)
    return Region(frame.x0 + start * width, frame.y0, frame.x0 + end * width, frame.y1)


def pdfium_find(path: Path, query: str) -> int:
    """How many matches PDFium's own search (FPDFText_FindStart, as Chrome's find bar)
    returns for `query` over the whole file: case-insensitive, not whole words."""
    pdf = pdfium.PdfDocument(str(path))
    count = 0
    try:
        for page in pdf:
            searcher = page.get_textpage().search(query, match_case=False, match_whole_word=False)
            while searcher.get_next():
                count += 1
            searcher.close()
    finally:
        pdf.close()
    return count
