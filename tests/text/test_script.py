"""text/script: a paragraph's direction follows the paper's language unless the text is
wholly in the other script, judged from all its letters."""

from briefgen.text.script import paragraph_direction


def test_an_arabic_sentence_that_starts_with_latin_stays_right_to_left():
    assert paragraph_direction("HMC لجنة عسكرية عليا", "ar") == "rtl"
    assert paragraph_direction("2,500 جندي أميركي", "ar") == "rtl"


def test_a_wholly_latin_text_in_the_arabic_paper_is_left_to_right():
    assert paragraph_direction("Prepared from open sources (2024)", "ar") == "ltr"


def test_a_wholly_arabic_text_in_the_english_paper_is_right_to_left():
    assert paragraph_direction("ثابت العباسي", "en") == "rtl"
    assert paragraph_direction("Thabet al-Abbasi (ثابت العباسي)", "en") == "ltr"


def test_text_without_letters_takes_the_paper_direction():
    assert paragraph_direction("2024", "ar") == "rtl"
    assert paragraph_direction("2024", "en") == "ltr"
