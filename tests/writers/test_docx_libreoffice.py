"""The edition's DOCX papers as editors open them in LibreOffice, and as a validator reads them.

One session fixture writes the four DOCX papers of the real fact base, and each summary
again with the one-line pointer to a "changes since" section that a later edition adds, and
converts every file once with LibreOffice (headless, a profile of its own), all at once.
The tests read the PDFs it makes: pages, each contents entry's number against the page its
heading is drawn on, the digits of list numbers, and the fonts used; openxml-audit reads
the packages. They need soffice, pdffonts and pdftotext: without them they skip, except
when CI=true, where a missing tool is a failure.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from conftest import MINI_FACTS, require_tool
from fontTools.ttLib import TTFont
from libreoffice import convert_to_pdf
from lxml import etree
from openxml_audit import OpenXmlValidator

from briefgen.compose.render import compose
from briefgen.facts.load import load_facts
from briefgen.model import Contents, Document, ListBlock, Paragraph, Text, plain_text
from briefgen.pipeline import ROOT
from briefgen.text.numerals import to_style
from briefgen.writers.docx.document import write_docx
from briefgen.writers.docx.numbering import LIST_INDENT
from briefgen.writers.docx.styles import PAGE_TWIPS, metrics
from briefgen.writers.fonts import FONT_FILES, load_fontset

FONTS = load_fontset(ROOT / "fonts")
LANGS = ("ar", "en")
PAPERS = [(paper, lang) for paper in ("full", "summary") for lang in LANGS]
POINTER = {
    "ar": "ما الذي تغيّر منذ الإصدار ١: انظر «التغييرات منذ الإصدار ١» في الورقة الكاملة.",
    "en": "What changed since edition 1: see “Changes since edition 1” in the full paper.",
}


@dataclass
class Converted:
    """One paper: its model, the DOCX written from it and the PDF LibreOffice made of it."""

    document: Document
    docx: Path
    pdf: Path


@pytest.fixture(scope="session")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Converted]:
    """{(paper, lang): Converted} for the full paper, the summary, and "pointer" (the
    summary with the one-line pointer to the changes section)."""
    require_tool("soffice")
    out = tmp_path_factory.mktemp("docx-libreoffice")
    base = load_facts(ROOT / "facts.toml", LANGS)
    documents = {}
    for paper, lang in [*PAPERS, *(("pointer", lang) for lang in LANGS)]:
        template = "summary" if paper == "pointer" else paper
        document = compose(base, template, lang, base.brief.digits, ROOT / "templates")
        if paper == "pointer":
            document.blocks.append(Paragraph([Text(POINTER[lang])]))
        documents[(paper, lang)] = document
    paths = {key: out / f"{key[0]}.{key[1]}.docx" for key in documents}
    for key, document in documents.items():
        write_docx(document, FONTS, paths[key])
    pdfs = convert_to_pdf(list(paths.values()), out)
    return {key: Converted(documents[key], paths[key], pdfs[paths[key]]) for key in documents}


def page_count(pdf: Path) -> int:
    return len(pdfium.PdfDocument(pdf))


def letters(text: str) -> str:
    """Only the letters of `text` (NFKC): what survives any reader's order of marks,
    digits, brackets and spaces."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalpha())


def large_letters(pdf: Path, above: float) -> list[Counter[str]]:
    """Per page, the letters drawn in a font larger than `above` points (titles and
    headings, not the contents entries or the text), counted: PDFium gives Arabic lines
    with marks in pieces whose order varies, so a heading is looked for by its letters."""
    pages = []
    for page in pdfium.PdfDocument(pdf):
        textpage = page.get_textpage()
        chars = [textpage.get_text_range(i, 1) for i in range(textpage.count_chars())
                 if pdfium_raw.FPDFText_GetFontSize(textpage.raw, i) > above]  # fmt: skip
        pages.append(Counter(letters("".join(chars))))
    return pages


def heading_pages(pdf: Path, headings: list[str], body: float) -> list[int]:
    """The page (1-based) on which each heading is drawn: where LibreOffice's outline
    entry of that title points, checked against the letters drawn large on that page."""
    document = pdfium.PdfDocument(pdf)
    outline = [(item.get_title(), item.get_dest().get_index()) for item in document.get_toc()]
    large = large_letters(pdf, body + 0.5)
    pages, position = [], 0
    for heading in headings:
        while outline[position][0] != heading:
            position += 1
        index = outline[position][1]
        assert not Counter(letters(heading)) - large[index], f"{heading!r} not on page {index + 1}"
        pages.append(index + 1)
    return pages


def contents_numbers(pdf: Path, document: Document, first_heading: str) -> list[int]:
    """The page numbers the contents shows, in reading order: the Western numbers between
    the contents' title and the first heading, less the running footer's and the numbers
    that start a line as a label (the English questions' «1.»)."""
    pdf_document = pdfium.PdfDocument(pdf)
    text = "".join(page.get_textpage().get_text_range() for page in pdf_document)
    text = text.replace("\r\n", "\n")
    contents = next(b for b in document.blocks if isinstance(b, Contents))
    start = text.index(contents.title) + len(contents.title)
    end = start + re.search(rf"(?m)^{re.escape(first_heading)}\s*$", text[start:]).start()
    text = text[start:end]
    footer = re.escape(document.meta.page_label).replace(r"\ ", r"\s*")
    footer = footer.replace(r"\{page\}", "[0-9]+").replace(r"\{pages\}", "[0-9]+")
    text = re.sub(r"(?m)^[0-9]+\.\s", " ", re.sub(footer, " ", text))
    return [int(n) for n in re.findall("[0-9]+", text)]


def label_words(pdf: Path, document: Document) -> list[str]:
    """The list numbers LibreOffice drew in `pdf` (digits only; pdftotext's words)."""
    out = subprocess.run([require_tool("pdftotext"), "-bbox-layout", str(pdf), "-"],
                         capture_output=True, check=True).stdout  # fmt: skip
    return list_labels(etree.fromstring(out, etree.HTMLParser(encoding="utf-8")), document)


def list_labels(layout: etree._Element, document: Document) -> list[str]:
    """The words (digits and periods only) drawn where a list item's number goes in a
    pdftotext -bbox-layout `layout`: first in their line's reading order, the list's start
    indent less its hanging indent in from the margin (the right margin in Arabic), and
    followed on their line by the start of one of the document's numbered list items (so
    that a wrapped line of another paragraph that starts with a number is not one)."""
    lang, rtl = document.lang, document.lang == "ar"
    m = metrics(lang, document.density)
    inset = (m.side_margin + int(LIST_INDENT["w:start"]) - int(LIST_INDENT["w:hanging"])) / 20
    width = PAGE_TWIPS[0] / 20
    starts = [line_letters(plain_text(item)) for block in document.blocks
              if isinstance(block, ListBlock) and block.ordered for item in block.items]
    found = []
    for line in drawn_lines(layout):
        words = sorted(line, key=lambda w: float(w.get("xmin")), reverse=rtl)  # reading order
        first, text = words[0], words[0].text or ""
        edge = width - float(first.get("xmax")) if rtl else float(first.get("xmin"))
        rest = line_letters("".join(w.text or "" for w in words[1:]))
        if (abs(edge - inset) < 2 and re.fullmatch(r"\.?\d+\.?", text) and rest
                and any(Counter(rest) == Counter(start[:len(rest)]) for start in starts)):
            found.append(text.strip("."))
    return found


def drawn_lines(layout: etree._Element) -> list[list[etree._Element]]:
    """The words of each page grouped by the line they are drawn on (pdftotext may give a
    list number and its text as lines of their own), top to bottom."""
    lines = []
    for page in layout.iter("page"):
        rows: dict[float, list[etree._Element]] = {}
        for word in page.iter("word"):
            middle = (float(word.get("ymin")) + float(word.get("ymax"))) / 2
            row = next((y for y in rows if abs(y - middle) < 2), middle)
            rows.setdefault(row, []).append(word)
        lines += [rows[y] for y in sorted(rows)]
    return lines


def line_letters(text: str) -> str:
    """The letters of `text` but tatweel (which justification may add): a line's letters,
    compared as a multiset with the start of a list item's, whatever the order in which
    pdftotext gives an Arabic word's letters and wherever it splits a word."""
    return letters(text).replace("\u0640", "")


# --- Pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["summary", "pointer"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_is_one_page_even_with_the_changes_pointer(papers, paper, lang):
    converted = papers[(paper, lang)]
    assert page_count(converted.pdf) == 1
    if paper == "pointer":
        assert letters(POINTER[lang]) in letters(pdfium.PdfDocument(converted.pdf)[0]
                                                 .get_textpage().get_text_range())  # fmt: skip


PDF_SUMMARY_BODY = {"ar": 10.5, "en": 8.8}  # points: briefgen/writers/pdf/styles.py, compact


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_body_is_no_smaller_than_the_pdf_summarys(lang):
    assert metrics(lang, "compact").body >= PDF_SUMMARY_BODY[lang]


# --- Contents --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_contents_entry_shows_the_page_its_heading_is_drawn_on(papers, lang):
    converted = papers[("full", lang)]
    document = converted.document
    contents = next(b for b in document.blocks if isinstance(b, Contents))
    headings = [plain_text(h.inlines) for h in document.headings() if h.level <= contents.depth]
    drawn = heading_pages(converted.pdf, headings, metrics(lang).body)
    shown = contents_numbers(converted.pdf, document, headings[0])
    right = sum(s == d for s, d in zip(shown, drawn, strict=False))
    assert shown == drawn, f"{right} of {len(headings)} entries show their heading's page"
    assert drawn == sorted(drawn) and drawn[0] > 1 and drawn[-1] <= page_count(converted.pdf)


# --- List numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "lang"), PAPERS)
def test_list_numbers_are_drawn_in_the_papers_digits(papers, paper, lang):
    converted = papers[(paper, lang)]
    document = converted.document
    digits = document.digits if lang == "ar" else "western"
    expected = [to_style(str(n), digits)
                for block in document.blocks if isinstance(block, ListBlock) and block.ordered
                for n in range(1, len(block.items) + 1)]  # fmt: skip
    assert expected
    assert label_words(converted.pdf, document) == expected


def layout(*lines: list[tuple[float, str]]) -> etree._Element:
    """A pdftotext -bbox-layout page of `lines`, each a list of (xMin, word), words 10 pt
    wide, lines 14 pt apart."""
    body = "".join("<line>" + "".join(
        f'<word xMin="{x}" xMax="{x + 10}" yMin="{14 * n}" yMax="{14 * n + 10}">{w}</word>'
        for x, w in line) + "</line>" for n, line in enumerate(lines))
    return etree.fromstring(f"<html><body><doc><page>{body}</page></doc></body></html>",
                            etree.HTMLParser(encoding="utf-8"))


def test_only_the_lines_that_start_a_numbered_item_count_as_list_numbers():
    document = compose(load_facts(MINI_FACTS), "full", "en", "western", ROOT / "templates")
    at = (metrics("en").side_margin + int(LIST_INDENT["w:start"])
          - int(LIST_INDENT["w:hanging"])) / 20  # where the number goes
    page = layout([(at, "1."), (at + 17, "The"), (at + 40, "level"), (at + 70, "of")],
                  [(at - 11, "to"), (at + 1.8, "23"), (at + 17, "July"), (at + 40, "2021,")],
                  [(at, "23"), (at + 17, "July"), (at + 40, "2021,"), (at + 70, "which")])
    assert list_labels(page, document) == ["1"]  # not the 23s of a wrapped paragraph


def test_western_list_numbers_in_the_arabic_paper_are_found():
    document = compose(load_facts(MINI_FACTS), "full", "ar", "arabic-indic", ROOT / "templates")
    right = PAGE_TWIPS[0] / 20 - (metrics("ar").side_margin + int(LIST_INDENT["w:start"])
                                  - int(LIST_INDENT["w:hanging"])) / 20 - 10  # the number's xMin
    item = [(right - 40, "ديدهتلا"), (right - 20, "ىوتسم")]  # pdftotext: letters as drawn
    assert list_labels(layout([*item, (right, "1.")]), document) == ["1"]
    assert list_labels(layout([*item, (right, "١.")]), document) == ["١"]
    assert to_style("1", document.digits) == "١"  # what test_list_numbers_… expects here


# --- Fonts -----------------------------------------------------------------------------------

SHIPPED = {TTFont(ROOT / "fonts" / name)["name"].getDebugName(6) for name in FONT_FILES.values()}


@pytest.mark.parametrize(("paper", "lang"), PAPERS)
def test_only_the_shipped_faces_draw_the_paper(papers, paper, lang):
    listing = subprocess.run([require_tool("pdffonts"), str(papers[(paper, lang)].pdf)],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    rows = [line.split() for line in listing.splitlines()[2:]]
    faces = {row[0].split("+")[-1] for row in rows}
    assert faces <= SHIPPED, f"machine fonts used: {sorted(faces - SHIPPED)}"
    assert {"NotoSerif-Regular", "NotoSerif-Bold"} <= faces
    if lang == "ar":
        assert {"NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold"} <= faces


# --- Package ---------------------------------------------------------------------------------


def audit(path: Path) -> list[str]:
    """openxml-audit's findings on a package."""
    return [str(error) for error in OpenXmlValidator(max_errors=0).validate(str(path)).errors]


@pytest.mark.parametrize(("paper", "lang"), PAPERS)
def test_openxml_audit_finds_nothing_and_direction_and_fonts_stay(papers, paper, lang):
    path = papers[(paper, lang)].docx
    assert audit(path) == []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        document = archive.read("word/document.xml").decode()
        styles = archive.read("word/styles.xml").decode()
    assert len([n for n in names if n.startswith("word/fonts/")]) == 5
    assert f'w:cs="{FONTS.arabic_family}"' in styles
    if lang == "ar":
        assert "<w:bidi/>" in document and "<w:rtl/>" in document
        assert "<w:bidiVisual/>" in document or paper == "summary"


def test_openxml_audit_reports_a_package_without_its_theme(papers, tmp_path):
    source = papers[("summary", "en")].docx
    broken = tmp_path / "no-theme.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb"<Relationship [^>]*theme1.xml\"/>", b"", data)
            if item.filename != "word/theme/theme1.xml":
                new.writestr(item, data)
    assert [f for f in audit(broken) if "relationships/theme" in f]
