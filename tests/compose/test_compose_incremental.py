"""compose() with a Memo of a paper's blocks (a --watch session's): the same Document as
without it after every edit, the blocks whose markup did not change the same objects, and
citation labels that follow a renumbering of the sources; the templates' wording parsed
again only when its file changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import mini_copy

from briefgen.compose.fragments import Fragments
from briefgen.compose.render import STRINGS_FILE, compose, load_strings
from briefgen.errors import InputError
from briefgen.facts.load import load_facts
from briefgen.memo import Memo
from briefgen.pipeline import ROOT

TEMPLATES = ROOT / "templates"


def composed(path: Path, lang: str, memo: Memo | None = None, fragments: Memo | None = None,
             paper: str = "full", templates: Path = TEMPLATES, facts_memo: Memo | None = None):
    base = load_facts(path, memo=facts_memo)
    return compose(base, paper, lang, base.brief.digits, templates, None, memo, fragments)


def versions(text: str) -> list[str]:
    """The text, edits of every kind a session's memos must follow, the text again."""
    first, second = text.index("[[sources]]"), text.index("[[sources]]", text.index("[[sources]]") + 1)
    end = text.index("[[parties]]")
    swapped = text[:first] + text[second:end] + text[first:second] + text[end:]  # [1] <-> [2]
    return [text, text.replace("begins its work in Baghdad", "begins its work in Baghdad at last"),
            swapped, text.replace('name.en = "Sabrina Singh"', 'name.en = "Sabrina Singh Jr"'),
            text.replace('speaker = "singh"', 'speaker = "sudani"'),
            text.replace("[[facts]]", "# every fact moves a line down\n[[facts]]", 1), text]


def test_a_memo_changes_nothing_composed_and_lends_unchanged_blocks(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path)
    for lang in ("ar", "en"):
        memo, fragments, facts_memo = Memo(), Memo(), Memo()
        documents = []
        for version in versions(text):
            path.write_text(version, encoding="utf-8")
            documents.append(composed(path, lang, memo, fragments, facts_memo=facts_memo))
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


def test_only_the_macro_calls_that_show_an_edited_fact_are_made_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, text = mini_copy(tmp_path)
    made: list[str] = []
    real = Fragments._made
    monkeypatch.setattr(Fragments, "_made", lambda self, context, macro, *rest: made.append(
        macro.name) or real(self, context, macro, *rest))
    memo, fragments, facts_memo = Memo(), Memo(), Memo()
    composed(path, "en", memo, fragments, facts_memo=facts_memo)
    statements = made.count("statement")
    assert statements > 5
    del made[:]
    path.write_text(text.replace("begins its work in Baghdad", "begins its work at last"),
                    encoding="utf-8")
    composed(path, "en", memo, fragments, facts_memo=facts_memo)
    # the two that read the brief itself, and the edited event's row of the chronology
    # (with the calls it makes): every other call, the statements among them, found again
    assert made == ["paper_root", "title_block", "chronology_row", "when", "label", "basis"]


def test_a_call_that_cites_two_sources_follows_their_order(tmp_path: Path) -> None:
    path, text = mini_copy(tmp_path, (
        '{ source = "analysis", quote = "دعم الجهود العراقية لمواجهة “داعش”" },',
        '{ source = "analysis", quote = "دعم الجهود العراقية لمواجهة “داعش”" },\n'
        '  { source = "kurdistan-tv", quote = "(مستوى التهديد الذي يمثله تنظيم داعش)" },'))
    swapped = versions(text)[2]  # the two sources swapped: the interest's record is the same
    for lang in ("ar", "en"):
        memo, fragments, facts_memo = Memo(), Memo(), Memo()
        for version in (text, swapped, text):
            path.write_text(version, encoding="utf-8")
            assert composed(path, lang, memo, fragments, facts_memo=facts_memo) == composed(
                path, lang)


@pytest.mark.parametrize("addition", [
    # a macro reading the fact base itself, or a loop's variable: made at every render
    ("{% macro count() %}{{ base.facts|length }} {{ tr(base.facts[-1].text) }}{% endmacro %}"
     "<p>{{ count() }}</p>"),
    ("{% for f in base.facts %}{% macro show() %}{{ tr(f.text) }}{% endmacro %}"
     "<p>{{ show() }}</p>{% endfor %}"),
    ("{% macro first(group) %}{{ tr(facts(group)[0].text) }}{% endmacro %}"
     "<p>{{ first('background') }}</p>"),
    "<p>{{ m.last() }}</p>",  # parts/macros.j2's, which resolves `base` as it is called
], ids=["base", "loop variable", "facts of a group", "imported"])
def test_a_macro_that_reads_what_no_call_tells_is_made_at_every_render(
        tmp_path: Path, addition: str) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    full = templates / "full.xml.j2"
    full.write_text(full.read_text(encoding="utf-8").replace("</paper>", addition + "</paper>"),
                    encoding="utf-8")
    with (templates / "parts" / "macros.j2").open("a", encoding="utf-8") as macros:
        macros.write("{% macro last() %}{{ tr(base.facts[-1].text) }}{% endmacro %}\n")
    path, text = mini_copy(tmp_path)
    last = text.index("text.en = ", text.rindex("[[facts]]"))  # the last fact's
    first = text.index("text.en = ", text.index("[[facts]]"))
    memo, fragments, facts_memo = Memo(), Memo(), Memo()
    for version in (text, text[:last + 11] + "Edited: " + text[last + 11:],
                    text[:first + 11] + "Edited: " + text[first + 11:], text):
        path.write_text(version, encoding="utf-8")
        assert composed(path, "en", memo, fragments, templates=templates,
                        facts_memo=facts_memo) == composed(path, "en", templates=templates)
