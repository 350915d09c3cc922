"""WordprocessingML names and schema facts: tag -> element, children kept in schema order.

Every XML name the DOCX writer uses lives here. The child-order tables are copied from the
ECMA-376 (transitional) schema, wml.xsd; Word refuses a part whose w:pPr or w:rPr children
are out of sequence, so children are only ever added through `add`, which inserts a child
before the first sibling that the schema places after it.
"""

from __future__ import annotations

from lxml import etree

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
W_NSMAP = {"w": NS["w"], "r": NS["r"]}

# CT_PPrBase (group of paragraph properties) followed by CT_PPr's own rPr, sectPr, pPrChange.
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip

# EG_RPrBase (run properties), then CT_RPr's rPrChange.
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath", "w:rPrChange",
)  # fmt: skip

# EG_HdrFtrReferences, then EG_SectPrContents, then sectPrChange.
SECTPR_ORDER = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
    "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip

# CT_TblPrBase, then tblPrChange.
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription", "w:tblPrChange",
)  # fmt: skip

# CT_TcPrBase (cell properties).
TCPR_ORDER = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)  # fmt: skip

# CT_Style.
STYLE_ORDER = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
    "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked",
    "w:personal", "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr",
    "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
)  # fmt: skip

# CT_Settings, the part of the sequence this writer may touch.
SETTINGS_ORDER = (
    "w:zoom", "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts",
    "w:defaultTabStop", "w:characterSpacingControl", "w:updateFields", "w:compat",
    "w:themeFontLang", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip

# CT_Font.
FONT_ORDER = (
    "w:altName", "w:panose1", "w:charset", "w:family", "w:notTrueType", "w:pitch", "w:sig",
    "w:embedRegular", "w:embedBold", "w:embedItalic", "w:embedBoldItalic",
)  # fmt: skip

ORDERS: dict[str, tuple[str, ...]] = {
    "w:pPr": PPR_ORDER,
    "w:rPr": RPR_ORDER,
    "w:sectPr": SECTPR_ORDER,
    "w:tblPr": TBLPR_ORDER,
    "w:tcPr": TCPR_ORDER,
    "w:style": STYLE_ORDER,
    "w:settings": SETTINGS_ORDER,
    "w:font": FONT_ORDER,
}


def qn(name: str) -> str:
    """Clark notation for a prefixed name: "w:bidi" -> "{http://...main}bidi"."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"

_ORDER_INDEX = {
    qn(parent): {qn(name): i for i, name in enumerate(names)} for parent, names in ORDERS.items()
}


def make(name: str, attrs: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    """A new element `name` ("w:p") with prefixed attributes and optional text."""
    element = etree.Element(qn(name), nsmap=W_NSMAP)
    for key, value in (attrs or {}).items():
        element.set(qn(key), value)
    if text is not None:
        element.text = text  # lxml escapes < > & on serialisation
        if text != text.strip():
            element.set(qn("xml:space"), "preserve")
    return element


def add(
    parent: etree._Element,
    name: str,
    attrs: dict[str, str] | None = None,
    text: str | None = None,
) -> etree._Element:
    """Add a child `name` to `parent` where the schema wants it; replaces a same-named
    child of an ordered parent (each of those properties occurs at most once)."""
    child = make(name, attrs, text)
    return insert(parent, child)


def insert(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Insert `child` in schema order when `parent` has an order table, else append it."""
    order = _ORDER_INDEX.get(parent.tag)
    if order is None:
        parent.append(child)
        return child
    rank = order[child.tag]  # KeyError: a name the table lacks is a writer bug
    repeatable = child.tag in (qn("w:headerReference"), qn("w:footerReference"))
    for sibling in parent:
        sibling_rank = order.get(sibling.tag, -1)
        if sibling.tag == child.tag and not repeatable:
            sibling.addprevious(child)
            parent.remove(sibling)
            return child
        if sibling_rank > rank:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child

def set_direction(props: etree._Element, rtl: bool, explicit: bool = False) -> None:
    """Mark paragraph, run, section or table properties right to left (or remove the mark;
    with `explicit`, write it switched off, to override a right-to-left style).

    The one place that knows the names: w:pPr and w:sectPr take w:bidi, w:rPr takes w:rtl,
    w:tblPr takes w:bidiVisual (columns laid out from the right).
    """
    name = {
        qn("w:pPr"): "w:bidi",
        qn("w:sectPr"): "w:bidi",
        qn("w:rPr"): "w:rtl",
        qn("w:tblPr"): "w:bidiVisual",
    }[props.tag]
    existing = props.find(qn(name))
    if rtl and existing is None:
        add(props, name)
    elif not rtl and explicit:
        add(props, name, {"w:val": "0"})
    elif not rtl and existing is not None:
        props.remove(existing)


def to_bytes(root: etree._Element) -> bytes:
    """A part's bytes: UTF-8 with a standalone XML declaration, as Word writes them."""
    etree.cleanup_namespaces(root, top_nsmap=W_NSMAP)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_DECLARATIONS = tuple(f' xmlns:{prefix}="{uri}"'.encode() for prefix, uri in W_NSMAP.items())
_ALL_DECLARATIONS = b"".join(_DECLARATIONS)


def inner_bytes(element: etree._Element) -> bytes:
    """The bytes `element` has inside a part whose root declares the w: and r: namespaces
    (to_bytes): a part can then be written a piece at a time, each piece's elements
    dropped once written, with the bytes to_bytes gives the whole. The element declares
    both on its own start tag (made by make() or parse_inner()) and nowhere below: lxml
    drops a declaration its new parent already makes from an element added to it."""
    data = etree.tostring(element, encoding="UTF-8")
    start = end = data.find(b" xmlns:")
    for declaration in _DECLARATIONS:
        if data.startswith(declaration, end):
            end += len(declaration)
    return data[:start] + data[end:]


def parse_inner(data: bytes) -> etree._Element:
    """The element (a new tree) whose inner_bytes() are `data`."""
    name_end = data.index(b":") + 1
    while data[name_end] not in b" />":
        name_end += 1
    return etree.fromstring(data[:name_end] + _ALL_DECLARATIONS + data[name_end:])


def split_bytes(element: etree._Element) -> tuple[bytes, bytes]:
    """inner_bytes(element) cut before its end tag: the bytes before the children added to it
    after this (each written with inner_bytes), and its end tag."""
    data = inner_bytes(element)
    end = f"</{element.prefix}:{etree.QName(element).localname}>".encode()
    if data.endswith(b"/>"):  # no children yet: <w:tr/>
        return data[:-2] + b">", end
    return data[: -len(end)], end
