"""A paper written again in a session by patching the file written for it before, when only
the text of some of its boxes changed: (what was kept of the last file, the new paper laid
out) -> the new file, or nothing when a full write is needed.

A session keeps, for each output, the last file's objects (pdffile.FileParts), its pages
and structure tree, the key of each page (what its drawing depends on: Box.draw_key) and
what each box drew on it (the canvas's log: its recording and the elements it refers to).
The new paper is the same file but for the pages whose keys changed when:
- the paper's frame (language, direction, digits, metadata, density) is the same, and so is
  the shape of its structure elements before anything is drawn;
- it has as many pages as the last, and on each changed page the boxes stand where they
  stood (checked before anything is drawn) and draw as many times;
- on each changed page, every box drawn under another key refers to elements that pair
  with the last ones (the same place among the elements made before drawing, role,
  language, id, attributes, whether they carry /ActualText; kids that pair, the same
  marked content and link annotations) and makes the same bookmarks and outline entries,
  and none is a contents entry;
- the fonts draw the same characters and the pages use the same glyph forms.
Then every object keeps its number, and only the changed pages (content streams,
dictionaries, link annotations) and the paired elements (their /ActualText) are given
anew; only the object streams holding them are compressed again. The bytes are those a
full write gives, which tests/writers/test_pdf_patch.py checks for edits of every kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from briefgen.model import Document
from briefgen.writers.pdf.canvas import Link, Page, PageCanvas
from briefgen.writers.pdf.objects import Raw
from briefgen.writers.pdf.page import PageDecor
from briefgen.writers.pdf.paginate import Placed
from briefgen.writers.pdf.pdffile import DEFLATED, FileParts, link_annotation, page_object
from briefgen.writers.pdf.structure import Element, element_bytes

CALLS_KEPT = ("bookmark", "outline")  # a recording's calls a patch cannot change


@dataclass
class Kept:
    """What a session keeps of the last file of an output to patch it."""

    frame: tuple
    shape: list[tuple]
    keys: list[tuple]
    canvas: PageCanvas  # its pages, logs, structure tree, destinations, fonts and forms
    parts: FileParts
    chars: list[dict[str, frozenset[str]]]  # per page: the characters drawn per face


def frame_of(document: Document) -> tuple:
    """What the whole file depends on besides its pages."""
    return document.lang, document.direction, document.digits, document.meta, document.density


def shape_of(root: Element) -> list[tuple]:
    """The structure elements as made before drawing, in reading order: each one's depth,
    role, language, id, attributes, whether it has /ActualText and how many kids; each
    element's place in that order noted on it (Element.place)."""
    out: list[tuple] = []

    def visit(element: Element, depth: int) -> None:
        element.place = len(out)
        out.append((depth, element.role, element.lang, element.element_id,
                    element.attributes, element.actual_text is None, len(element.kids)))
        for kid in element.kids:
            if isinstance(kid, Element):
                visit(kid, depth + 1)

    visit(root, 0)
    return out


def page_keys(pages: list[list[Placed]], decor: PageDecor) -> list[tuple]:
    """The key of each page: its header and footer, and each box with where it stands."""
    drawn: set[int] = set()
    total = len(pages)
    return [(decor.key(number, total),
             tuple((placed.x, placed.y, placed.box.draw_key(drawn)) for placed in page))
            for number, page in enumerate(pages, start=1)]


def page_chars(log: list[tuple]) -> dict[str, frozenset[str]]:
    """The characters drawn per face on a page, from its log."""
    chars: dict[str, set[str]] = {}
    for _, recording, _ in log:
        for name, drawn in recording.chars.items():
            chars.setdefault(name, set()).update(drawn)
    return {name: frozenset(drawn) for name, drawn in chars.items()}


def chars_of(canvas: PageCanvas) -> list[dict[str, frozenset[str]]]:
    """The characters drawn per face on each page of a logged canvas."""
    return [page_chars(log) for log in canvas.logs]


def changed_pages(kept: Kept, document: Document, shape: list[tuple],
                  keys: list[tuple]) -> set[int] | None:
    """The pages (0-based) to draw again, or None when the paper cannot be patched."""
    if (kept.frame != frame_of(document) or len(kept.keys) != len(keys)
            or kept.shape != shape):
        return None
    changed = {n for n, (old, new) in enumerate(zip(kept.keys, keys, strict=True))
               if old != new}
    for n in changed:  # a page whose boxes moved cannot pair: known before drawing it
        if [placed[:2] for placed in kept.keys[n][1]] != [placed[:2] for placed in keys[n][1]]:
            return None
    return changed


def patch(kept: Kept, canvas: PageCanvas, keys: list[tuple], changed: set[int],
          file: BinaryIO) -> bool:
    """Write the patched file to `file` from `canvas`, which drew the changed pages (and
    holds the kept ones); False, with nothing written, when the pages do not pair."""
    old_canvas = kept.canvas
    pairs: dict[int, tuple[Element, Element]] = {}  # id(new element) -> (kept, new)
    annotations: dict[int, int] = {}  # new annotation index -> the kept one
    for n in sorted(changed):
        if not _pages_pair(old_canvas, canvas, n, annotations):
            return False
    for n in sorted(changed):
        for (old_key, old_rec, old_elements), (new_key, new_rec, new_elements) in zip(
                old_canvas.logs[n], canvas.logs[n], strict=True):
            if old_key == new_key:
                continue
            if new_key[0] == "contents entry":  # its TOCI's /ActualText is no recording's
                return False
            if _calls(old_rec) != _calls(new_rec) or len(old_elements) != len(new_elements):
                return False
            for old, new in zip(old_elements, new_elements, strict=True):
                if not _pair(old, new, pairs, annotations):
                    return False
    chars = list(kept.chars)
    for n in changed:
        chars[n] = page_chars(canvas.logs[n])
    if _union(chars) != _union(kept.chars) or _forms(canvas.pages) != set(old_canvas.forms):
        return False
    _give_anew(kept, canvas, changed, pairs)
    kept.parts.pdf.write(file, kept.parts.catalog, kept.parts.info)
    kept.keys, kept.chars = keys, chars
    return True


def _pages_pair(old: PageCanvas, new: PageCanvas, n: int, annotations: dict[int, int]) -> bool:
    """Page `n` drew as many boxes, marks and links as before (a link's rectangle and target
    may change: its annotation is given anew)."""
    if len(old.logs[n]) != len(new.logs[n]):
        return False
    old_page, new_page = old.pages[n], new.pages[n]
    if len(old_page.links) != len(new_page.links):
        return False
    for was, now in zip(old_page.links, new_page.links, strict=True):
        annotations[now.index] = was.index
    marks = [len(tree.page_marks[n]) if n < len(tree.page_marks) else 0
             for tree in (old.tree, new.tree)]
    return marks[0] == marks[1]


def _calls(recording: object) -> list[tuple]:
    return [item for item in recording.items if type(item) is tuple and item[0] in CALLS_KEPT]


def _pair(old: Element, new: Element, pairs: dict[int, tuple[Element, Element]],
          annotations: dict[int, int]) -> bool:
    """Whether `new` stands where `old` stood: same kind, kids that pair (noted in `pairs`)."""
    known = pairs.get(id(new))
    if known is not None:
        return known[0] is old
    pairs[id(new)] = (old, new)
    if (old.place, old.role, old.lang, old.element_id, old.attributes,
            old.actual_text is None) != (new.place, new.role, new.lang, new.element_id,
                                         new.attributes, new.actual_text is None):
        return False
    if len(old.kids) != len(new.kids):
        return False
    for was, now in zip(old.kids, new.kids, strict=True):
        if isinstance(now, Element):
            if not isinstance(was, Element) or not _pair(was, now, pairs, annotations):
                return False
        elif isinstance(now, tuple):
            if was != now:
                return False
        elif isinstance(was, tuple | Element) or annotations.get(now) != was:
            return False
    return True


def _union(chars: list[dict[str, frozenset[str]]]) -> dict[str, set[str]]:
    union: dict[str, set[str]] = {}
    for page in chars:
        for name, drawn in page.items():
            union.setdefault(name, set()).update(drawn)
    return {name: drawn for name, drawn in union.items() if drawn}


def _forms(pages: list[Page]) -> set[str]:
    return {name for page in pages for name in page.forms}


def _give_anew(kept: Kept, canvas: PageCanvas, changed: set[int],
               pairs: dict[int, tuple[Element, Element]]) -> None:
    """The kept file's objects of the changed pages and paired elements given anew, and
    the kept pages, logs and elements brought up to the new paper."""
    parts, old_canvas = kept.parts, kept.canvas
    pdf = parts.pdf
    for old, new in pairs.values():
        old.actual_text = new.actual_text  # the rest of a pair is the same
        pdf.replace(old.number, Raw(element_bytes(old, parts.page_refs, parts.annotations)))
    for n in changed:
        old_page, new_page = old_canvas.pages[n], canvas.pages[n]
        links = [Link(now.rect, now.target, was.element, was.index)
                 for was, now in zip(old_page.links, new_page.links, strict=True)]
        page = Page(new_page.stream, new_page.fonts, new_page.forms, links, new_page.properties)
        for link, ref in zip(links, parts.annots[n], strict=True):
            pdf.replace(ref.number, link_annotation(link, old_canvas.dests, parts.page_refs))
        pdf.replace_stream(parts.contents[n], page.stream, DEFLATED, compress=False)
        pdf.replace(parts.page_refs[n].number,
                    page_object(page, n, parts, parts.contents[n], parts.annots[n]))
        old_canvas.pages[n] = page
        old_canvas.logs[n] = [
            was if was[0] == now[0] else (now[0], now[1], [pairs[id(e)][0] for e in now[2]])
            for was, now in zip(old_canvas.logs[n], canvas.logs[n], strict=True)]
