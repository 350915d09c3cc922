"""The committed edition in briefs/ is what the code, templates and facts produce now (its
papers, its redlines and its record in briefs/records/), and the same inputs always give the
same bytes. Each run starts from the committed records, as `make brief` does in briefs/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from normalized import content

from briefgen.compose.render import paper_names
from briefgen.editions.record import recorded_editions
from briefgen.facts.load import load_facts
from briefgen.pipeline import ROOT, Options, build

BRIEFS = ROOT / "briefs"
RECORDS = BRIEFS / "records"
BRIEF = load_facts(ROOT / "facts.toml").brief


def with_records(out: Path) -> Path:
    """An output folder holding a copy of the committed records."""
    shutil.copytree(RECORDS, out / "records")
    return out


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = with_records(tmp_path_factory.mktemp("edition"))
    build(Options(out=out, papers=tuple(paper_names(ROOT / "templates"))))
    return out


def test_the_edition_has_every_paper_in_both_languages_and_formats(regenerated):
    names = {p.name for p in regenerated.iterdir()}
    for stem in ("iraq-coalition-future", "iraq-coalition-future-summary"):
        for lang in ("ar", "en"):
            for fmt in ("pdf", "docx"):
                assert f"{stem}.{lang}.{fmt}" in names


def test_reportlab_runs_with_its_c_accelerator():
    # rl_accel (requirements.txt) formats PDF numbers in C: a third of the PDF writer's
    # serialising time. Without it the numbers are written differently, and the test below
    # would report briefs/ as stale for that reason alone.
    from reportlab.lib.rl_accel import fp_str
    assert fp_str.__module__ == "_rl_accel", "pip install -r requirements.txt (rl_accel)"


def test_regenerating_reproduces_the_committed_briefs(regenerated):
    committed = sorted(p.name for p in BRIEFS.iterdir() if p.suffix in (".pdf", ".docx"))
    assert committed == sorted(p.name for p in regenerated.iterdir() if p.is_file())
    stale = [name for name in committed
             if content(BRIEFS / name) != content(regenerated / name)]
    assert not stale, f"briefs/ is stale, run `make brief` and commit: {stale}"


def test_the_records_are_committed_and_current(regenerated):
    committed = sorted(p.name for p in RECORDS.iterdir())
    assert f"{BRIEF.id}.edition-{BRIEF.edition}.json" in committed, (
        "run `make brief` and commit briefs/records/")
    assert committed == sorted(p.name for p in (regenerated / "records").iterdir())
    stale = [name for name in committed
             if (RECORDS / name).read_bytes() != (regenerated / "records" / name).read_bytes()]
    assert not stale, f"briefs/records/ is stale, run `make brief` and commit: {stale}"


def test_an_edition_after_a_recorded_one_has_its_redlines(regenerated):
    earlier = [n for n in recorded_editions(RECORDS, BRIEF.id) if n < BRIEF.edition]
    redlines = sorted(p.name for p in regenerated.iterdir() if ".redline." in p.name)
    expected = [f"iraq-coalition-future.{lang}.redline.docx" for lang in ("ar", "en")]
    assert redlines == (expected if earlier else [])


def test_two_runs_give_identical_bytes(regenerated, tmp_path):
    build(Options(out=with_records(tmp_path), langs=("ar",), papers=("full",)))
    for fmt in ("pdf", "docx"):
        name = f"iraq-coalition-future.ar.{fmt}"
        assert (tmp_path / name).read_bytes() == (regenerated / name).read_bytes()


def test_one_language_and_format_writes_only_that_file(tmp_path):
    build(Options(out=tmp_path, langs=("ar",), formats=("pdf",)))
    assert [p.name for p in tmp_path.iterdir()] == ["iraq-coalition-future.ar.pdf"]
