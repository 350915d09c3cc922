"""The drawing surface platypus lays pages out on; its pages go to our own PDF file.

PageCanvas is reportlab's canvas for everything platypus draws itself (table rules and
shading, the graphics state around each flowable): those operators are reportlab's, byte
for byte. Text, glyph outlines, links, destinations and outline entries go through the
methods below, and showPage() keeps each page's content stream for pdffile.write_pdf_file
(save() writes the file: fonts, structure tree, metadata), instead of reportlab's document.
Every painting operator ends up inside marked content: an MCID bound to a structure element
(tagged()), or an artifact (artifact()).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from briefgen.model import Document
from briefgen.writers.pdf.cidfonts import DocumentFont, code_table
from briefgen.writers.pdf.objects import text_string
from briefgen.writers.pdf.outlines import Outline, glyph_outline
from briefgen.writers.pdf.structure import Element, StructureTree

ARTIFACT = "/Artifact BMC"
PAGINATION = "/Artifact <</Type /Pagination>> BDC"
END = "EMC"


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
    """One finished page: its content stream and what it uses."""

    content: bytes
    fonts: list[str]
    forms: list[str]
    links: list[Link] = field(default_factory=list)
    properties: list[str] = field(default_factory=list)  # drawn characters, see mirrored_text


class PageCanvas(Canvas):
    """A canvas whose pages, fonts and tags make one tagged PDF (see pdffile.py)."""

    def __init__(self, *args: object, document: Document | None = None,
                 tree: StructureTree | None = None, **kw: object):
        self.dry = False  # a measuring canvas draws nothing and writes no file
        self.document = document
        self.tree = tree or StructureTree()
        self.pages: list[Page] = []
        self.fonts: dict[str, DocumentFont] = {}
        self.forms: dict[str, Outline] = {}
        self.dests: dict[str, tuple[int, float, float]] = {}
        self.outline: list[tuple[str, str, int, bool]] = []
        self._page_fonts: dict[str, None] = {}
        self._page_forms: dict[str, None] = {}
        self._page_properties: dict[str, None] = {}
        self._links: list[Link] = []
        super().__init__(*args, **kw)

    @property
    def page_index(self) -> int:
        """The 0-based number of the page being drawn."""
        return len(self.pages)

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
        self._links.append(Link(self._absRect(rect, 1), target, element,
                                self.tree.annotation(element)))

    def draw_glyph(self, font_path: str, ch: str, x: float, y: float, size: float) -> None:
        """Fill the outline of `ch` in the font at `font_path`, origin (x, y), at `size` pt
        (a form XObject per glyph, stored once)."""
        outline = glyph_outline(font_path, ch)
        if outline is None:
            return
        name = f"G-{Path(font_path).stem}-{outline.glyph}"
        self.forms.setdefault(name, outline)
        self._page_forms[name] = None
        scale = size / outline.upem
        self._code.append(f"q {fp_str(scale, 0, 0, scale, x, y)} cm /{name} Do Q")

    def bookmarkHorizontal(self, key: str, relativeX: float, relativeY: float,
                           **kw: object) -> None:
        left, top = self.absolutePosition(relativeX, relativeY)
        self.dests[key] = (self.page_index, left, top)

    def addOutlineEntry(self, title: str, key: str, level: int = 0,
                        closed: bool | None = None) -> None:
        self.outline.append((title, key, level, bool(closed)))

    def showPage(self) -> None:
        code = " ".join([self._preamble, *self._code]).encode("latin-1")
        self.pages.append(Page(code, list(self._page_fonts), list(self._page_forms),
                               self._links, list(self._page_properties)))
        self._page_fonts, self._page_forms, self._links = {}, {}, []
        self._page_properties = {}
        if self._onPage:
            self._onPage(self._pageNumber)
        self._startPage()

    def save(self) -> None:
        if self.dry:
            return
        if self._code:
            self.showPage()
        from briefgen.writers.pdf.pdffile import write_pdf_file

        self._filename.write(write_pdf_file(self))
