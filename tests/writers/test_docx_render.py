"""The DOCX through LibreOffice: the PDF it makes reads Arabic in logical order, and uses
the embedded Noto Naskh Arabic even where the system lacks it.

These tests need soffice, pdftotext and pdffonts: they skip when a tool is missing, except
when CI=true, where a missing tool is a failure.
"""

from __future__ import annotations

import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import require_tool
from libreoffice import convert_to_pdf
from sample_document import sample_document

from briefgen.writers.docx.document import write_docx
from briefgen.writers.fonts import load_fontset

FONTS = load_fontset(Path(__file__).resolve().parents[2] / "fonts")
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def to_pdf(docx: Path, out: Path, env: dict[str, str] | None = None) -> Path:
    """Convert with a fresh LibreOffice profile; the PDF's path."""
    return convert_to_pdf([docx], out, env)[docx]


def pdf_text(pdf: Path) -> str:
    """pdftotext's text, NFKC-normalised, bidi controls dropped, spaces collapsed."""
    out = subprocess.run([require_tool("pdftotext"), str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    text = BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", out))
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def ar_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render")
    docx = out / "ar.docx"
    write_docx(sample_document("ar", "arabic-indic"), FONTS, docx)
    return to_pdf(docx, out)


@pytest.mark.parametrize(
    "phrase",
    [
        "مستقبل التحالف الدولي في العراق",
        "أعلنت كل من بغداد وواشنطن اختتام الحوار الأمني",
        "انطلاق أعمال اللجنة",
        "الاستقرار الإقليمي",
    ],
)
def test_libreoffice_pdf_reads_arabic_in_logical_order(ar_pdf: Path, phrase: str) -> None:
    assert unicodedata.normalize("NFKC", phrase) in pdf_text(ar_pdf)


def test_libreoffice_pdf_of_english_edition_keeps_its_text(tmp_path: Path) -> None:
    docx = tmp_path / "en.docx"
    write_docx(sample_document("en"), FONTS, docx)
    text = pdf_text(to_pdf(docx, tmp_path))
    assert "The future of the coalition in Iraq" in text
    assert "ثابت العباسي" in text


def test_embedded_naskh_is_used_where_the_system_lacks_it(tmp_path: Path) -> None:
    pdffonts = require_tool("pdffonts")
    if not DEJAVU.is_dir():
        pytest.skip(f"{DEJAVU} missing: no font folder for the private fontconfig")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<fontconfig>\n'
        f"  <dir>{DEJAVU}</dir>\n  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n"
        "</fontconfig>\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    listed = subprocess.run(
        [require_tool("fc-list")], env=env, capture_output=True, text=True
    ).stdout
    assert "Naskh" not in listed  # the private configuration really lacks the face
    docx = tmp_path / "ar.docx"
    write_docx(sample_document("ar", "arabic-indic"), FONTS, docx)
    pdf = to_pdf(docx, tmp_path, env=env)
    fonts = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True).stdout
    assert "NotoNaskhArabic-Regular" in fonts
    assert "NotoNaskhArabic-Bold" in fonts
