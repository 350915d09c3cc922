"""tools/font_fidelity.py: word collection, the two rendering paths and the match criterion."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
NOTO = ROOT / "fonts" / "NotoNaskhArabic-Regular.ttf"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "font_fidelity", ROOT / "tools" / "font_fidelity.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ff = _load()


@pytest.fixture(scope="module")
def noto():
    return ff.FontUnderTest(NOTO)


@pytest.fixture(scope="module")
def reshaper():
    return ff.reshaper_for("lig-on", str(NOTO))


def test_strip_punctuation_both_ends():
    assert ff.strip_punctuation("«الأميركية»،") == "الأميركية"
    assert ff.strip_punctuation("(الأربعاء)") == "الأربعاء"
    assert ff.strip_punctuation('"Hello",') == "Hello"
    assert ff.strip_punctuation("الأول/أكتوبر") == "الأول/أكتوبر"


def test_words_in_keeps_distinct_arabic_words_only():
    text = "أعلنت بغداد، «واشنطن» (بغداد) in 2023 Baghdad؛ 2023"
    assert ff.words_in([text]) == ["أعلنت", "بغداد", "واشنطن"]


def test_collect_words_reads_txt_files(tmp_path):
    (tmp_path / "a.txt").write_text("الحوار الأمني.", encoding="utf-8")
    (tmp_path / "b.md").write_text("تجاهل", encoding="utf-8")
    assert ff.collect_words(tmp_path) == ["الأمني", "الحوار"]


def test_harakat_detection():
    assert ff.has_harakat("أنّ")
    assert ff.has_harakat("أيضاً")
    assert not ff.has_harakat("بغداد")


@pytest.mark.parametrize("word", ["بغداد", "الولايات", "العراقية"])
def test_word_without_harakat_matches_in_noto(noto, reshaper, word):
    match, _ = ff.word_matches(word, noto, reshaper)
    assert match


def test_lam_alef_needs_the_reshaper_ligatures(noto):
    assert ff.word_matches("الولايات", noto, ff.reshaper_for("lig-on", str(NOTO)))[0]
    assert not ff.word_matches("الولايات", noto, ff.reshaper_for("lig-off", str(NOTO)))[0]


def test_reversed_glyph_order_does_not_match(noto, reshaper):
    word = "بغداد"
    reference = ff.harfbuzz_run(word, noto)
    gids = [g.gid for g in reference][::-1]
    wrong = tuple(ff.Placed(gid, g.x, g.y) for gid, g in zip(gids, reference, strict=True))
    assert not ff.runs_identical(wrong, reference)
    assert not ff.images_match(ff.rasterise(wrong, noto), ff.rasterise(reference, noto))


def test_moved_dot_does_not_match(noto):
    # teh and theh differ only by one dot
    teh, theh = ff.harfbuzz_run("ت", noto), ff.harfbuzz_run("ث", noto)
    assert not ff.images_match(ff.rasterise(teh, noto), ff.rasterise(theh, noto))


def test_shadda_is_misplaced_by_the_bare_reshaper_path(noto, reshaper):
    assert ff.word_matches("أنّ", noto, reshaper) == (False, False)


def test_digits_in_a_word_run_left_to_right():
    assert ff.direction_runs("إف-١٦") == [("١٦", "ltr"), ("إف-", "rtl")]


def test_path_a_reproduces_a_real_reportlab_pdf(noto, reshaper):
    """The computed glyph run, rasterised, equals reportlab's PDF as pdfium renders it."""
    word = "الاستراتيجي"
    pdfmetrics.registerFont(TTFont("FidelityTestNoto", str(NOTO)))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(600, 120))
    pdf.setFont("FidelityTestNoto", ff.PX_EM)
    pdf.drawString(40, 50, ff.visual_string(word, reshaper))
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0].render(scale=1).to_pil().convert("L")
    ours, (ox, oy) = ff.render(ff.reportlab_run(ff.visual_string(word, reshaper), noto), noto)
    window = ImageChops.invert(page).crop(
        (40 - ox, 70 - oy, 40 - ox + ours.width, 70 - oy + ours.height)
    )
    # different rasterisers: allow anti-aliasing noise, well under one dot (~25 px)
    assert ff.strong_differences(window, ours) <= 16


def test_run_prints_the_table(tmp_path):
    (tmp_path / "s.txt").write_text("الولايات المتحدة، أنّ بغداد", encoding="utf-8")
    lines: list[str] = []
    status = ff.run(["--fonts", str(NOTO), "--seeds", str(tmp_path)], out=lines.append)
    report = "\n".join(lines)
    assert status == 0
    assert "NotoNaskhArabic-Regular.ttf    lig-on         4      3   75.0%" in report
    assert "أنّ" in report


def test_run_rejects_a_missing_font(tmp_path):
    lines: list[str] = []
    assert ff.run(["--fonts", str(tmp_path / "none.ttf")], out=lines.append) == 2


@pytest.mark.parametrize("word", ["أنّ", "أيضاً", "شنّت", "سیُصار", "جدولاً"])
def test_the_writer_path_places_harakat_as_harfbuzz_does(word, noto):
    assert ff.word_matches(word, noto, None)[0]


def test_the_writer_path_matches_on_plain_words_too(noto):
    assert ff.word_matches("الولايات", noto, None)[0]
