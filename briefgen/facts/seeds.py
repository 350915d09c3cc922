"""The seeds as the checks read them: a file -> its text (white space squashed) and the
stretches of it that stand inside quotation marks.

Seeds mark quotations with « », “ ”, straight " ", and sometimes reversed ” “, nested
(“… “داعش” …”) or left open. « opens and » closes; any other mark opens when a letter
follows it and none stands before it, closes when a letter stands before it and none
follows, and otherwise closes the open quotation, if there is one, or else opens one when
a letter follows. Where the marks are broken the reading is generous, never strict: a
quotation left open runs to the end of its paragraph, and a closing mark with no opening
one closes a quotation that began where the last one ended (or with the paragraph).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.textfile import read_text

_SPACE = re.compile(r"\s+")
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel
OPENING, CLOSING, EITHER = "«„", "»", "“”\""
QUOTE_MARKS = OPENING + CLOSING + EITHER


def squash(text: str) -> str:
    """Collapse every run of white space into one space."""
    return _SPACE.sub(" ", text).strip()


def unmarked(text: str) -> str:
    """`text` without harakat, superscript alef and tatweel: how the checks compare words."""
    return _HARAKAT.sub("", text)


@dataclass
class SeedText:
    """One seed: its squashed text and its quoted stretches [(start, end)] in that text."""

    text: str
    quoted: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> SeedText:
        """The seed at `path`: OSError when it cannot be read (or is not a file), InputError
        at the line and column of a byte that is not UTF-8 (textfile.py)."""
        return cls.parse(read_text(path))

    @classmethod
    def parse(cls, raw: str) -> SeedText:
        """The seed from its raw text; paragraphs are its lines."""
        paragraphs = [squash(line) for line in raw.splitlines() if line.strip()]
        seed, at = cls(" ".join(paragraphs)), 0
        for paragraph in paragraphs:
            seed.quoted.extend((at + s, at + e) for s, e in quoted_stretches(paragraph))
            at += len(paragraph) + 1
        seed.quoted.sort()
        return seed

    def occurrences(self, segment: str) -> list[int]:
        """Where `segment` starts in the text (every place, overlapping ones too)."""
        found, at = [], self.text.find(segment)
        while at >= 0:
            found.append(at)
            at = self.text.find(segment, at + 1)
        return found

    def is_quoted(self, start: int, end: int) -> bool:
        """Whether text[start:end] lies wholly inside one quotation of the seed."""
        i = bisect.bisect_right(self.quoted, (start, len(self.text)))
        return any(s <= start and end <= e for s, e in self.quoted[:i])

    def quotes(self, segment: str) -> bool:
        """Whether `segment` occurs inside quotation marks somewhere in the seed."""
        return any(self.is_quoted(at, at + len(segment)) for at in self.occurrences(segment))


def quoted_stretches(paragraph: str) -> list[tuple[int, int]]:
    """The quoted stretches of one paragraph, as (start, end) of the words between the marks."""
    stretches: list[tuple[int, int]] = []
    open_at: list[int] = []  # positions just after each open mark, innermost last
    last_end = 0
    for i, char in enumerate(paragraph):
        if char not in QUOTE_MARKS:
            continue
        if _opens(paragraph, i, bool(open_at)):
            open_at.append(i + 1)
            continue
        stretches.append((open_at.pop() if open_at else last_end, i))
        last_end = i + 1
    stretches.extend((start, len(paragraph)) for start in open_at)
    return stretches


def _opens(text: str, i: int, inside: bool) -> bool:
    """Whether the mark at `i` opens a quotation (else it closes one)."""
    char = text[i]
    if char in OPENING + CLOSING:
        return char in OPENING
    before = _letter(text[i - 1]) if i else False
    after = _letter(text[i + 1]) if i + 1 < len(text) else False
    if after != before:
        return after
    return not inside and after


def _letter(char: str) -> bool:
    return char.isalnum() and char != "\u0640"  # tatweel joins, as in لـ”…”
