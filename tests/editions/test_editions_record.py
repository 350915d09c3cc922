"""editions/serial and editions/record: an edition's papers kept as JSON, losslessly and in
the same bytes every time; the records folder; a file that is no record, one clear line."""

from __future__ import annotations

import json

import pytest
from conftest import MINI_FACTS

from briefgen.compose.render import compose
from briefgen.editions.record import (
    earlier_record,
    latest_before,
    make_record,
    read_record,
    record_bytes,
    record_path,
    recorded_editions,
    superseded,
)
from briefgen.editions.serial import document_data, document_from
from briefgen.errors import InputError
from briefgen.facts.load import load_facts
from briefgen.model import Heading, ListBlock, Paragraph, Table
from briefgen.pipeline import ROOT

BASE = load_facts(MINI_FACTS)
PAPERS = {paper: {lang: compose(BASE, paper, lang, "arabic-indic", ROOT / "templates")
                  for lang in ("ar", "en")} for paper in ("full", "summary")}


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("paper", ["full", "summary"])
def test_a_document_comes_back_from_its_data_unchanged(paper, lang):
    document = PAPERS[paper][lang]
    data = json.loads(json.dumps(document_data(document), ensure_ascii=False))
    assert document_from(data) == document


def test_blocks_carry_the_record_they_show():
    blocks = PAPERS["full"]["en"].blocks
    refs = {b.ref for b in blocks if isinstance(b, Heading | Paragraph) and b.ref}
    refs |= {r for b in blocks if isinstance(b, ListBlock | Table) for r in b.refs if r}
    expected = {f"facts:{f.id}" for f in BASE.facts} | {f"judgments:{j.id}" for j in BASE.judgments}
    expected |= {f"questions:{q.id}" for q in BASE.questions} | {f"people:{p.id}" for p in BASE.people}
    expected |= {f"terms:{t.id}" for t in BASE.terms} | {f"sources:{s.id}" for s in BASE.sources}
    assert refs == expected


def test_a_record_is_the_same_bytes_for_the_same_edition_and_reads_back(tmp_path):
    first = record_bytes(make_record(BASE, PAPERS))
    again = {p: {lang: compose(BASE, p, lang, "arabic-indic", ROOT / "templates")
                 for lang in ("en", "ar")} for p in ("summary", "full")}  # another order
    assert record_bytes(make_record(BASE, again)) == first
    path = tmp_path / "mini.edition-2.json"
    path.write_bytes(first)
    record = read_record(path)
    assert (record.brief, record.edition, record.date) == ("mini", 2, "2026-11-22")
    assert record.papers == PAPERS
    assert record_bytes(record) == first
    assert first.count(b"\n") > len(PAPERS["full"]["ar"].blocks)  # a block a line: diffs read well


def test_the_records_folder(tmp_path):
    assert recorded_editions(tmp_path / "none", "mini") == {}
    for name in ("mini.edition-1.json", "mini.edition-3.json", "mini.edition-10.json",
                 "other.edition-2.json", "mini.edition-2.json.tmp", "notes.txt"):
        (tmp_path / name).write_text("{}")
    assert list(recorded_editions(tmp_path, "mini")) == [1, 3, 10]
    assert latest_before(tmp_path, "mini", 10) == tmp_path / "mini.edition-3.json"
    assert latest_before(tmp_path, "mini", 1) is None
    assert record_path(tmp_path, "mini", 4) == tmp_path / "mini.edition-4.json"
    assert superseded(tmp_path, "mini", 3) and not superseded(tmp_path, "mini", 10)
    assert not superseded(tmp_path, "other", 2)


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG", "not an edition record (not UTF-8 text: the byte 0x89 at column 1"),
    (b"{", "not an edition record: JSON syntax error at column 2"),
    (b'{"format": "something else"}', "its format is not"),
    (b'{"format": "briefgen edition record 1", "brief": "mini"}', "it has no 'papers'"),
])
def test_a_file_that_is_no_record_is_one_clear_line(tmp_path, content, message):
    path = tmp_path / "mini.edition-1.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_record(path)
    [problem] = caught.value.problems
    assert problem.path == path and message in problem.message
    assert "\n" not in str(caught.value)


def first_block(data: dict, kind: str) -> dict:
    return next(b for b in data["papers"]["full.en"]["blocks"] if b["kind"] == kind)


def set_text(data: dict, value: object) -> None:
    data["statements"]["facts:jscd"]["text"] = value


def drop_field(data: dict) -> None:
    del data["statements"]["questions:when-end"]["watch"]


def unknown_table(data: dict) -> None:
    data["statements"]["people:sudani"] = {}


def empty_run(data: dict) -> None:
    first_block(data, "paragraph")["inlines"].insert(0, "")


def unknown_inline(data: dict) -> None:
    first_block(data, "paragraph")["inlines"].insert(0, {"u": "underlined"})


def deep_heading(data: dict) -> None:
    first_block(data, "heading")["level"] = 9


def short_row(data: dict) -> None:
    first_block(data, "table")["rows"][0].pop()


def number_for_text(data: dict) -> None:
    first_block(data, "paragraph")["inlines"].insert(0, {"b": 7})


@pytest.mark.parametrize(("edit", "fault"), [
    (lambda data: set_text(data, 5), "the text of the statement 'facts:jscd' is not a text in "
                                     "both languages (or null)"),
    (lambda data: set_text(data, {"ar": "نص"}), "the text of the statement 'facts:jscd' is not"),
    (drop_field, "the statement 'questions:when-end' does not have the fields text, why, "
                 "watch, sides, sources"),
    (unknown_table, "the statement 'people:sudani' is of no known table"),
    (empty_run, "an empty run of text"),
    (unknown_inline, "TypeError: not an inline: {'u': 'underlined'}"),
    (deep_heading, "a heading of level 9"),
    (short_row, "a table whose rows and widths have different numbers of cells"),
    (number_for_text, "a paper in it is not as the program writes one"),
], ids=["number-for-a-text", "one-language", "missing-field", "unknown-table", "empty-run",
        "unknown-inline", "heading-level", "short-row", "number-in-a-paper"])
def test_a_record_out_of_shape_is_one_clear_line(tmp_path, edit, fault):
    """Valid JSON, edited by hand: refused before any comparison reads it (each of these
    gave an internal error, or a writer's, before)."""
    data = json.loads(record_bytes(make_record(BASE, PAPERS)))
    edit(data)
    path = tmp_path / "mini.edition-2.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_record(path)
    [problem] = caught.value.problems
    assert problem.path == path and problem.line is None
    assert problem.message.startswith("not an edition record (") and fault in problem.message


def test_the_record_to_compare_with(tmp_path):
    record = make_record(BASE, PAPERS)  # mini, edition 2
    path = record_path(tmp_path, "mini", 2)
    path.write_bytes(record_bytes(record))
    assert earlier_record(tmp_path, "mini", 2) is None  # nothing earlier than edition 2
    assert earlier_record(tmp_path, "mini", 3).edition == 2
    assert earlier_record(tmp_path, "other", 3) is None  # another brief's records are not looked at
    with pytest.raises(InputError, match="not earlier than the fact base's edition 2"):
        earlier_record(tmp_path, "mini", 2, given=path)
    with pytest.raises(InputError, match="a record of the brief 'mini', not of 'other'"):
        earlier_record(tmp_path, "other", 3, given=path)
