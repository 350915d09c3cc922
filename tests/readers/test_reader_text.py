"""Issue 13: the PDFs give back the text they show, in every reader. Each test reads the
finished file with a real reader and compares with the paper the model composes."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from readers.cases import Case, cases, open_case
from readers.figures import bracket_texts, model_texts, statements_in_order, table_cells
from readers.measures import (
    brackets,
    detached_harakat,
    frequent_words,
    plain_search,
    presentation_forms,
    words_with_harakat,
)
from readers.reading import READERS, text_of

# Share of the statements each reader must give back in logical word order (issue 13;
# MuPDF reverses multi-digit numbers in any PDF). Raw pdftotext is measured, not held.
IN_ORDER = {"pdfium": 1.0, "poppler-layout": 1.0, "pdfjs": 0.95, "mupdf": 0.90}
BRACKET_READERS = ("poppler", "pdfium", "pdfjs")
ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", cases())
def test_no_arabic_letter_comes_back_as_a_presentation_form(case: Case, reader, request):
    path, _ = open_case(case, request)
    share = presentation_forms(text_of(reader, path))
    assert share.part == 0, f"{reader} returns {share} Arabic letters as presentation forms"


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", cases())
def test_a_plain_search_finds_every_occurrence_of_the_papers_frequent_words(case: Case, reader,
                                                                           request):
    path, paper = open_case(case, request)
    model = model_texts(paper, path)
    found, missing = plain_search(frequent_words(model), model, text_of(reader, path))
    assert not missing, f"{reader} gives back {found} occurrences; short: {'; '.join(missing[:12])}"


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", cases(langs=("ar",)))
def test_a_plain_search_finds_every_word_with_harakat(case: Case, reader, request):
    path, paper = open_case(case, request)
    model = model_texts(paper, path)
    words = words_with_harakat(model)
    assert words, "the paper should have words with harakat"
    found, missing = plain_search(words, model, text_of(reader, path))
    assert not missing, f"{reader} gives back {found} occurrences; short: {'; '.join(missing[:12])}"


@pytest.mark.parametrize("reader", IN_ORDER)
@pytest.mark.parametrize("case", cases(langs=("ar",)))
def test_facts_judgments_and_questions_read_in_logical_word_order(case: Case, reader, request):
    path, paper = open_case(case, request)
    found, missing = statements_in_order(reader, path, paper)
    assert found.ratio >= IN_ORDER[reader], (
        f"{reader}: {found} in order, at least {IN_ORDER[reader]:.0%} needed; "
        f"not: {', '.join(missing[:15])}")


@pytest.mark.parametrize("reader", BRACKET_READERS)
@pytest.mark.parametrize("case", cases(langs=("ar",)))
def test_brackets_and_guillemets_come_back_the_logical_way(case: Case, reader, request):
    path, paper = open_case(case, request)
    logical, mirrored = brackets(model_texts(paper, path), bracket_texts(reader, path, paper),
                                 table_cells(paper))
    assert logical.whole, "the paper should have bracketed text"
    assert (logical.part, mirrored) == (logical.whole, 0), (
        f"{reader}: {logical} bracket pairs open before their text, {mirrored} mirrored")


@pytest.mark.parametrize("case", cases(langs=("ar",)))
def test_pdfjs_keeps_every_haraka_on_its_letter(case: Case, request):
    path, _ = open_case(case, request)
    detached = detached_harakat(text_of("pdfjs", path))
    assert detached.whole, "the paper should have harakat"
    assert detached.part == 0, f"pdf.js detaches {detached} harakat from their letters"


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", cases(langs=("en",)))
def test_the_english_papers_text_stays_whole(case: Case, reader, request):
    path, paper = open_case(case, request)
    found, missing = statements_in_order(reader, path, paper)
    assert not missing, f"{reader} gives back {found} in order; not: {', '.join(missing[:15])}"
    model = model_texts(paper, path)
    words = [w for w, _ in Counter(w for t in model for w in ENGLISH_WORD.findall(t)).most_common(50)]
    found, short = plain_search(words, model, text_of(reader, path))
    assert not short, f"{reader} gives back {found} occurrences; short: {'; '.join(short[:12])}"
