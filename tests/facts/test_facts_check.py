"""The checks against the seeds: quotes found verbatim, quotes long enough, the same numbers
in both languages, seeds readable; and `generate.py --check` on the fixture."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINI_FACTS, line_of, mini_copy

from briefgen.errors import InputError
from briefgen.facts.check import check_facts, closest_passage, numbers_of
from briefgen.facts.load import load_facts
from briefgen.pipeline import ROOT
from briefgen.text.numerals import to_style


def check(path: Path) -> list[str]:
    """The messages of the checks (the fact base must load)."""
    base = load_facts(path)
    with pytest.raises(InputError) as caught:
        check_facts(base, path, path.parent / "seeds")
    return str(caught.value).splitlines()


def only(path: Path) -> str:
    found = check(path)
    assert len(found) == 1, found
    return found[0]


def test_the_fixture_passes(tmp_path: Path) -> None:
    path, _ = mini_copy(tmp_path)
    report = check_facts(load_facts(path), path, path.parent / "seeds")
    assert (report.facts, report.sources, report.quotes) == (9, 2, 13)


def test_quote_not_in_its_seed_shows_the_closest_passage(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ("(مستوى التهديد الذي يمثله تنظيم داعش)",
                                      "(مستوى التهديد الذي تمثله جماعة داعش)"))
    message = only(path)
    assert f"facts.toml:{line_of(text, 'تمثله جماعة')}: quote of 'factor-threat' not found in " \
           "kurdistan-tv; closest passage: «(مستوى التهديد الذي يمثله تنظيم داعش)»; " \
           "copy the seed's words exactly" in message


def test_quote_with_escaped_quotation_marks_is_found_on_its_own_line(tmp_path: Path) -> None:
    """The quote holds \\" in the file: its line is still found (not the `cite = [` line)."""
    path, text = mini_copy(tmp_path, ('شددت على أنه \\"ليس', 'شددت على انه \\"ليس'))
    message = only(path)
    assert f"facts.toml:{line_of(text, 'شددت على انه')}: quote of 'us-no-timeline' not found" \
        in message
    assert "شددت على أنه" in message  # the closest passage has the seed's spelling


def test_second_citation_of_a_record_is_reported_on_its_own_line(tmp_path: Path) -> None:
    quote = '  { source = "kurdistan-tv", quote = "ويوجد في العراق نحو 2500 جندي أميركي" },\n]'
    path, text = mini_copy(tmp_path, (quote, quote.replace(
        "]", '  { source = "kurdistan-tv", quote = "ويوجد في العراق نحو 2600 جندي أميركي" },\n]')))
    assert f"facts.toml:{line_of(text, 'نحو 2600')}: quote of 'troops-2024' not found" \
        in only(path)


def test_quote_under_five_words(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('quote = "(مستوى التهديد الذي يمثله تنظيم داعش)"',
                                      'quote = "مستوى التهديد"'))
    message = only(path)
    assert f"facts.toml:{line_of(text, 'quote = ' + chr(34) + 'مستوى التهديد' + chr(34))}: " \
           f"quote of 'factor-threat' has fewer than 5 words; quote a clause" in message


def test_arabic_and_english_numbers_differ(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ("about 2,500 US troops are in Iraq",
                                      "about 2,600 US troops are in Iraq"))
    message = only(path)
    at = line_of(text, 'text.ar = "أطلقت واشنطن')  # the text's first line
    assert f"facts.toml:{at}: background-2014.text: Arabic and English carry different " \
           "numbers (ar ['2014', '2500'], en ['2014', '2600'])" in message
    assert message.endswith("make them state the same figures and years")


def test_numbers_in_other_fields_are_checked_too(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ("The fate of about 2,500 US troops",
                                      "The fate of about 2,500 US troops in 2024"))
    assert f"facts.toml:{line_of(text, 'why.ar')}: when-end.why: Arabic and English carry " \
           "different numbers" in only(path)


def test_numbers_are_compared_in_any_digits() -> None:
    assert numbers_of("نحو ٢٬٥٠٠ جندي عام ٢٠١٤") == numbers_of("about 2,500 troops in 2014")
    assert numbers_of("«٢٥٠٠»") == {"2500"}
    assert numbers_of("«١٢» و٣٬٤٥٦ and 7,890") == {"12", "3456", "7890"}


def test_numbers_are_found_without_filling_the_papers_digit_cache() -> None:
    """The check reads every text once: what it converts is not kept (a fact base 100
    times the real one held 20 MB more, in a check in the same process as the papers)."""
    before = to_style.cache_info().currsize
    numbers_of("عام ٢٠١٤ (نسخة ٩٩)")
    assert to_style.cache_info().currsize == before


def test_missing_seed_file_names_the_file_line(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, ('file = "004_6bada24467bb3cb6.txt"',
                                      'file = "004_nothing.txt"'))
    message = only(path)
    assert f"facts.toml:{line_of(text, '004_nothing')}: seed file " in message
    assert "004_nothing.txt not found; give the name of a UTF-8 text file in seeds/" in message


KURDISTAN_TV = "002_08b63b4514a026e0.txt"  # the seed whose headline the paper prints verbatim


def broken_seed(path: Path, change: str) -> Path:
    """The fixture's seed of Kurdistan TV made unusable as `change` says."""
    seed = path.parent / "seeds" / KURDISTAN_TV
    data = seed.read_bytes()
    if change == "not-utf8":
        lines = data.split(b"\n")
        lines[2] = "خبر ".encode() + b"\xe9" + lines[2]  # a Latin-1 e-acute, 5th character
        seed.write_bytes(b"\n".join(lines))
    elif change == "utf16":
        seed.write_bytes(data.decode("utf-8").encode("utf-16"))
    elif change == "empty":
        seed.write_bytes(b"")
    elif change == "folder":
        seed.unlink()
        seed.mkdir()
    elif change == "fifo":
        seed.unlink()
        os.mkfifo(seed)
    return seed


@pytest.mark.parametrize(("change", "where", "message"), [
    ("not-utf8", "seed:3", "not UTF-8 text: the byte 0xE9 at column 5 is not part of any "
                           "character; retype it, or save the file as UTF-8"),
    ("utf16", "seed:1", "the file is UTF-16 text; save it as UTF-8"),
    ("empty", "facts", "seed file {seed} is empty; give the name of a UTF-8 text file in seeds/"),
    ("folder", "facts", "seed file {seed} cannot be read (Is a directory); give the name of a "
                        "UTF-8 text file in seeds/"),
    ("fifo", "facts", "seed file {seed} cannot be read (a named pipe (FIFO), not a file); give "
                      "the name of a UTF-8 text file in seeds/"),
])
def test_a_seed_that_cannot_be_used_is_one_line(tmp_path: Path, change: str, where: str,
                                                message: str) -> None:
    """Located in the seed where a byte is wrong, else where the fact base names the file;
    and only that line: the quotes and the verbatim headline of that source, which cannot
    be checked, give no more."""
    path, text = mini_copy(tmp_path)
    seed = broken_seed(path, change)
    at = (f"{seed}:{where.split(':')[1]}" if where.startswith("seed")
          else f"{path}:{line_of(text, KURDISTAN_TV)}")
    assert only(path) == f"{at}: {message.format(seed=seed)}"


def test_a_seed_with_a_byte_order_mark_is_read_past_it(tmp_path: Path) -> None:
    path, _ = mini_copy(tmp_path)
    seed = path.parent / "seeds" / KURDISTAN_TV
    seed.write_bytes(b"\xef\xbb\xbf" + seed.read_bytes())
    assert check_facts(load_facts(path), path, path.parent / "seeds").quotes == 13


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    path, _ = mini_copy(tmp_path, ("about 2,500 US troops are in Iraq",
                                   "about 2,600 US troops are in Iraq"),
                        ('quote = "(مستوى التهديد الذي يمثله تنظيم داعش)"',
                         'quote = "مستوى التهديد"'))
    found = check(path)
    assert len(found) == 2
    assert "fewer than 5 words" in found[0]
    assert "different numbers" in found[1]


def test_closest_passage_is_whole_words() -> None:
    seed = "الجملة الأولى هنا. وقالت المتحدثة باسم البنتاغون في مؤتمر صحفي إن الاجتماع ليس مفاوضات."
    passage = closest_passage("وقالت المتحدثه باسم البنتاغون في", seed)
    assert passage == "وقالت المتحدثة باسم البنتاغون في"


def test_closest_passage_sees_through_letter_forms(tmp_path: Path) -> None:
    """The seed writes ی and ھ where the quote has ي and ه: the passage is still found."""
    path, _ = mini_copy(tmp_path, ("ستبدأ بعد ھذا الاجتماع أعمال اللجنة العسكریة العلیا (HMC)",
                                   "ستبدأ بعد هذا الاجتماع أعمال اللجنة العسكرية العليا (HMC)"))
    assert "closest passage: «\"ستبدأ بعد ھذا الاجتماع أعمال اللجنة العسكریة العلیا (HMC)»" \
        in only(path)


def test_closest_passage_is_quick_on_a_long_quote() -> None:
    seed = " ".join(f"كلمة{i % 50}" for i in range(5000))
    started = time.perf_counter()
    closest_passage(" ".join(["كلمه"] * 300), seed)
    assert time.perf_counter() - started < 2.0


def test_closest_passage_is_at_most_160_characters() -> None:
    seed = " ".join(["كلمة"] * 500)
    assert len(closest_passage(" ".join(["كلمه"] * 100), seed)) <= 160


def test_generate_check_on_the_fixture() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "--check", "--facts",
                           str(MINI_FACTS)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.strip() == ("ok: 9 facts, 2 sources, 13 quotes checked; "
                                   "templates render in every language")


def test_generate_check_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "--check", "--facts",
                           str(MINI_FACTS), "--out", str(out)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not out.exists()
