"""Values kept from one round of work to the next by what they were computed from: the
checks of an edited fact base, the paragraphs of a paper written again. A `--watch` session
keeps a Memo from one save to the next; a single run makes one and drops it.

    memo = Memo()
    with memo.round(scope):           # scope: what every value of the round depends on
        value = memo.get(key, compute)  # compute() only for a key the last round lacked

A round keeps the values it used, no others: the memory a Memo holds is that of its latest
round. A round that fails (raises) keeps nothing new and drops nothing old. A round of
another scope than the last one starts empty. Imports nothing of the package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

_NONE = object()  # nothing kept under a key


class Memo:
    """Values by key, kept from the latest round of work (see the module)."""

    def __init__(self) -> None:
        self._scope: Any = None
        self._kept: dict[Hashable, Any] = {}
        self._used: dict[Hashable, Any] = {}

    @contextmanager
    def round(self, scope: Any = None) -> Iterator[Memo]:
        """One round of work; on success, what it used is what the Memo keeps."""
        if scope != self._scope:
            self._kept = {}
        self._used = {}
        yield self
        self._scope, self._kept, self._used = scope, self._used, {}

    def get(self, key: Hashable, compute: Callable[[], Any],
            valid: Callable[[Any], bool] | None = None) -> Any:
        """The value kept under `key` (from this round, or from the last if `valid(value)`
        says so, when given), else compute()."""
        try:
            return self._used[key]
        except KeyError:
            pass
        kept = self._kept.get(key, _NONE)
        value = kept if kept is not _NONE and (valid is None or valid(kept)) else compute()
        self._used[key] = value
        return value


def digest(data: bytes) -> bytes:
    """A digest of some bytes: what they hold, as a key, without holding them."""
    return hashlib.sha1(data, usedforsecurity=False).digest()
