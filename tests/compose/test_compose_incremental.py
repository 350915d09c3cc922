"""compose() with a Memo of a paper's blocks (a --watch session's): the same Document as
without it after every edit, the blocks whose markup did not change the same objects, and
citation labels that follow a renumbering of the sources."""

from __future__ import annotations

from pathlib import Path

from conftest import mini_copy

from briefgen.compose.render import compose
from briefgen.facts.load import load_facts
from briefgen.memo import Memo
from briefgen.pipeline import ROOT

TEMPLATES = ROOT / "templates"


def composed(path: Path, lang: str, memo: Memo | None = None):
    base = load_facts(path)
    return compose(base, "full", lang, base.brief.digits, TEMPLATES, None, memo)


def test_a_memo_changes_nothing_composed_and_lends_unchanged_blocks(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path)
    first, second = text.index("[[sources]]"), text.index("[[sources]]", text.index("[[sources]]") + 1)
    end = text.index("[[parties]]")
    swapped = text[:first] + text[second:end] + text[first:second] + text[end:]  # [1] <-> [2]
    versions = [text, text.replace("begins its work in Baghdad", "begins its work in Baghdad at last"),
                swapped, text]
    for lang in ("ar", "en"):
        memo = Memo()
        documents = []
        for version in versions:
            path.write_text(version, encoding="utf-8")
            documents.append(composed(path, lang, memo))
            assert documents[-1] == composed(path, lang)
        first, edited = documents[0].blocks, documents[1].blocks
        same = [new for new, old in zip(edited, first, strict=True) if new is old]
        changed = len(first) - len(same)  # the edit is in English: the fact's paragraph
        assert changed == (0 if lang == "ar" else 1)
