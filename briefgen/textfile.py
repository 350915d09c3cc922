"""Read an input file (fact base, seed, template, spelling table, edition record, font).

Only a regular file is read: a folder, a named pipe (FIFO), a device or a socket is
refused with what it is (a pipe with no writer would otherwise stop the run for good, and
a device may never end). Text is UTF-8: a byte-order mark at the top (some editors write
one) is read past, and a byte that is not UTF-8 is located by line and column.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from briefgen.errors import InputError, Problem

BOM = "\ufeff"
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # so that opening a FIFO does not wait for a writer
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def read_regular(path: Path) -> bytes:
    """The bytes of the file at `path`; OSError when it cannot be read or is not a regular
    file (its strerror then says what it is: 'Is a directory', 'a named pipe (FIFO), not a
    file', ...)."""
    fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        for test, kind in _KINDS:
            if test(mode):
                raise OSError(errno.EINVAL, f"{kind}, not a file", str(path))
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path) -> str:
    """The text of the file at `path`, without a byte-order mark; OSError as read_regular,
    InputError at the first byte that is not UTF-8."""
    return decode_utf8(path, read_regular(path)).removeprefix(BOM)


def decode_utf8(path: Path, data: bytes) -> str:
    """The text of the file `path` holding `data`; InputError at the line and column of the
    first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            problem = Problem(path, 1, "the file is UTF-16 text; save it as UTF-8")
            raise InputError([problem]) from None
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start:exc.start].decode("utf-8", "replace")) + 1
        problem = Problem(path, line, f"not UTF-8 text: the byte 0x{data[exc.start]:02X} at "
                          f"column {column} is not part of any character; retype it, or "
                          "save the file as UTF-8")
        raise InputError([problem]) from None


FileIdentity = tuple[int, int, int]  # inode, size, modification time (ns)


def file_identity(path: Path) -> FileIdentity | None:
    """The file's inode, size and modification time; None when there is no file."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns
