"""writers/docx/faces: which shipped face a character's run must name, so that no machine
font ever draws a character of the paper."""

from __future__ import annotations

from pathlib import Path

from briefgen.writers.docx.faces import Faces
from briefgen.writers.fonts import load_fontset

FONTS = load_fontset(Path(__file__).resolve().parents[2] / "fonts")
FACES = Faces.of(FONTS)
SERIF, NASKH = FONTS.latin_family, FONTS.arabic_family


def pinned(text: str) -> dict[str, set[str]]:
    """{face: the characters of `text` pinned to it}."""
    out: dict[str, set[str]] = {}
    for ch, face in zip(text, FACES.pins(text), strict=True):
        if face:
            out.setdefault(face, set()).add(ch)
    return out


def test_a_family_has_what_all_its_embedded_faces_keep():
    assert ord("[") in FACES.latin_chars and ord("[") not in FACES.arabic_chars
    assert ord("ب") in FACES.arabic_chars and ord("ب") not in FACES.latin_chars
    assert ord("\u2060") in FACES.latin_chars  # the word joiner between citations
    assert 0x0416 in FONTS.coverage["latin_regular"]  # Noto Serif has Cyrillic...
    assert 0x0416 not in FACES.latin_chars  # ...which the embedded subset drops


def test_neutral_characters_naskh_lacks_are_pinned_to_serif_beside_arabic():
    text = "بغداد [١]\u2060[٢] (HMC) — ٢٠٢٣/٢٠٢٤ | F-16"
    assert pinned(text) == {SERIF: set("[]\u2060()—/|-")}


def test_an_arabic_comma_after_latin_text_is_pinned_to_naskh():
    assert pinned("اللجنة العليا (HMC)، ثم") == {SERIF: set("()"), NASKH: {"،"}}


def test_letters_digits_marks_and_spaces_are_never_pinned():
    text = "قواته كاملاً في ٢٠٢٤ و2024 HMC ب\u200dـ\u200cب"  # joiners too: Naskh has them
    assert FACES.pins(text) == [None] * len(text)


def test_nothing_is_pinned_in_a_paragraph_of_one_script():
    assert pinned("The HMC (Higher Military Commission) [1]\u2060[3] - 2024/2025 | x") == {}
    assert pinned("بغداد، واشنطن؛ «الحوار»") == {}
