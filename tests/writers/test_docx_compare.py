"""writers/docx/compare: two editions aligned block by block (by what each block is, never by
its wording) and word by word."""

from __future__ import annotations

from briefgen.model import (
    Cell,
    Cite,
    Contents,
    Document,
    Heading,
    ListBlock,
    Meta,
    Paragraph,
    Table,
    Text,
)
from briefgen.writers.docx.compare import DELETED, INSERTED, SAME, align, compare_inlines

META = Meta("t", "s", "a", [], "st", "h", "{page}/{pages}", "2026-12-06")


def doc(*blocks) -> Document:
    return Document("en", "ltr", "western", META, list(blocks))


def statuses(tracked) -> list[tuple[str, list[str]]]:
    """(kind of block, statuses of its units)."""
    return [(type(t.block).__name__, [u.status for u in t.units]) for t in tracked]


def test_words_deleted_and_inserted_in_reading_order():
    marked = compare_inlines([Text("Baghdad seeks a withdrawal timetable.")],
                             [Text("Baghdad seeks a set timetable.")])
    assert [(i.text, s) for i, s in marked] == [
        ("Baghdad seeks a ", SAME), ("withdrawal", DELETED), ("set", INSERTED),
        (" timetable.", SAME)]


def test_style_and_citations_count_as_words():
    marked = compare_inlines([Text("Sudani", strong=True), Text(": text "), Cite("1", "source-a")],
                             [Text("Sudani", strong=True), Text(": text "), Cite("2", "source-a")])
    assert [(i.text, s) for i, s in marked] == [
        ("Sudani", SAME), (": text ", SAME), ("[1]", DELETED), ("[2]", INSERTED)]
    assert marked[0][0].strong


def test_blocks_are_matched_by_what_they_show_not_by_their_words():
    old = doc(Heading(1, [Text("Background")], "background"),
              Paragraph([Text("Washington launched the coalition.")], ref="facts:a"),
              Paragraph([Text("A second fact.")], ref="facts:b"))
    new = doc(Heading(1, [Text("Background")], "background"),
              Paragraph([Text("Iraq declared victory.")], ref="facts:c"),
              Paragraph([Text("A second fact, revised.")], ref="facts:b"))
    tracked = align(old, new)
    assert statuses(tracked) == [("Heading", [SAME]), ("Paragraph", [DELETED]),
                                 ("Paragraph", [INSERTED]), ("Paragraph", [SAME])]
    revised = tracked[3]
    assert [(i.text, s) for i, s in zip(revised.block.inlines, revised.units[0].marks[0],
                                        strict=True)] == [
        ("A second ", SAME), ("fact.", DELETED), ("fact, revised.", INSERTED)]


def test_list_items_and_table_rows_are_matched_by_ref():
    old = doc(Heading(1, [Text("Interests")], "interests"),
              ListBlock([[Text("one")], [Text("two")]], refs=["facts:one", "facts:two"]),
              Table([Cell([Text("Date")])], [[Cell([Text("2024")])], [Cell([Text("2023")])]],
                    [1.0], refs=["facts:x", "facts:y"]))
    new = doc(Heading(1, [Text("Interests")], "interests"),
              ListBlock([[Text("two")], [Text("three")]], refs=["facts:two", "facts:three"]),
              Table([Cell([Text("Date")])], [[Cell([Text("2024")])], [Cell([Text("2025")])]],
                    [1.0], refs=["facts:x", "facts:z"]))
    tracked = align(old, new)
    assert statuses(tracked) == [
        ("Heading", [SAME]),
        ("ListBlock", [DELETED, SAME, INSERTED]),
        ("Table", [SAME, SAME, DELETED, INSERTED]),  # the header row first
    ]
    assert [i[0].text for i in tracked[1].block.items] == ["one", "two", "three"]


def test_a_block_whose_kind_changed_is_deleted_and_inserted_whole():
    old = doc(Paragraph([Text("x")], role="note"), ListBlock([[Text("y")]], ordered=False))
    new = doc(Paragraph([Text("x")], role="body"), ListBlock([[Text("y")]], ordered=True))
    assert statuses(align(old, new)) == [
        ("Paragraph", [DELETED]), ("Paragraph", [INSERTED]),
        ("ListBlock", [DELETED]), ("ListBlock", [INSERTED])]


def test_the_contents_are_one_block_marked_by_their_headings():
    old = doc(Contents("Contents"), Paragraph([Text("x")]))
    new = doc(Contents("Contents"), Paragraph([Text("x")]))
    assert statuses(align(old, new)) == [("Contents", []), ("Paragraph", [SAME])]
    assert statuses(align(old, doc(Paragraph([Text("x")])))) == [("Paragraph", [SAME])]
