"""Writes that survive a power cut: a file's bytes reach the disk before the rename that
publishes it, and the rename before anything that relies on it (fsync of the file, then of
its folder). Without them, a machine that loses power soon after a run can come back with
empty or cut files under their final names."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def sync_file(path: Path) -> None:
    """Flush a file's bytes to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(path: Path) -> None:
    """Flush a folder's entries (names created, renamed or removed) to the disk. A file
    system that cannot sync a folder (some network ones, Windows) is left as it is."""
    try:
        fd = os.open(path, os.O_RDONLY | _DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def write_synced(path: Path, data: bytes) -> None:
    """Write `data` to `path` (created, or emptied first), flushed to the disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(path: Path, data: bytes, temp: Path | None = None) -> None:
    """Put `data` at `path` atomically and durably: written to `temp` (by default a new
    temporary file beside `path`), flushed, renamed onto `path`, and the folder flushed.
    OSError when the folder cannot be written (the temporary file is then removed)."""
    if temp is None:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                        suffix=".tmp")
        os.close(handle)
        temp = Path(name)
    try:
        write_synced(temp, data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)
