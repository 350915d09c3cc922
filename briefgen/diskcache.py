"""A disk cache for what is derived from files that rarely change: (kind, key) -> bytes.

Files live in XDG_CACHE_HOME/briefgen/<kind>/ (~/.cache when unset), named by a hash of the
key, which callers build from everything the value depends on (the font's hash, library
versions, options). A cache that cannot be read or written is simply not used: the value is
computed again. Writes are atomic (temporary file, then rename), so a reader never sees a
half-written entry. A value that another process is computing is waited for rather than
computed twice (a lock file beside the entry, where the system has fcntl): the writers of
a first run, side by side, would otherwise both subset the same fonts.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no lock, and at worst a value is computed twice
    fcntl = None


def cache_folder(kind: str) -> Path:
    """The folder of one kind of cached value."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "briefgen" / kind


def cached_bytes(kind: str, key: str, compute: Callable[[], bytes], suffix: str = "") -> bytes:
    """The value stored under `key`, or `compute()`, stored for next time."""
    value = cached_bytes_unless_busy(kind, key, compute, suffix, wait=True)
    assert value is not None  # with wait=True, never None
    return value


def cached_bytes_unless_busy(kind: str, key: str, compute: Callable[[], bytes],
                             suffix: str = "", wait: bool = False) -> bytes | None:
    """As cached_bytes, but None at once when another process is computing the value
    (unless `wait`): the caller can do other work meanwhile, and ask again later."""
    name = hashlib.sha256(key.encode()).hexdigest() + suffix
    path = cache_folder(kind) / name
    try:
        return path.read_bytes()
    except OSError:
        pass
    with _computing(path, wait) as free:
        if not free:
            return None
        try:
            return path.read_bytes()  # another process stored it while we waited
        except OSError:
            pass
        data = compute()
        _store(path, data)
    return data


@contextmanager
def _computing(path: Path, wait: bool) -> Iterator[bool]:
    """Hold the lock of one entry (one process at a time computes it): True when held, or
    when there is no lock to take (the cache folder cannot be made, or the system has no
    fcntl); False when another process holds it and `wait` is False. The lock file goes once
    the entry is stored: a process that waited on it finds the entry; one that comes later
    finds the entry before it looks for a lock."""
    lock = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock, "ab")  # noqa: SIM115  (closed below, which releases the lock)
    except OSError:
        yield True
        return
    held = True
    try:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                held = False
            except OSError:  # a file system without locks: compute without one
                pass
        yield held
    finally:
        if held:
            lock.unlink(missing_ok=True)
        handle.close()


def _store(path: Path, data: bytes) -> None:
    """Write the entry atomically; a cache that cannot be written is left as it is."""
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


def file_digest(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (the part of a key that names the font)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
