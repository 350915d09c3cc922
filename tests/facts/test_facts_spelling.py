"""The table of canonical spellings (spellings.toml beside the fact base): read and
validated with located errors, and matched as each language needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import InputError
from briefgen.facts.spelling import Spelling, find, load_spellings

TABLE = '''# two names, one in each language
[[ar]]
canonical = "شؤون"
variants = ["شئون", "شوون"]

[[en]]
canonical = "Pentagon"
variants = ["Defense Department", "DoD"]
note = "one name for the institution"
'''


def table(tmp_path: Path, text: str) -> Path:
    """A fact base path in tmp_path with `text` as its spelling table."""
    (tmp_path / "spellings.toml").write_text(text, encoding="utf-8")
    return tmp_path / "facts.toml"


def errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_spellings(table(tmp_path, text))
    return [f"{p.line}: {p.message}" for p in caught.value.problems]


def test_no_table_no_check(tmp_path: Path) -> None:
    assert load_spellings(tmp_path / "facts.toml") is None


def test_the_table_is_read_row_by_row_with_lines(tmp_path: Path) -> None:
    rows = load_spellings(table(tmp_path, TABLE)).rows
    assert [(r.lang, r.canonical, r.variant, r.line) for r in rows] == [
        ("ar", "شؤون", "شئون", 4), ("ar", "شؤون", "شوون", 4),
        ("en", "Pentagon", "Defense Department", 8), ("en", "Pentagon", "DoD", 8)]
    assert rows[2].note == "one name for the institution"


def test_bad_toml_is_located(tmp_path: Path) -> None:
    [message] = errors(tmp_path, '[[ar]]\ncanonical = "أمريكي\n')
    assert message.startswith("2: TOML syntax error")


@pytest.mark.parametrize(("text", "expected"), [
    ('[[ar]]\nvariants = ["أميركي"]\n', '1: [[ar]] entry needs canonical = "the one spelling"'),
    ('[[ar]]\ncanonical = "أمريكي"\n', "1: [[ar]] entry for 'أمريكي' needs variants = "),
    ('[[ar]]\ncanonical = "أمريكي"\nvariants = []\n', "3: [[ar]] entry for 'أمريكي' needs"),
    ('[[ar]]\ncanonical = "أمريكي"\nvariants = ["أميركي"]\nnot = "x"\n',
     "4: unknown key 'not'; an entry has canonical, variants and note"),
    ('[[fr]]\ncanonical = "x"\nvariants = ["y"]\n', "1: unknown table 'fr'; write [[ar]] or [[en]]"),
    ('[[en]]\ncanonical = "Pentagon"\nvariants = ["DoD"]\nnote = 3\n', "4: note must be a string"),
])
def test_missing_and_unknown_keys_are_located(tmp_path: Path, text: str, expected: str) -> None:
    assert any(e.startswith(expected) for e in errors(tmp_path, text)), errors(tmp_path, text)


def test_duplicates_are_refused(tmp_path: Path) -> None:
    found = errors(tmp_path, TABLE + '\n[[ar]]\ncanonical = "شؤون"\nvariants = ["شئون"]\n')
    assert "11: canonical 'شؤون' has two entries (first at line 2); merge their variants " \
           "into one" in found
    assert "13: variant 'شئون' is listed twice (first at line 4); keep one" in found


def test_a_table_that_could_never_pass_is_refused(tmp_path: Path) -> None:
    found = errors(tmp_path, '[[ar]]\ncanonical = "الأمريكية"\nvariants = ["أمريكي"]\n')
    assert found == ["3: variant 'أمريكي' occurs in the canonical spelling 'الأمريكية', so "
                     "that spelling could never pass; make the variant longer or drop it"]
    found = errors(tmp_path, '[[en]]\ncanonical = "Pentagon"\nvariants = ["the Pentagon"]\n')
    assert found == ["3: variant 'the Pentagon' holds the canonical spelling 'Pentagon', so that "
                     "spelling could not take this form; list only spellings that differ"]
    found = errors(tmp_path, TABLE + '\n[[en]]\ncanonical = "Defense Department"\nvariants = ["DoD"]\n')
    assert any("'Defense Department' occurs in the canonical spelling 'Defense Department'" in f
               for f in found)


def test_arabic_variants_match_inside_words_harakat_aside() -> None:
    assert find("ar", "أميركي", "القيادة المركزية الأميركية والأميركيّين") == ["الأميركية",
                                                                            "والأميركيين"]
    assert find("ar", "امريكي", "الأمريكية") == []  # the hamza makes it another spelling
    assert find("ar", "القوات الأمنية", "دعم القوات الأمنية العراقية") == ["القوات الأمنية"]


def test_english_variants_match_whole_words_case_sensitive() -> None:
    assert find("en", "Defense Department", "a US Defense  Department official") == [
        "Defense Department"]
    assert find("en", "defence", "the defence ministries; defenceless; Defence") == ["defence"]
    assert find("en", "US", "US-led and USA and US troops") == ["US"]


def test_verbatim_text_is_not_matched() -> None:
    row = Spelling("ar", "أمريكي", "امريكي", "", 1, 1)
    assert row.found_in("قال إن «اللجنة العسكرية العليا العراقية الامريكية (HMC)»") == []
    assert row.found_in("اللجنة العراقية الامريكية") == ["الامريكية"]
    assert row.fixed("الامريكية") == "الأمريكية"
