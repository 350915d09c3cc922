"""text/shape: Arabic in presentation forms, shaped word by word with the same result as
arabic-reshaper on the whole text."""

from __future__ import annotations

import arabic_reshaper
import pytest

from briefgen.pipeline import ROOT
from briefgen.text.shape import CONFIGURATION, shape

# the library as it comes, with the same settings, shaping each text whole
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration=CONFIGURATION)

SEED_LINES = [line for path in sorted((ROOT / "seeds").glob("*.txt"))
              for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_seed_line_shapes_as_the_reshaper_shapes_it_whole():
    assert len(SEED_LINES) > 100
    for line in SEED_LINES:
        assert shape(line) == _RESHAPER.reshape(line), line[:60]


@pytest.mark.parametrize("text", ["لا", "  بين   الكلمات  ", "شُنّت «الخلافة» F-16", ""])
def test_spaces_ligatures_and_harakat_survive(text):
    assert shape(text) == _RESHAPER.reshape(text)


def test_letters_take_their_joining_forms():
    assert shape("بيت") == "\ufe91\ufef4\ufe96"  # initial beh, medial yeh, final teh


def test_lam_alef_becomes_one_ligature_and_harakat_are_kept():
    assert shape("لا") == "\ufefb"
    assert "\u064b" in shape("بديلاً")  # tanween
