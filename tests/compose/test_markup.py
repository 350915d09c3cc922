"""compose/markup and the composer's errors: a broken template or strings file gives one
located InputError, never an internal error."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import MINI_FACTS

from briefgen.compose.context import TemplateContext
from briefgen.compose.markup import MarkupError, parse_markup, parse_pieces
from briefgen.compose.render import (
    STRINGS_FILE,
    compose,
    load_strings,
    make_environment,
    render_markup,
)
from briefgen.errors import InputError
from briefgen.facts.load import load_facts
from briefgen.memo import Memo
from briefgen.model import Cite, Heading, Paragraph, Text
from briefgen.pipeline import ROOT
from briefgen.writers.fonts import load_fontset
from briefgen.writers.pdf.document import write_pdf

ROOT_ATTRS = ('lang="en" title="T" subject="S" short-title="T" author="A" keywords="k" '
              'handling="H" date="2026-11-22"')


def paper(body: str, page_label: str = "Page {page} of {pages}") -> str:
    return f'<paper {ROOT_ATTRS} page-label="{page_label}">{body}</paper>'


def labels(source: str) -> str:
    return {"s1": "1"}[source]


def test_white_space_collapses_even_across_empty_inline_elements():
    document = parse_markup(paper("<p>a <i></i> b  <b>c</b></p>"), labels, "western")
    assert [i.text for i in document.blocks[0].inlines] == ["a b ", "c"]


def test_the_space_before_a_citation_binds_it_to_the_word():
    document = parse_markup(paper('<p>word <cite src="s1"/></p>'), labels, "western")
    assert document.blocks[0].inlines[0] == Text("word\u00a0")


@pytest.mark.parametrize("body, page_label, message", [
    ('<p><cite src="nope"/></p>', "Page {page}", "no source has that id"),
    ('<table widths="a b"><tr><th>x</th><th>y</th></tr></table>', "{page}", "positive"),
    ('<table widths="0 1"><tr><th>x</th><th>y</th></tr></table>', "{page}", "positive"),
    ("<p>x</p>loose words", "{page}", "text outside any block"),
    ("<p>x</p>", "{page} / {total}", "may use only {page} and {pages}"),
    ("<p>x</p>", "{}", "may use only {page} and {pages}"),
    ("<h1>no id</h1>", "{page}", 'needs the attribute id'),
])
def test_markup_that_is_not_of_the_vocabulary_is_refused(body, page_label, message):
    with pytest.raises(MarkupError, match=message.replace("{", r"\{").replace("}", r"\}")):
        parse_markup(paper(body, page_label), labels, "western")
    with pytest.raises(MarkupError):  # read in pieces, refused too (the caller then says why)
        parse_pieces([paper(body, page_label)], labels, "western")


@pytest.mark.parametrize("markup", [
    paper("<p>x</p>").replace("<paper", "<papers").replace("</paper>", "</papers>"),
    paper("<p>x</p>").replace(' lang="en"', ""), paper("<p>x</p") + "</paper>",
    "loose <p>x</p>", paper("loose words<p>x</p>"), paper("<p>x</p>")[:-3],
])
def test_markup_read_in_pieces_is_refused_where_the_whole_is(markup):
    with pytest.raises((MarkupError, ET.ParseError)):
        parse_markup(markup, labels, "western")
    with pytest.raises((MarkupError, ET.ParseError)):
        parse_pieces(list(markup), labels, "western")


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("size", [1, 7, 10_000])
def test_a_paper_read_in_pieces_is_the_paper_read_whole(lang, size):
    base = load_facts(ROOT / "facts.toml")
    templates = ROOT / "templates"
    context = TemplateContext(base, lang, base.brief.digits, load_strings(templates),
                              templates / STRINGS_FILE)
    markup = render_markup(make_environment(templates), "full", context)
    pieces = [markup[i:i + size] for i in range(0, len(markup), size)]
    digits = base.brief.digits if lang == "ar" else "western"  # an English paper's
    whole = parse_markup(markup, context.cite_label, digits)
    assert parse_pieces(pieces, context.cite_label, digits) == whole
    assert compose(base, "full", lang, base.brief.digits, templates) == whole


PLAIN = paper('\n<p>a <cite src="s1"/></p>\n<h1 id="x">b</h1>\n<ul><li>c</li></ul>\n')


def outcome(markup: str, memo: Memo | None = None) -> object:
    """The Document, or the kind and message of the error."""
    try:
        return parse_markup(markup, labels, "western", memo)
    except (MarkupError, ET.ParseError) as exc:
        return type(exc), str(exc)


@pytest.mark.parametrize("markup", [
    PLAIN, PLAIN.replace("<p>a", "<p>A"),  # its blocks lent; one parsed alone
    PLAIN.replace("\n<h1", "words\n<h1"), PLAIN.replace("\n<h1", "\u00a0\n<h1"),
    PLAIN.replace("\n<h1", "\x0b<h1"), PLAIN.replace("\n<h1", "<!-- <p>z</p> -->\n<h1"),
    PLAIN.replace("\n<h1", "<![CDATA[ ]]><h1"), PLAIN.replace("</p>\n", "<p>in</p></p>\n"),
    PLAIN.replace("<li>c</li>", "<li>c<ul><li>d</li></ul></li>"), "\u00a0" + PLAIN,
    PLAIN.replace("</paper>", "</paper\u00a0>"), PLAIN + "x", PLAIN + "<p>after</p>",
    PLAIN.replace('title="T"', 'title="a > b"'), PLAIN.replace('id="x"', ""),
    PLAIN.replace("<paper ", '<paper xmlns:x="u" ').replace("<p>a", "<p><x:b>y</x:b>a"),
    PLAIN.replace('src="s1"', 'src="s2"'), PLAIN.replace("<paper ", "<paper/><paper "),
], ids=["same", "one block", "loose words", "no-break space", "vertical tab", "comment",
        "cdata", "block in block", "list in list", "before the root", "bad end tag",
        "after the root", "block after the root", "> in the root", "vocabulary",
        "namespace", "unknown source", "two roots"])
def test_a_paper_read_from_its_blocks_is_the_paper_read_whole(markup: str) -> None:
    """With a Memo (a --watch session's), a plain paper is read from its parts, not parsed
    whole: the same Document, or the same error, as when it is parsed whole."""
    memo = Memo()
    with memo.round():
        assert outcome(PLAIN, memo) == outcome(PLAIN)  # the blocks the memo lends
    with memo.round():
        assert outcome(markup, memo) == outcome(markup)


def test_a_plain_paper_is_parsed_in_its_parts_only(monkeypatch: pytest.MonkeyPatch) -> None:
    memo = Memo()
    with memo.round():
        parse_markup(PLAIN, labels, "western", memo)
    parsed: list[str] = []
    real = ET.fromstring
    monkeypatch.setattr(ET, "fromstring", lambda text: parsed.append(text) or real(text))
    with memo.round():
        parse_markup(PLAIN.replace("<p>a", "<p>A"), labels, "western", memo)
    assert parsed == [f'<paper {ROOT_ATTRS} page-label="Page {{page}} of {{pages}}"></paper>',
                      '<p>A <cite src="s1"/></p>']


def test_a_paper_is_composed_without_its_whole_markup(monkeypatch):
    """compose() without a Memo of blocks (a single run's) reads the markup as it is made:
    the whole text is made only to say what is wrong with it."""
    base = load_facts(ROOT / "facts.toml")
    monkeypatch.setattr("briefgen.compose.render.render_markup", None)  # not called
    for lang in ("ar", "en"):
        assert compose(base, "full", lang, base.brief.digits, ROOT / "templates").blocks


def test_the_marks_citing_one_source_are_one_object():
    document = parse_pieces([paper('<p>a <cite src="s1"/></p><ul><li>b <cite src="s1"/></li></ul>')],
                            labels, "western")
    first, second = document.blocks[0].inlines[-1], document.blocks[1].items[0][-1]
    assert first == Cite("1", "source-s1") and first is second


def broken_templates(tmp_path: Path, file: str, old: str, new: str) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    path = templates / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return templates


@pytest.mark.parametrize("file, old, new, message", [
    ("strings.toml", 'en = "Edition {edition} — {date}"', 'en = "Edition {0}"',
     "strings.toml: [edition_line] en"),
    ("strings.toml", 'en = "Edition {edition} — {date}"', 'en = "Edition {number}"',
     "strings.toml: [edition_line] en"),
    ("strings.toml", '[contents]\n', '[contents\n', "strings.toml:"),
])
def test_a_broken_template_or_strings_file_is_an_input_error_naming_it(
        tmp_path, file, old, new, message):
    templates = broken_templates(tmp_path, file, old, new)
    with pytest.raises(InputError) as caught:
        compose(load_facts(MINI_FACTS), "full", "en", "western", templates)
    assert message in str(caught.value)


def test_a_strings_file_that_is_not_utf8_is_an_input_error(tmp_path):
    templates = broken_templates(tmp_path, "strings.toml", "[contents]", "[contents]")
    (templates / "strings.toml").write_bytes(b"[contents]\nar = \"\xff\"\n")
    with pytest.raises(InputError, match="UTF-8"):
        compose(load_facts(MINI_FACTS), "full", "en", "western", templates)


def test_headings_that_skip_a_level_still_make_a_pdf_outline(tmp_path):
    document = compose(load_facts(MINI_FACTS), "full", "en", "western", ROOT / "templates")
    document.blocks = [Heading(3, [Text("Deep first")], "a"), Paragraph([Text("x")]),
                       Heading(1, [Text("Top")], "b"), Heading(3, [Text("Skip")], "c")]
    pages = write_pdf(document, load_fontset(ROOT / "fonts"), tmp_path / "outline.pdf")
    assert pages == 1


def test_the_models_objects_are_slotted():
    """A paper of 1,930 pages holds some 300,000 of them: no dictionary each."""
    document = compose(load_facts(MINI_FACTS), "full", "en", "western", ROOT / "templates")
    objects = [document, document.meta, *document.blocks,
               *(i for b in document.blocks if isinstance(b, Paragraph) for i in b.inlines)]
    assert {type(o).__name__ for o in objects} >= {"Document", "Meta", "Paragraph", "Text",
                                                   "Cite", "Heading", "Table", "ListBlock"}
    assert not [o for o in objects if hasattr(o, "__dict__")]
