"""A finished canvas -> the bytes of one tagged PDF 1.7 file (PDF/UA-1).

Written: the pages (content streams, resources, link annotations with /Contents and
/StructParent, /Tabs /S), the fonts (cidfonts.py), the harakat outlines as form XObjects,
the outline (bookmarks) with explicit destinations, the structure tree, XMP metadata and the
document information (both dated with the edition's date, never the clock), and a catalog
with /Lang, /MarkInfo and /ViewerPreferences (DisplayDocTitle; /Direction /R2L for a
right-to-left paper).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from reportlab.lib.rl_accel import fp_str

from briefgen.writers.pdf.canvas import Link, Page, property_name
from briefgen.writers.pdf.cidfonts import MUPDF_ONLY
from briefgen.writers.pdf.geometry import PAGE_HEIGHT, PAGE_WIDTH
from briefgen.writers.pdf.objects import Name, PdfFile, Raw, Ref, emptying, text_string
from briefgen.writers.pdf.outlines import Outline
from briefgen.writers.pdf.xmp import pdf_date, xmp_packet

PRODUCER = "briefgen"
DEFLATED = {"Filter": Name("FlateDecode")}  # a stream compressed already (a page's)


def property_list(text: str) -> dict:
    """The property list of a piece drawn apart: its /ActualText. One that only MuPDF is
    to read (MUPDF_ONLY) starts with three ESCs (U+001B), which mark a language code in a
    text string (PDF 32000-1, 7.9.2.2): PDFium drops everything from an ESC to the next,
    and so all after the third (and reads an empty /ActualText as none: the glyphs);
    MuPDF drops a code only as ESC, one or two characters, ESC: the first three."""
    if text.startswith(MUPDF_ONLY):
        return {"ActualText": "\x1b\x1b\x1b" + text[len(MUPDF_ONLY):]}
    return {"ActualText": text}


@dataclass
class FileParts:
    """A written file kept to be written again with some objects changed (patch.py): the
    objects, and where each page's and each link's are."""

    pdf: PdfFile
    catalog: Ref
    pages_ref: Ref
    page_refs: list[Ref]
    fonts: dict[str, Ref]
    forms: dict[str, Ref]
    info: Ref | None = None
    contents: list[int] = field(default_factory=list)  # per page: its content stream
    annots: list[list[Ref]] = field(default_factory=list)  # per page: its link annotations
    annotations: list[Ref] = field(default_factory=list)  # by their index in the tree


def link_annotation(link: Link, dests: dict, page_refs: list[Ref]) -> Raw:
    """A link annotation's object (hundreds a paper: written straight as bytes)."""
    target, left, top = dests[link.target]
    return Raw(b"<</Type/Annot/Subtype/Link/Rect [%s]/Border [0 0 0]/F 4/Contents %s"
               b"/Dest [%d 0 R /XYZ %s 0]/StructParent %d>>"
               % (fp_str(*link.rect).encode(), text_string(link.element.actual_text
                                                           or link.target),
                  page_refs[target].number, fp_str(left, top).encode(),
                  len(page_refs) + link.index))


def page_object(page: Page, index: int, parts: FileParts, contents: int,
                annots: list[Ref]) -> dict:
    """The page dictionary of page `index` (0-based)."""
    resources: dict = {}
    if page.fonts:
        resources["Font"] = {name: parts.fonts[name] for name in page.fonts}
    if page.forms:
        resources["XObject"] = {name: parts.forms[name] for name in page.forms}
    if page.properties:
        resources["Properties"] = {property_name(text): property_list(text)
                                   for text in page.properties}
    entries = {"Type": Name("Page"), "Parent": parts.pages_ref,
               "MediaBox": [0, 0, PAGE_WIDTH, PAGE_HEIGHT], "Resources": resources,
               "Contents": Ref(contents), "StructParents": index}
    if annots:
        entries["Annots"] = annots
        entries["Tabs"] = Name("S")
    return entries


def write_pdf_file(canvas: object, file: BinaryIO, keep: bool = False) -> FileParts | None:
    """Write to `file` the PDF of everything `canvas` (a PageCanvas) drew; with `keep`,
    return the file's parts, kept to be written again (a session's: patch.py)."""
    document, meta = canvas.document, canvas.document.meta
    pdf = PdfFile(canvas.deflate, keep)
    catalog, pages_ref = pdf.reserve(), pdf.reserve()
    page_refs = [pdf.reserve() for _ in canvas.pages]
    fonts = {name: pdf.reserve() for name in sorted(canvas.fonts) if canvas.fonts[name].used}
    forms = {name: _form(pdf, outline) for name, outline in sorted(canvas.forms.items())}
    parts = FileParts(pdf, catalog, pages_ref, page_refs, fonts, forms)
    annotations: list[Ref] = [None] * len(canvas.tree.annotations)
    for index, page in enumerate(canvas.pages if keep else emptying(canvas.pages)):
        annots = [pdf.add(link_annotation(link, canvas.dests, page_refs)) for link in page.links]
        for link, ref in zip(page.links, annots, strict=True):
            annotations[link.index] = ref
        contents = pdf.add_stream(page.stream, DEFLATED, compress=False).number
        pdf.put(page_refs[index], page_object(page, index, parts, contents, annots))
        if keep:
            parts.contents.append(contents)
            parts.annots.append(annots)
    for name, ref in fonts.items():
        canvas.fonts[name].write(pdf, ref)
    pdf.put(pages_ref, {"Type": Name("Pages"), "Kids": page_refs, "Count": len(page_refs)})
    tree = canvas.tree.write(pdf, page_refs, annotations)
    date = pdf_date(meta.date)
    info = parts.info = pdf.add({
        "Title": meta.title, "Author": meta.author, "Subject": meta.subject,
        "Keywords": ", ".join(meta.keywords), "Creator": PRODUCER, "Producer": PRODUCER,
        "CreationDate": date, "ModDate": date})
    metadata = pdf.add_stream(xmp_packet(meta, document.lang, PRODUCER),
                              {"Type": Name("Metadata"), "Subtype": Name("XML")},
                              compress=False)
    preferences: dict = {"DisplayDocTitle": True}
    if document.direction == "rtl":
        preferences["Direction"] = Name("R2L")
    entries = {"Type": Name("Catalog"), "Pages": pages_ref, "Lang": document.lang,
               "MarkInfo": {"Marked": True}, "StructTreeRoot": tree, "Metadata": metadata,
               "ViewerPreferences": preferences, "PageMode": Name("UseNone")}
    if canvas.outline:
        entries["Outlines"] = _outlines(pdf, canvas.outline, canvas.dests, page_refs)
    pdf.put(catalog, entries)
    pdf.write(file, catalog, info)
    if keep:
        parts.annotations = annotations
        return parts
    return None


def _destination(dests: dict, key: str, pages: list[Ref]) -> list:
    page, left, top = dests[key]
    return [pages[page], Name("XYZ"), left, top, 0]


def _form(pdf: PdfFile, outline: Outline) -> Ref:
    """A glyph's outline as a form XObject in font units."""
    ops = ["n"]
    for op, *coordinates in outline.ops:
        ops.append(f"{fp_str(*coordinates)} {op}" if coordinates else op)
    ops.append("f")
    return pdf.add_stream(" ".join(ops).encode("ascii"), {
        "Type": Name("XObject"), "Subtype": Name("Form"), "BBox": list(outline.bounds),
        "Resources": {}})


def _outlines(pdf: PdfFile, entries: list[tuple[str, str, int, bool]], dests: dict,
              pages: list[Ref]) -> Ref:
    """The outline tree of (title, destination, level, closed) entries in document order."""
    root = pdf.reserve()
    nodes = [{"ref": pdf.reserve(), "title": t, "key": k, "level": lvl, "closed": c, "kids": []}
             for t, k, lvl, c in entries]
    top: list[dict] = []
    stack: list[dict] = []
    for node in nodes:
        while stack and stack[-1]["level"] >= node["level"]:
            stack.pop()
        (stack[-1]["kids"] if stack else top).append(node)
        stack.append(node)

    def visible(node: dict) -> int:
        return 0 if node["closed"] else sum(1 + visible(kid) for kid in node["kids"])

    def every(node: dict) -> int:
        return sum(1 + every(kid) for kid in node["kids"])

    def put(siblings: list[dict], parent: Ref) -> None:
        for i, node in enumerate(siblings):
            entry: dict = {"Title": node["title"], "Parent": parent,
                           "Dest": _destination(dests, node["key"], pages)}
            if i:
                entry["Prev"] = siblings[i - 1]["ref"]
            if i + 1 < len(siblings):
                entry["Next"] = siblings[i + 1]["ref"]
            if node["kids"]:
                entry["First"], entry["Last"] = node["kids"][0]["ref"], node["kids"][-1]["ref"]
                entry["Count"] = -every(node) if node["closed"] else visible(node)
                put(node["kids"], node["ref"])
            pdf.put(node["ref"], entry)

    put(top, root)
    count = sum(1 + visible(node) for node in top)
    return pdf.put(root, {"Type": Name("Outlines"), "First": top[0]["ref"],
                          "Last": top[-1]["ref"], "Count": count})

