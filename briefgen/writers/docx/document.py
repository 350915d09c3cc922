"""write_docx: (Document, FontSet, path) -> a complete .docx at path; pages unknown (None).

The phases, in order: bookmark names for the anchors; the body; the section (A4, margins,
header and footer, direction); header and footer parts; styles (sized by the paper's
density) and numbering; theme; embedded fonts; package parts and the deterministic zip.

DocxSession is the writer opened for one FontSet (writers/base.py): the faces and the
embedded fonts are prepared once, and per output it keeps the paragraphs of the last
document (body.py) and the compressed parts of the last package (package.py), so that a
paper written again after a small edit builds and compresses only what changed.
write_docx is a new session's first write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from lxml import etree

from briefgen.forked import in_worker
from briefgen.memo import Memo
from briefgen.model import Document, Text
from briefgen.text.script import paragraph_direction
from briefgen.writers.docx.body import BodyWriter, Piece, model_anchors, ordered_list_count
from briefgen.writers.docx.embed import (
    FONT_CONTENT_TYPE,
    FONT_REL_TYPE,
    FontTable,
    build_font_table,
    embedded_fonts,
)
from briefgen.writers.docx.faces import Faces
from briefgen.writers.docx.numbering import build_numbering, numbers_as_text
from briefgen.writers.docx.oxml import add, inner_bytes, make, set_direction, to_bytes
from briefgen.writers.docx.package import (
    DOCUMENT_RELS,
    FOOTER_REL_ID,
    HEADER_REL_ID,
    PACKAGE_RELS,
    Deflated,
    Part,
    app_properties,
    content_types,
    core_properties,
    relationships,
    settings,
    write_package,
)
from briefgen.writers.docx.runs import Bookmarks, field_label, inline_runs
from briefgen.writers.docx.styles import LATIN_LANG, PAGE_TWIPS, build_styles, metrics
from briefgen.writers.docx.theme import theme_part
from briefgen.writers.fonts import FontSet

LANGUAGE_TAGS = {"ar": "ar-IQ", "en": LATIN_LANG}


def write_docx(document: Document, fonts: FontSet, path: Path) -> int | None:
    """Write `document` as a DOCX at `path`; the page count is not known, so None."""
    return DocxSession(fonts).write(document, path, "")


class DocxSession:
    """The DOCX writer for one FontSet, keeping per output slot what its last document's
    file was made of (see the module)."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        self._faces: Faces | None = None
        self._font_table: FontTable | None = None
        self._slots: dict[str, tuple[Memo, Deflated]] = {}

    def faces(self) -> Faces:
        """The shipped faces (read from the fonts' coverage on the first write)."""
        if self._faces is None:
            self._faces = Faces.of(self.fonts)
        return self._faces

    def font_table(self) -> FontTable:
        """The embedded fonts' table, relationships and parts (made on the first write)."""
        if self._font_table is None:
            self._font_table = build_font_table(embedded_fonts(self.fonts))
        return self._font_table

    def write(self, document: Document, path: Path, slot: str) -> int | None:
        """Write `document` as a DOCX at `path`, as the output `slot`; None (no page count)."""
        return self.write_body(document, path, slot, lambda writer: writer.blocks())

    def write_body(self, document: Document, path: Path, slot: str,
                   body: Callable[[BodyWriter], Iterable[Piece]]) -> None:
        """Write the package of `document` whose body is what `body` makes with the
        document's BodyWriter (the redline marks the elements it makes), one block at a
        time: each is written as it is made (document_xml)."""
        memo, deflated = self._slots.setdefault(slot, (Memo(), Deflated()))
        # 1. Names: one bookmark per anchor a citation can point to; the shipped faces.
        bookmarks = Bookmarks(model_anchors(document))
        faces = self.faces()

        with memo.round() as paragraphs:
            # 2. Body: every block, the contents filled from the headings, made as the
            # package is written. A writer process forked for one file ends with its
            # session: it keeps no copy of each paragraph (which doubled its memory)
            cache = None if in_worker() else paragraphs
            blocks = body(BodyWriter(document, bookmarks, faces, cache))
            parts = document_parts(document, blocks, self.fonts, faces, self.font_table())  # 3-6
            write_package(path, parts, deflated)  # 7
        return None


def document_parts(document: Document, blocks: Iterable[Piece], fonts: FontSet,
                   faces: Faces, font_table: FontTable | None = None) -> dict[str, Part]:
    """Every part of the package around the body's `blocks`, by zip name (steps 3-7);
    `font_table` as build_font_table() gives it, if it is made already. The body's blocks
    are made as word/document.xml is written (document_xml)."""
    language = LANGUAGE_TAGS.get(document.lang, document.lang)

    # 3. Section: A4, margins, header and footer, page-number digits, direction.
    document_part = document_xml(blocks, section_properties(document))

    # 4. Header (short title and handling line) and footer (page x of y).
    header, footer = header_part(document, faces), footer_part(document, faces)

    # 5. Styles (sized by the paper's density) and list numbering, fonts named in the styles.
    text_numbers = numbers_as_text(document.digits)
    styles = build_styles(document.lang, fonts, document.density, text_numbers)
    numbering = build_numbering(ordered_list_count(document), document.digits, fonts)

    # 6. Fonts: subset, obfuscate, list in the font table.
    table, font_rels, font_parts = font_table or build_font_table(embedded_fonts(fonts))

    # 7. Package: properties, settings, relationships, one zip with fixed bytes.
    return {
        "[Content_Types].xml": content_types({"odttf": FONT_CONTENT_TYPE}),
        "_rels/.rels": relationships(PACKAGE_RELS),
        "docProps/core.xml": core_properties(document.meta, language),
        "docProps/app.xml": app_properties(),
        "word/document.xml": document_part,
        "word/_rels/document.xml.rels": relationships(DOCUMENT_RELS),
        "word/styles.xml": to_bytes(styles),
        "word/numbering.xml": to_bytes(numbering),
        "word/settings.xml": settings(language),
        "word/fontTable.xml": table,
        "word/_rels/fontTable.xml.rels": relationships(
            [(rel_id, FONT_REL_TYPE, target) for rel_id, target in font_rels]
        ),
        "word/header1.xml": to_bytes(header),
        "word/footer1.xml": to_bytes(footer),
        "word/theme/theme1.xml": theme_part(fonts.latin_family, fonts.arabic_family),
        **font_parts,
    }


def document_xml(blocks: Iterable[Piece], section: etree._Element) -> Iterator[bytes]:
    """word/document.xml in pieces: its start, the bytes of each of the body's pieces as it
    is made (and then dropped), the section properties and the end; the bytes to_bytes()
    gives for the whole document."""
    root = make("w:document")
    add(root, "w:body").append(section)
    shell = to_bytes(root)
    body_end = shell.index(b"<w:sectPr")
    yield shell[:body_end]
    for piece in blocks:
        yield piece if isinstance(piece, bytes) else inner_bytes(piece)
    yield shell[body_end:]


def section_properties(document: Document) -> etree._Element:
    """The body's w:sectPr: header/footer references, A4, margins, digits, direction."""
    sect = make("w:sectPr")
    add(sect, "w:headerReference", {"w:type": "default", "r:id": HEADER_REL_ID})
    add(sect, "w:footerReference", {"w:type": "default", "r:id": FOOTER_REL_ID})
    add(sect, "w:pgSz", {"w:w": str(PAGE_TWIPS[0]), "w:h": str(PAGE_TWIPS[1])})
    m = metrics(document.lang, document.density)
    side, top, furniture = (str(t) for t in (m.side_margin, m.top_margin, m.furniture_margin))
    add(sect, "w:pgMar", {"w:top": top, "w:right": side, "w:bottom": top, "w:left": side,
                          "w:header": furniture, "w:footer": furniture, "w:gutter": "0"})
    if document.digits == "arabic-indic":
        add(sect, "w:pgNumType", {"w:fmt": "hindiNumbers"})
    add(sect, "w:cols", {"w:space": "708"})
    set_direction(sect, document.direction == "rtl")
    add(sect, "w:docGrid", {"w:linePitch": "360"})
    return sect


def header_part(document: Document, faces: Faces) -> etree._Element:
    """word/header1.xml: the short title (bold) and the handling line on one line."""
    meta = document.meta
    inlines = [Text(meta.short_title, strong=True), Text("  |  "), Text(meta.handling)]
    hdr = make("w:hdr")
    p = add(hdr, "w:p")
    ppr = add(p, "w:pPr")
    add(ppr, "w:pStyle", {"w:val": "Header"})
    direction = paragraph_direction(meta.short_title + meta.handling, document.lang)
    set_direction(ppr, direction == "rtl", explicit=document.lang == "ar")
    p.extend(inline_runs(inlines, direction, {}, faces))
    return hdr


def footer_part(document: Document, faces: Faces) -> etree._Element:
    """word/footer1.xml: Meta.page_label with {page} and {pages} as PAGE and NUMPAGES
    fields, with no cached result (each page computes its own)."""
    label = document.meta.page_label
    ftr = make("w:ftr")
    p = add(ftr, "w:p")
    ppr = add(p, "w:pPr")
    add(ppr, "w:pStyle", {"w:val": "Footer"})
    direction = paragraph_direction(label, document.lang)
    set_direction(ppr, direction == "rtl", explicit=document.lang == "ar")
    # the general formatting switch for Arabic-Indic ("Hindi") digits, ECMA-376 17.16.4.3;
    # pgNumType hindiNumbers covers PAGE only, not NUMPAGES. LibreOffice 7.4 ignores both.
    digits = " \\* HINDIARABIC" if document.digits == "arabic-indic" else ""
    instructions = {"page": f"PAGE{digits}", "pages": f"NUMPAGES{digits}"}
    p.extend(field_label(label, instructions, direction, faces))
    return ftr
