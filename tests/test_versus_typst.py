"""bench/versus_typst.py: both sides get the same paper and the same edit; the targets read
the figures as the issue states them."""

from __future__ import annotations

import sys
import tomllib

import pytest

from briefgen.pipeline import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import versus_typst  # bench/ is a folder of scripts, not a package
from children import Run

FACTS = ROOT / "facts.toml"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return versus_typst.prepare(FACTS, tmp_path_factory.mktemp("versus-typst"))


def test_the_edit_adds_words_to_one_arabic_statement_and_nothing_else(inputs):
    before = tomllib.loads(inputs.facts_text)["facts"]
    after = tomllib.loads(inputs.edited_text)["facts"]
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert len(changed) == 1
    old, new = changed[0]
    assert new["text"]["ar"] == old["text"]["ar"][:-1] + versus_typst.EDIT + "."
    assert new["text"]["en"] == old["text"]["en"]


def test_typst_gets_the_paper_before_and_after_the_same_edit(inputs):
    before = inputs.typst["ar"].read_text(encoding="utf-8")
    after = inputs.typst_edited.read_text(encoding="utf-8")
    assert versus_typst.EDIT not in before
    assert after.count(versus_typst.EDIT) >= 1
    first_paragraph_line = next(line for line in after.splitlines() if versus_typst.EDIT in line)
    assert first_paragraph_line.replace(versus_typst.EDIT, "") in before
    assert set(inputs.typst) == {"ar", "en"}


def test_page_counts_agree_within_ten_percent():
    assert versus_typst.pages_agree(22, 20)
    assert not versus_typst.pages_agree(22, 19)
    assert not versus_typst.pages_agree(None, 20)


def cold(ours_s: float, typst_s: float) -> versus_typst.Cold:
    return versus_typst.Cold(Run(ours_s, ours_s, 80, ""), Run(typst_s, typst_s, 90, ""), 5,
                             {"ar": 22, "en": 19}, {"ar": 21, "en": 18})


def test_the_cold_target_is_ours_at_most_nine_tenths_of_typsts():
    assert [met for met, _ in versus_typst.targets(cold(0.30, 0.34), versus_typst.Warm(
        0.3, [0.03], [0.02], [0.015]))] == [True, True, True, True]
    verdicts = versus_typst.targets(cold(0.47, 0.34), versus_typst.Warm(0.3, [0.03], [0.04],
                                                                        [0.03]))
    assert [met for met, _ in verdicts] == [True, True, False, False]
    assert "1.38 (target <= 0.90)" in verdicts[2][1]


def test_a_watch_not_yet_built_is_a_skip_not_a_failure():
    warm = versus_typst.Warm(0.3, [0.03, 0.025], skipped="generate.py has no --watch yet")
    met, text = versus_typst.targets(cold(0.47, 0.34), warm)[-1]
    assert met is None and "no --watch yet" in text
    assert any("not measured: generate.py has no --watch yet" in line
               for line in versus_typst.report(cold(0.47, 0.34), warm, "0.15.0"))
