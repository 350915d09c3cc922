"""briefgen/memo.py: values found again by key from one round of work to the next, only
those the latest round used, nothing kept from a round that failed."""

from __future__ import annotations

import pytest

from briefgen.memo import Memo


class Counter:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def compute(self, key: str):
        def run() -> str:
            self.calls.append(key)
            return key.upper()
        return run

    def round(self, memo: Memo, *keys: str) -> None:
        """One round that asks for `keys`."""
        with memo.round():
            for key in keys:
                memo.get(key, self.compute(key))


def test_a_value_is_computed_once_and_found_again_in_the_next_round() -> None:
    memo, count = Memo(), Counter()
    with memo.round():
        assert memo.get("a", count.compute("a")) == "A"
        assert memo.get("a", count.compute("a")) == "A"
    with memo.round():
        assert memo.get("a", count.compute("a")) == "A"
    assert count.calls == ["a"]


def test_a_round_keeps_only_what_it_used() -> None:
    memo, count = Memo(), Counter()
    count.round(memo, "a", "b")
    count.round(memo, "a")
    count.round(memo, "a", "b")
    assert count.calls == ["a", "b", "b"]


def test_a_failed_round_keeps_nothing_new_and_drops_nothing() -> None:
    memo, count = Memo(), Counter()
    count.round(memo, "a")
    with pytest.raises(ValueError), memo.round():
        memo.get("b", count.compute("b"))
        raise ValueError
    count.round(memo, "a", "b")
    assert count.calls == ["a", "b", "b"]


def test_a_round_of_another_scope_starts_empty() -> None:
    memo, count = Memo(), Counter()
    with memo.round(("labels", 1)):
        memo.get("a", count.compute("a"))
    with memo.round(("labels", 2)):
        memo.get("a", count.compute("a"))
    with memo.round(("labels", 2)):
        memo.get("a", count.compute("a"))
    assert count.calls == ["a", "a"]


def test_a_kept_value_that_is_not_valid_any_more_is_computed_again() -> None:
    memo, made = Memo(), []
    with memo.round():
        memo.get("k", lambda: made.append(1) or "first")
    with memo.round():
        assert memo.get("k", lambda: made.append(2) or "second", valid=lambda v: False) == "second"
        assert memo.get("k", lambda: "third", valid=lambda v: False) == "second"  # this round's
    with memo.round():
        assert memo.get("k", lambda: "fourth", valid=lambda v: v == "second") == "second"
    assert made == [1, 2]
