"""The PDF writer, judged from the finished file as Poppler and PDFium read it."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pymupdf
import pypdfium2 as pdfium
import pytest
from conftest import require_tool
from fontTools.ttLib import TTFont
from normalized import pdf_content
from pdftext import arabic_words, drawn_characters, flat, pdfium_text, poppler_text
from sample_document import AR_LONG, sample_document

from briefgen.model import Cell, Cite, Contents, Document, Heading, Paragraph, Table, Text
from briefgen.pipeline import ROOT
from briefgen.text.numerals import to_style
from briefgen.writers.fonts import FONT_FILES, load_fontset
from briefgen.writers.pdf.document import write_pdf

FONTS = load_fontset(ROOT / "fonts")
READERS = {"poppler": poppler_text, "pdfium": pdfium_text}


def write(tmp_path: Path, document: Document, name: str = "paper") -> Path:
    path = tmp_path / f"{name}.pdf"
    write_pdf(document, FONTS, path)
    return path


def arabic_paper(*paragraphs: str) -> Document:
    document = sample_document("ar", "western")
    document.blocks = [Heading(1, [Text("اختبار")], "test")] + [
        Paragraph([Text(p)]) for p in paragraphs]
    return document


def assert_in_order(words: list[str], text: str) -> None:
    """Every word of `words` is found in `text`, each after the one before."""
    found = arabic_words(text)
    position = 0
    for word in words:
        assert word in found[position:], f"{word!r} missing or out of order after {position}"
        position = found.index(word, position) + 1


@pytest.mark.parametrize("reader", READERS)
def test_a_multi_line_arabic_paragraph_reads_in_logical_order(tmp_path, reader):
    paragraph = " ".join([AR_LONG] * 3)
    text = READERS[reader](write(tmp_path, arabic_paper(paragraph)))
    lines = [line for line in text.splitlines() if arabic_words(line)]
    assert len(lines) >= 6, "the paragraph should run over several lines"
    assert_in_order(arabic_words(paragraph), text)


MIXED = [
    "وصل نحو 2,500 جندي أميركي",
    "أعمال اللجنة العسكرية العليا (HMC) في بغداد",
    "مقاتلات إف-16 العراقية",
    "من 7-8 آب/أغسطس 2023 في واشنطن",
    "التحالف «بدعوة من الحكومة العراقية» فقط",
    "القيادة المركزية (CENTCOM) وصواريخ F-16 المتقدمة",
]


def latin_and_numbers(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][A-Za-z0-9,]*", text)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("phrase", MIXED)
def test_mixed_runs_keep_their_words_in_order_and_their_tokens_whole(tmp_path, reader, phrase):
    sentence = f"قالت المصادر إن {phrase} بحسب البيان."
    text = flat(READERS[reader](write(tmp_path, arabic_paper(sentence))))
    assert_in_order(arabic_words(sentence), text)
    for token in latin_and_numbers(phrase):
        assert token in text


@pytest.mark.parametrize("phrase", MIXED)
def test_mixed_runs_read_correctly_where_a_line_breaks_around_them(tmp_path, phrase):
    # The same phrase after 0..33 filler words: somewhere it falls at a line's end and start.
    paragraphs = [f"الحوار الأمني المشترك{' كلمة' * k} {phrase} وغيرها" for k in range(0, 36, 3)]
    path = write(tmp_path, arabic_paper(*paragraphs))
    for reader in READERS.values():
        text = reader(path)
        assert_in_order([w for p in paragraphs for w in arabic_words(p)], text)
        for token in latin_and_numbers(phrase):
            assert text.count(token) >= len(paragraphs), token


def without_spaces_at_brackets(text: str) -> str:
    return re.sub(r" ?([()\[\]«»]) ?", r"\1", text)


def test_pdfium_reads_mixed_sentences_in_logical_order(tmp_path):
    # PDFium reorders the visually ordered line and mirrors what it reads in right-to-left
    # text; a mirrored bracket gives it the drawn character (/ActualText), which it mirrors
    # back. It puts the space before an opening bracket after it: spaces at brackets aside,
    # the sentences come back whole.
    sentences = ["وصل نحو 2,500 جندي أميركي إلى العراق.",
                 "التحالف «بدعوة من الحكومة العراقية» فقط.",
                 "لدعم معركة العراق ضد (داعش) والتنظيم [1] فقط."]
    text = without_spaces_at_brackets(pdfium_text(write(tmp_path, arabic_paper(*sentences))))
    for sentence in sentences:
        assert without_spaces_at_brackets(sentence) in text


@pytest.mark.parametrize("reader", ["poppler", "pdfium"])
def test_brackets_read_back_the_logical_way(tmp_path, reader):
    # Rule L4 draws the glyph of ")" for "(" at an odd level; readers get "(" back.
    document = arabic_paper("لدعم معركة العراق ضد (داعش) و«التنظيم» فقط.")
    text = without_spaces_at_brackets(READERS[reader](write(tmp_path, document)))
    assert "(داعش)" in text and "«التنظيم»" in text
    assert ")داعش(" not in text and "»التنظيم«" not in text


def test_harakat_are_kept(tmp_path):
    text = poppler_text(write(tmp_path, arabic_paper("مؤخراً سیُصار شنّت")))
    assert "مؤخراً" in text and "شنّت" in text and "سیُصار" in text


def test_each_haraka_glyph_is_stored_once_and_drawn_at_every_use(tmp_path):
    # shadda and tanween fath, three and two times: two outlines as forms, five uses
    document = arabic_paper("شنّت مؤخراً شنّت مؤخراً شنّت")
    document.meta = replace(document.meta, handling="من مصادر مفتوحة")  # no harakat
    content = pdf_content(write(tmp_path, document))
    forms = re.findall(rb"/(G-[\w.-]+) \d+ 0 R", content)  # resource entries
    assert len(set(forms)) == 2
    assert len(re.findall(rb"/G-[\w.-]+ Do", content)) == 5


def test_a_string_longer_than_a_line_wraps(tmp_path):
    url = "https://example.org/" + "a" * 400
    text = poppler_text(write(tmp_path, arabic_paper(f"الرابط {url} هنا")))
    assert "a" * 60 in text.replace("\n", "")


def test_arabic_bookmarks_are_logical_text(tmp_path):
    path = write(tmp_path, sample_document("ar", "arabic-indic"))
    pdf = pdfium.PdfDocument(str(path))
    titles = [item.get_title() for item in pdf.get_toc()]
    pdf.close()
    assert titles == ["الخلفية", "التسلسل الزمني", "المصالح", "المصادر"]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_metadata_language_and_embedded_subset_fonts(tmp_path, lang):
    document = sample_document(lang)
    path = write(tmp_path, document)
    pdf = pdfium.PdfDocument(str(path))
    meta = pdf.get_metadata_dict()
    pdf.close()
    assert meta["Title"] == document.meta.title
    assert meta["Author"] == document.meta.author
    assert meta["Subject"] == document.meta.subject
    assert document.meta.keywords[0] in meta["Keywords"]
    assert f"/Lang ({lang})".encode() in pdf_content(path)
    fonts = subprocess.run([require_tool("pdffonts"), str(path)], capture_output=True,
                           text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(re.search(r"\byes\s+yes\b", row) for row in fonts), fonts
    assert any("NotoNaskhArabic" in row for row in fonts)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_character_drawn_is_in_the_font_that_draws_it(tmp_path, lang):
    # Citations are left out: PDFium reads a citation through its /ActualText and gives all
    # of it the font of its first glyph (a bracket's). Format characters draw nothing (a
    # space at the edge of a piece reads as a letter mark and the space).
    document = sample_document(lang, "arabic-indic")
    holders = [b for b in document.blocks if hasattr(b, "inlines")]
    holders += [cell for b in document.blocks if hasattr(b, "rows")
                for row in [b.header, *b.rows] for cell in row]
    for holder in holders:
        holder.inlines = [i for i in holder.inlines if not isinstance(i, Cite)]
    for block in document.blocks:
        if hasattr(block, "items"):
            block.items = [[i for i in item if not isinstance(i, Cite)] for item in block.items]
    path = write(tmp_path, document)
    cmaps = {name.split(".")[0]: set(TTFont(ROOT / "fonts" / name).getBestCmap())
             for name in FONT_FILES.values()}
    drawn = drawn_characters(path)
    assert len(drawn) > 200
    missing = {(ch, font) for ch, font in drawn if ord(ch) not in cmaps[font.replace(",", "-")]
               and unicodedata.category(ch) != "Cf"}
    assert not missing


def test_page_numbers_follow_the_digit_style(tmp_path):
    text = pdfium_text(write(tmp_path, sample_document("ar", "arabic-indic")))
    assert re.search("صفحة ١ من [١-٩]", text)
    text = pdfium_text(write(tmp_path, sample_document("ar", "western"), "w"))
    assert "صفحة 1 من" in text


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_contents_and_footers_give_the_pages_found_after_layout(tmp_path, lang):
    # the contents come first but name pages laid out later; the footers name the last page
    document = sample_document(lang, "western")
    filler = Paragraph([Text(" ".join([AR_LONG] * 30 if lang == "ar" else ["A sentence."] * 400))])
    blocks = []
    for block in document.blocks:
        blocks.append(block)
        if isinstance(block, Heading):
            blocks.append(filler)
    document.blocks = blocks
    pdf = pdfium.PdfDocument(str(write(tmp_path, document)))
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    assert len(pages) >= 4
    for number, text in enumerate(pages, start=1):
        assert document.meta.page_label.format(page=number, pages=len(pages)) in text
    contents = pages[0].splitlines()
    depth = next(b.depth for b in document.blocks if isinstance(b, Contents))
    for heading in [h for h in document.headings() if h.level <= depth]:
        title = heading.inlines[0].text
        # page 1 holds the contents entry, and the heading too if it lands there
        on_page = next(n for n, text in enumerate(pages, start=1)
                       if text.count(title) > (n == 1))
        entry = next(line for line in contents if title in line)
        assert re.findall(r"\d+", entry) == [str(on_page)], entry
    assert on_page > 2  # the last heading: the contents named a page laid out much later


def test_the_same_document_gives_the_same_bytes(tmp_path):
    document = sample_document("ar", "arabic-indic")
    assert write(tmp_path, document, "a").read_bytes() == write(tmp_path, document, "b").read_bytes()


def test_arabic_digits_in_the_paragraph_text(tmp_path):
    document = arabic_paper(to_style("نحو 2,500 جندي", "arabic-indic"))
    assert "نحو ٢٬٥٠٠ جندي" in pdfium_text(write(tmp_path, document))


def test_contents_entries_and_citations_are_links_to_their_targets(tmp_path):
    document = sample_document("ar", "arabic-indic")
    data = pdf_content(write(tmp_path, document))
    links = re.findall(rb"/Subtype ?/Link.*?/Dest \[(\d+) 0 R /XYZ [\d.]+ [\d.]+ 0\]", data)
    headings, citations = len(document.headings()), 3  # the sample cites source s1 three times
    assert len(links) >= headings + citations


def test_the_running_header_is_mirrored_in_the_arabic_paper(tmp_path):
    boxes = {}
    for lang in ("ar", "en"):
        document = sample_document(lang)
        pdf = pdfium.PdfDocument(str(write(tmp_path, document, lang)))
        page = pdf[0]
        textpage = page.get_textpage()
        width = page.get_width()
        short = textpage.search(document.meta.short_title[:4])
        found = short.get_next()
        left, _, right, _ = textpage.get_charbox(found[0])
        boxes[lang] = (left, right, width)
        short.close()
        pdf.close()
    ar_left, _, width = boxes["ar"]
    en_left, _, _ = boxes["en"]
    assert ar_left > width / 2 > en_left  # the short title on the start side of each paper


def test_a_right_to_left_table_draws_each_row_from_its_first_cell(tmp_path):
    # pdf.js (and MuPDF) read text in the order it is drawn: a row of an Arabic table is
    # drawn from its rightmost cell, the first in reading order
    document = arabic_paper("فقرة")
    document.blocks.append(Table([Cell([Text("الرقم")]), Cell([Text("الوصف")])],
                                 [[Cell([Text("الأول")]), Cell([Text("الثاني")])]], [1, 2]))
    page = pymupdf.open(write(tmp_path, document))[0]
    spans = [span["text"] for block in page.get_text("dict", sort=False)["blocks"]
             for line in block.get("lines", []) for span in line["spans"]]
    order = [next(i for i, s in enumerate(spans) if word in unicodedata.normalize("NFKC", s))
             for word in ("الرقم", "الوصف", "الأول", "الثاني")]
    assert order == sorted(order)
