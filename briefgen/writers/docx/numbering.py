"""Lists: (ordered lists, digits, fonts) -> numbering.xml, and the text label of an item.

Bullets and Western list numbers are Word lists (w:numPr): Word and LibreOffice number them.
Arabic-Indic list numbers are written as text, «١.» and a tab at the start of the item:
LibreOffice 7.4 maps no DOCX number format to Arabic-Indic digits (hindiNumbers, arabicAbjad
and arabicAlpha fall back to decimal, field switches are ignored), so a number it computes
is always Western. Text is what both programs show alike; the item keeps its List Number
style and hanging indent, and an editor types the number of an item they add.
"""

from __future__ import annotations

from lxml import etree

from briefgen.text.numerals import to_style
from briefgen.writers.docx.oxml import add, make
from briefgen.writers.fonts import FontSet

BULLET_NUM_ID = 1
ORDERED_NUM_ID = 2  # the first ordered list; later ones get their own w:num (restart at 1)
LIST_INDENT = {"w:start": "567", "w:hanging": "340"}  # logical: the number sits at the start


def numbers_as_text(digits: str) -> bool:
    """True when list numbers are written as text (Arabic-Indic digits)."""
    return digits == "arabic-indic"


def item_label(number: int, digits: str) -> str:
    """The text label of the `number`th item of a list: «١.» and a tab."""
    return to_style(f"{number}.", digits) + "\t"


def build_numbering(ordered_lists: int, digits: str, fonts: FontSet) -> etree._Element:
    """numbering.xml: one bullet definition and, unless the numbers are text, one decimal
    definition with a w:num per ordered list (each restarts at 1). Indents are logical
    (w:start), so in a right-to-left paragraph the bullet or number sits on the right."""
    root = make("w:numbering")
    formats = [("bullet", "•")]
    if not numbers_as_text(digits):
        formats.append(("decimal", "%1."))
    for abstract_id, (fmt, text) in enumerate(formats):
        abstract = add(root, "w:abstractNum", {"w:abstractNumId": str(abstract_id)})
        add(abstract, "w:multiLevelType", {"w:val": "singleLevel"})
        lvl = add(abstract, "w:lvl", {"w:ilvl": "0"})
        add(lvl, "w:start", {"w:val": "1"})
        add(lvl, "w:numFmt", {"w:val": fmt})
        add(lvl, "w:pStyle", {"w:val": "ListBullet" if fmt == "bullet" else "ListNumber"})
        add(lvl, "w:lvlText", {"w:val": text})
        add(lvl, "w:lvlJc", {"w:val": "left"})
        add(add(lvl, "w:pPr"), "w:ind", LIST_INDENT)
        if fmt == "bullet":
            family = fonts.latin_family
            add(
                add(lvl, "w:rPr"),
                "w:rFonts",
                {"w:ascii": family, "w:hAnsi": family, "w:cs": family, "w:hint": "default"},
            )
    nums = [(BULLET_NUM_ID, 0, False)]
    if not numbers_as_text(digits):
        nums += [(ORDERED_NUM_ID + i, 1, i > 0) for i in range(max(ordered_lists, 1))]
    for num_id, abstract_id, restart in nums:
        num = add(root, "w:num", {"w:numId": str(num_id)})
        add(num, "w:abstractNumId", {"w:val": str(abstract_id)})
        if restart:
            override = add(num, "w:lvlOverride", {"w:ilvl": "0"})
            add(override, "w:startOverride", {"w:val": "1"})
    return root
