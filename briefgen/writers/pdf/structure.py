"""The structure tree of a tagged PDF: elements in reading order -> StructTreeRoot objects.

Elements are made in the order of the model (the reading order), before anything is drawn;
drawing then binds marked content to them: each marked-content sequence gets an MCID on its
page, and each link annotation an entry of its own in the ParentTree. An element of the
Arabic paper carries its logical text as /ActualText (its marked content stays in drawing
order, as readers expect it in the content stream); /Lang where its language differs from
the document's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefgen.model import plain_text
from briefgen.writers.pdf.objects import Name, PdfFile, Raw, Ref, serialize, text_string


class TextOf:
    """The logical text of a paragraph's inlines, made when its element is written: a long
    paper's elements would otherwise hold a second copy of the paper's text."""

    __slots__ = ("inlines",)

    def __init__(self, inlines: list) -> None:
        self.inlines = inlines

    def __str__(self) -> str:
        return plain_text(self.inlines)


@dataclass(eq=False, slots=True)
class Element:
    """A structure element: a standard role, its kids in reading order."""

    role: str
    kids: list[Element | tuple[int, int] | int] = field(default_factory=list)
    actual_text: str | TextOf | None = None
    lang: str | None = None
    attributes: dict | None = None  # e.g. {"O": "Table", "Scope": "Column"}
    element_id: str | None = None  # /ID (a Note's)
    number: int = field(default=0, repr=False)  # its object's, once written
    parent: int = field(default=0, repr=False)  # its parent's object number, once written
    place: int = field(default=-1, repr=False)  # made before drawing: its place in reading
    # order among those (patch.shape_of); -1 for one made while drawing

    def add(self, role: str, **kw: object) -> Element:
        """A new kid of this element, after the ones it has."""
        kid = Element(role, **kw)
        self.kids.append(kid)
        return kid


class StructureTree:
    """Every element of one document, and the marked content and annotations bound to them."""

    def __init__(self) -> None:
        self.root = Element("Document")
        self.page_marks: list[list[Element]] = []  # per page: MCID -> its element
        self.annotations: list[Element] = []  # per link annotation: its Link element

    def mark(self, page: int, element: Element) -> int:
        """A new MCID on page `page` (0-based) for content of `element`."""
        while len(self.page_marks) <= page:
            self.page_marks.append([])
        marks = self.page_marks[page]
        marks.append(element)
        element.kids.append((page, len(marks) - 1))
        return len(marks) - 1

    def annotation(self, element: Element) -> int:
        """The index of a new link annotation of `element` (its OBJR is added on writing)."""
        self.annotations.append(element)
        element.kids.append(len(self.annotations) - 1)
        return len(self.annotations) - 1

    def write(self, pdf: PdfFile, pages: list[Ref], annotations: list[Ref]) -> Ref:
        """The StructTreeRoot and its elements; StructParents of page i is i, StructParent of
        annotation k is len(pages) + k."""
        root_ref = pdf.reserve()
        self._write(pdf, self.root, root_ref, pages, annotations)
        nums: list = []
        for page, marks in enumerate(self.page_marks):
            nums += [page, [Ref(element.number) for element in marks]]
        for index, element in enumerate(self.annotations):
            nums += [len(pages) + index, Ref(element.number)]
        parent_tree = pdf.add({"Nums": nums})
        return pdf.put(root_ref, {
            "Type": Name("StructTreeRoot"), "K": [Ref(self.root.number)],
            "ParentTree": parent_tree, "ParentTreeNextKey": len(pages) + len(self.annotations)})

    def _write(self, pdf: PdfFile, element: Element, parent: Ref, pages: list[Ref],
               annotations: list[Ref]) -> Ref:
        """The element and its kids, numbered in reading order (a paper has thousands)."""
        ref = pdf.reserve()
        element.number, element.parent = ref.number, parent.number
        for kid in element.kids:
            if isinstance(kid, Element):
                self._write(pdf, kid, ref, pages, annotations)
        return pdf.put(ref, Raw(element_bytes(element, pages, annotations)))


def element_bytes(element: Element, pages: list[Ref], annotations: list[Ref]) -> bytes:
    """A numbered element's object, written straight as bytes: `pages` and `annotations`
    are the page objects and the link annotations (by their index in the tree)."""
    kids: list[bytes] = []
    first_page = next((k[0] for k in element.kids if isinstance(k, tuple)), None)
    for kid in element.kids:
        if isinstance(kid, Element):
            kids.append(b"%d 0 R" % kid.number)
        elif isinstance(kid, tuple):
            page, mcid = kid
            kids.append(str(mcid).encode() if page == first_page else
                        f"<</Type/MCR/Pg {pages[page].number} 0 R/MCID {mcid}>>".encode())
        else:
            kids.append(b"<</Type/OBJR/Obj %d 0 R>>" % annotations[kid].number)
    out = [b"<</Type/StructElem/S", serialize(Name(element.role)),
           b"/P %d 0 R" % element.parent]
    if first_page is not None:
        out.append(b"/Pg %d 0 R" % pages[first_page].number)
    if element.element_id:
        out.append(b"/ID " + serialize(element.element_id.encode("ascii")))
    if element.lang:
        out.append(b"/Lang " + text_string(element.lang))
    if element.actual_text is not None:
        out.append(b"/ActualText " + text_string(str(element.actual_text)))
    if element.attributes:
        out.append(b"/A " + serialize({k: Name(v) if isinstance(v, str) else v
                                       for k, v in element.attributes.items()}))
    out.append(b"/K[" + b" ".join(kids) + b"]>>")
    return b"".join(out)
