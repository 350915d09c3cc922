"""The acceptance figures of one PDF, per reader: what tests/readers/test_*.py assert and
what report.py prints. Each function reads the file with the real readers and compares
with the paper the model composes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from readers.measures import (
    ARABIC_WORD,
    BIDI_CONTROLS,
    HARAKA,
    Share,
    brackets,
    detached_harakat,
    exact_fold,
    expected_finds,
    frequent_words,
    in_order,
    joined,
    pdfjs_fold,
    plain_search,
    presentation_forms,
    tokens,
    words_with_harakat,
)
from readers.paper import Paper
from readers.pdfjs import read_pdfjs
from readers.reading import body, column, page_count, pages_of, pdfium_find, text_of

from briefgen.model import Document, Table, plain_text

# Named in issue 13: words with a hamza on its carrier, and the phrases the find bars missed.
NAMED_WORDS = ("إيران", "ثنائية", "الفصائل", "فؤاد", "العراق", "التحالف", "واشنطن", "بغداد")
PHRASES = ("آب/أغسطس ٢٠٢٣", "اللجنة العسكرية العليا", "٢٬٥٠٠ جندي")
HAMZA_CARRIER = "أإؤئآ"
FIND_ENGINES = {"pdfjs": pdfjs_fold, "pdfium": exact_fold}


def model_texts(paper: Paper, path: Path) -> list[str]:
    """The model's texts of the file: its blocks and the running lines of its pages."""
    return paper.texts(page_count(path))


def table_headers(document: Document) -> list[str]:
    """The header cells of the tables, which a table repeats on each page it runs on to
    (the model cannot say how often, so the find tests leave out the words they hold)."""
    return [plain_text(c.inlines) for b in document.blocks if isinstance(b, Table) for c in b.header]


def find_queries(paper: Paper, path: Path) -> list[str]:
    """What the find tests type: the words and phrases named in issue 13 that the paper
    has, and its five most frequent words with a hamza on a carrier and without one."""
    texts = model_texts(paper, path)
    frequent = frequent_words(texts, 400)
    hamza = [w for w in frequent if any(c in w for c in HAMZA_CARRIER)][:5]
    plain = [w for w in frequent if len(w) >= 4 and not any(c in w for c in HAMZA_CARRIER)][:5]
    queries = dict.fromkeys([*NAMED_WORDS, *hamza, *plain, *PHRASES])
    headers = table_headers(paper.document)
    return [q for q in queries if expected_finds(q, texts)
            and not any(expected_finds(q, headers, fold) for fold in FIND_ENGINES.values())]


def find_counts(paper: Paper, path: Path, engine: str) -> dict[str, tuple[int, int]]:
    """For each find query: (matches the engine returns, occurrences in the model's text
    folded as the engine folds)."""
    queries = find_queries(paper, path)
    texts = model_texts(paper, path)
    if engine == "pdfjs":
        got = read_pdfjs(path, tuple(queries))["find"]
    else:
        got = {q: pdfium_find(path, q) for q in queries}
    return {q: (got[q], expected_finds(q, texts, FIND_ENGINES[engine]) - across_pages(q, path))
            for q in queries}


def across_pages(query: str, path: Path) -> int:
    """The occurrences of a phrase that a page break cuts (its first words end one page's
    body, the rest start the next's, as PDFium reads them): a viewer's find searches each
    page by itself, so none finds these."""
    if len(tokens(query)) < 2:
        return 0
    needle = joined(query)
    pages = [joined(text) for text in pages_of("pdfium", path, body(path))]
    return sum((a[:-1] + b).count(needle) - a.count(needle) - b.count(needle)
               for a, b in pairwise(pages))


@dataclass
class ReaderFigures:
    """What one reader gives back of one file."""

    reader: str
    presentation: Share
    frequent: Share
    harakat_words: Share
    in_order: Share
    brackets: Share
    mirrored: int
    detached: Share
    missing_words: list[str] = field(default_factory=list)
    not_in_order: list[str] = field(default_factory=list)


def reading_texts(reader: str, path: Path, paper: Paper) -> list[str]:
    """The reader's texts to look for a statement in, as joined token strings: the body of
    the pages (without the running lines, so that a paragraph runs on from one page to the
    next), and each strip holding a table column with statements, read within its cells
    (without the header cell the table repeats at the top of a page it runs on to)."""
    texts = [joined(text_of(reader, path, body(path)))]
    for c in paper.columns:
        header = joined(c.header)
        pages = [joined(t) for t in pages_of(reader, path, column(path, c.start, c.end,
                                                                   paper.lang == "ar"))]
        pages = [" " + t[len(header):] if t.startswith(header) else t for t in pages]
        texts.append("".join(pages))
    return texts


def table_cells(paper: Paper) -> list[str]:
    """The text of every table cell of the paper (its header row's too)."""
    return [plain_text(cell.inlines) for block in paper.document.blocks
            if isinstance(block, Table) for row in [block.header, *block.rows] for cell in row]


def bracket_texts(reader: str, path: Path, paper: Paper) -> list[list[str]]:
    """The reader's texts to look for bracket pairs in: the body of the pages, then for
    each table layout the text of each of its columns read within their cells (a cell's
    line is one line with its row's other cells to Poppler and PDFium, so a pair in a cell
    that runs over two lines is cut by theirs; issue 13 reads a table cell within its
    cell)."""
    rtl = paper.lang == "ar"
    texts = [[text_of(reader, path, body(path))]]
    for layout in paper.tables:
        columns = []
        for c in layout:
            pages = pages_of(reader, path, column(path, c.start, c.end, rtl))
            columns.append("\n".join(without_header(page, c.header) for page in pages))
        texts.append(columns)
    return texts


def without_header(text: str, header: str) -> str:
    """A column's text on a page without the header cell it starts with (a table repeats its
    header at the top of each page it runs on to)."""
    words = tokens(header)
    if not words:
        return text
    start = re.match(r"\W*" + r"\W+".join(map(re.escape, words)) + r"(?!\w)",
                     BIDI_CONTROLS.sub("", text))
    return BIDI_CONTROLS.sub("", text)[start.end():] if start else text


def statements_in_order(reader: str, path: Path, paper: Paper) -> tuple[Share, list[str]]:
    """The paper's statements found in logical word order in the reader's text, and the ids
    of those not found."""
    texts = reading_texts(reader, path, paper)
    missing = [f"{s.kind} {s.id}" for s in paper.statements if not in_order(s.text, texts)]
    return Share(len(paper.statements) - len(missing), len(paper.statements)), missing


def reader_figures(reader: str, path: Path, paper: Paper) -> ReaderFigures:
    """Every figure of one reader on one file."""
    text = text_of(reader, path)
    model = model_texts(paper, path)
    frequent, missing = plain_search(frequent_words(model), model, text)
    harakat, missing_harakat = plain_search(words_with_harakat(model), model, text)
    order, not_found = statements_in_order(reader, path, paper)
    logical, mirrored = brackets(model, bracket_texts(reader, path, paper), table_cells(paper))
    return ReaderFigures(reader, presentation_forms(text), frequent, harakat, order, logical,
                         mirrored, detached_harakat(text), missing + missing_harakat, not_found)


def model_harakat(paper: Paper, path: Path) -> int:
    """Harakat in the model's Arabic words."""
    return sum(len(HARAKA.findall(w)) for t in model_texts(paper, path)
               for w in ARABIC_WORD.findall(t))
