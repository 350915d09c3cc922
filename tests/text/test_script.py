"""text/script: a paragraph's direction follows the paper's language unless the text is
wholly in the other script, judged from all its letters."""

import random
import unicodedata
from collections import Counter

from briefgen.text.script import paragraph_direction, strong_counts


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


def test_strong_counts_are_the_counts_of_each_characters_bidi_class() -> None:
    """R and AL count right-to-left, L left-to-right: random texts from the blocks the
    papers use (Latin, Hebrew, Arabic and its presentation forms, punctuation)."""
    rng = random.Random(19)
    pool = [chr(code) for first, last in ((0x20, 0x250), (0x590, 0x700), (0x2000, 0x2070),
                                           (0xFB50, 0xFE00)) for code in range(first, last)]
    for _ in range(500):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 120)))
        classes = Counter(map(unicodedata.bidirectional, text))
        assert strong_counts(text) == (classes["R"] + classes["AL"], classes["L"])
