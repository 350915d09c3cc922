"""Issue 14: every paper passes PDF/UA-1 in page-validation and in veraPDF (0 failed rules)."""

from __future__ import annotations

import pytest
from readers.cases import Case, cases, committed, open_case
from readers.validators import page_validation, verapdf

PAPERS = [(name, lang) for name in ("full", "summary") for lang in ("ar", "en")]


@pytest.mark.parametrize("case", cases())
def test_page_validation_finds_no_failed_pdf_ua_1_rule(case: Case, request):
    path, _ = open_case(case, request)
    failed = page_validation(path)
    assert not failed, f"{len(failed)} rules failed:\n" + "\n".join(failed)


@pytest.mark.parametrize("case", cases(sources=("briefs",)))
def test_verapdf_finds_no_failed_pdf_ua_1_rule(case: Case, request):
    path, _ = open_case(case, request)
    every = tuple(committed(name, lang).resolve() for name, lang in PAPERS)
    failed = verapdf(every)[path]
    assert not failed, f"{len(failed)} rules failed:\n" + "\n".join(failed)
