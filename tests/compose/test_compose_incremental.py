"""compose() with a Memo of a paper's blocks (a --watch session's): the same Document as
without it after every edit, the blocks whose markup did not change the same objects, and
citation labels that follow a renumbering of the sources; the templates' wording parsed
again only when its file changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import mini_copy

from briefgen.compose.render import STRINGS_FILE, compose, load_strings
from briefgen.errors import InputError
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


def test_the_wording_is_parsed_again_only_when_its_file_changes(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    first = load_strings(templates)
    assert load_strings(templates) is first  # the same bytes: the wording read last
    strings = templates / STRINGS_FILE
    text = strings.read_text(encoding="utf-8")
    strings.write_text(text.replace('en = "Key judgments"', 'en = "Key findings"'),
                       encoding="utf-8")
    assert load_strings(templates)["key_judgments"].en == "Key findings"
    strings.write_text(text + '\n[broken]\nar = "بلا ترجمة"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"\[broken\] needs ar"):
        load_strings(templates)
    strings.unlink()
    with pytest.raises(InputError, match="cannot read the templates' strings"):
        load_strings(templates)
