"""A lean PDF object writer: Python values -> PDF syntax, numbered objects -> a file written in pieces.

Values: None, bool, int, float, `Name`, str (a text string: ASCII as a literal, anything
else UTF-16BE with its byte order mark), bytes (a literal byte string), `Ref`, `Raw`
(bytes written as they are), list and dict (keys are names). Objects are numbered in the
order they are reserved; the file is PDF 1.7 with object streams and a cross-reference
stream, its /ID derived from its own bytes, so the same objects always give the same file.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable, Iterator
from itertools import chain
from typing import BinaryIO

from reportlab.lib.rl_accel import escapePDF, fp_str

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
OBJECTS_PER_STREAM = 200
# zlib's level for object streams: for the Arabic paper's 795 KB of objects, level 4 takes
# 6.9 ms against level 5's 10.0 ms, for 13 KB more (147 against 134 KB)
OBJECTS_LEVEL = 4
# zlib's level for the cross-reference stream, whose rows repeat so much that level 6
# searches long: for the Arabic paper's 38.7 KB, level 5 takes 1.0 ms against 3.9 ms, for
# 114 bytes more
XREF_LEVEL = 5


class Name(str):
    """A PDF name (written /Like-this)."""


class Raw(bytes):
    """Bytes already in PDF syntax."""


class Ref:
    """A reference to an indirect object."""

    __slots__ = ("number",)

    def __init__(self, number: int):
        self.number = number

    def __repr__(self) -> str:
        return f"Ref({self.number})"


def text_string(text: str) -> bytes:
    """A PDF text string: a literal for printable ASCII, else UTF-16BE hex with a BOM."""
    if text.isascii() and text.isprintable():
        return b"(" + escapePDF(text).encode("latin-1") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


_NAMES: dict[str, bytes] = {}


def _name(name: str) -> bytes:
    """A name's bytes (cached: a document writes a few dozen names thousands of times)."""
    written = _NAMES.get(name)
    if written is None:
        out = []
        for byte in name.encode("utf-8"):
            if 0x21 <= byte <= 0x7E and byte not in b"#/()<>[]{}%":
                out.append(chr(byte))
            else:
                out.append(f"#{byte:02X}")
        written = _NAMES[name] = b"/" + "".join(out).encode("ascii")
    return written


def _dict(value: dict) -> bytes:
    return b"<<" + b"".join([_name(k) + b" " + serialize(v) for k, v in value.items()]) + b">>"


def _array(value: list | tuple) -> bytes:
    return b"[" + b" ".join([serialize(v) for v in value]) + b"]"


_WRITERS = {
    Ref: lambda v: b"%d 0 R" % v.number,
    int: lambda v: b"%d" % v,
    Name: _name,
    str: text_string,
    dict: _dict,
    list: _array,
    tuple: _array,
    float: lambda v: fp_str(v).encode("ascii"),
    bool: lambda v: b"true" if v else b"false",
    type(None): lambda v: b"null",
    Raw: bytes,
    bytes: lambda v: b"(" + escapePDF(v.decode("latin-1")).encode("latin-1") + b")",
}


def serialize(value: object) -> bytes:
    """`value` in PDF syntax."""
    writer = _WRITERS.get(type(value))
    if writer is None:
        raise TypeError(f"no PDF form for {type(value).__name__}")
    return writer(value)


class PdfFile:
    """Numbered objects, written out as one PDF file; `deflate` (zlib.compress, or one that
    remembers what it compressed) compresses its streams.

    Objects that are not streams go into compressed object streams (PDF 1.5) of
    OBJECTS_PER_STREAM each, in the order they are given, each packed as soon as it is
    full: the structure tree and the link annotations are most of a paper and compress some
    eight times, so a long paper never holds them uncompressed."""

    def __init__(self, deflate: Callable[[bytes, int], bytes] = zlib.compress,
                 keep: bool = False) -> None:
        self._deflate = deflate
        self._given: list[bool] = []  # per number: given yet
        self._streams: dict[int, bytes] = {}  # number -> the stream object's body
        self._waiting: list[tuple[int, bytes]] = []  # given, not yet packed
        self._packs: list[tuple[list[int], bytes, bytes]] = []  # members, head, compressed
        # kept (a session's file, to be written again with some objects changed: patch.py):
        # every object's body by number, the object stream each went into, those to pack again
        self._kept: dict[int, bytes] | None = {} if keep else None
        self._pack_of: dict[int, int] = {}
        self._stale: set[int] = set()
        self._digests: dict[int, tuple[bytes, bytes]] = {}  # a kept file's: see _Out

    def reserve(self) -> Ref:
        """A number for an object given later with put()."""
        self._given.append(False)
        return Ref(len(self._given))

    def _give(self, ref: Ref) -> None:
        if self._given[ref.number - 1]:
            raise ValueError(f"PDF object {ref.number} was given twice")
        self._given[ref.number - 1] = True

    def put(self, ref: Ref, value: object) -> Ref:
        self._give(ref)
        body = serialize(value)
        self._waiting.append((ref.number, body))
        if self._kept is not None:
            self._kept[ref.number] = body
            self._pack_of[ref.number] = len(self._packs)
        if len(self._waiting) == OBJECTS_PER_STREAM:
            self._pack()
        return ref

    def _pack(self) -> None:
        """The waiting objects as one object stream's members, compressed."""
        self._packs.append(self._packed(self._waiting))
        self._waiting = []

    def _packed(self, objects: list[tuple[int, bytes]]) -> tuple[list[int], bytes, bytes]:
        """(members, head, compressed data) of an object stream holding `objects`."""
        offsets, bodies, at = [], [], 0
        for member, body in objects:
            offsets.append(b"%d %d" % (member, at))
            bodies.append(body)
            at += len(body) + 1
        head = b" ".join(offsets) + b"\n"
        data = self._deflate(head + b"\n".join(bodies) + b"\n", OBJECTS_LEVEL)
        return [member for member, _ in objects], head, data

    def replace(self, number: int, value: object) -> bool:
        """A kept file's object `number` given anew; whether its bytes changed (its object
        stream is then packed again when the file is written)."""
        kept = self._kept_bodies()
        body = serialize(value)
        if kept[number] == body:
            return False
        kept[number] = body
        self._stale.add(self._pack_of[number])
        return True

    def replace_stream(self, number: int, data: bytes, extra: dict | None = None,
                       compress: bool = True) -> None:
        """A kept file's stream object `number` given anew."""
        self._kept_bodies()
        self._given[number - 1] = False
        self.put_stream(Ref(number), data, extra, compress)

    def _kept_bodies(self) -> dict[int, bytes]:
        if self._kept is None:
            raise ValueError("only a kept PDF file takes objects again")
        return self._kept

    def add(self, value: object) -> Ref:
        """A new object holding `value`."""
        return self.put(self.reserve(), value)

    def put_stream(self, ref: Ref, data: bytes, extra: dict | None = None,
                   compress: bool = True) -> Ref:
        entries = dict(extra or {})
        if compress:
            data = self._deflate(data, 6)
            entries["Filter"] = Name("FlateDecode")
        entries["Length"] = len(data)
        self._give(ref)
        self._streams[ref.number] = serialize(entries) + b"\nstream\n" + data + b"\nendstream"
        return ref

    def add_stream(self, data: bytes, extra: dict | None = None, compress: bool = True) -> Ref:
        """A new stream object of `data` (Flate-compressed unless told not to)."""
        return self.put_stream(self.reserve(), data, extra, compress)

    def write(self, file: BinaryIO, root: Ref, info: Ref) -> None:
        """Write the whole file to `file`; every reserved object must have been given.
        Streams are written in the order of their numbers, then the object streams, found
        through a cross-reference stream. Each object is let go as it is written (the
        file is never whole in memory): call it once, unless the file is kept (then it
        may be written again after replace())."""
        if not all(self._given):
            raise ValueError(f"PDF object {self._given.index(False) + 1} was reserved and "
                             "never given")
        if self._waiting:
            self._pack()
        kept = self._kept
        if kept is not None:  # packed again where an object was given anew
            for index in sorted(self._stale):
                members = self._packs[index][0]
                self._packs[index] = self._packed([(n, kept[n]) for n in members])
            self._stale.clear()
        out = _Out(file, self._digests if kept is not None else None)
        out.write(HEADER)
        rows: list[tuple[int, int, int]] = [(0, 0, 0xFFFF)] + [(0, 0, 0)] * len(self._given)
        for number in sorted(self._streams):
            rows[number] = (1, out.offset, 0)
            body = self._streams[number] if kept is not None else self._streams.pop(number)
            out.piece(b"%d 0 obj\n" % number, body, b"\nendobj\n")
        number = len(self._given)
        for members, head, data in self._packs if kept is not None else emptying(self._packs):
            number += 1
            for index, member in enumerate(members):
                rows[member] = (2, number, index)
            rows.append((1, out.offset, 0))
            out.piece(b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\n"
                      b"stream\n" % (number, len(members), len(head), len(data)),
                      data, b"\nendstream\nendobj\n")
        number += 1
        rows.append((1, out.offset, 0))
        table = struct.pack(">" + "BIH" * len(rows), *chain.from_iterable(rows))
        out.md5.update(table)
        digest = out.md5.hexdigest().upper().encode("ascii")
        data = zlib.compress(table, XREF_LEVEL)
        xref = out.offset
        out.write(b"%d 0 obj\n<</Type/XRef/Size %d/W [1 4 2]/Root %d 0 R/Info %d 0 R"
                  b"/ID [<%s> <%s>]/Filter/FlateDecode/Length %d>>\nstream\n"
                  % (number, len(rows), root.number, info.number, digest, digest, len(data))
                  + data + b"\nendstream\nendobj\n")
        out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
        if kept is not None:
            self._digests = out.written  # only those of this file's bodies stay


class _Out:
    """A file written in pieces: how far it has come, and the MD5 from which the file's id
    is made: of what was written before the cross-reference table, each object's body
    counted by its own MD5 (which a kept file remembers in `digests` for the bodies it
    writes again: a patched paper hashes only what changed)."""

    def __init__(self, file: BinaryIO, digests: dict[int, tuple[bytes, bytes]] | None):
        self.file, self.offset, self.md5 = file, 0, hashlib.md5()
        self.digests = digests  # id of a body -> (the body, its MD5)
        self.written: dict[int, tuple[bytes, bytes]] = {}  # the same, for this file's bodies

    def write(self, data: bytes) -> None:
        self.file.write(data)
        self.md5.update(data)
        self.offset += len(data)

    def piece(self, head: bytes, body: bytes, tail: bytes) -> None:
        """An object: `body` between `head` and `tail`."""
        digests = self.digests
        known = digests.get(id(body)) if digests is not None else None
        if known is None or known[0] is not body:
            known = (body, hashlib.md5(body).digest())
        if digests is not None:
            self.written[id(body)] = known
        self.file.write(head)
        self.file.write(body)
        self.file.write(tail)
        self.md5.update(head + known[1] + tail)
        self.offset += len(head) + len(body) + len(tail)


def emptying(items: list) -> Iterator:
    """The items of a list, each dropped from it as it is given."""
    items.reverse()
    while items:
        yield items.pop()
