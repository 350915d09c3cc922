"""What a PDF session keeps between the papers it writes, each kind by what it was made from.

- Memo: recordings of drawn boxes (replay.py), by what the box draws;
- Deflate: compressed streams, by their bytes and level (zlib is deterministic, so a page
  whose content did not change is not compressed again);
- paragraph layouts stay in the PdfFonts of the paper's language (layout.layout_paragraph).
Each notes what a paper asked for (`used`, by the id of what it gave); keep_only prunes them,
after each paper, to what the latest paper of every output needs.
"""

from __future__ import annotations

import zlib


class Memo(dict):
    """Recordings by box; `used`: the ids of the recordings asked for or made since it was
    last cleared; `record`: whether a box not found is recorded as it draws (which costs a
    fifth of its drawing)."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set[int] = set()
        self.record = True

    def get(self, key: object, default: object = None) -> object:
        found = super().get(key, default)
        if found is not None:
            self.used.add(id(found))
        return found

    def __setitem__(self, key: object, recording: object) -> None:
        super().__setitem__(key, recording)
        self.used.add(id(recording))


class Deflate:
    """zlib.compress that remembers what it compressed; `used`: the ids of the results
    given since it was last cleared."""

    def __init__(self) -> None:
        self.done: dict[tuple[bytes, int], bytes] = {}
        self.used: set[int] = set()

    def __call__(self, data: bytes, level: int) -> bytes:
        key = (data, level)
        compressed = self.done.get(key)
        if compressed is None:
            compressed = self.done[key] = zlib.compress(data, level)
        self.used.add(id(compressed))
        return compressed


def keep_only(kept: dict, used: set[int]) -> None:
    """Drop from `kept` every entry whose value's id is not in `used` (values are not
    hashed: a key of a paragraph's inlines costs more to hash than to keep)."""
    for key in [key for key, value in kept.items() if id(value) not in used]:
        del kept[key]
