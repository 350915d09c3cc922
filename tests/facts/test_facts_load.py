"""The fact-base loader: every class of schema error, with its message and its exact line.

Each bad fact base is the fixture (tests/fixtures/mini) copied to tmp_path with one edit; the
expected line is computed from the edited text, so the tests do not depend on the layout of
the fixture beyond the lines they edit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import line_of, mini_copy

from briefgen.errors import InputError
from briefgen.facts.load import load_facts
from briefgen.memo import Memo
from briefgen.pipeline import ROOT


def problems(path: Path, langs: tuple[str, ...] = ("ar", "en")) -> list[str]:
    """The messages load_facts gives, one a line, each `...facts.toml:LINE: ...`."""
    with pytest.raises(InputError) as caught:
        load_facts(path, langs)
    lines = str(caught.value).splitlines()
    assert len(lines) == len(caught.value.problems)
    return lines


def only(path: Path, langs: tuple[str, ...] = ("ar", "en")) -> str:
    found = problems(path, langs)
    assert len(found) == 1, found
    return found[0]


def test_the_fixture_loads(tmp_path: Path) -> None:
    path, _ = mini_copy(tmp_path)
    base = load_facts(path)
    assert base.brief.id == "mini"
    assert len(base.facts) == 9
    assert [s.number for s in base.sources] == [1, 2]


# --- TOML syntax -----------------------------------------------------------------------------

def test_toml_syntax_error_names_its_line(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ("edition = 2\n", "edition = 2 =\n"))
    message = only(path)
    assert f"facts.toml:{line_of(text, 'edition = 2 =')}: TOML syntax error" in message
    assert "fix the syntax" in message


def test_unterminated_string_names_its_line(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('group = "figure"', 'group = "figure'))
    message = only(path)
    assert f"facts.toml:{line_of(text, 'group = ' + chr(34) + 'figure')}: TOML syntax error" \
        in message


def test_toml_error_at_end_of_document_names_the_last_line(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path)
    path.write_text(text + "extra = [\n", encoding="utf-8")
    message = only(path)
    assert f"facts.toml:{len((text + 'extra = [').splitlines())}: TOML syntax error" in message
    assert "end of document" not in message


def test_a_key_set_twice_is_a_syntax_error(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('edition = 2\n', 'edition = 2\nedition = 3\n'))
    assert f"facts.toml:{line_of(text, 'edition = 3')}: TOML syntax error" in only(path)


# --- keys: missing, mistyped, unknown ------------------------------------------------------------

def test_missing_required_key_in_brief(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ("edition = 2\n", ""))
    message = only(path)
    assert f"facts.toml:{line_of(text, '[brief]')}: [brief] has no 'edition'" in message
    assert "add edition = ..." in message


def test_missing_required_key_in_a_fact(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('id = "jscd"\ngroup = "event"\n', 'id = "jscd"\n'))
    header = line_of(text, 'id = "jscd"') - 1
    assert text.splitlines()[header - 1] == "[[facts]]"
    assert f"facts.toml:{header}: facts entry has no 'group'; add group = ..." in only(path)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("edition = 2", 'edition = "one"', "edition must be a whole number such as 2, not 'one'"),
    ("value = 2500", 'value = "2,500"', "value must be a whole number such as 2, not '2,500'"),
    ("value = 2500", "value = true", "value must be a whole number such as 2, not True"),
    ("analysis = true", 'analysis = "yes"', "analysis must be true or false, not 'yes'"),
    ('group = "figure"', "group = 3", "group must be a string in double quotes, not 3"),
    ('digits = "arabic-indic"', 'digits = "hindi"',
     "digits must be one of 'arabic-indic', 'western', not 'hindi'"),
    ('id = "jscd"', 'id = "JSCD 2"', "id must be an id of lower-case letters"),
    ('date = "2023-08-07/08"', "date = 2023", 'date must be a date string such as "2024-01-27"'),
    ('title.en = "The future', 'title.xx = "The future', "unknown language of title 'xx'"),
    ("keywords = {", "keywords = 3 #", "keywords must be { ar ="),
    ('sides = ["iraq-timetable", "us-no-timeline"]\n\n[[questions]]',
     'sides = "iraq-timetable"\n\n[[questions]]', "sides must be a list of ids of [[facts]]"),
])
def test_mistyped_key(tmp_path: Path, old: str, new: str, expected: str) -> None:
    path, text = mini_copy(tmp_path, (old, new))
    message = "\n".join(problems(path))
    assert f"facts.toml:{line_of(text, new.splitlines()[0])}: {expected}" in message


def test_a_text_that_is_not_bilingual(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('text.ar = "جندي أميركي في العراق"\n'
                                      'text.en = "US troops in Iraq"',
                                      'text = "US troops in Iraq"'))
    message = only(path)
    assert f"facts.toml:{line_of(text, 'text = ')}: text must be bilingual" in message
    assert 'text.ar = "..." and text.en = "..."' in message


def test_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('speaker = "sudani"', 'speeker = "sudani"'))
    message = only(path)
    assert f"facts.toml:{line_of(text, 'speeker')}: unknown key in facts 'speeker' " \
           "(did you mean 'speaker'?); remove or rename it" in message


def test_unknown_dotted_key_with_did_you_mean(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('text.ar = "انطلاق', 'txt.ar = "انطلاق'))
    found = problems(path)
    assert f"facts.toml:{line_of(text, 'txt.ar')}: unknown key in facts 'txt' " \
           "(did you mean 'text'?)" in found[0]
    # and, with text.ar gone, the fact's text lacks its Arabic: said on the text.en line
    assert f"facts.toml:{line_of(text, 'txt.ar') + 1}: text has no 'ar' text; " \
           'add text.ar = "..."' in found[1]


def test_unknown_table_with_did_you_mean(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ("[[terms]]", "[[term]]"))
    found = "\n".join(problems(path))
    assert f"facts.toml:{line_of(text, '[[term]]')}: unknown table 'term' " \
           "(did you mean 'terms'?)" in found
    assert "no [[terms]] table; add it" in found


# --- ids and references --------------------------------------------------------------------------

def test_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('id = "jscd"', 'id = "hmc-launch"'))
    message = only(path)
    second = line_of(text, 'id = "hmc-launch"', 1)
    first = line_of(text, 'id = "hmc-launch"', 0)
    assert f"facts.toml:{second}: duplicate id 'hmc-launch' (first at line {first}); " \
           "give each facts entry its own id" in message


@pytest.mark.parametrize(("old", "new", "table", "hint"), [
    ('speaker = "sudani"', 'speaker = "sudanii"', "people", "sudani"),
    ('party = "us"\nspeaker', 'party = "usa"\nspeaker', "parties", "us"),
    ('{ source = "analysis", quote = "دعم', '{ source = "analysiss", quote = "دعم',
     "sources", "analysis"),
    ('rests_on = ["iraq-timetable", "us-no-timeline"]',
     'rests_on = ["iraq-timetable", "us-no-timelin"]', "facts", "us-no-timeline"),
])
def test_reference_to_unknown_id(tmp_path: Path, old: str, new: str, table: str,
                                 hint: str) -> None:
    path, text = mini_copy(tmp_path, (old, new))
    message = only(path)
    bad = next(word for word in new.split('"')[1::2] if word not in old.split('"'))
    assert f"facts.toml:{line_of(text, new.splitlines()[0])}: unknown {table} id {bad!r} " \
           f"(did you mean {hint!r}?); use an id defined in [[{table}]]" in message


def test_reference_on_a_later_line_of_a_list(tmp_path: Path) -> None:
    """A reference in a list that runs over several lines is reported on its own line."""
    path, text = mini_copy(tmp_path, (
        'sides = ["iraq-timetable", "us-no-timeline"]\n\n[[questions]]',
        'sides = [\n  "iraq-timetable",\n  "no-such-fact",\n]\n\n[[questions]]'))
    assert f"facts.toml:{line_of(text, 'no-such-fact')}: unknown facts id 'no-such-fact'" \
        in only(path)


# --- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("date", "reason"), [
    ("2024-13", "month 13 is not 1-12"),
    ("27/01/2024", "is not a date"),
    ("mid-2024-01-27", "early-/mid-/late- go before a year or a month, not a day"),
    ("2024-02-30", "day 30 does not exist in month 2"),
    ("2023-08-08/07", "a range of days must end after it starts"),
    ("January 2024", "is not a date"),
    ("2024 ", "white space"),
])
def test_dates_that_are_not_dates(tmp_path: Path, date: str, reason: str) -> None:
    path, text = mini_copy(tmp_path, ('date = "2024-01-27"\ntext.ar = "صياغة',
                                      f'date = "{date}"\ntext.ar = "صياغة'))
    message = only(path)
    assert f"facts.toml:{line_of(text, f'date = {chr(34)}{date}')}: date: " in message
    assert reason in message
    assert "write" in message  # and says how to write a date


def test_a_date_inferred_that_is_not_bilingual(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('date_inferred.en = "from the report', 'date_infered.en '
                                      '= "from the report'))
    found = "\n".join(problems(path))
    assert f"facts.toml:{line_of(text, 'date_infered.en')}: unknown key in facts " \
           "'date_infered' (did you mean 'date_inferred'?)" in found


# --- languages --------------------------------------------------------------------------------

def test_missing_english_is_an_error_when_generating_english(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('text.en = "The level of the threat posed by ISIS."\n', ""))
    at = line_of(text, 'text.ar = "مستوى التهديد')
    message = only(path, ("ar", "en"))
    assert f"facts.toml:{at}: text has no 'en' text; add text.en = \"...\"" in message
    assert f"facts.toml:{at}: text has no 'en'" in only(path, ("en",))


def test_missing_english_is_no_error_when_generating_only_arabic(tmp_path: Path) -> None:
    path, _ = mini_copy(tmp_path, ('text.en = "The level of the threat posed by ISIS."\n', ""))
    base = load_facts(path, ("ar",))
    fact = next(f for f in base.facts if f.id == "factor-threat")
    assert fact.text.en == ""
    assert fact.text.ar.startswith("مستوى التهديد")


def test_missing_arabic_is_an_error_when_generating_only_arabic(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('name.ar = "سابرينا سينغ"\n', ""))
    assert f"facts.toml:{line_of(text, 'name.en = ' + chr(34) + 'Sabrina')}: name has no 'ar'" \
        in only(path, ("ar",))


def test_an_empty_text_is_an_error(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('role.en = "Pentagon spokesperson"', 'role.en = "  "'))
    assert f"facts.toml:{line_of(text, 'role.en = ' + chr(34) + ' ')}: role.en must be a " \
           "non-empty string" \
        in only(path)


# --- characters that are not text ------------------------------------------------------------

@pytest.mark.parametrize(("code", "kind"), [
    ("0007", "a control character XML cannot hold"),
    ("001B", "a control character XML cannot hold"),
    ("FFFF", "a control character XML cannot hold"),
    ("202E", "a bidi override or isolate"),
    ("202A", "a bidi override or isolate"),
    ("2066", "a bidi override or isolate"),
    ("2069", "a bidi override or isolate"),
])
def test_forbidden_characters_in_a_text(tmp_path: Path, code: str, kind: str) -> None:
    path, text = mini_copy(tmp_path, ("The level of the threat", f"The level \\u{code}of the threat"))
    message = only(path)
    assert f"facts.toml:{line_of(text, 'The level ')}: forbidden character U+{code} ({kind}) " \
           "at character 11 of the text" in message
    assert message.endswith("delete it")


def test_forbidden_character_written_raw_in_a_name(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('name.ar = "محمد شياع', 'name.ar = "\u202eمحمد شياع'))
    message = only(path)
    assert f"facts.toml:{line_of(text, 'name.ar = ' + chr(34) + chr(0x202E))}: forbidden " \
           "character U+202E (a bidi override or isolate) at character 1" in message
    assert "\u202e" not in message  # the message itself is safe to print


def test_forbidden_character_in_a_quote(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ("(مستوى التهديد الذي", "(مستوى\u2067 التهديد الذي"))
    message = only(path)
    assert f"facts.toml:{line_of(text, chr(0x2067))}: forbidden character U+2067" in message


def test_forbidden_characters_in_keywords_and_tags(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('en = ["Iraq", "coalition"]', 'en = ["Iraq\\u0008"]'),
                           ('group = "figure"', 'group = "figure"\ntags = ["a\\u202Db"]'))
    found = problems(path)
    assert f"facts.toml:{line_of(text, 'keywords')}: forbidden character U+0008" in found[0]
    assert f"facts.toml:{line_of(text, 'tags = ')}: forbidden character U+202D" in found[1]


def test_several_forbidden_characters_in_one_text_are_one_problem(tmp_path: Path) -> None:
    path, _ = mini_copy(tmp_path, ("The level of the threat", "The\\u202E level\\u202C of the"))
    assert "(and 1 more)" in only(path)


def test_line_and_paragraph_marks_are_allowed(tmp_path: Path) -> None:
    """LRM, RLM and ALM are marks, not overrides: they stay; tab and newline are text."""
    path, _ = mini_copy(tmp_path, ("The level of the threat", "The\\u200E level\\u200F of\\t the"))
    fact = next(f for f in load_facts(path).facts if f.id == "factor-threat")
    assert fact.text.en.startswith("The\u200e level\u200f of\t the")


# --- every problem at once ---------------------------------------------------------------------

def test_every_problem_is_reported_in_file_order_of_kind(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ("edition = 2", 'edition = "two"'),
                           ('speaker = "sudani"', 'speeker = "sudani"'),
                           ('date = "2024-01"\ndate_inferred.ar = "من تاريخ',
                            'date = "2024-1"\ndate_inferred.ar = "من تاريخ'))
    found = problems(path)
    assert len(found) == 3
    lines = {int(message.split("facts.toml:")[1].split(":")[0]) for message in found}
    assert lines == {line_of(text, 'edition = "two"'), line_of(text, "speeker"),
                     line_of(text, 'date = "2024-1"')}


def test_an_unreadable_fact_base(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot read the fact base .*give a readable UTF-8 "
                                         r"file with --facts"):
        load_facts(tmp_path / "nothing.toml")


# --- odd files: each refused (or read) with its line, never an internal error ------------------

def test_a_byte_order_mark_at_the_top_is_read_past(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('speaker = "sudani"', 'speeker = "sudani"'))
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert only(path).endswith(f"facts.toml:{line_of(text, 'speeker')}: unknown key in facts "
                               "'speeker' (did you mean 'speaker'?); remove or rename it")


def test_a_byte_that_is_not_utf8_is_located_by_line_and_column(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path)
    line = line_of(text, "Baghdad to review")
    data = text.encode("utf-8")
    at = data.index(b"Baghdad to review")
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    column = len(text.splitlines()[line - 1].split("Baghdad to review")[0]) + 1
    assert only(path).endswith(f"facts.toml:{line}: not UTF-8 text: the byte 0xFF at column "
                               f"{column} is not part of any character; retype it, or save "
                               "the file as UTF-8")


def test_a_utf16_file(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path)
    path.write_bytes(text.encode("utf-16"))
    assert only(path).endswith("facts.toml:1: the file is UTF-16 text; save it as UTF-8")


def test_a_header_inside_a_multiline_string_shifts_no_line(tmp_path: Path) -> None:
    path, text = mini_copy(
        tmp_path,
        ('handling.en = "Prepared from open sources"',
         'handling.en = """Prepared\n[[facts]]\nid = "not-a-fact"\nfrom open sources"""'),
        ('speaker = "sudani"', 'speeker = "sudani"'))
    assert only(path).split(": unknown key")[0].endswith(f"facts.toml:{line_of(text, 'speeker')}")
    assert load_facts(mini_copy(tmp_path / "ok", (
        'handling.en = "Prepared from open sources"',
        "handling.en = '''Prepared\n[[facts]]\nfrom open sources'''"))[0]).brief.id == "mini"


@pytest.mark.parametrize(("nesting", "where"), [
    ("x = " + "[" * 1000 + "]" * 1000, "x = [[["),
    ("x = " + "{ a = " * 1000 + "1" + " }" * 1000, "x = { a"),
    ("a" + ".a" * 1000 + " = 1", "a.a.a"),
], ids=["arrays", "inline-tables", "dotted-key"])
def test_nesting_a_thousand_deep(tmp_path: Path, nesting: str, where: str) -> None:
    path, text = mini_copy(tmp_path, ("edition = 2\n", f"edition = 2\n{nesting}\n"))
    assert only(path).endswith(f"facts.toml:{line_of(text, where)}: nested too deeply "
                               "(arrays, tables or dotted keys hundreds of levels deep); write "
                               "it flatter")


def test_a_key_nested_999_deep_is_an_unknown_key(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ("edition = 2\n", "edition" + ".a" * 998 + " = 2\n"))
    assert f"facts.toml:{line_of(text, 'edition.a.a')}: edition must be a whole number such " \
           "as 2, not a dict too large to show; correct the value" in only(path)


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "9" * 5000, "1_" * 4400 + "1"])
def test_a_number_of_5000_digits(tmp_path: Path, number: str) -> None:
    path, text = mini_copy(tmp_path, ("edition = 2", f"edition = {number}"))
    assert only(path).endswith(f"facts.toml:{line_of(text, 'edition = ')}: a number thousands "
                               "of digits long; write a number of at most 15 digits")


def test_a_large_number_that_python_can_read(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ("edition = 2", "edition = 0x" + "f" * 5000))
    assert only(path).endswith(f"facts.toml:{line_of(text, 'edition = ')}: edition must be a "
                               "whole number of at most 15 digits; correct the value")


@pytest.mark.parametrize("memo", [None, Memo()], ids=["single", "memo"])
def test_a_loaded_fact_bases_repeated_words_are_one_string_each(memo: Memo | None) -> None:
    """A fact base repeats its sources, groups, keys and quotes: the records hold each once."""
    base = load_facts(ROOT / "facts.toml", memo=memo)
    citations = [c for record in base.cited() for c in record.cite]
    by_quote: dict[str, list[str]] = {}
    for citation in citations:
        by_quote.setdefault(citation.quote, []).append(citation.quote)
    repeated = [quotes for quotes in by_quote.values() if len(quotes) > 1]
    assert repeated and all(q is quotes[0] for quotes in repeated for q in quotes)
    words = [f.group for f in base.facts] + [c.source for c in citations] + [
        key for f in base.facts for key in f.lines] + [f.id for f in base.facts]
    assert all(word is sys.intern(word) for word in words)
    assert not [c for c in [*citations[:1], base.facts[0].text] if hasattr(c, "__dict__")]
