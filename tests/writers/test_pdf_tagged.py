"""The tagged PDF (PDF/UA-1) the writer makes, read from the finished file: catalog,
metadata, annotations, and every painting operator inside marked content. (The validators
and what readers get from the tags are in the acceptance tests.)"""

from __future__ import annotations

import re
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import require_tool
from normalized import pdf_content
from sample_document import sample_document

from briefgen.model import Heading, Paragraph, Text, plain_text
from briefgen.pipeline import ROOT
from briefgen.writers.fonts import load_fontset
from briefgen.writers.pdf.document import write_pdf

FONTS = load_fontset(ROOT / "fonts")
STREAM = re.compile(rb"<<([^\n]*?)>>\nstream\n(.*?)\nendstream", re.S)


def written(tmp_path: Path, lang: str) -> bytes:
    """The file's objects, object streams inflated."""
    path = tmp_path / f"paper.{lang}.pdf"
    write_pdf(sample_document(lang, "arabic-indic"), FONTS, path)
    return pdf_content(path)


def page_contents(path: Path) -> list[bytes]:
    pages = []
    for entries, body in STREAM.findall(path.read_bytes()):
        if b"/Type" not in entries:  # page content streams have no /Type; fonts, forms do
            text = zlib.decompress(body)
            if b" Tm " in text or b" re " in text:
                pages.append(text)
    return pages


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_catalog_says_tagged_language_title_and_direction(tmp_path, lang):
    data = written(tmp_path, lang)
    assert data.startswith(b"%PDF-1.7\n")
    catalog = re.search(rb"<</Type /Catalog.*?>>\n", data).group(0)
    assert f"/Lang ({lang})".encode() in catalog
    assert b"/MarkInfo <</Marked true>>" in catalog and b"/StructTreeRoot" in catalog
    assert b"/DisplayDocTitle true" in catalog
    assert (b"/Direction /R2L" in catalog) == (lang == "ar")
    info = subprocess.run([require_tool("pdfinfo"), str(tmp_path / f"paper.{lang}.pdf")],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M)


def test_metadata_and_information_carry_the_editions_date_not_the_clock(tmp_path):
    data = written(tmp_path, "ar")
    xmp = re.search(rb"<x:xmpmeta.*?</x:xmpmeta>", data, re.S).group(0).decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "مستقبل التحالف الدولي في العراق" in xmp and "<rdf:li>ar</rdf:li>" in xmp
    assert "<xmp:CreateDate>2026-11-22T00:00:00Z</xmp:CreateDate>" in xmp
    assert data.count(b"/CreationDate (D:20261122000000+00'00')") == 1


def test_every_link_annotation_has_contents_a_struct_parent_and_its_page_tabs_s(tmp_path):
    data = written(tmp_path, "ar")
    annotations = re.findall(rb"<</Type/Annot/Subtype/Link.*?>>", data)
    assert len(annotations) >= 7
    assert all(b"/Contents <FEFF" in a and b"/StructParent " in a for a in annotations)
    pages = re.findall(rb"<</Type /Page/.*?>>\n", data)
    assert pages and any(b"/Annots" in page for page in pages)
    assert all(b"/Tabs /S" in page for page in pages if b"/Annots" in page)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_painting_operator_is_inside_marked_content(tmp_path, lang):
    written(tmp_path, lang)
    for content in page_contents(tmp_path / f"paper.{lang}.pdf"):
        depth = 0
        for token in re.finditer(rb"\b(BDC|BMC|EMC|Tj|TJ|Do)\b|\bre f\*?|\bl S\b", content):
            op = token.group(0)
            if op in (b"BDC", b"BMC"):
                depth += 1
            elif op == b"EMC":
                depth -= 1
            else:
                assert depth > 0, f"{op!r} outside marked content"
        assert depth == 0
        assert b"/Artifact <</Type /Pagination /Subtype /Header>> BDC" in content


def test_an_arabic_paragraphs_element_has_the_models_text_and_binds_its_content_through_spans(
        tmp_path):
    document = sample_document("ar", "arabic-indic")
    path = tmp_path / "ar.pdf"
    write_pdf(document, FONTS, path)
    data = pdf_content(path)
    body = next(b for b in document.blocks if isinstance(b, Paragraph) and b.role == "body")
    actual = "<FEFF" + plain_text(body.inlines).encode("utf-16-be").hex().upper() + ">"
    element = re.search(rb"<</Type/StructElem/S/P/P \d+ 0 R(?:/Pg \d+ 0 R)?/ActualText "
                        + actual.encode() + rb"/K\[([^\]]*)\]>>", data)
    assert element, "no P element with the paragraph's logical text"
    kids = element.group(1).split(b" 0 R")
    assert kids and all(re.fullmatch(rb" ?\d+", k) for k in kids if k.strip())  # elements only
    # MuPDF puts an element's /ActualText in place of the marked content it owns directly:
    # an element with /ActualText owns none
    for match in re.finditer(rb"/ActualText <FEFF[0-9A-F]*>/K\[([^\]]*)\]", data):
        owned = re.sub(rb"\d+ 0 R|<</Type/OBJR/Obj \d+ 0 R>>", b"", match.group(1))
        assert not owned.strip(), match.group(0)[:80]


def test_headings_are_h1_to_h3_and_latin_inside_arabic_is_a_span_in_english(tmp_path):
    document = sample_document("ar", "arabic-indic")
    document.blocks.append(Heading(3, [Text("عنوان")], "h3"))
    path = tmp_path / "ar.pdf"
    write_pdf(document, FONTS, path)
    data = pdf_content(path)
    for role in (b"H1", b"H2", b"H3", b"TOC", b"TOCI", b"Table", b"TH", b"TD", b"L", b"LI",
                 b"Lbl", b"LBody", b"Link"):
        assert b"/Type/StructElem/S/" + role + b"/" in data, role
    assert re.search(rb"/S/Span/P \d+ 0 R(?:/Pg \d+ 0 R)?/Lang \(en\)", data)
    assert b"/A <</O /Table/Scope /Column>>" in data


def test_an_arabic_paragraph_s_element_takes_its_actual_text_from_the_inlines_when_written():
    from briefgen.writers.pdf.objects import PdfFile, Ref, text_string
    from briefgen.writers.pdf.structure import StructureTree, TextOf

    tree = StructureTree()
    inlines = [Text("قالت اللجنة "), Text("HMC"), Text(" في بيان")]
    element = tree.root.add("P", actual_text=TextOf(inlines))  # no second copy of the text
    tree.mark(0, element)
    pdf = PdfFile()
    tree.write(pdf, [Ref(1)], [])
    pdf._pack()
    written = zlib.decompress(pdf._packs[0][2])
    assert text_string("قالت اللجنة HMC في بيان") in written
