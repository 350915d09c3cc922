"""text/bidi: levels per paragraph (UAX #9 P2-I2), order per line (L1, L2), mirroring (L4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.pipeline import ROOT
from briefgen.text import bidi
from briefgen.text.bidi import line_levels, mirror, paragraph_levels, visual_order

SUBSET = Path(__file__).resolve().parent.parent / "data" / "BidiCharacterTest-subset.txt"
EXPECTED_CASES = 3000
# Cases where python-bidi 0.6.12 (unicode-bidi crate) differs from Unicode 15's answer.
KNOWN_LIBRARY_GAPS = 0


def _cases() -> list[tuple[str, str, list[int], list[int]]]:
    cases = []
    for line in SUBSET.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cps, direction, _, levels, order = line.split(";")
        text = "".join(chr(int(cp, 16)) for cp in cps.split())
        cases.append((text, "rtl" if direction == "1" else "ltr",
                      [int(x) for x in levels.split()], [int(x) for x in order.split()]))
    return cases


def test_conformance_with_unicode_bidi_character_test():
    cases = _cases()
    assert len(cases) == EXPECTED_CASES, "the subset file lost or gained cases"
    failures = []
    for text, direction, levels, order in cases:
        resolved = line_levels(text, list(paragraph_levels(text, direction)),
                               1 if direction == "rtl" else 0)
        if resolved != levels or visual_order(resolved) != order:
            failures.append(text)
    assert len(failures) == KNOWN_LIBRARY_GAPS, [f"{t!r}" for t in failures[:5]]


def test_levels_are_resolved_on_the_whole_paragraph():
    # "7-8" after an Arabic word: the digits become Arabic numbers (W2) whether or not a
    # line break later falls before them, because levels come from the whole paragraph.
    text = "من 7-8 آب"
    levels = paragraph_levels(text, "rtl")
    assert levels[3] == levels[5] == 2 and levels[4] == 1


def test_levels_of_ten_and_more_are_read_whole():
    # twelve nested right-to-left embeddings (RLE ... PDF): the innermost letter is at 23
    text = "\u202b" * 12 + "x" + "\u202c" * 12
    levels = paragraph_levels(text, "ltr")
    assert levels[12] == 24  # an L letter at the next even level above 23


def test_a_character_takes_the_level_of_its_first_utf8_byte():
    text = "a ب c"  # 1, 1, 2 (Arabic beh), 1, 1 bytes
    assert paragraph_levels(text, "ltr") == (0, 0, 1, 0, 0)


def test_phrases_go_to_the_engine_as_their_first_letter():
    text = "قال Lloyd Austin إن 2,500 جندي (HMC) باقون"
    phrases = [m.span() for m in bidi._phrases().finditer(text)]
    assert [text[a:b] for a, b in phrases] == ["قال", "Lloyd Austin", "إن", "جندي", "HMC",
                                              "باقون"]
    assert bidi._pack(text, phrases) == "ق L إ 2,500 ج (H) ب"


SEED_LINES = sorted({line for path in (ROOT / "seeds").glob("*.txt")
                     for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})
MIXED = ["The HMC met in Baghdad («اللجنة العسكرية العليا») on 15 February 2023.",
         "قال: «F-16» و(2,500) جندي — a b  c", "abc def ghi", "אבג דה 12 abc"]


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
def test_packed_phrases_give_the_engines_levels_for_the_whole_text(direction):
    # every line of the seeds, and mixed sentences: brackets, numbers, no-break spaces
    texts = SEED_LINES + MIXED
    assert len(SEED_LINES) > 100
    for text in texts:
        whole = tuple(bidi._engine_levels(text, direction))
        assert paragraph_levels.__wrapped__(text, direction) == whole, text


def test_a_line_is_reordered_on_its_own():
    text = "abc من"
    levels = line_levels(text, list(paragraph_levels(text, "rtl")), 1)
    assert "".join(text[i] for i in visual_order(levels)) == "نم abc"


def test_trailing_spaces_take_the_paragraph_level():
    text = "abc  "
    assert line_levels(text, [2, 2, 2, 2, 2], 1) == [2, 2, 2, 1, 1]


@pytest.mark.parametrize("ch, mirrored", [("(", ")"), (")", "("), ("«", "»"), ("[", "]")])
def test_brackets_and_guillemets_mirror_at_odd_levels(ch, mirrored):
    assert mirror(ch, 1) == mirrored
    assert mirror(ch, 2) == ch
