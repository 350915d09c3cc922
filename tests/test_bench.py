"""bench/bench.py: the synthetic fact bases it measures, and how it compares with soffice."""

from __future__ import annotations

import sys
import tomllib

import pytest

from briefgen.pipeline import ROOT, Options, build

sys.path.insert(0, str(ROOT / "bench"))
import bench  # bench/ is a folder of scripts, not a package

FACTS = ROOT / "facts.toml"


@pytest.fixture(scope="module")
def base() -> dict:
    return tomllib.loads(FACTS.read_text(encoding="utf-8"))


def test_a_base_ten_times_larger_has_ten_times_the_facts_people_and_terms(base):
    larger = tomllib.loads(bench.replicate(FACTS.read_text(encoding="utf-8"), 10))
    for table in bench.REPLICATED_TABLES:
        assert len(larger[table]) == 10 * len(base[table])
        ids = [row["id"] for row in larger[table]]
        assert len(set(ids)) == len(ids)
    assert larger["sources"] == base["sources"]  # the copies cite the same seeds


def test_copied_facts_read_differently_unless_verbatim(base):
    text = FACTS.read_text(encoding="utf-8")
    copies = tomllib.loads(bench.replicate(text, 3))["facts"]
    statements = [(f["text"]["ar"], f["text"]["en"]) for f in copies]
    assert len(set(statements)) == len(statements)
    assert copies[-1]["text"]["en"].endswith("(copy 3)")
    assert copies[-1]["text"]["ar"].endswith("(نسخة 3)")
    verbatim = tomllib.loads(bench.replicate(text, 3, verbatim=True))["facts"]
    assert verbatim[-1]["text"] == base["facts"][-1]["text"]


def test_a_synthetic_base_passes_every_check(tmp_path):
    facts = bench.synthetic_base(FACTS, 3, tmp_path / "base")
    report = build(Options(facts=facts, out=tmp_path / "out", check_only=True)).report
    assert report.facts == 3 * len(tomllib.loads(FACTS.read_text(encoding="utf-8"))["facts"])


def test_soffice_is_compared_like_for_like():
    ours = bench.Case("ours", 22, build_s=0.4, process_s=0.7, stages={"write ar pdf": 0.25})
    soffice = {"warm": bench.Case("paper", 26, process_s=1.4),
               "empty": bench.Case("empty", 1, process_s=1.1)}
    docx = bench.Case("our docx", None, process_s=0.35)
    ratios = bench.soffice_ratios(ours, soffice, docx)
    assert ratios.process == pytest.approx(2.0)
    assert ratios.work == pytest.approx(1.2)  # (1.4 - 1.1) / 0.25
    assert ratios.pdf_step == pytest.approx(5.6)  # 1.4 / 0.25: not a like-for-like measure
    assert ratios.path == pytest.approx(2.5)  # (0.35 + 1.4) / 0.7
    assert not ratios.met(5.0)  # only the like-for-like ratios count
    assert bench.SofficeRatios(6.0, 5.5, 9.0, 7.0).met(5.0)
    assert not bench.SofficeRatios(6.0, 4.9, 9.0, 7.0).met(5.0)


def test_the_characters_on_pdf_pages_are_counted_without_white_space(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "two-pages.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 700, "ab c")
    canvas.showPage()
    canvas.drawString(72, 700, "de  f")
    canvas.showPage()
    canvas.save()
    assert bench.count_pdf_characters(path) == 6
    assert bench.count_pdf_characters(tmp_path / "missing.pdf") is None


def test_time_per_page_is_also_given_per_character():
    small = bench.Case("1x", 40, build_s=0.4, chars=80_000)
    large = bench.Case("100x", 1600, build_s=18.4, chars=3_680_000)  # denser pages
    assert large.chars_per_page / small.chars_per_page == pytest.approx(1.15)
    assert large.s_per_kchar / small.s_per_kchar == pytest.approx(1.0)
