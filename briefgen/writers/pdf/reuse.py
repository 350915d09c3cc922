"""What a PDF session keeps between the papers it writes, each kind by what it was made from.

- Memo: recordings of drawn boxes (replay.py), by what the box draws;
- Deflate: compressed streams, by their bytes and level (zlib is deterministic, so a page
  whose content did not change is not compressed again);
- paragraph layouts stay in the PdfFonts of the paper's language (layout.layout_paragraph).
Each notes what a paper asked for (`used`); Keep prunes them, after each paper, to what the
latest paper of every output needs.
"""

from __future__ import annotations

import zlib


class Memo(dict):
    """Recordings by box; `used`: the keys asked for since it was last cleared; `record`:
    whether a box not found is recorded as it draws (which costs a fifth of its drawing)."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set = set()
        self.record = True

    def get(self, key: object, default: object = None) -> object:
        self.used.add(key)
        return super().get(key, default)


class Deflate:
    """zlib.compress that remembers what it compressed."""

    def __init__(self) -> None:
        self.done: dict[tuple[bytes, int], bytes] = {}
        self.used: set[tuple[bytes, int]] = set()

    def __call__(self, data: bytes, level: int) -> bytes:
        key = (data, level)
        self.used.add(key)
        compressed = self.done.get(key)
        if compressed is None:
            compressed = self.done[key] = zlib.compress(data, level)
        return compressed


def keep_only(kept: dict, keys: set) -> None:
    """Drop from `kept` every entry whose key is not in `keys`."""
    for key in [key for key in kept if key not in keys]:
        del kept[key]
