"""The drawing surface of the PDF writer: the operators of one page at a time -> Pages.

PageCanvas collects each page's content stream and what the page uses (fonts, glyph
forms, property lists, link annotations), and for the whole document the destinations and
outline entries; pdffile.write_pdf_file writes them out with the fonts, structure tree and
metadata. The graphics operators are written as reportlab's canvas wrote them (the same
numbers through the same fp_str, the same page preamble), so pages keep every pixel; the
current transformation is a translation, tracked for link rectangles and destinations.
Every painting operator ends up inside marked content: an MCID bound to a structure element
(tagged()), or an artifact (ARTIFACT, PAGINATION).
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from _rl_accel import fp_str

from briefgen.model import Document
from briefgen.writers.pdf.cidfonts import DocumentFont, code_table
from briefgen.writers.pdf.objects import text_string
from briefgen.writers.pdf.outlines import Outline, glyph_outline
from briefgen.writers.pdf.structure import Element, StructureTree

ARTIFACT = "/Artifact BMC"
PAGINATION = "/Artifact <</Type /Pagination>> BDC"
END = "EMC"
PREAMBLE = "1 0 0 1 0 0 cm "  # reportlab's page preamble: the identity matrix
# zlib's level for content streams: for the Arabic paper's 897 KB of operators, level 5
# takes 10.1 ms against level 6's 13.6 ms, for 4 KB more (165 against 161 KB)
CONTENT_LEVEL = 5


@lru_cache(maxsize=16)
def _stem(font_path: str) -> str:
    """The font file's name without its extension (a glyph form's name has it)."""
    return Path(font_path).stem


@lru_cache(maxsize=4096)
def property_name(drawn: str) -> str:
    """The resource name of the property list of a piece drawn apart (fixed by its text;
    a long text by a digest of it)."""
    if len(drawn) > 4:
        return "M" + hashlib.sha1(drawn.encode("utf-8")).hexdigest()[:16].upper()
    return "M" + "".join(f"{ord(ch):04X}" for ch in drawn)


@dataclass
class Link:
    """A link annotation: its rectangle on the page, its target, its Link element."""

    rect: tuple[float, float, float, float]
    target: str
    element: Element
    index: int  # its annotation number in the structure tree


@dataclass
class Page:
    """One finished page: its content stream, Flate-compressed as it ends (a long paper
    holds a fifth of its drawing that way), and what it uses."""

    stream: bytes
    fonts: list[str]
    forms: list[str]
    links: list[Link] = field(default_factory=list)
    properties: list[str] = field(default_factory=list)  # drawn characters, see mirrored_text

    @property
    def content(self) -> bytes:
        """The content stream's operators."""
        return zlib.decompress(self.stream)


class Operators:
    """Graphics operators that only add code (to `_code`), written as reportlab wrote
    them: those of the canvas, and of a Recorder standing in for it (replay.py)."""

    _code: list[str]

    def setFillColorRGB(self, r: float, g: float, b: float) -> None:
        self._code.append(f"{fp_str(r, g, b)} rg")

    def setStrokeColorRGB(self, r: float, g: float, b: float) -> None:
        self._code.append(f"{fp_str(r, g, b)} RG")

    def setLineWidth(self, width: float) -> None:
        self._code.append(f"{fp_str(width)} w")

    def setLineCap(self, mode: int) -> None:
        self._code.append(f"{mode} J")

    def setLineJoin(self, mode: int) -> None:
        self._code.append(f"{mode} j")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self._code.append(f"n {fp_str(x1, y1)} m {fp_str(x2, y2)} l S")

    def fill_rect(self, x: float, y: float, width: float, height: float) -> None:
        """A filled rectangle (even-odd rule, as reportlab filled one)."""
        self._code.append(f"n {fp_str(x, y, width, height)} re f*")


class PageCanvas(Operators):
    """The pages, fonts and tags of one tagged PDF (see pdffile.py). `stream` is accepted
    for the callers that give one and not used: the file is written by the caller."""

    def __init__(self, stream: object = None, document: Document | None = None,
                 tree: StructureTree | None = None):
        self.dry = False  # kept for the text writer's check: this canvas always draws
        self.document = document
        self.tree = tree or StructureTree()
        self.pages: list[Page] = []
        self.fonts: dict[str, DocumentFont] = {}
        self.forms: dict[str, Outline] = {}
        self.dests: dict[str, tuple[int, float, float]] = {}
        self.outline: list[tuple[str, str, int, bool]] = []
        self.memo: dict | None = None  # recordings of boxes drawn before (replay.py), by box
        # per page, what each box drew: (its key, recording, elements), when logged (patch.py)
        self.logs: list[list[tuple]] | None = None
        self.log: list[tuple] | None = None  # the page being drawn's
        self.deflate = zlib.compress  # what compresses the file's streams (pdffile.py)
        self._start_page()

    def _start_page(self) -> None:
        self._code: list[str] = []
        self._origin = (0.0, 0.0)  # the current translation
        self._saved: list[tuple[float, float]] = []
        self._page_fonts: dict[str, None] = {}
        self._page_forms: dict[str, None] = {}
        self._page_properties: dict[str, None] = {}
        self._links: list[Link] = []

    @property
    def page_index(self) -> int:
        """The 0-based number of the page being drawn."""
        return len(self.pages)

    # ------------------------------------------------------------------ graphics state

    def saveState(self) -> None:
        self._saved.append(self._origin)
        self._code.append("q")

    def restoreState(self) -> None:
        self._code.append("Q")
        self._origin = self._saved.pop()

    def translate(self, dx: float, dy: float) -> None:
        e, f = self._origin
        self._origin = (dx + e, dy + f)
        self._code.append(f"{fp_str(1, 0, 0, 1, dx, dy)} cm")

    def absolutePosition(self, x: float, y: float) -> tuple[float, float]:
        """(x, y) of the current user space in the page's space."""
        e, f = self._origin
        return x + e, y + f

    # ------------------------------------------------------------------ text layer

    def font(self, name: str) -> DocumentFont:
        """The document font of a registered face, noted as used on this page."""
        font = self.fonts.get(name)
        if font is None:
            font = self.fonts[name] = DocumentFont(name, code_table(name))
        self._page_fonts[name] = None
        return font

    def tagged(self, element: Element) -> str:
        """The operator opening marked content of `element` (close it with END)."""
        mcid = self.tree.mark(self.page_index, element)
        return f"/{element.role} <</MCID {mcid}>> BDC"

    def mirrored_text(self, drawn: str, apart: bool) -> str:
        """The operator opening marked content around a bracket drawn mirrored, whose code
        reads back (ToUnicode) as the logical bracket, as pdf.js (which reads no /ActualText
        in content) gives it. The marked content gives the drawn bracket as /ActualText:
        PDFium mirrors what it reads in right-to-left text, /ActualText too, so it gives the
        logical bracket. Poppler reads /ActualText only from a property list written inline,
        and keeps its characters as they come: in a word with right-to-left letters, which
        it reverses, it must read the logical bracket (the property list is named in the
        page's resources); in a word without (`apart`: a citation, a year range), which it
        keeps left to right, the drawn one (the list is inline)."""
        if apart:
            return f"/Span <</ActualText {text_string(drawn).decode('ascii')}>> BDC"
        self._page_properties[drawn] = None
        return f"/Span /{property_name(drawn)} BDC"

    def add_link(self, target: str, rect: tuple[float, float, float, float],
                 element: Element) -> None:
        """Make `rect` (in the current user space) a link to the destination `target`,
        bound to the Link element `element`."""
        lx, ly, ux, uy = rect
        e, f = self._origin  # a translation: the corners keep their order
        self._links.append(Link((min(lx, ux) + e, min(ly, uy) + f, max(lx, ux) + e,
                                 max(ly, uy) + f), target, element,
                                self.tree.annotation(element)))

    def draw_glyph(self, font_path: str, ch: str, x: float, y: float, size: float) -> None:
        """Fill the outline of `ch` in the font at `font_path`, origin (x, y), at `size` pt
        (a form XObject per glyph, stored once)."""
        outline = glyph_outline(font_path, ch)
        if outline is None:
            return
        name = f"G-{_stem(font_path)}-{outline.glyph}"
        self.forms.setdefault(name, outline)
        self._page_forms[name] = None
        scale = size / outline.upem
        self._code.append(f"q {fp_str(scale, 0, 0, scale, x, y)} cm /{name} Do Q")

    def bookmark(self, key: str, x: float, y: float) -> None:
        """The destination `key`: (x, y) of the current user space on this page."""
        left, top = self.absolutePosition(x, y)
        self.dests[key] = (self.page_index, left, top)

    def add_outline_entry(self, title: str, key: str, level: int, closed: bool) -> None:
        self.outline.append((title, key, level, closed))

    def showPage(self) -> None:
        """End the page being drawn."""
        code = " ".join([PREAMBLE, *self._code]).encode("latin-1")
        self.pages.append(Page(self.deflate(code, CONTENT_LEVEL), list(self._page_fonts),
                               list(self._page_forms), self._links,
                               list(self._page_properties)))
        if self.logs is not None:
            self.logs.append(self.log)
            self.log = []
        self._start_page()

    def log_pages(self) -> None:
        """Log from now on what each box draws on each page (recorded or replayed)."""
        self.logs, self.log = [], []

    def unlogged(self) -> None:
        """A box was drawn without a recording: the pages' log is incomplete, so none."""
        self.logs = self.log = None
