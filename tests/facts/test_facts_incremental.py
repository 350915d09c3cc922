"""What a --watch session lends the next load and check of an edited fact base (a Memo of
blocks, a CheckMemo of findings) changes nothing they give: the same records, lines and
messages as a fresh load and check, after every kind of edit."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from conftest import TESTS, mini_copy

from briefgen.errors import InputError
from briefgen.facts import load as load_module
from briefgen.facts.check import CheckMemo, check_facts
from briefgen.facts.lines import LineIndex, Splitter, table_blocks
from briefgen.facts.load import LANGS, _Loader, load_facts
from briefgen.memo import Memo
from briefgen.pipeline import ROOT
from briefgen.tomlfile import read_toml

FACT_BASES = [ROOT / "facts.toml", *sorted((TESTS / "fixtures").glob("*/facts.toml"))]
MINI = TESTS / "fixtures" / "mini" / "facts.toml"
QUOTE = ("ويوجد في العراق نحو 2500 جندي أميركي بينما ينتشر في سوريا زهاء 900 جندي أميركي، في "
         "إطار عمل التحالف الدولي الذي أطلقته واشنطن عام 2014")


def whole(path: Path):
    """The fact base read as one text, as before block-by-block reading."""
    raw, data = read_toml(path, "the fact base", "")
    return _Loader(path, LineIndex(raw), LANGS).load(data)


def lines(base) -> list[object]:
    return [(table, r.id, r.line, r.lines, [c.line for c in r.cite])
            for table, records in base.tables() for r in records]


def outcome(load) -> object:
    """The fact base and its lines, or the messages of its problems."""
    try:
        base = load()
    except InputError as error:
        return str(error)
    return base, lines(base)


@pytest.mark.parametrize("path", FACT_BASES, ids=lambda p: p.parent.name)
def test_reading_block_by_block_gives_the_whole_texts_records_and_lines(path: Path) -> None:
    assert table_blocks(path.read_text(encoding="utf-8")) is not None
    assert outcome(lambda: load_facts(path)) == outcome(lambda: whole(path))


def edits(text: str) -> list[str]:
    """The text, then edits of every kind, then the text again."""
    first_fact = text.index("[[facts]]")
    return [
        text,
        text[:first_fact] + "# a comment\n\n" + text[first_fact:],  # every later block moves
        text.replace("begins its work in Baghdad", "begins its work in Baghdad at last"),
        text.replace('group = "event"', 'group = "event"\ncolour = "red"', 1),  # a bad key
        text.replace('date = "2023-08-07/08"', 'date = "2023-13"'),  # a bad date
        text.replace('[[facts]]', '[[fact]]', 1),  # an unknown table
        text.replace('[brief]', '[brief]\n[brief]', 1),  # not TOML: read whole, located
        text,
    ]


def test_a_memo_lends_unchanged_blocks_and_moves_them_to_their_lines(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path)
    memo = Memo()
    for version in edits(text):
        path.write_text(version, encoding="utf-8")
        assert outcome(lambda: load_facts(path, memo=memo)) == outcome(lambda: whole(path))


def test_a_block_in_the_same_place_is_lent_as_the_same_record_a_moved_one_as_a_copy(
        tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path)
    memo = Memo()
    first = load_facts(path, memo=memo)
    path.write_text(text.replace("begins its work in Baghdad", "begins its work in Baghdad "
                                 "at last"), encoding="utf-8")  # an edit within a line
    edited = load_facts(path, memo=memo)
    kept = [new.id for new, old in zip(edited.facts, first.facts, strict=True) if new is old]
    assert len(kept) == len(first.facts) - 1 and edited.sources[1] is first.sources[1]
    path.write_text(text.replace("[[facts]]", "# a comment\n[[facts]]", 1), encoding="utf-8")
    moved = load_facts(path, memo=memo)
    assert all(new is not old and new.line == old.line + 1
               for new, old in zip(moved.facts, first.facts, strict=True))
    assert moved.sources[1] is first.sources[1]  # before the comment: where it was


def test_a_load_without_a_memo_gives_the_whole_texts_outcome_after_every_edit(
        tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path)
    for version in edits(text):
        path.write_text(version, encoding="utf-8")
        assert outcome(lambda: load_facts(path)) == outcome(lambda: whole(path))


def test_a_load_without_a_memo_parses_each_block_once_and_keeps_none(
        monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[dict] = []
    real = load_module._parsed
    monkeypatch.setattr(load_module, "_parsed", lambda text: parsed.append(real(text))
                        or parsed[-1])
    base = load_facts(ROOT / "facts.toml")
    _, blocks = table_blocks(ROOT.joinpath("facts.toml").read_text(encoding="utf-8"))
    assert len(parsed) == 1 + len(blocks)  # the text before the first block, then each
    first = parsed[1]["brief"]  # a block's parsed data: the record has its values...
    assert base.brief.title.ar == first["title"]["ar"]
    del parsed[:]  # ...and nothing holds the data itself
    assert not [r for r in gc.get_referrers(first) if r is not parsed]


def messages(path: Path, memo: CheckMemo | None = None) -> list[str]:
    try:
        check_facts(load_facts(path), path, path.parent / "seeds", memo=memo)
    except InputError as error:
        return str(error).splitlines()
    return []


def test_a_check_memo_finds_what_a_fresh_check_finds(tmp_path: Path) -> None:
    # the brief's handling line cites nothing: its year counts if any quote of the base gives it
    path, text = mini_copy(tmp_path, ('handling.en = "Prepared from open sources"',
                                      'handling.en = "Prepared from open sources since 2014"'),
                           ('handling.ar = "أُعدّت من مصادر مفتوحة"',
                            'handling.ar = "أُعدّت من مصادر مفتوحة منذ 2014"'))
    assert QUOTE in text
    cut = QUOTE.split("، في")[0]  # the same quote without its year
    versions = [
        text,
        text.replace(QUOTE, cut),  # the handling line's text is the same, its support gone
        text.replace("in 2014;", "in 2015;"),  # a text edited to an unsupported year
        text.replace("begins its work in Baghdad", "begins its work in Baghdad at last"),
        text,
        text.replace(QUOTE, QUOTE + " وزيادة"),  # a quote the seed does not hold
        text.replace(QUOTE, "ويوجد في العراق"),  # too short
        text,  # its seed, edited below, no longer holds the quote
        text,
    ]
    seeds = {p: p.read_text(encoding="utf-8") for p in (path.parent / "seeds").glob("*.txt")}
    holder = next(p for p, seed_text in seeds.items() if QUOTE in seed_text)
    memo = CheckMemo()
    found = []
    for n, version in enumerate(versions):
        path.write_text(version, encoding="utf-8")
        holder.write_text(seeds[holder].replace(QUOTE, "كلام آخر") if n == 7 else seeds[holder],
                          encoding="utf-8")
        found.append(messages(path, memo))
        assert found[-1] == messages(path)
    assert found[0] == found[3] == found[4] == found[8] == []
    assert all(any("not found in" in m for m in found[n]) for n in (5, 7))
    assert any("fewer than" in m for m in found[6])
    assert any("brief.handling.en: the year 2014 is in no quote" in m for m in found[1])
    assert any("2015" in m for m in found[2])


def splitter_edits(text: str) -> list[str]:
    """Edits of every kind near, at and across block boundaries."""
    first = text.index("[[facts]]")
    second = text.index("[[facts]]", first + 1)
    third = text.index("[[facts]]", second + 1)
    return [
        text[:first] + "# a comment\n" + text[first:],  # every later block moves
        text.replace("begins its work in Baghdad", "begins its work in Baghdad at last"),
        text[:second] + text[third:],  # a block gone
        text[:second] + text[second:third] + text[second:],  # a block twice
        text[:first] + text[second:third] + text[first:second] + text[third:],  # swapped
        text[:second] + "x" + text[second:],  # a header that is no header any more
        text[:second] + "[[parties]]\nid = \"new\"\n\n" + text[second:],  # another table's
        text[:second - 1] + '""' + text[second - 1:],  # quote marks at a boundary ...
        text[:second] + '"' + text[second:],  # ... making three with the next
        text[:second] + "a\rb\n" + text[second:],  # a line break of another kind
        text[:second] + 'x = """\nmulti\n"""\n' + text[second:],  # a multi-line string
        "# a preamble edited\n" + text, "#!" + text[2:],  # its length kept
        text.replace("[brief]", "[brief]\n# edited first block", 1),
        text + "[[terms]]\nid = \"added\"\n",
        text.rstrip("\n"),  # no line break at the end
        text + "trailing words",
        text[:third],  # cut after a block
        "", "no headers at all\n", "[[facts]]\n", text,
    ]


@pytest.mark.parametrize("path", [FACT_BASES[0], MINI], ids=["facts", "mini"])
def test_a_splitter_lends_the_last_texts_blocks_as_table_blocks_reads_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    versions = splitter_edits(text)
    for before in (text, *versions):  # each edit after the text, and after the one before
        for after in (versions if before is text else [text]):
            splitter = Splitter()
            assert splitter.split(before) == table_blocks(before)
            assert splitter.split(after) == table_blocks(after), (before[:40], after[:40])


def test_a_splitter_follows_random_edits() -> None:
    import random

    original = MINI.read_text(encoding="utf-8")
    rng = random.Random(19)
    splitter = Splitter()
    for _ in range(600):  # each text an edit or two of the fixture: two places from the last
        text = original
        for _ in range(rng.randrange(1, 3)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.4 and at < len(text):
                text = text[:at] + text[at + rng.randrange(1, 30):]
            else:
                text = text[:at] + rng.choice(["\n", "[", "[[facts]]\n", "x", '"', " ", "\n\n",
                                               "\n[[people]]\nid = \"a\"\n"]) + text[at:]
        assert splitter.split(text) == table_blocks(text)
