"""Issue 13: find in the viewers. Firefox's find bar (pdf.js PDFFindController, diacritics
not matched) and Chrome's (PDFium's search) return, for each word or phrase, the number of
times the composed paper has it, each engine's folding applied to both sides."""

from __future__ import annotations

import pytest
from readers.cases import Case, cases, open_case
from readers.figures import FIND_ENGINES, PHRASES, find_counts, find_queries

# Known gap (issue 13): pdf.js joins the cells of a right-to-left table row without a space
# (it reads them from the right, each to the left of the last: a new text item); the space
# only pdf.js reads between them (cidfonts.pdfjs_space) carries a combining mark, which its
# find keeps, and its query allows marks after a letter only: a phrase that runs from a
# cell ending on a digit into the next («٢٬٥٠٠ جندي» of the fixture's key figures) is
# missed. Strict: the test fails once pdf.js finds it.
CROSS_CELL_DIGITS = pytest.mark.xfail(
    strict=True, reason="pdf.js find: a phrase from a cell ending on a digit into the next")


@pytest.mark.parametrize("engine", FIND_ENGINES)
@pytest.mark.parametrize("case", cases(langs=("ar",)))
def test_find_returns_every_occurrence_the_paper_has(case: Case, engine, request):
    if engine == "pdfjs" and case == Case("mini", "full", "ar"):
        request.applymarker(CROSS_CELL_DIGITS)
    path, paper = open_case(case, request)
    counts = find_counts(paper, path, engine)
    wrong = [f"{q}: {got} of {want}" for q, (got, want) in counts.items() if got != want]
    assert not wrong, f"{engine} find: " + "; ".join(wrong)


def test_the_find_queries_hold_words_with_and_without_hamza_and_the_phrases(request):
    path, paper = open_case(Case("briefs", "full", "ar"), request)
    queries = find_queries(paper, path)
    words = [q for q in queries if " " not in q and "/" not in q]
    assert any(c in w for w in words for c in "أإؤئآ"), "a word with a hamza on its carrier"
    assert any(not any(c in w for c in "أإؤئآ") for w in words), "a word without hamza"
    assert set(PHRASES) <= set(queries), "the phrases of issue 13"
