"""writers/pdf/fonts: the face of each character, and faces parsed only when used."""

from __future__ import annotations

import subprocess
import sys

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from briefgen.pipeline import ROOT
from briefgen.writers.fonts import FONT_FILES, load_fontset
from briefgen.writers.pdf.fonts import PdfFonts

FONTS = load_fontset(ROOT / "fonts")


@pytest.mark.parametrize("slot", FONT_FILES)
def test_the_coverage_read_with_the_fonts_is_reportlabs_cmap(slot):
    parsed = TTFont(f"coverage-{slot}", str(getattr(FONTS, slot)))
    assert FONTS.coverage[slot] == frozenset(parsed.face.charToGlyph) - {0xFFFF}  # end marker


@pytest.mark.parametrize("ch, face", [("ب", "NotoNaskhArabic"), ("H", "NotoSerif"),
                                      ("٢", "NotoNaskhArabic"), ("2", "NotoNaskhArabic")])
def test_letters_take_their_scripts_face_and_neutrals_the_papers(ch, face):
    assert PdfFonts(FONTS, "ar").face_for(ch).name == face


def test_a_face_the_paper_never_uses_is_never_parsed(tmp_path):
    script = (
        "from pathlib import Path\n"
        "from briefgen.writers.pdf.fontfile import registered_names\n"
        "from briefgen.model import Document, Meta, Paragraph, Text\n"
        "from briefgen.writers.fonts import load_fontset\n"
        "from briefgen.writers.pdf.document import write_pdf\n"
        "meta = Meta('عنوان', 'موضوع', 'فريق', [], 'عنوان', 'مصادر', 'صفحة {page} من {pages}',"
        " '2026-11-22')\n"
        "document = Document('ar', 'rtl', 'arabic-indic', meta, [Paragraph([Text('نص عربي')])])\n"
        f"write_pdf(document, load_fontset(Path({str(ROOT / 'fonts')!r})), "
        f"Path({str(tmp_path / 'paper.pdf')!r}))\n"
        "print(registered_names())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert "NotoNaskhArabic" in out and "NotoSerif-Italic" not in out
