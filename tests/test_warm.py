"""build() with a Warm kept from one build to the next (briefgen/warm.py), as --watch runs
it: each rebuild writes the files whose content changes, and those are the bytes a fresh
run writes; what a change of fonts, templates or seeds touches is read again; a file that
another run replaced is written again."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MINI_FACTS, mini_copy

from briefgen.checkaside import check_process
from briefgen.errors import InputError
from briefgen.pipeline import ROOT, Options, Warm, build

FULL_ONLY = ("begins its work in Baghdad", "begins its work in Baghdad at last")  # a fact


def options(facts: Path, out: Path, **more: object) -> Options:
    return Options(facts=facts, out=out, papers=("full", "summary"), jobs=1, **more)  # type: ignore[arg-type]


def written(result) -> list[str]:
    return [w.path.relative_to(w.path.parent.parent if w.path.parent.name == "records"
                               else w.path.parent).as_posix() for w in result.written]


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(params=["check here", "check process"])
def session(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, str, Path, Warm]]:
    """A copy of the fixture fact base built once with a Warm: (facts, its text, the output
    folder, the Warm); the session's check in this process, or in a check process of its
    own, as `--watch` has one."""
    facts, text = mini_copy(tmp_path)
    with check_process(request.param == "check process") as checks:
        out, warm = tmp_path / "briefs", Warm(checks=checks)
        first = build(options(facts, out), warm=warm)
        assert len(first.written) == 9  # 8 papers and the edition's record
        yield facts, text, out, warm


def test_a_rebuild_writes_only_what_the_edit_changes_as_a_fresh_run_writes_it(
        session: tuple[Path, str, Path, Warm], tmp_path: Path) -> None:
    facts, text, out, warm = session
    facts.write_text(text.replace(*FULL_ONLY), encoding="utf-8")
    warm.saw({"facts"})
    result = build(options(facts, out), warm=warm)
    assert written(result) == ["mini.en.pdf", "mini.en.docx", "records/mini.edition-2.json"]
    fresh = tmp_path / "fresh"
    build(Options(facts=facts, out=fresh, papers=("full", "summary")))  # writers forked
    assert contents(out) == contents(fresh)


def test_a_build_with_nothing_changed_writes_nothing(
        session: tuple[Path, str, Path, Warm]) -> None:
    facts, _, out, warm = session
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    assert build(options(facts, out), warm=warm).written == []
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
    assert set(warm.stages) >= {"fonts", "load", "check", "records", "compose"}


def test_a_file_another_run_replaced_is_written_again(
        session: tuple[Path, str, Path, Warm]) -> None:
    facts, _, out, warm = session
    kept = (out / "mini.en.docx").read_bytes()
    (out / "mini.en.docx").write_bytes(b"another run's file")
    (out / "mini-summary.ar.pdf").unlink()
    result = build(options(facts, out), warm=warm)
    assert written(result) == ["mini.en.docx", "mini-summary.ar.pdf"]
    assert (out / "mini.en.docx").read_bytes() == kept


def test_new_fonts_rewrite_every_file(session: tuple[Path, str, Path, Warm],
                                      tmp_path: Path) -> None:
    facts, _, out, warm = session
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    build(options(facts, out, fonts=fonts), warm=warm)  # the same fonts, elsewhere
    warm.saw({"fonts"})
    result = build(options(facts, out, fonts=fonts), warm=warm)
    assert len(result.written) == 8  # every paper; not the record: it holds no fonts


def test_a_template_change_is_read_at_the_next_rebuild(
        session: tuple[Path, str, Path, Warm], tmp_path: Path) -> None:
    facts, _, out, warm = session
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    build(options(facts, out, templates=templates), warm=warm)
    strings = templates / "strings.toml"
    text = strings.read_text(encoding="utf-8")
    assert 'en = "Key judgments"' in text
    strings.write_text(text.replace('en = "Key judgments"', 'en = "Key findings"'),
                       encoding="utf-8")
    warm.saw({"templates"})
    result = build(options(facts, out, templates=templates), warm=warm)
    assert {"mini.en.pdf", "mini-summary.en.docx"} <= set(written(result))
    assert not any(".ar." in name for name in written(result))
    fresh = tmp_path / "fresh"
    build(Options(facts=facts, out=fresh, templates=templates, papers=("full", "summary")))
    assert contents(out) == contents(fresh)


def test_a_seed_change_is_checked_again_and_a_failure_keeps_the_files(
        session: tuple[Path, str, Path, Warm]) -> None:
    facts, _, out, warm = session
    seed = facts.parent / "seeds" / "002_08b63b4514a026e0.txt"
    original = seed.read_text(encoding="utf-8")
    quote = "ستبدأ بعد ھذا الاجتماع أعمال اللجنة العسكریة العلیا"
    assert quote in original
    before = contents(out)
    seed.write_text(original.replace(quote, "كلام آخر"), encoding="utf-8")
    warm.saw({"seeds"})
    with pytest.raises(InputError, match="not found in kurdistan-tv"):
        build(options(facts, out), warm=warm)
    assert contents(out) == before
    seed.write_text(original, encoding="utf-8")
    warm.saw({"seeds"})
    assert build(options(facts, out), warm=warm).written == []


def test_bad_input_then_its_fix(session: tuple[Path, str, Path, Warm]) -> None:
    facts, text, out, warm = session
    facts.write_text(text.replace('id = "mini"', 'id = "Mini Brief"'), encoding="utf-8")
    with pytest.raises(InputError, match="id must be an id of lower-case letters"):
        build(options(facts, out), warm=warm)
    facts.write_text(text.replace(*FULL_ONLY), encoding="utf-8")
    assert "mini.en.pdf" in written(build(options(facts, out), warm=warm))


def test_a_fact_base_of_another_form_is_read_whole_with_the_same_result(tmp_path: Path) -> None:
    """A multi-line string sends the loader to the whole text: same papers, same bytes."""
    facts, text = mini_copy(tmp_path, ('text.en = "The Higher Military Commission (HMC) '
                                       'begins its work in Baghdad',
                                       'text.en = """The Higher Military Commission (HMC) '
                                       'begins its work in Baghdad'))
    facts.write_text(text.replace("the coalition's mission.\"", "the coalition's mission.\"\"\"",
                                  1), encoding="utf-8")
    warm = Warm()
    build(options(facts, tmp_path / "a"), warm=warm)
    build(Options(facts=MINI_FACTS, out=tmp_path / "b", papers=("full", "summary")))
    assert contents(tmp_path / "a") == contents(tmp_path / "b")


def test_a_single_runs_warm_keeps_no_memo_and_writes_what_a_watchs_warm_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[Warm] = []
    monkeypatch.setattr("briefgen.pipeline.Warm", lambda **given: made.append(Warm(**given))
                        or made[-1])
    build(options(MINI_FACTS, tmp_path / "single"))  # a run with no Warm of its own
    watch = Warm()
    build(options(MINI_FACTS, tmp_path / "watch"), warm=watch)
    assert contents(tmp_path / "single") == contents(tmp_path / "watch")
    single = made[0]
    assert single.single and single.markup == {}  # no paper's blocks kept by their markup
    assert single.facts_memo is single.check_memo is single.coverage_memo is None
    assert watch.markup and watch.facts_memo is not None  # what the watch's rebuilds reuse
