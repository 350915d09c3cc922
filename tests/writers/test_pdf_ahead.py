"""writers/pdf/ahead: a paper laid out and drawn on two cores is the paper laid out and drawn
on one, byte for byte, whatever the forked process manages."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from sample_document import AR_LONG, EN_LONG, sample_document

from briefgen import forked
from briefgen.model import Paragraph, Text
from briefgen.pipeline import ROOT
from briefgen.writers.fonts import load_fontset
from briefgen.writers.pdf import ahead
from briefgen.writers.pdf.document import write_pdf

FONTS = load_fontset(ROOT / "fonts")


def long_paper(lang: str):
    """The sample paper with some 60 more paragraphs, the last one in italic (a face only
    the later half uses)."""
    document = sample_document(lang)
    body = AR_LONG if lang == "ar" else EN_LONG
    extra = [Paragraph([Text(f"{n}. {body}")]) for n in range(60)]
    extra.append(Paragraph([Text("Prepared from open sources", emph=True)]))
    return replace(document, blocks=[*document.blocks, *extra])


def written(document, path) -> bytes:
    write_pdf(document, FONTS, path)
    return path.read_bytes()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_paper_laid_out_on_two_cores_is_the_one_laid_out_on_one(tmp_path, monkeypatch, lang):
    document = long_paper(lang)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(ahead.os, "fork", lambda: forks.append(1) or real_fork())
    two = written(document, tmp_path / "two.pdf")
    assert forks, "the paper should be long enough to be shared"
    monkeypatch.setattr(ahead, "MIN_CHARACTERS", 10**9)
    assert two == written(document, tmp_path / "one.pdf")


def test_a_forked_process_that_fails_leaves_its_work_here(tmp_path, monkeypatch):
    document = long_paper("ar")
    monkeypatch.setattr(ahead, "_child", lambda *args: os._exit(1))
    failed = written(document, tmp_path / "failed.pdf")
    monkeypatch.setattr(ahead, "MIN_CHARACTERS", 10**9)
    assert failed == written(document, tmp_path / "one.pdf")


def test_a_writer_beside_other_writers_does_not_fork(tmp_path, monkeypatch):
    monkeypatch.setattr(forked, "_IN_WORKER", True)  # as in a writer the pipeline forked
    monkeypatch.setattr(ahead.os, "fork", lambda: pytest.fail("forked"))
    written(long_paper("ar"), tmp_path / "paper.pdf")
