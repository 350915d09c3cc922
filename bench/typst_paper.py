"""The bench's peer: a composed paper (briefgen's Document) as an equivalent Typst document.

Not part of the product. `make bench` compiles what this writes with Typst (PyPI's `typst`)
to time it against our PDF writer on the same paper: the same blocks in the same order
(headings, paragraphs, bulleted and numbered lists, tables with a header row, the contents
with page numbers, links from citations to their sources), the same fonts (only those in
fonts/), A4 with our margins, our body sizes and line spacing, right to left for Arabic,
the running header and "page x of y" footer in the paper's digits.

Text goes in as Typst string literals, never as markup, so no character of a fact acts as
Typst syntax (`#`, `*`, `_`, `=`, quotes, `--` stay as typed).
"""

from __future__ import annotations

import re
from pathlib import Path

from briefgen.model import (
    Cell,
    Cite,
    Contents,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Table,
)

# our PDF writer's page (briefgen/writers/pdf/geometry.py) and colours (styles.py, blocks.py)
SIDE_MARGIN_CM, TOP_MARGIN_CM = 2.2, 2.5
ACCENT = "rgb(20, 59, 102)"
GREY = "luma(35%)"
RULE = "rgb(191, 199, 209)"
HEADER_FILL = "rgb(230, 237, 245)"
LABEL = re.compile(r"[A-Za-z0-9_.:-]+")
TYPST_DIGITS = {"arabic-indic": "١", "western": "1"}


def literal(text: str) -> str:
    """A Typst string literal of `text`."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


class TypstPaper:
    """Writes one Document as Typst source."""

    def __init__(self, document: Document):
        self.document = document
        self.rtl = document.direction == "rtl"
        self.body, self.leading = (12.5, 21.0) if document.lang == "ar" else (10.5, 15.0)
        if document.density == "compact":
            self.body, self.leading = self.body * 0.84, self.leading * 0.74
        self.scale = self.body / 10.5
        self.numbering = TYPST_DIGITS.get(document.digits, "1") if document.lang == "ar" else "1"
        self.anchors = {a for a in _anchors(document) if LABEL.fullmatch(a)}

    def source(self) -> str:
        """The whole document: the settings, then every block."""
        parts = [self.preamble()]
        for block in self.document.blocks:
            if isinstance(block, Heading):
                parts.append(self.heading(block))
            elif isinstance(block, Paragraph):
                parts.append(self.paragraph(block))
            elif isinstance(block, ListBlock):
                parts.append(self.list(block))
            elif isinstance(block, Table):
                parts.append(self.table(block))
            elif isinstance(block, Contents):
                parts.append(self.contents(block))
            else:
                raise TypeError(f"no Typst rule for {type(block).__name__}")
        return "\n\n".join(parts) + "\n"

    # ----------------------------------------------------------------- settings

    def preamble(self) -> str:
        meta, body, scale = self.document.meta, self.body, self.scale
        fonts = '("Noto Naskh Arabic", "Noto Serif")' if self.rtl else \
            '("Noto Serif", "Noto Naskh Arabic")'
        lang = self.document.lang
        direction = "rtl" if self.rtl else "ltr"
        keywords = ", ".join(literal(k) for k in meta.keywords)
        running = body * 0.72
        # lines are 1 em boxes (top edge 0.8 em, bottom edge -0.2 em), so that the gap
        # between them is our leading less the size: the same baseline-to-baseline distance
        gap = self.leading - body
        page_label = self._page_label()
        return "\n".join([
            f"#set document(title: {literal(meta.title)}, author: {literal(meta.author)}, "
            f"keywords: ({keywords},))",
            f"#set text(font: {fonts}, size: {body:.2f}pt, lang: {literal(lang)}, "
            f"dir: {direction}, top-edge: 0.8em, bottom-edge: -0.2em, hyphenate: false)",
            f"#set par(justify: true, leading: {gap:.2f}pt, spacing: {gap + 5 * scale:.2f}pt)",
            f"#set page(paper: \"a4\", margin: (x: {SIDE_MARGIN_CM}cm, y: {TOP_MARGIN_CM}cm),",
            f"  numbering: {literal(self.numbering)},",
            f"  header: [#set text(size: {running:.2f}pt, fill: {GREY})",
            f"    #grid(columns: (1fr, 1fr), align: (start, end), {literal(meta.short_title)}, "
            f"{literal(meta.handling)})",
            "    #v(-0.45em) #line(length: 100%, stroke: 0.4pt + luma(70%))],",
            f"  footer: context align(center, text(size: {running:.2f}pt, fill: {GREY}, "
            f"{page_label})))",
            f"#show heading: set text(fill: {ACCENT})",
            *(self._heading_rule(level, size, leading, before, after) for level, size, leading,
              before, after in ((1, 1.45, 2.2, 14, 4), (2, 1.15, 1.8, 9, 3), (3, 1.0, None, 6, 2))),
            f"#set list(marker: [•], indent: 0pt, body-indent: {body * 0.6:.2f}pt, "
            f"spacing: {gap + 2 * scale:.2f}pt)",
            f"#set enum(numbering: {literal(self.numbering + '.')}, indent: 0pt, "
            f"body-indent: {body * 0.6:.2f}pt, spacing: {gap + 2 * scale:.2f}pt)",
            "#show outline.entry.where(level: 1): set text(weight: \"regular\")",
        ])

    def _heading_rule(self, level: int, size: float, leading: float | None, before: float,
                      after: float) -> str:
        body, scale = self.body, self.scale
        line = body * leading if leading else self.leading
        extra = line - body * size  # what our taller heading line adds around the text
        return (f"#show heading.where(level: {level}): set block(above: "
                f"{before * scale + extra:.2f}pt, below: {after * scale + extra:.2f}pt)\n"
                f"#show heading.where(level: {level}): set text(size: {body * size:.2f}pt)")

    def _page_label(self) -> str:
        """The footer's "page x of y" as a Typst expression, in the paper's digits."""
        numbers = {"page": f"numbering({literal(self.numbering)}, here().page())",
                   "pages": f"numbering({literal(self.numbering)}, "
                            "counter(page).final().first())"}
        pieces = re.split(r"(\{page\}|\{pages\})", self.document.meta.page_label)
        terms = [numbers[p[1:-1]] if p in ("{page}", "{pages}") else literal(p)
                 for p in pieces if p]
        return " + ".join(terms) or '""'

    # ----------------------------------------------------------------- blocks

    def inlines(self, inlines: list[Inline]) -> str:
        """Inline content as markup made only of string literals, strong/emph and links."""
        out = []
        for item in inlines:
            if isinstance(item, Cite):
                text = literal(item.text)
                out.append(f"#link(<{item.target}>)[#{text}]" if item.target in self.anchors
                           else f"#{text}")
            elif item.strong and item.emph:
                out.append(f"#strong(emph({literal(item.text)}))")
            elif item.strong:
                out.append(f"#strong({literal(item.text)})")
            elif item.emph:
                out.append(f"#emph({literal(item.text)})")
            else:
                out.append(f"#{literal(item.text)}")
        return "".join(out)

    def label(self, anchor: str | None) -> str:
        """A labelled marker at this place, for links to land on."""
        return f"#metadata(none) <{anchor}>" if anchor in self.anchors else ""

    def heading(self, block: Heading) -> str:
        label = f" <{block.anchor}>" if block.anchor in self.anchors else ""
        return f"{'=' * block.level} {self.inlines(block.inlines)}{label}"

    def paragraph(self, block: Paragraph) -> str:
        body, scale, text = self.body, self.scale, self.inlines(block.inlines)
        looks = {
            "title": f"size: {body * 2:.2f}pt, weight: \"bold\", fill: {ACCENT}",
            "subtitle": f"size: {body * 1.35:.2f}pt, fill: {ACCENT}",
            "meta": f"size: {body * 0.85:.2f}pt, fill: {GREY}",
            "note": f"size: {body * 0.85:.2f}pt",
        }
        if block.role not in looks:
            return self.label(block.anchor) + text
        spacing = {"title": 2, "subtitle": 8, "meta": 0, "note": 3}[block.role]
        return (f"#block(below: {spacing * scale + 4:.2f}pt)[#set par(justify: false)\n"
                f"#set text({looks[block.role]})\n{self.label(block.anchor)}{text}]")

    def list(self, block: ListBlock) -> str:
        marker = "+" if block.ordered else "-"
        return "\n".join(f"{marker} {self.inlines(item)}" for item in block.items)

    def cell(self, cell: Cell) -> str:
        return f"[{self.label(cell.anchor)}{self.inlines(cell.inlines)}]"

    def table(self, block: Table) -> str:
        size = self.body * 0.85
        gap = self.leading * 0.8 - size
        # reportlab gives a cell's paragraph n leadings of height, Typst n sizes and n - 1
        # gaps: the one gap more goes into the cell's padding, half above, half below
        columns = ", ".join(f"{w:g}fr" for w in block.widths)
        rows = [f"  table.header({', '.join(self.cell(c) for c in block.header)}),"]
        rows += [f"  {', '.join(self.cell(c) for c in row)}," for row in block.rows]
        return "\n".join([
            f"#[#set text(size: {size:.2f}pt)",
            f"#set par(justify: false, leading: {gap:.2f}pt)",
            "#show table.cell.where(y: 0): set text(weight: \"bold\")",
            f"#table(columns: ({columns}), align: start, inset: (x: 4pt, top: {2 + gap / 2:.2f}pt, "
            f"bottom: {3 + gap / 2:.2f}pt),",
            f"  stroke: (x, y) => (bottom: 0.4pt + {RULE}),",
            f"  fill: (x, y) => if y == 0 {{ {HEADER_FILL} }},",
            *rows,
            ")]",
        ])

    def contents(self, block: Contents) -> str:
        return (f"#outline(title: {literal(block.title)}, depth: {block.depth}, "
                f"indent: {self.body * 1.5:.2f}pt)\n#v({self.leading:.2f}pt)")


def _anchors(document: Document) -> list[str]:
    """Every anchor a block or a table cell of the document carries."""
    found = []
    for block in document.blocks:
        if isinstance(block, (Heading, Paragraph)) and block.anchor:
            found.append(block.anchor)
        elif isinstance(block, Table):
            found += [c.anchor for row in [block.header, *block.rows] for c in row if c.anchor]
    return found


def typst_source(document: Document) -> str:
    """The Typst source of a composed paper."""
    return TypstPaper(document).source()


def write_typst(document: Document, path: Path) -> Path:
    """Write the paper's Typst source to `path`; the path."""
    path.write_text(typst_source(document), encoding="utf-8")
    return path
