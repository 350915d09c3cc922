"""Issue 14: tagged PDF/UA-1, with the Arabic in reading order in the tags. The structure
tree is walked with pikepdf; what its marked content holds is read with pdf.js."""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest
from conftest import require_tool
from readers.cases import Case, cases, open_case
from readers.measures import in_order, joined, tokens
from readers.tags import (
    BLOCK_TYPES,
    INLINE_TYPES,
    element_text,
    marked_texts,
    outermost_block,
    structure,
    xmp,
)

AR_FULL = Case("briefs", "full", "ar")
# A contents entry prints its heading (numbered ones with their number: «١. هل ...») and
# then its page number, which the model does not hold: only that is left out.
TOC_PAGE = re.compile(r"[\s.\u2026]+[\d٠-٩]+$")


def spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def text_elements(path):
    """The elements that hold text and must carry /ActualText, with what pdf.js reads in
    their marked content: the outermost block elements and every Link and Reference."""
    marked = marked_texts(path)
    return [(e, element_text(e, marked)) for e in structure(path)
            if (outermost_block(e) or e.type in INLINE_TYPES) and element_text(e, marked).strip()]


@pytest.mark.parametrize("case", cases(sources=("briefs",)))
def test_pdfinfo_says_tagged(case: Case, request):
    path, _ = open_case(case, request)
    info = subprocess.run([require_tool("pdfinfo"), str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M), "pdfinfo: Tagged: no"


@pytest.mark.parametrize("case", cases(sources=("briefs",)))
def test_xmp_has_title_language_and_pdfua_part_1(case: Case, request):
    path, paper = open_case(case, request)
    meta = xmp(path)
    assert meta.get("dc:title") == paper.document.meta.title, f"dc:title: {meta.get('dc:title')!r}"
    assert paper.lang in meta.get("dc:language", ""), f"dc:language: {meta.get('dc:language')!r}"
    assert meta.get("pdfuaid:part") == "1", f"pdfuaid:part: {meta.get('pdfuaid:part')!r}"


def test_every_element_with_text_carries_actual_text(request):
    path, _ = open_case(AR_FULL, request)
    elements = text_elements(path)
    assert elements, "the Arabic paper has no structure element holding text"
    bare = [f"{e.type}: {text[:40]}" for e, text in elements if not e.actual_text]
    assert not bare, f"{len(bare)} of {len(elements)} elements lack /ActualText: {bare[:8]}"


def test_the_actual_text_of_each_block_is_the_models_text_in_reading_order(request):
    path, paper = open_case(AR_FULL, request)
    blocks = [e for e, _ in text_elements(path) if e.type in BLOCK_TYPES]
    got = [TOC_PAGE.sub("", spaced(e.actual_text or "")) if e.type == "TOCI"
           else spaced(e.actual_text or "") for e in blocks]
    want = [spaced(t) for t in paper.blocks]
    assert got, "the Arabic paper has no block elements"
    for i, (a, b) in enumerate(zip(got, want, strict=False)):
        assert a == b, f"block {i} ({blocks[i].type}): /ActualText {a[:80]!r}, model {b[:80]!r}"
    assert len(got) == len(want), f"{len(got)} block elements, {len(want)} blocks in the model"


def test_pdfjs_reads_the_words_of_each_elements_actual_text_in_its_marked_content(request):
    path, _ = open_case(AR_FULL, request)
    elements = text_elements(path)
    assert elements, "the Arabic paper has no structure element holding text"
    wrong = []
    for element, text in elements:
        marked, actual = Counter(tokens(text)), Counter(tokens(element.actual_text or ""))
        if element.type == "TOCI":
            marked = Counter({w: n for w, n in marked.items() if not w.isdigit()})
            actual = Counter({w: n for w, n in actual.items() if not w.isdigit()})
        if marked != actual:
            wrong.append(f"{element.type} {(element.actual_text or '')[:30]!r}: "
                         f"pdf.js extra {list((marked - actual).elements())[:4]}, "
                         f"missing {list((actual - marked).elements())[:4]}")
    assert not wrong, f"{len(wrong)} of {len(elements)} elements: " + "; ".join(wrong[:5])


def test_every_statement_reads_in_logical_order_in_the_actual_text_of_its_element(request):
    path, paper = open_case(AR_FULL, request)
    texts = [joined(e.actual_text) for e in structure(path) if e.actual_text]
    missing = [f"{s.kind} {s.id}" for s in paper.statements if not in_order(s.text, texts)]
    assert not missing, f"{len(missing)}/{len(paper.statements)} not found: {', '.join(missing[:10])}"
