"""text/runs: pieces joined into runs of a size, in order, none empty."""

from __future__ import annotations

from briefgen.text.runs import joined_runs


def test_pieces_are_joined_into_runs_of_the_size_or_more_the_last_shorter():
    assert list(joined_runs(["ab", "c", "def", "g", "h"], 3)) == ["abc", "def", "gh"]
    assert list(joined_runs([b"abcd", b"e"], 2)) == [b"abcd", b"e"]


def test_no_pieces_give_no_run():
    assert list(joined_runs([], 4)) == []
    assert list(joined_runs(iter([b""]), 4)) == [b""]  # an empty piece is still a piece


def test_pieces_are_joined_as_plain_text_not_by_a_subclass_that_escapes():
    from markupsafe import Markup

    runs = list(joined_runs([Markup("<p>"), "a<b", Markup("</p>")], 100))
    assert runs == ["<p>a<b</p>"] and type(runs[0]) is str
