"""Text made in many small pieces (a template's output, a part's XML) joined into runs of
some size, for a consumer that works best on large ones (an XML parser, a compressor)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

Text = TypeVar("Text", str, bytes)


def joined_runs(pieces: Iterable[Text], size: int) -> Iterator[Text]:
    """`pieces` (all str or all bytes) joined, in order, into runs of `size` characters or
    bytes or more, the last one maybe shorter. Joined as plain str or bytes: a subclass's
    join (a template's Markup escapes what it joins) is not used."""
    run: list[Text] = []
    held = 0
    for piece in pieces:
        run.append(piece)
        held += len(piece)
        if held >= size:
            yield _joined(run)
            run, held = [], 0
    if run:
        yield _joined(run)


def _joined(run: list[Text]) -> Text:
    return ("" if isinstance(run[0], str) else b"").join(run)
