"""What a finished PDF should give back, from the model: the paper composed from its fact
base exactly as the pipeline composes it for the file (briefgen.pipeline.composed_papers:
with the changes since the earlier edition recorded beside the file), never from strings
written into a test.

A `Paper` holds the composed document's text block by block (headings, paragraphs, list
items, table cells, contents entries), the running lines drawn on every page, the
statements a reader must find whole (facts, key judgments, open questions) and the
columns of the tables that hold them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from briefgen.facts.load import load_facts
from briefgen.model import Contents, Document, Heading, ListBlock, Paragraph, Table, plain_text
from briefgen.pipeline import ROOT, Options, composed_papers, paper_names
from briefgen.text.numerals import to_style

FACTS = ROOT / "facts.toml"
TEMPLATES = ROOT / "templates"
BRIEFS = ROOT / "briefs"


@dataclass(frozen=True)
class Statement:
    """A statement the paper prints whole: `kind` is fact, judgment or question."""

    kind: str
    id: str
    text: str


@dataclass(frozen=True)
class Column:
    """A table column that holds statements: where it starts and ends, as fractions of the
    table's width from its start side (right in Arabic), and its header cell's text (which
    the table repeats at the top of each page it runs on to)."""

    start: float
    end: float
    header: str


@dataclass
class Paper:
    """One composed paper (`name` full or summary, in `lang`)."""

    name: str
    lang: str
    document: Document
    blocks: list[str]
    statements: list[Statement]
    columns: list[Column] = field(default_factory=list)  # the statements' table columns
    tables: list[tuple[Column, ...]] = field(default_factory=list)  # every table layout

    def running(self, pages: int) -> list[str]:
        """The lines drawn on every page of a file of `pages` pages: the running header's
        two halves and the footer's page label."""
        meta = self.document.meta
        lines = []
        for n in range(1, pages + 1):
            label = meta.page_label.format(page=self.number(n), pages=self.number(pages))
            lines += [meta.short_title, meta.handling, label]
        return lines

    def number(self, n: int) -> str:
        """A page number in the paper's digits."""
        return to_style(str(n), self.document.digits) if self.lang == "ar" else str(n)

    def texts(self, pages: int) -> list[str]:
        """The text the file should hold: the paper's blocks in reading order as one text,
        a line break between blocks (a reader's search runs on from one to the next), and
        each running line on its own."""
        return ["\n".join(self.blocks), *self.running(pages)]


def block_texts(document: Document) -> list[str]:
    """The text of every block in reading order; a list gives one text per item, a table one
    per cell (header first), the contents one per entry (after its title)."""
    texts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            texts.append(plain_text(block.inlines))
        elif isinstance(block, ListBlock):
            texts += [plain_text(item) for item in block.items]
        elif isinstance(block, Table):
            for row in [block.header, *block.rows]:
                texts += [plain_text(cell.inlines) for cell in row]
        elif isinstance(block, Contents):
            texts.append(block.title)
            texts += [plain_text(h.inlines) for h in document.headings() if h.level <= block.depth]
    return [t for t in texts if t.strip()]


def table_columns(table: Table) -> list[Column]:
    """The columns of a table, from its start side."""
    total = sum(table.widths)
    return [Column(sum(table.widths[:i]) / total, sum(table.widths[:i + 1]) / total,
                   plain_text(table.header[i].inlines)) for i in range(len(table.widths))]


def statement_columns(document: Document, statements: list[Statement]) -> list[Column]:
    """The table columns that hold a statement: where a reader must read a cell within its
    cell."""
    columns = set()
    for table in (b for b in document.blocks if isinstance(b, Table)):
        for i, column in enumerate(table_columns(table)):
            cells = [plain_text(row[i].inlines) for row in table.rows]
            if any(s.text in cell for s in statements for cell in cells):
                columns.add(column)
    return sorted(columns, key=lambda c: (c.start, c.end))


def table_layouts(document: Document) -> list[tuple[Column, ...]]:
    """The columns of each table layout of the paper (tables with the same columns once)."""
    layouts = dict.fromkeys(tuple(table_columns(b)) for b in document.blocks
                            if isinstance(b, Table))
    return list(layouts)


@lru_cache(maxsize=4)
def _composed(facts: Path, digits: str | None, out: Path) -> dict[tuple[str, str], Document]:
    """Every paper of the fact base in both languages, as `make brief` composes them into
    `out` (whose records give the changes since the earlier edition)."""
    options = Options(facts=facts, out=out, templates=TEMPLATES, digits=digits,
                      papers=tuple(paper_names(TEMPLATES)))
    return composed_papers(options)


@lru_cache(maxsize=16)
def load_paper(name: str, lang: str, facts: Path = FACTS, digits: str | None = None,
               out: Path = BRIEFS) -> Paper:
    """The paper `name` in `lang` composed from the fact base at `facts` as the pipeline
    composes it for the output folder `out` (its own digit style unless `digits` is
    given)."""
    base = load_facts(facts)
    document = _composed(facts, digits, out)[(name, lang)]
    blocks = block_texts(document)
    whole = "\n".join(blocks)

    def localized(text: str) -> str:
        return to_style(text, document.digits) if lang == "ar" else text

    candidates = [Statement("fact", f.id, localized(f.text.get(lang))) for f in base.facts]
    candidates += [Statement("judgment", j.id, localized(j.text.get(lang))) for j in base.judgments]
    candidates += [Statement("question", q.id, localized(q.text.get(lang))) for q in base.questions]
    statements = [s for s in candidates if s.text in whole]
    paper = Paper(name, lang, document, blocks, statements)
    paper.columns = statement_columns(document, statements)
    paper.tables = table_layouts(document)
    return paper


def paper_of(path: Path, facts: Path = FACTS, digits: str | None = None) -> Paper:
    """The paper a file written by the generator holds, from its name
    (`<brief-id>[-<paper>].<lang>.pdf`), composed for the folder it is in."""
    stem, lang, _ = path.name.rsplit(".", 2)
    base_id = load_facts(facts).brief.id
    name = stem[len(base_id) + 1:] if stem.startswith(base_id + "-") else "full"
    return load_paper(name, lang, facts, digits, path.resolve().parent)
