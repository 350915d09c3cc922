"""The theme part: (Latin family, Arabic family) -> the bytes of word/theme/theme1.xml.

A main document part must have a theme relationship (ECMA-376 Part 1, 14.2.7, and the
validators that follow it); without one Word may offer to repair the file. The paper's runs
and styles name their fonts directly and no colour refers to the theme, so the theme only
has to be complete and to agree with the styles: its major and minor fonts are the shipped
faces (Latin and complex script), and its colours are the paper's own. DrawingML's schema
asks for at least three entries in each list of the format scheme.
"""

from __future__ import annotations

from lxml import etree

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NAME = "Briefing paper"

# clrScheme's children, in schema order: dark 1 and light 1 as system colours, the rest RGB.
COLOURS = (
    ("dk2", "1F3864"), ("lt2", "E7E6E6"), ("accent1", "1F3864"), ("accent2", "1F4E9B"),
    ("accent3", "595959"), ("accent4", "D9E2F3"), ("accent5", "808080"),
    ("accent6", "404040"), ("hlink", "1F4E9B"), ("folHlink", "595959"),
)  # fmt: skip


def _el(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{A}}}{tag}", attrs)


def _placeholder_fill(parent: etree._Element) -> None:
    _el(_el(parent, "solidFill"), "schemeClr", val="phClr")


def theme_part(latin: str, arabic: str) -> bytes:
    """The theme part's bytes: colour, font and format schemes."""
    root = etree.Element(f"{{{A}}}theme", {"name": NAME}, nsmap={"a": A})
    elements = _el(root, "themeElements")

    colours = _el(elements, "clrScheme", name=NAME)
    _el(_el(colours, "dk1"), "sysClr", val="windowText", lastClr="000000")
    _el(_el(colours, "lt1"), "sysClr", val="window", lastClr="FFFFFF")
    for name, rgb in COLOURS:
        _el(_el(colours, name), "srgbClr", val=rgb)

    fonts = _el(elements, "fontScheme", name=NAME)
    for kind in ("majorFont", "minorFont"):
        collection = _el(fonts, kind)
        _el(collection, "latin", typeface=latin)
        _el(collection, "ea", typeface="")
        _el(collection, "cs", typeface=arabic)

    formats = _el(elements, "fmtScheme", name=NAME)
    fills, lines = _el(formats, "fillStyleLst"), _el(formats, "lnStyleLst")
    effects, backgrounds = _el(formats, "effectStyleLst"), _el(formats, "bgFillStyleLst")
    for width in ("6350", "12700", "19050"):
        _placeholder_fill(fills)
        _placeholder_fill(_el(lines, "ln", w=width))
        _el(_el(effects, "effectStyle"), "effectLst")
        _placeholder_fill(backgrounds)

    _el(root, "objectDefaults")
    _el(root, "extraClrSchemeLst")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
