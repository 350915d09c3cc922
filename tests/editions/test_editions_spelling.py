"""editions/spelling: which changes correct spelling or letter forms only."""

from __future__ import annotations

import pytest

from briefgen.editions.spelling import Spellings, load_spellings
from briefgen.errors import InputError

PLAIN = Spellings()


@pytest.mark.parametrize(("old", "new"), [
    ("اللجنة العسكریة العلیا", "اللجنة العسكرية العليا"),  # Persian ya
    ("مستشار کبير", "مستشار كبير"),  # Persian kaf
    ("مھمة التحالف", "مهمة التحالف"),  # heh doachashmee
    ("إنهاء المهمة", "انهاء المهمة"),  # hamza on alef
    ("مسؤول رفيع", "مسئول رفيع"),  # hamza carrier
    ("على الأرض", "علي الارض"),  # alef maqsura, hamza
    ("القوة العسكرية", "القوه العسكريه"),  # ta marbuta
    ("الأمنيّ", "الأمني"),  # shadda
    ("جدولاً زمنياً", "جدولا زمنيا"),  # tanween
    ("حوار  التعاون", "حوار التعاون"),  # white space
    ("7-8 August", "7–8 August"),  # punctuation
    ("2,500 troops", "2500 troops"),  # a grouping separator
    ("٢٠٢٤", "2024"),  # digits
    ("ﻻ", "لا"),  # a presentation form
    ("Al-Sudani", "al-Sudani"),  # case
])
def test_letter_forms_spacing_and_punctuation_are_spelling(old, new):
    assert PLAIN.same(old, new, "ar")
    assert PLAIN.key(old, "ar") == PLAIN.key(new, "ar")


@pytest.mark.parametrize(("old", "new"), [
    ("نحو 2500 جندي", "نحو 2600 جندي"),  # a figure
    ("لا جدول زمنياً", "جدول زمني"),  # a word dropped
    ("the meeting was not", "the meeting was"),
    ("Sabrina Singh", "Sabrina K. Singh"),
])
def test_a_change_of_words_or_figures_is_not(old, new):
    assert not PLAIN.same(old, new, "ar")


def test_listed_variants_are_spelling_in_their_language_as_the_check_finds_them():
    table = Spellings({"ar": {"أميركي": "أمريكي"}, "en": {"Soudani": "Sudani"}})
    assert table.same("جندي أميركي", "جندي أمريكي", "ar")
    assert not PLAIN.same("جندي أميركي", "جندي أمريكي", "ar")
    assert table.same("القوات الأميركية", "القوات الأمريكية", "ar")  # inside a word, in Arabic
    assert table.same("الأميركيّة", "الأمريكية", "ar")  # harakat aside
    assert table.same("Mr Soudani said", "Mr Sudani said", "en")
    assert not table.same("Mr Soudani said", "Mr Sudani said", "ar")  # another language's list
    assert not table.same("Soudanis", "Sudanis", "en")  # English: whole words only


def test_the_table_beside_the_fact_base(tmp_path):
    facts = tmp_path / "facts.toml"
    assert load_spellings(facts).variants == {}  # no table: letter forms only
    (tmp_path / "spellings.toml").write_text(
        '[[ar]]\ncanonical = "أمريكي"\nvariants = ["أميركي", "امريكي"]\n'
        '[[en]]\ncanonical = "Sudani"\nvariants = ["Soudani"]\n', encoding="utf-8")
    assert load_spellings(facts).variants == {
        "ar": {"أميركي": "أمريكي", "امريكي": "أمريكي"}, "en": {"Soudani": "Sudani"}}


def test_a_malformed_table_is_refused_by_the_checks_loader(tmp_path):
    (tmp_path / "spellings.toml").write_text('[[ar]]\ncanonical = "أمريكي"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_spellings(tmp_path / "facts.toml")
    assert all(p.path.name == "spellings.toml" for p in caught.value.problems)
