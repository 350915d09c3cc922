"""`generate.py --check` on fact bases that reproduce each class of the printed-text checks
(tests/fixtures/check-*: the mini fact base with one class of defect): every problem on
its own line, `facts.toml:LINE: id.field.lang: what; what to do`, and exit status 1. And
which texts are printed, with what evidence."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_FACTS, TESTS, line_of, mini_copy

from briefgen.errors import InputError
from briefgen.facts.check import check_facts
from briefgen.facts.load import load_facts
from briefgen.facts.printed import printed_texts
from briefgen.pipeline import ROOT

FIXTURES = TESTS / "fixtures"


def generate_check(facts: Path) -> tuple[int, list[str]]:
    """Exit status and stderr lines of `generate.py --check --facts facts`, run from the root."""
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "--check", "--facts",
                           str(facts)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout == ""
    return done.returncode, done.stderr.splitlines()


def failing(name: str) -> tuple[list[str], str, str]:
    """`generate.py --check` on a fixture, which must fail: its stderr lines, the path of
    its facts.toml as messages show it, and its text."""
    path = FIXTURES / name / "facts.toml"
    status, lines = generate_check(path)
    assert status == 1
    return lines, str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def test_misquotations_are_located() -> None:
    lines, shown, text = failing("check-quotation")
    assert lines == [
        f"error: {shown}:{line_of(text, 'أكد البنتاغون أن')}: us-no-timeline.text.ar: "
        "«اجتماع اللجنة العسكرية بين واشنطن وبغداد لا يتضمن مفاوضات ح…» is presented as "
        "someone's words (after «أكد»), but in kurdistan-tv it stands outside quotation marks: "
        "the reporter's wording; paraphrase it without « », or quote words the seed puts in "
        "quotation marks",
        f"error: {shown}:{line_of(text, 'topic.ar')}: timetable.topic.ar: «لا جدول زمنياً "
        "محدداً» is not word for word in what the entry cites (kurdistan-tv); copy the seed's "
        "words exactly, or drop the « » and paraphrase",
    ]


def test_unsupported_years_and_months_are_located() -> None:
    lines, shown, text = failing("check-dates")
    where = [line.split(": ", 3)[1:3] for line in lines]
    assert where == [
        [f"{shown}:{line_of(text, 'subtitle.ar')}", "brief.subtitle.ar"],
        [f"{shown}:{line_of(text, 'subtitle.en')}", "brief.subtitle.en"],
        [f"{shown}:{line_of(text, 'كانون الأول/ديسمبر')}", "hmc-launch.text.ar"],
        [f"{shown}:{line_of(text, 'postponed from December')}", "hmc-launch.text.en"],
        [f"{shown}:{line_of(text, 'بعد غزو 2003')}", "background-2014.text.ar"],
        [f"{shown}:{line_of(text, 'the 2003 invasion')}", "background-2014.text.en"],
        [f"{shown}:{line_of(text, 'منذ 2021')}", "interest-isis.text.ar"],
        [f"{shown}:{line_of(text, 'since 2021')}", "interest-isis.text.en"],
    ]
    assert lines[0].endswith("the year 2021 is in no quote and no fact's date of the fact "
                             "base (an inferred date counts only where the text marks it, as "
                             "in «2021 (مستنتج)»), and a text that cites nothing may give only "
                             "those; drop it or correct it")
    assert "the month December is in no quote the entry cites and is not its date; " in lines[2]
    assert lines[6].endswith(
        "the year 2021 is in no quote the entry cites and it has no date; quote the seed's "
        "words that give it, give the entry that date (with date_inferred where the seed does "
        "not state it, so that the paper marks it inferred), or drop it")


def test_persian_letters_are_located() -> None:
    lines, shown, text = failing("check-letters")
    assert lines == [
        f"error: {shown}:{line_of(text, 'انطلاق أعمال اللجنة العسكریة')}: hmc-launch.text.ar: "
        "«العسكریة» is written with a Persian or Urdu letter form outside a quotation; write "
        "«العسكرية»: replace ی (U+06CC) by ي",
        f"error: {shown}:{line_of(text, 'expansion.ar')}: hmc.expansion.ar: «ھذا» is written "
        "with a Persian or Urdu letter form outside a quotation; write «هذا»: replace ھ "
        "(U+06BE) by ه",
    ]


def test_variant_spellings_are_located() -> None:
    lines, shown, text = failing("check-spellings")
    table = f"{Path(shown).parent}/spellings.toml"
    assert lines[0] == (
        f"error: {shown}:{line_of(text, 'جندي أميركي.')}: background-2014.text.ar: «أميركي» "
        f"is a variant of «أمريكي» ({table}:8) (BRIEF.md writes الأمريكية); write «أمريكي»")
    assert lines[2] == (
        f"error: {shown}:{line_of(text, 'The Department of Defense said')}: "
        f'us-no-timeline.text.en: "Department of Defense" is a variant of "Pentagon" '
        f'({table}:13); write "Pentagon"')
    assert [line.split(": ")[2] for line in lines] == [
        "background-2014.text.ar", "troops-2024.text.ar", "us-no-timeline.text.en",
        "when-end.why.ar"]


def test_a_broken_spelling_table_is_located(tmp_path: Path) -> None:
    path, _ = mini_copy(tmp_path)
    (path.parent / "spellings.toml").write_text(
        '[[ar]]\ncanonical = "أمريكي"\nvariants = ["أميركي", "أمريكي"]\n', encoding="utf-8")
    status, lines = generate_check(path)
    assert status == 1
    assert lines == [f"error: {path.parent / 'spellings.toml'}:3: variant 'أمريكي' occurs in "
                     "the canonical spelling 'أمريكي', so that spelling could never pass; make "
                     "the variant longer or drop it"]


def test_the_mini_fact_base_passes_every_check() -> None:
    base = load_facts(MINI_FACTS)
    check_facts(base, MINI_FACTS, MINI_FACTS.parent / "seeds")


def test_an_unreadable_seed_is_reported_once(tmp_path: Path) -> None:
    path, _ = mini_copy(tmp_path, ('file = "004_6bada24467bb3cb6.txt"', 'file = "004_x.txt"'))
    with pytest.raises(InputError) as caught:
        check_facts(load_facts(path), path, path.parent / "seeds")
    assert len(caught.value.problems) == 1


def test_printed_texts_and_their_evidence() -> None:
    base = load_facts(MINI_FACTS)
    printed = {item.where: item for item in printed_texts(base)}
    assert "analysis.date_inferred" in printed  # a source's note is printed in full
    note = printed["us-no-timeline.date_inferred"]  # and a fact's, beside it
    assert note.evidence.whole_base and note.evidence.whole_seeds and note.speaker is None
    assert printed["brief.subtitle"].evidence.whole_base
    judgment = printed["kj-timetable.text"].evidence
    assert {c.source for c in judgment.quotes} == {"kurdistan-tv"}
    assert [d.iso() for d in judgment.dates] == ["2024-01-27"]  # not the inferred 2024-01
    source = printed["kurdistan-tv.headline"]
    assert source.evidence.seeds == ["kurdistan-tv"] and source.verbatim("ar")
    assert printed["us-no-timeline.text"].speaker == "singh"


def test_a_facts_date_note_is_checked_like_any_printed_text(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ("«أمس الجمعة» قبل اجتماع 27 كانون الثاني/يناير 2024",
                                      "«أمس الخميس» قبل اجتماع یوم 27 كانون الأول/ديسمبر 2024"))
    with pytest.raises(InputError) as caught:
        check_facts(load_facts(path), path, path.parent / "seeds")
    at = line_of(text, "«أمس الخميس»")
    assert [(p.line, p.message.split(": ", 1)) for p in caught.value.problems] == [
        (at, ["us-no-timeline.date_inferred.ar", "«أمس الخميس» is not word for word in what "
              "the entry cites (kurdistan-tv); copy the seed's words exactly, or drop the « » "
              "and paraphrase"]),
        (at, ["us-no-timeline.date_inferred.ar", "the month December is in no seed the fact "
              "cites and in no quote or date of the fact base (an inferred date does not "
              "count: the text prints no mark); a note on how a date was inferred may give "
              "only dates the seeds state; correct it or drop it"]),
        (at, ["us-no-timeline.date_inferred.ar", "«یوم» is written with a Persian or Urdu "
              "letter form outside a quotation; write «يوم»: replace ی (U+06CC) by ي"]),
    ]


def test_a_facts_date_note_may_give_what_its_seeds_and_the_fact_base_give(tmp_path: Path) -> None:
    """The note says how the date was inferred: from the seeds it cites, read whole (2017 is
    in no quote), or from what another source dates (any quote or date of the fact base)."""
    path, _ = mini_copy(tmp_path, (
        "«أمس الجمعة» قبل اجتماع 27 كانون الثاني/يناير 2024",
        "«أمس الجمعة» قبل اجتماع السبت (27 كانون الثاني 2024)، بعد حوار 7 و8 آب/أغسطس 2023 "
        "وإعلان الانتصار على التنظيم في نهاية 2017"), (
        "before the meeting of 27 January 2024",
        "before the meeting of Saturday (27 January 2024), after the dialogue of 7-8 August 2023 "
        "and the victory over ISIS declared at the end of 2017"))
    check_facts(load_facts(path), path, path.parent / "seeds")


def marked_judgment(tmp_path: Path, ar: str, en: str) -> tuple[Path, str]:
    """The mini fact base with troops-2024 dated 2023 (inferred) and kj-timetable resting on
    it, its text ending with `ar` / `en` (no quote, nor any date not inferred, gives 2023)."""
    return mini_copy(
        tmp_path, ('date = "2024-01"\ndate_inferred.ar = "من تاريخ التقرير"',
                   'date = "2023"\ndate_inferred.ar = "من تاريخ التقرير"'),
        ('rests_on = ["iraq-timetable", "us-no-timeline"]',
         'rests_on = ["iraq-timetable", "us-no-timeline", "troops-2024"]'),
        ("وتقول واشنطن إنه لا جدول زمنياً محدداً.", f"وتقول واشنطن إنه لا جدول زمنياً محدداً {ar}."),
        ("there is no fixed timeline.", f"there is no fixed timeline {en}."))


def date_lines(path: Path, strings: Path | None = ROOT / "templates" / "strings.toml") -> list[str]:
    """The fields whose dates the checks refuse ([] when the fact base passes)."""
    try:
        check_facts(load_facts(path), path, path.parent / "seeds", strings)
    except InputError as error:
        return [p.message.split(":")[0] for p in error.problems]
    return []


def test_a_date_the_text_marks_inferred_with_the_papers_mark_passes(tmp_path: Path) -> None:
    path, _ = marked_judgment(tmp_path / "marked", "منذ 2023 (مستنتج)", "since 2023 (inferred)")
    assert date_lines(path) == []
    path, _ = marked_judgment(tmp_path / "unmarked", "منذ 2023", "since 2023")
    assert date_lines(path) == ["kj-timetable.text.ar", "kj-timetable.text.en"]
    path, _ = marked_judgment(tmp_path / "other-mark", "منذ 2023 (تاريخ مستنتج)",
                              "since 2023 (date inferred)")
    assert date_lines(path) == ["kj-timetable.text.ar", "kj-timetable.text.en"]
    path, _ = marked_judgment(tmp_path / "no-such-date", "منذ 2022 (مستنتج)",
                              "since 2022 (inferred)")
    assert date_lines(path) == ["kj-timetable.text.ar", "kj-timetable.text.en"]


def test_the_mark_is_the_one_strings_toml_gives(tmp_path: Path) -> None:
    strings = tmp_path / "strings.toml"
    strings.write_text((ROOT / "templates" / "strings.toml").read_text(encoding="utf-8").replace(
        '[inferred_mark]\nar = "(مستنتج)"\nen = "(inferred)"',
        '[inferred_mark]\nar = "(تقديري)"\nen = "(estimated)"'), encoding="utf-8")
    path, _ = marked_judgment(tmp_path / "a", "منذ 2023 (تقديري)", "since 2023 (estimated)")
    assert date_lines(path, strings) == []
    assert date_lines(path, None) == ["kj-timetable.text.ar", "kj-timetable.text.en"]
    path, _ = marked_judgment(tmp_path / "b", "منذ 2023 (مستنتج)", "since 2023 (inferred)")
    assert date_lines(path, strings) == ["kj-timetable.text.ar", "kj-timetable.text.en"]


def test_the_templates_wording_is_checked_too(tmp_path: Path) -> None:
    """strings.toml is the papers' own text: letter forms, spellings and years."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    strings = templates / "strings.toml"
    text = strings.read_text(encoding="utf-8").replace(
        'ar = "ملاحظة منهجية"', 'ar = "ملاحظة منهجیة 1999"', 1)
    strings.write_text(text, encoding="utf-8")
    at = line_of(text, "ملاحظة منهجیة")
    path, _ = mini_copy(tmp_path)
    with pytest.raises(InputError) as caught:
        check_facts(load_facts(path), path, path.parent / "seeds", strings)
    assert [str(p) for p in caught.value.problems] == [
        f"{strings}:{at}: method.ar: «منهجیة» is written with a Persian or Urdu letter form "
        "outside a quotation; write «منهجية»: replace ی (U+06CC) by ي",
        f"{strings}:{at}: method.ar: the year 1999 is in no quote and no fact's date (not "
        "inferred) of the fact base; drop it"]


def test_generate_check_reads_the_templates_strings(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    strings = templates / "strings.toml"
    strings.write_text(strings.read_text(encoding="utf-8").replace(
        'ar = "ملاحظة منهجية"', 'ar = "ملاحظة منهجیة"', 1), encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "--check", "--facts",
                           str(MINI_FACTS), "--templates", str(templates)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1
    assert "strings.toml:" in done.stderr and "method.ar: «منهجیة»" in done.stderr


def test_a_headline_is_verbatim_only_when_its_seed_has_it_word_for_word(tmp_path: Path) -> None:
    headline = "تمخض اجتماع اللجنة العسكریة العلیا المشتركة بين العراق والتحالف الدولي"
    path, text = mini_copy(tmp_path, (headline, headline.replace("تمخض", "انعقد")))
    with pytest.raises(InputError) as caught:
        check_facts(load_facts(path), path, path.parent / "seeds")
    assert [p.message.split(":")[0] for p in caught.value.problems] == [
        "kurdistan-tv.headline.ar", "kurdistan-tv.headline.ar"]  # العسكریة, العلیا
    assert {p.line for p in caught.value.problems} == {line_of(text, "headline.ar = ")}
