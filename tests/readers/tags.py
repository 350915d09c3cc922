"""The structure tree of a tagged PDF (pikepdf) and what pdf.js reads in each element's
marked content: what a screen reader that follows the tags gets."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pikepdf
from readers.pdfjs import read_pdfjs

# Elements that carry their logical text in /ActualText (issue 14); the block-level ones
# are those of the model's blocks, the inline ones sit inside them.
BLOCK_TYPES = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "LBody", "TD", "TH", "TOCI"}
INLINE_TYPES = {"Link", "Reference"}


@dataclass
class Element:
    """One structure element: its standard type, /ActualText and /Lang, and the marked
    content (page index, MCID) of its whole subtree, in tree order."""

    type: str
    actual_text: str | None
    lang: str | None
    marks: list[tuple[int, int]] = field(default_factory=list)
    parent: Element | None = None


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, pikepdf.String) else None


@lru_cache(maxsize=8)
def _structure(path: Path, stamp: float) -> tuple[Element, ...]:
    with pikepdf.open(path) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return ()
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        roles = {str(k).lstrip("/"): str(v).lstrip("/") for k, v in root.get("/RoleMap", {}).items()}
        elements: list[Element] = []

        def standard(name: str) -> str:
            seen = set()
            while name in roles and name not in seen:
                seen.add(name)
                name = roles[name]
            return name

        def walk(node: pikepdf.Object, page: int | None, parent: Element | None) -> list:
            marks: list[tuple[int, int]] = []
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    marks += walk(kid, page, parent)
                return marks
            if isinstance(node, int):
                return [(page, int(node))] if page is not None else []
            if not isinstance(node, pikepdf.Dictionary):
                return marks
            if node.get("/Pg") is not None:
                page = pages.get(node.Pg.objgen, page)
            kind = node.get("/Type")
            if kind == "/MCR":
                return [(page, int(node.MCID))]
            if kind == "/OBJR" or "/S" not in node:
                return marks
            element = Element(standard(str(node.S).lstrip("/")), _text(node.get("/ActualText")),
                              _text(node.get("/Lang")), parent=parent)
            elements.append(element)
            if "/K" in node:
                element.marks = walk(node.K, page, element)
            return element.marks

        walk(root.get("/K", pikepdf.Array()), None, None)
        return tuple(elements)


def structure(path: Path) -> list[Element]:
    """Every structure element of the file in tree (reading) order; empty when untagged."""
    return list(_structure(path, path.stat().st_mtime))


def marked_texts(path: Path) -> dict[tuple[int, int], str]:
    """What pdf.js returns inside each marked-content sequence with an MCID
    (getTextContent({includeMarkedContent: true})), by (page index, MCID)."""
    found: dict[tuple[int, int], str] = defaultdict(str)
    for index, entries in enumerate(read_pdfjs(path)["marked"]):
        stack: list[int | None] = []
        for entry in entries:
            if entry[0] == "B":
                stack.append(entry[1])
            elif entry[0] == "E":
                if stack:
                    stack.pop()
            else:
                mcid = next((m for m in reversed(stack) if m is not None), None)
                if mcid is not None:
                    found[(index, mcid)] += entry[1]
    return dict(found)


def outermost_block(element: Element) -> bool:
    """Whether the element is a block element inside no other block element (a P inside a
    TD is read through the TD's /ActualText)."""
    if element.type not in BLOCK_TYPES:
        return False
    parent = element.parent
    while parent is not None:
        if parent.type in BLOCK_TYPES:
            return False
        parent = parent.parent
    return True


def element_text(element: Element, marked: dict[tuple[int, int], str]) -> str:
    """What pdf.js returns for the element's marked content, in tree order."""
    return " ".join(marked.get(mark, "") for mark in element.marks)


def xmp(path: Path) -> dict[str, str]:
    """The XMP metadata entries the tests look at: dc:title, dc:language, pdfuaid:part."""
    with pikepdf.open(path) as pdf:
        if "/Metadata" not in pdf.Root:
            return {}
        meta = pdf.open_metadata()
        return {key: str(meta.get(key, "")) for key in ("dc:title", "dc:language", "pdfuaid:part")
                if meta.get(key)}
