"""Issue 13: find in the viewers. Firefox's find bar (pdf.js PDFFindController, diacritics
not matched) and Chrome's (PDFium's search) return, for each word or phrase, the number of
times the composed paper has it, each engine's folding applied to both sides."""

from __future__ import annotations

import pytest
from readers.cases import Case, cases, open_case
from readers.figures import FIND_ENGINES, PHRASES, find_counts, find_queries


@pytest.mark.parametrize("engine", FIND_ENGINES)
@pytest.mark.parametrize("case", cases(langs=("ar",)))
def test_find_returns_every_occurrence_the_paper_has(case: Case, engine, request):
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
