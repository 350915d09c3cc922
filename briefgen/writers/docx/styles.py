"""The paper's own styles and lists: (lang, digits, fonts) -> styles.xml, numbering.xml.

Fonts and sizes live in the styles, not on the runs, so an editor can restyle the paper:
the Latin slots (w:ascii, w:hAnsi) name the Latin face, the complex-script slot (w:cs) the
Arabic face, and every size and bold is given twice (w:sz/w:szCs, w:b/w:bCs) because Word
styles Arabic text with the complex-script properties only. In the Arabic edition every
paragraph style is right to left, so a paragraph an editor adds stays right to left.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from briefgen.writers.docx.oxml import add, make, set_direction
from briefgen.writers.fonts import FontSet

BIDI_LANG = "ar-IQ"
LATIN_LANG = "en-GB"
HEADING_COLOUR = "1F3864"
TEXT_WIDTH = 9298  # twips: A4 (11906) less two margins of 2.3 cm (1304)

BULLET_NUM_ID = 1
ORDERED_NUM_ID = 2  # the first ordered list; later ones get their own w:num (restart at 1)

Spec = list[tuple[str, dict[str, str]]]


@dataclass
class StyleDef:
    """One style: id, name, kind, what it builds on, and its pPr/rPr children in any order."""

    style_id: str
    name: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    next_style: str | None = None
    ppr: Spec = field(default_factory=list)
    rpr: Spec = field(default_factory=list)
    custom: bool = False


def _size(points: float) -> Spec:
    half = str(round(points * 2))
    return [("w:sz", {"w:val": half}), ("w:szCs", {"w:val": half})]


BOLD: Spec = [("w:b", {}), ("w:bCs", {})]
KEEP: Spec = [("w:keepNext", {}), ("w:keepLines", {})]


def _heading(level: int, points: float, before: int) -> StyleDef:
    return StyleDef(
        f"Heading{level}", f"heading {level}", next_style="BodyText",
        ppr=[*KEEP, ("w:spacing", {"w:before": str(before), "w:after": "120"}),
             ("w:outlineLvl", {"w:val": str(level - 1)})],
        rpr=[*BOLD, ("w:color", {"w:val": HEADING_COLOUR}), *_size(points)],
    )  # fmt: skip


def style_defs(lang: str) -> list[StyleDef]:
    """Every style the writer uses, sized for the edition's language."""
    ar = lang == "ar"
    body = 13 if ar else 11
    return [
        StyleDef("DefaultParagraphFont", "Default Paragraph Font", "character", None),
        StyleDef("BodyText", "Body Text", ppr=[("w:jc", {"w:val": "both"})] if ar else []),
        StyleDef("Title", "Title", next_style="Subtitle",
                 ppr=[*KEEP, ("w:spacing", {"w:after": "120"}), ("w:jc", {"w:val": "center"})],
                 rpr=[*BOLD, ("w:color", {"w:val": HEADING_COLOUR}), *_size(24 if ar else 22)]),
        StyleDef("Subtitle", "Subtitle", next_style="BodyText",
                 ppr=[*KEEP, ("w:spacing", {"w:after": "240"}), ("w:jc", {"w:val": "center"})],
                 rpr=[("w:color", {"w:val": "404040"}), *_size(body + 3)]),
        StyleDef("Meta", "Meta", custom=True, ppr=[("w:spacing", {"w:after": "60"})],
                 rpr=[("w:color", {"w:val": "404040"}), *_size(body - 1)]),
        StyleDef("Note", "Note", custom=True, ppr=[("w:spacing", {"w:before": "120"})],
                 rpr=[("w:i", {}), *_size(body - 1)]),  # no w:iCs: Arabic stays upright
        _heading(1, body + 5, 360),
        _heading(2, body + 3, 240),
        _heading(3, body + 1, 200),
        StyleDef("ListBullet", "List Bullet",
                 ppr=[("w:numPr", {}), ("w:spacing", {"w:after": "60"})]),
        StyleDef("ListNumber", "List Number",
                 ppr=[("w:numPr", {}), ("w:spacing", {"w:after": "60"})]),
        StyleDef("TableText", "Table Text", custom=True,
                 ppr=[("w:spacing", {"w:before": "40", "w:after": "40", "w:line": "264",
                                     "w:lineRule": "auto"})],
                 rpr=_size(body - 1)),
        StyleDef("TOCHeading", "TOC Heading", based_on="Heading1", next_style="BodyText",
                 ppr=[("w:outlineLvl", {"w:val": "9"})]),
        *[StyleDef(f"TOC{n}", f"toc {n}", next_style="BodyText",
                   ppr=[("w:tabs", {}), ("w:spacing", {"w:after": "60"}),
                        ("w:ind", {"w:start": str(360 * (n - 1))})])
          for n in (1, 2, 3)],
        StyleDef("Header", "header", ppr=[("w:spacing", {"w:after": "0"}),
                                          ("w:jc", {"w:val": "center"})],
                 rpr=[("w:color", {"w:val": "595959"}), *_size(body - 3)]),
        StyleDef("Footer", "footer", ppr=[("w:spacing", {"w:after": "0"}),
                                          ("w:jc", {"w:val": "center"})],
                 rpr=[("w:color", {"w:val": "595959"}), *_size(body - 3)]),
        StyleDef("Hyperlink", "Hyperlink", "character", "DefaultParagraphFont",
                 rpr=[("w:color", {"w:val": "1F4E9B"})]),
    ]  # fmt: skip


def _fill(parent: etree._Element, spec: Spec) -> None:
    for name, attrs in spec:
        add(parent, name, attrs)


def build_styles(lang: str, fonts: FontSet) -> etree._Element:
    """styles.xml: document defaults, the paragraph, character, table and list styles."""
    ar = lang == "ar"
    root = make("w:styles")
    defaults = add(root, "w:docDefaults")
    rpr = add(add(defaults, "w:rPrDefault"), "w:rPr")
    latin, arabic = fonts.latin_family, fonts.arabic_family
    add(rpr, "w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": latin, "w:cs": arabic})
    _fill(rpr, _size(13 if ar else 11))
    if not ar:  # Naskh sets small beside Serif: Arabic quoted in English text a point larger
        add(rpr, "w:szCs", {"w:val": "24"})
    add(rpr, "w:lang", {"w:val": LATIN_LANG, "w:eastAsia": LATIN_LANG, "w:bidi": BIDI_LANG})
    ppr = add(add(defaults, "w:pPrDefault"), "w:pPr")
    # "auto" multiplies the face's line height: Naskh's is 1.70 em, so 1.05 lines is a pitch
    # of 1.79 em (the PDF sets 1.68); Noto Serif's is 1.36 em, so 1.2 lines is 1.63 em.
    leading = "252" if ar else "288"
    add(ppr, "w:spacing", {"w:after": "160", "w:line": leading, "w:lineRule": "auto"})

    normal = _style(root, StyleDef("Normal", "Normal", based_on=None), default=True)
    if ar:
        set_direction(normal.find("w:pPr", namespaces=_NS), True)
    for definition in style_defs(lang):
        element = _style(root, definition, default=definition.style_id == "DefaultParagraphFont")
        ppr = element.find("w:pPr", namespaces=_NS)
        if definition.style_id.startswith("List"):
            num_id = BULLET_NUM_ID if definition.style_id == "ListBullet" else ORDERED_NUM_ID
            add(ppr.find("w:numPr", namespaces=_NS), "w:numId", {"w:val": str(num_id)})
        if definition.style_id.startswith("TOC") and definition.style_id[3:].isdigit():
            add(
                ppr.find("w:tabs", namespaces=_NS),
                "w:tab",
                {"w:val": "right", "w:leader": "dot", "w:pos": str(TEXT_WIDTH)},
            )
    _table_styles(root)
    add(root, "w:style", {"w:type": "numbering", "w:default": "1", "w:styleId": "NoList"})
    root[-1].append(make("w:name", {"w:val": "No List"}))
    return root


_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _style(root: etree._Element, d: StyleDef, default: bool = False) -> etree._Element:
    attrs = {"w:type": d.kind, "w:styleId": d.style_id}
    if default:
        attrs["w:default"] = "1"
    if d.custom:
        attrs["w:customStyle"] = "1"
    style = add(root, "w:style", attrs)
    add(style, "w:name", {"w:val": d.name})
    if d.based_on:
        add(style, "w:basedOn", {"w:val": d.based_on})
    if d.next_style:
        add(style, "w:next", {"w:val": d.next_style})
    add(style, "w:qFormat")
    if d.kind == "paragraph":
        _fill(add(style, "w:pPr"), d.ppr)
    if d.rpr:
        _fill(add(style, "w:rPr"), d.rpr)
    return style


def _table_styles(root: etree._Element) -> None:
    """Table Normal (the default) and Brief Table: ruled, header row bold and shaded."""
    normal = add(root, "w:style", {"w:type": "table", "w:default": "1", "w:styleId": "TableNormal"})
    add(normal, "w:name", {"w:val": "Normal Table"})
    margins = add(add(normal, "w:tblPr"), "w:tblCellMar")
    for side in ("top", "start", "bottom", "end"):
        width = "0" if side in ("top", "bottom") else "108"
        add(margins, f"w:{side}", {"w:w": width, "w:type": "dxa"})

    style = add(root, "w:style", {"w:type": "table", "w:styleId": "BriefTable"})
    add(style, "w:name", {"w:val": "Brief Table"})
    add(style, "w:basedOn", {"w:val": "TableNormal"})
    add(style, "w:qFormat")
    add(add(style, "w:pPr"), "w:spacing", {"w:after": "0"})
    tblpr = add(style, "w:tblPr")
    borders = add(tblpr, "w:tblBorders")
    for side in ("top", "start", "bottom", "end", "insideH", "insideV"):
        add(
            borders,
            f"w:{side}",
            {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "808080"},
        )
    header = add(style, "w:tblStylePr", {"w:type": "firstRow"})
    _fill(add(header, "w:rPr"), BOLD)
    tcpr = add(header, "w:tcPr")
    add(tcpr, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": "D9E2F3"})


def build_numbering(ordered_lists: int, digits: str, fonts: FontSet) -> etree._Element:
    """numbering.xml: one bullet definition and one numbered definition; each ordered list
    after the first gets its own w:num restarting at 1. Arabic-Indic digits use the
    schema's "hindiNumbers" format. Indents are logical (w:start), so in a right-to-left
    paragraph the bullet or number sits on the right."""
    root = make("w:numbering")
    number_format = "hindiNumbers" if digits == "arabic-indic" else "decimal"
    for abstract_id, (fmt, text) in enumerate((("bullet", "•"), (number_format, "%1."))):
        abstract = add(root, "w:abstractNum", {"w:abstractNumId": str(abstract_id)})
        add(abstract, "w:multiLevelType", {"w:val": "singleLevel"})
        lvl = add(abstract, "w:lvl", {"w:ilvl": "0"})
        add(lvl, "w:start", {"w:val": "1"})
        add(lvl, "w:numFmt", {"w:val": fmt})
        add(lvl, "w:pStyle", {"w:val": "ListBullet" if fmt == "bullet" else "ListNumber"})
        add(lvl, "w:lvlText", {"w:val": text})
        add(lvl, "w:lvlJc", {"w:val": "left"})
        add(add(lvl, "w:pPr"), "w:ind", {"w:start": "567", "w:hanging": "340"})
        if fmt == "bullet":
            family = fonts.latin_family
            add(
                add(lvl, "w:rPr"),
                "w:rFonts",
                {"w:ascii": family, "w:hAnsi": family, "w:cs": family, "w:hint": "default"},
            )
    nums = [(BULLET_NUM_ID, 0, False)] + [
        (ORDERED_NUM_ID + i, 1, i > 0) for i in range(max(ordered_lists, 1))
    ]
    for num_id, abstract_id, restart in nums:
        num = add(root, "w:num", {"w:numId": str(num_id)})
        add(num, "w:abstractNumId", {"w:val": str(abstract_id)})
        if restart:
            override = add(num, "w:lvlOverride", {"w:ilvl": "0"})
            add(override, "w:startOverride", {"w:val": "1"})
    return root
