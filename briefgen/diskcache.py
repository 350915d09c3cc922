"""A disk cache for what is derived from files that rarely change: (kind, key) -> bytes.

Files live in XDG_CACHE_HOME/briefgen/<kind>/ (~/.cache when unset), named by a hash of the
key, which callers build from everything the value depends on (the font's hash, library
versions, options). A cache that cannot be read or written is simply not used: the value is
computed again. Writes are atomic (temporary file, then rename), so a reader never sees a
half-written entry.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def cache_folder(kind: str) -> Path:
    """The folder of one kind of cached value."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "briefgen" / kind


def cached_bytes(kind: str, key: str, compute: Callable[[], bytes], suffix: str = "") -> bytes:
    """The value stored under `key`, or `compute()`, stored for next time."""
    name = hashlib.sha256(key.encode()).hexdigest() + suffix
    path = cache_folder(kind) / name
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = compute()
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError:
        if temp:
            Path(temp).unlink(missing_ok=True)
    return data


def file_digest(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (the part of a key that names the font)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
