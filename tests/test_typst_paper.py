"""bench/typst_paper.py: the bench's Typst peer gets the same paper as our writers, its text
as text (never as Typst markup), right to left in Arabic; compiled only where typst is
installed (`make bench` installs it; the test suite does not need it)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sample_document import sample_document

from briefgen.model import Paragraph, Text
from briefgen.pipeline import ROOT, Options, build

sys.path.insert(0, str(ROOT / "bench"))
import typst_paper  # bench/ is a folder of scripts, not a package

TRICKY = 'a #strong[x] *b* _c_ = d -- e "f" \\g $h$ <i> @j ~ // k'


def test_text_is_a_typst_string_literal():
    assert typst_paper.literal('say "hi"\\ now\n') == '"say \\"hi\\"\\\\ now\\n"'


def test_an_arabic_paper_is_set_right_to_left_in_the_fonts_of_the_project():
    source = typst_paper.typst_source(sample_document("ar", digits="arabic-indic"))
    assert 'lang: "ar", dir: rtl' in source
    assert 'font: ("Noto Naskh Arabic", "Noto Serif")' in source
    assert 'numbering: "١"' in source
    assert 'paper: "a4", margin: (x: 2.2cm, y: 2.5cm)' in source
    english = typst_paper.typst_source(sample_document("en"))
    assert 'dir: ltr' in english and 'font: ("Noto Serif", "Noto Naskh Arabic")' in english


def test_every_block_kind_has_its_typst_form():
    source = typst_paper.typst_source(sample_document("en"))
    assert "\n= #\"Background\" <background>" in source
    assert "#outline(" in source and "#table(" in source and "table.header(" in source
    assert "\n- #" in source and "\n+ #" in source  # bulleted and numbered items
    assert "#link(<source-s1>)[#\"[1]\"]" in source  # a citation links to its source


def compile_pdf(source: str, tmp_path: Path) -> Path:
    typst = pytest.importorskip("typst")
    path, pdf = tmp_path / "paper.typ", tmp_path / "paper.pdf"
    path.write_text(source, encoding="utf-8")
    _, warnings = typst.compile_with_warnings(str(path), output=str(pdf),
                                              font_paths=[str(ROOT / "fonts")],
                                              ignore_system_fonts=True)
    assert not warnings, [w.message for w in warnings]
    return pdf


def pdf_text(pdf: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_typst_sets_markup_characters_as_they_are_typed(tmp_path):
    document = sample_document("en")
    document.blocks.append(Paragraph([Text(TRICKY), Text(" bold", strong=True)]))
    text = pdf_text(compile_pdf(typst_paper.typst_source(document), tmp_path))
    assert TRICKY + " bold" in " ".join(text.split())


def test_typst_sets_the_real_paper_on_as_many_pages_as_ours_within_a_tenth(tmp_path):
    pytest.importorskip("typst")
    import pypdfium2

    from briefgen.compose.render import compose
    from briefgen.facts.load import load_facts

    result = build(Options(out=tmp_path / "ours", langs=("ar",), formats=("pdf",)))
    ours = result.written[0].pages
    base = load_facts(ROOT / "facts.toml")
    paper = compose(base, "full", "ar", base.brief.digits, ROOT / "templates")
    document = pypdfium2.PdfDocument(str(compile_pdf(typst_paper.typst_source(paper), tmp_path)))
    theirs = len(document)
    document.close()
    assert abs(theirs - ours) <= 0.1 * ours, (theirs, ours)
