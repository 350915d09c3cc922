"""Persian and Urdu letter forms: refused in the papers' own Arabic, kept in verbatim text."""

from __future__ import annotations

import pytest

from briefgen.facts.letters import ARABIC_FOR, arabic_letters, letter_problems
from briefgen.pipeline import ROOT


def words(text: str, verbatim: bool = False) -> list[str]:
    return [p.word for p in letter_problems(text, verbatim)]


def test_a_persian_form_in_the_papers_own_words_names_the_arabic_letter() -> None:
    [problem] = letter_problems("تبدأ اللجنة العسكریة أعمالها.")
    assert problem.word == "العسكریة"
    assert problem.message == ("«العسكریة» is written with a Persian or Urdu letter form "
                               "outside a quotation; write «العسكرية»: replace ی (U+06CC) by ي")


def test_each_word_once_with_every_form_it_holds() -> None:
    assert words("لإنھاء المھمة العسكریة لإنھاء") == ["لإنھاء", "المھمة", "العسكریة"]
    [problem] = letter_problems("ھیئة")
    assert "replace ھ (U+06BE) by ه, ی (U+06CC) by ي" in problem.message


def test_verbatim_text_keeps_the_seeds_letters() -> None:
    assert words("قال المكتب «سیُصار إلى صیاغة جدول زمني محدد لإنھاء المھمة»") == []
    assert words("تمخض اجتماع اللجنة العسكریة", verbatim=True) == []
    assert words("«العسكریة» والعسكریة") == ["والعسكریة"]


@pytest.mark.parametrize(("form", "arabic"), [("ی", "ي"), ("ک", "ك"), ("ھ", "ه"), ("ۀ", "ة"),
                                              ("ے", "ي"), ("ۃ", "ة"), ("ں", "ن"), ("۲", "٢")])
def test_the_forms_and_their_arabic_letters(form: str, arabic: str) -> None:
    assert ARABIC_FOR[form] == arabic
    assert arabic_letters(f"ا{form}ب") == f"ا{arabic}ب"
    assert words(f"كلمة ا{form}ب") == [f"ا{form}ب"]


def test_letters_arabic_writers_use_for_foreign_sounds_pass() -> None:
    assert words("گوران وپیشمرگه") == ["وپیشمرگه"]  # only the Persian yeh is refused
    assert words("چ پ ژ گ") == []


def test_punctuation_around_a_word_is_not_part_of_it() -> None:
    assert words("(العسكریة)، و") == ["العسكریة"]


def test_the_seeds_use_these_forms_only_in_the_persian_typed_report() -> None:
    """The forms refused are ones the seeds use only where a Persian keyboard typed them."""
    used = {path.name[:3]: {c for c in path.read_text(encoding="utf-8") if c in ARABIC_FOR}
            for path in (ROOT / "seeds").glob("*.txt")}
    assert {seed for seed, forms in used.items() if forms} == {"002"}
    assert used["002"] == {"ی", "ھ"}
