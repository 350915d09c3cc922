"""The edition's record is an output like the papers under kills and racing runs: it is in
the commit's journal, so a run killed in its commit has its record put in place by the next
run with its papers; and a run reads the records only once it holds the output folder, so a
second run compares with the edition the first one has just recorded. Real `generate.py`
processes, on the fixture pair of editions (tests/fixtures/mini, mini-next)."""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path

import pytest
from conftest import MINI_FACTS, MINI_NEXT_FACTS
from test_history import s, s_digits, text_of
from test_signals import KEPT, finish, generate, reached

SEEDS = str(MINI_FACTS.parent / "seeds")
EVERY_PAPER = ("--lang", "all", "--brief", "all", "--seeds", SEEDS)  # a run that records


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under the folder, by path relative to it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edition_two(edition_pair: tuple[Path, Path], tmp_path: Path) -> Path:
    """An output folder holding edition 2 and its record."""
    out = tmp_path / "briefs"
    shutil.copytree(edition_pair[0], out)
    return out


def test_a_record_cut_off_by_a_kill_in_the_commit_is_put_in_place_by_the_next_run(
        edition_pair, tmp_path):
    out = edition_two(edition_pair, tmp_path)
    before = tree(out)
    killed = generate(MINI_NEXT_FACTS, out, *EVERY_PAPER, hook="renamed:SIGKILL")
    assert finish(killed)[0] == -signal.SIGKILL
    [journal] = (out / ".briefgen").glob("*.journal")
    state = json.loads(journal.read_bytes())
    finals = [move["final"] for move in state["moves"]]
    assert state["state"] == "commit"
    assert finals[-1] == "records/mini.edition-3.json"  # reserved with the papers, put last
    assert "mini.en.redline.docx" in finals
    assert not (out / "records" / "mini.edition-3.json").exists()  # cut off by the kill
    assert tree(out) != before

    # The next run (one paper, which records nothing) first finishes the killed commit.
    status, _, stderr = finish(generate(MINI_NEXT_FACTS, out, "--format", "pdf",
                                        "--seeds", SEEDS))
    assert status == 0
    assert f"finished putting in place the {len(finals)} files of an interrupted run" in stderr
    assert tree(out) == tree(edition_pair[1])  # edition 3 whole, as an uninterrupted run left it


def test_a_second_run_reads_the_records_only_after_the_first_has_committed(
        edition_pair, tmp_path):
    out = edition_two(edition_pair, tmp_path)
    fourth = tmp_path / "mini-fourth" / "facts.toml"
    shutil.copytree(MINI_NEXT_FACTS.parent, fourth.parent)
    fourth.write_text(MINI_NEXT_FACTS.read_text(encoding="utf-8").replace(
        "edition = 3", "edition = 4", 1), encoding="utf-8")
    first = generate(MINI_NEXT_FACTS, out, *EVERY_PAPER, hook=f"locked:wait={tmp_path}")
    reached(tmp_path, "locked", 1, first)  # edition 3 holds the folder, nothing read yet
    second = generate(fourth, out, *EVERY_PAPER)
    assert second.stderr is not None
    assert second.stderr.readline().startswith(f"note: another run is writing into {out}")
    (tmp_path / "go").touch()
    assert finish(first)[0] == 0
    assert finish(second)[0] == 0
    records = out / "records"
    assert sorted(p.name for p in records.iterdir()) == [
        "mini.edition-2.json", "mini.edition-3.json", "mini.edition-4.json"]
    recorded = edition_pair[1] / "records"
    for name in ("mini.edition-2.json", "mini.edition-3.json"):
        assert (records / name).read_bytes() == (recorded / name).read_bytes()
    # Edition 4 compares with the edition 3 recorded while it waited, not with edition 2.
    for lang in ("ar", "en"):
        text = text_of(out / f"mini.{lang}.docx")
        assert s("changes_since", lang, edition=s_digits("3", lang)) in text
        assert s("changes_since", lang, edition=s_digits("2", lang)) not in text


@pytest.mark.parametrize(("hook", "args"), [
    ("composing:SIGINT", EVERY_PAPER),  # the changes section and the record being composed
    ("recorded:SIGTERM", EVERY_PAPER),  # the record written, the writers not yet started
    ("recorded:pg-SIGINT", EVERY_PAPER),
    ("writing:pg-SIGINT", ("--format", "docx", "--seeds", SEEDS)),  # the paper and its redline
], ids=["sigint-composing-the-changes", "sigterm-after-writing-the-record",
        "ctrl-c-after-writing-the-record", "ctrl-c-while-the-redline-is-written"])
def test_an_interrupt_before_the_commit_keeps_the_edition_and_its_records(
        edition_pair, tmp_path, hook, args):
    out = edition_two(edition_pair, tmp_path)
    before = tree(out)
    status, _, stderr = finish(generate(MINI_NEXT_FACTS, out, *args, hook=hook))
    assert (status, stderr) == (130, KEPT)
    assert tree(out) == before  # no record of edition 3, no redline, no work folder
    assert sorted(p.name for p in out.iterdir()) == sorted(
        p.name for p in edition_pair[0].iterdir())
