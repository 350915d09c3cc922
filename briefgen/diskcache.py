"""A disk cache for what is derived from files that rarely change: (kind, key) -> bytes.

Files live in XDG_CACHE_HOME/briefgen/<kind>/ (~/.cache when unset or not an absolute path,
as the XDG specification says; no cache at all when there is no home folder either), named
by a hash of the key, which callers build from everything the value depends on (the font's
hash, library versions, options). A cache that cannot be read or written is simply not
used: the value is computed again; so is an entry that is not a regular file (a named pipe
is never waited on). Each entry starts with the SHA-256 of the value it holds: an entry that
does not match it (cut by a crash, emptied, damaged on the disk) is computed again and
stored anew, and the first one a process meets is reported once on stderr. Writes are
atomic and durable (a temporary file, flushed, renamed, the folder flushed), so a reader
never sees a half-written entry, even after a power cut. A value that another process is
computing is waited for rather than computed twice (a lock file beside the entry, where the
system has fcntl): the writers of a first run, side by side, would otherwise both subset
the same fonts.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from briefgen.durable import replace_durably
from briefgen.errors import notice
from briefgen.textfile import read_regular

try:
    import fcntl
except ImportError:  # Windows: no lock, and at worst a value is computed twice
    fcntl = None
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a named pipe does not wait for a reader


# Where nothing can be read or made (a folder inside the null device): no cache is used.
_NOWHERE = Path(os.devnull) / "cache"


def cache_folder(kind: str) -> Path:
    """The folder of one kind of cached value."""
    given = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(given):
        base = Path(given)
    else:
        try:
            base = Path.home() / ".cache"
        except (RuntimeError, KeyError):  # no $HOME, and no entry in the password file
            base = _NOWHERE
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
    path = entry_path(kind, key, suffix)
    value, _ = _read(path)
    if value is not None:
        return value
    with _computing(path, wait) as free:
        if not free:
            return None
        value, damaged = _read(path)  # another process may have stored it while we waited
        if value is not None:
            return value
        if damaged:
            _report_damage(path)
        value = compute()
        store_entry(path, value)
    return value


FORMAT = "checked-1"  # in every entry's name: entries of another layout are never read
_DIGEST = 32


def entry_path(kind: str, key: str, suffix: str = "") -> Path:
    """Where the value of `key` is kept."""
    name = hashlib.sha256(f"{FORMAT} {key}".encode()).hexdigest() + suffix
    return cache_folder(kind) / name


def read_entry(path: Path) -> bytes | None:
    """The value kept at `path`: None when there is none, or it is damaged (reported)."""
    value, damaged = _read(path)
    if damaged:
        _report_damage(path)
    return value


def _read(path: Path) -> tuple[bytes | None, bool]:
    """(the value, None if absent or damaged; whether it is damaged)."""
    try:
        data = read_regular(path)
    except FileNotFoundError:
        return None, False
    except OSError:  # unreadable, or not a file: computed again (and stored if it can be)
        return None, True
    value = data[_DIGEST:]
    if not value or hashlib.sha256(value).digest() != data[:_DIGEST]:
        return None, True
    return value, False


_REPORTED: set[str] = set()  # the kinds whose damage this process has reported


def _report_damage(path: Path) -> None:
    kind = path.parent.name
    if kind not in _REPORTED:
        _REPORTED.add(kind)
        notice(f"damaged entries in the cache {path.parent} (such as {path.name}) are "
               "computed again")


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
        handle = os.open(lock, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NONBLOCK, 0o644)
    except OSError:  # also a named pipe there, with no reader
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
        os.close(handle)  # which releases the lock


def store_entry(path: Path, value: bytes) -> None:
    """Keep `value` at `path` with its checksum, atomically and durably; a cache that
    cannot be written is left as it is."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_durably(path, hashlib.sha256(value).digest() + value)
    except OSError:
        pass


_DIGESTS: dict[tuple, str] = {}


def file_digest(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (the part of a key that names the font): computed once
    per process while the file stays as it was (its size, change time and inode)."""
    stat = os.stat(path)
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    digest = _DIGESTS.get(key)
    if digest is None:
        digest = _DIGESTS[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return digest


@lru_cache(maxsize=16)
def package_version(name: str) -> str:
    """What names the installed version of a package in a key, without importing it (the
    fontTools package alone takes 4 ms to import, with logging): its distribution's
    metadata folder, found beside the package (pip names it <name>-<version>.dist-info);
    else the package's first file, by size and time."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return "absent"
    package = next(iter(spec.submodule_search_locations))
    prefix = f"{name.lower()}-"
    found = sorted(entry for entry in os.listdir(os.path.dirname(package))
                   if entry.lower().startswith(prefix) and entry.endswith(".dist-info"))
    if found:
        return found[-1]
    stat = os.stat(spec.origin or package)
    return f"{spec.origin} {stat.st_size} {stat.st_mtime_ns}"
