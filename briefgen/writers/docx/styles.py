"""The paper's own styles: (lang, fonts, density) -> styles.xml.

Fonts and sizes live in the styles, not on the runs, so an editor can restyle the paper:
the Latin slots (w:ascii, w:hAnsi) name the Latin face, the complex-script slot (w:cs) the
Arabic face, and every size and bold is given twice (w:sz/w:szCs, w:b/w:bCs) because Word
styles Arabic text with the complex-script properties only. In the Arabic edition every
paragraph style is right to left, so a paragraph an editor adds stays right to left.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from briefgen.writers.docx.numbering import BULLET_NUM_ID, LIST_INDENT, ORDERED_NUM_ID
from briefgen.writers.docx.oxml import add, make, set_direction
from briefgen.writers.fonts import FontSet

BIDI_LANG = "ar-IQ"
LATIN_LANG = "en-US"
HEADING_COLOUR = "1F3864"
PAGE_TWIPS = (11906, 16838)  # A4

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


@dataclass(frozen=True)
class Metrics:
    """Sizes in points and spacing in twips of one paper; `line` is w:line with lineRule
    "auto", in 240ths of the face's own line height."""

    body: float
    title: float
    subtitle: float
    small: float  # meta lines, notes, table text
    furniture: float  # running header and footer
    headings: tuple[float, float, float]
    before: tuple[int, int, int]  # space above headings of levels 1-3
    line: int
    after: int  # below a body paragraph
    item_after: int  # below a list item
    heading_after: int = 120
    title_after: int = 120
    subtitle_after: int = 240
    meta_after: int = 60
    note_before: int = 120
    side_margin: int = 1304  # 2.3 cm
    top_margin: int = 1361  # 2.4 cm, the running header and footer inside it
    furniture_margin: int = 680  # 1.2 cm from the edge to the header and the footer

    @property
    def text_width(self) -> int:
        """Twips between the side margins."""
        return PAGE_TWIPS[0] - 2 * self.side_margin


COMPACT_PAGE = {"side_margin": 1134, "top_margin": 1134, "furniture_margin": 567}  # 2 cm, 1 cm


def metrics(lang: str, density: str = "normal") -> Metrics:
    """The paper's sizes and margins. "auto" spacing multiplies the face's line height:
    Naskh's is 1.70 em, so 1.05 lines is a pitch of 1.79 em (the PDF sets 1.68); Noto
    Serif's is 1.36 em, so 1.2 lines is 1.63 em. The compact paper (the one-page summary)
    keeps the PDF summary's body sizes (Arabic 10.5 pt, English 8.8 pt, here 9) at single
    spacing or more (below it LibreOffice sets lines unevenly: the first line of a paragraph
    at the share asked for, the others tighter), and gains its room from margins of 2 cm
    and less space around headings, titles and items."""
    ar = lang == "ar"
    if density == "compact":
        if ar:
            return Metrics(10.5, 15, 10.5, 9, 8, (11.5, 11, 10.5), (80, 60, 40),
                           line=240, after=40, item_after=0, heading_after=20,
                           title_after=0, subtitle_after=60, meta_after=0, note_before=0,
                           **COMPACT_PAGE)
        return Metrics(9, 16, 10.5, 8, 7, (11.5, 10, 9), (180, 120, 100),
                       line=252, after=60, item_after=20, heading_after=60,
                       title_after=40, subtitle_after=100, meta_after=0, note_before=20,
                       **COMPACT_PAGE)
    if ar:
        return Metrics(13, 24, 16, 12, 10, (18, 16, 14), (360, 240, 200), line=252,
                       after=160, item_after=60)
    return Metrics(11, 22, 14, 10, 8, (16, 14, 12), (360, 240, 200), line=288,
                   after=160, item_after=60)


def _spacing(**twips: int) -> Spec:
    return [("w:spacing", {f"w:{side}": str(value) for side, value in twips.items()})]


def _heading(level: int, m: Metrics) -> StyleDef:
    return StyleDef(
        f"Heading{level}", f"heading {level}", next_style="BodyText",
        ppr=[*KEEP, *_spacing(before=m.before[level - 1], after=m.heading_after),
             ("w:outlineLvl", {"w:val": str(level - 1)})],
        rpr=[*BOLD, ("w:color", {"w:val": HEADING_COLOUR}), *_size(m.headings[level - 1])],
    )  # fmt: skip


def style_defs(lang: str, m: Metrics, numbers_as_text: bool = False) -> list[StyleDef]:
    """Every style the writer uses, sized by `m`. With `numbers_as_text` the List Number
    style carries the list's hanging indent instead of a numbering (numbering.py)."""
    ar = lang == "ar"
    number = [("w:ind", LIST_INDENT)] if numbers_as_text else [("w:numPr", {})]
    return [
        StyleDef("DefaultParagraphFont", "Default Paragraph Font", "character", None),
        StyleDef("BodyText", "Body Text", ppr=[("w:jc", {"w:val": "both"})] if ar else []),
        StyleDef("Title", "Title", next_style="Subtitle",
                 ppr=[*KEEP, *_spacing(after=m.title_after), ("w:jc", {"w:val": "center"})],
                 rpr=[*BOLD, ("w:color", {"w:val": HEADING_COLOUR}), *_size(m.title)]),
        StyleDef("Subtitle", "Subtitle", next_style="BodyText",
                 ppr=[*KEEP, *_spacing(after=m.subtitle_after), ("w:jc", {"w:val": "center"})],
                 rpr=[("w:color", {"w:val": "404040"}), *_size(m.subtitle)]),
        StyleDef("Meta", "Meta", custom=True, ppr=_spacing(after=m.meta_after),
                 rpr=[("w:color", {"w:val": "404040"}), *_size(m.small)]),
        StyleDef("Note", "Note", custom=True, ppr=_spacing(before=m.note_before),
                 rpr=[("w:i", {}), *_size(m.small)]),  # no w:iCs: Arabic stays upright
        *[_heading(level, m) for level in (1, 2, 3)],
        StyleDef("ListBullet", "List Bullet",
                 ppr=[("w:numPr", {}), *_spacing(after=m.item_after)]),
        StyleDef("ListNumber", "List Number", ppr=[*number, *_spacing(after=m.item_after)]),
        StyleDef("TableText", "Table Text", custom=True,
                 ppr=[("w:spacing", {"w:before": "40", "w:after": "40", "w:line": "264",
                                     "w:lineRule": "auto"})],
                 rpr=_size(m.small)),
        StyleDef("TOCHeading", "TOC Heading", based_on="Heading1", next_style="BodyText",
                 ppr=[("w:outlineLvl", {"w:val": "9"})]),
        *[StyleDef(f"TOC{n}", f"toc {n}", next_style="BodyText",
                   ppr=[("w:tabs", {}), ("w:spacing", {"w:after": "60"}),
                        ("w:ind", {"w:start": str(360 * (n - 1))})])
          for n in (1, 2, 3)],
        StyleDef("Header", "header", ppr=[("w:spacing", {"w:after": "0"}),
                                          ("w:jc", {"w:val": "center"})],
                 rpr=[("w:color", {"w:val": "595959"}), *_size(m.furniture)]),
        StyleDef("Footer", "footer", ppr=[("w:spacing", {"w:after": "0"}),
                                          ("w:jc", {"w:val": "center"})],
                 rpr=[("w:color", {"w:val": "595959"}), *_size(m.furniture)]),
        StyleDef("Hyperlink", "Hyperlink", "character", "DefaultParagraphFont",
                 rpr=[("w:color", {"w:val": "1F4E9B"})]),
    ]  # fmt: skip


def _fill(parent: etree._Element, spec: Spec) -> None:
    for name, attrs in spec:
        add(parent, name, attrs)


def build_styles(lang: str, fonts: FontSet, density: str = "normal",
                 numbers_as_text: bool = False) -> etree._Element:
    """styles.xml: document defaults, the paragraph, character, table and list styles."""
    ar = lang == "ar"
    m = metrics(lang, density)
    root = make("w:styles")
    defaults = add(root, "w:docDefaults")
    rpr = add(add(defaults, "w:rPrDefault"), "w:rPr")
    latin, arabic = fonts.latin_family, fonts.arabic_family
    add(rpr, "w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": latin, "w:cs": arabic})
    _fill(rpr, _size(m.body))
    if not ar:  # Naskh sets small beside Serif: Arabic quoted in English text a point larger
        add(rpr, "w:szCs", {"w:val": str(round(m.body * 2) + 2)})
    add(rpr, "w:lang", {"w:val": LATIN_LANG, "w:eastAsia": LATIN_LANG, "w:bidi": BIDI_LANG})
    ppr = add(add(defaults, "w:pPrDefault"), "w:pPr")
    add(ppr, "w:spacing", {"w:after": str(m.after), "w:line": str(m.line), "w:lineRule": "auto"})

    normal = _style(root, StyleDef("Normal", "Normal", based_on=None), default=True)
    if ar:
        set_direction(normal.find("w:pPr", namespaces=_NS), True)
    for definition in style_defs(lang, m, numbers_as_text):
        element = _style(root, definition, default=definition.style_id == "DefaultParagraphFont")
        ppr = element.find("w:pPr", namespaces=_NS)
        numbering = None if ppr is None else ppr.find("w:numPr", namespaces=_NS)
        if numbering is not None:
            num_id = BULLET_NUM_ID if definition.style_id == "ListBullet" else ORDERED_NUM_ID
            add(numbering, "w:numId", {"w:val": str(num_id)})
        if definition.style_id.startswith("TOC") and definition.style_id[3:].isdigit():
            add(
                ppr.find("w:tabs", namespaces=_NS),
                "w:tab",
                {"w:val": "right", "w:leader": "dot", "w:pos": str(m.text_width)},
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
