"""A lean PDF object writer: Python values -> PDF syntax, numbered objects -> a whole file.

Values: None, bool, int, float, `Name`, str (a text string: ASCII as a literal, anything
else UTF-16BE with its byte order mark), bytes (a literal byte string), `Ref`, `Raw`
(bytes written as they are), list and dict (keys are names). Objects are numbered in the
order they are reserved; the file is PDF 1.7 with a classic cross-reference table, its
/ID derived from its own bytes, so the same objects always give the same file.
"""

from __future__ import annotations

import hashlib
import zlib

from reportlab.lib.rl_accel import escapePDF, fp_str

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


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


def _name(name: str) -> bytes:
    out = []
    for byte in name.encode("utf-8"):
        if 0x21 <= byte <= 0x7E and byte not in b"#/()<>[]{}%":
            out.append(chr(byte))
        else:
            out.append(f"#{byte:02X}")
    return b"/" + "".join(out).encode("ascii")


def serialize(value: object) -> bytes:
    """`value` in PDF syntax."""
    if isinstance(value, Raw):
        return bytes(value)
    if isinstance(value, Name):
        return _name(value)
    if isinstance(value, str):
        return text_string(value)
    if isinstance(value, Ref):
        return b"%d 0 R" % value.number
    if value is None:
        return b"null"
    if value is True:
        return b"true"
    if value is False:
        return b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, float):
        return fp_str(value).encode("ascii")
    if isinstance(value, bytes):
        return b"(" + escapePDF(value.decode("latin-1")).encode("latin-1") + b")"
    if isinstance(value, (list, tuple)):
        return b"[" + b" ".join(map(serialize, value)) + b"]"
    if isinstance(value, dict):
        return b"<<" + b"".join(_name(k) + b" " + serialize(v) for k, v in value.items()) + b">>"
    raise TypeError(f"no PDF form for {type(value).__name__}")


class PdfFile:
    """Numbered objects, written out as one PDF file."""

    def __init__(self) -> None:
        self._objects: list[bytes | None] = []

    def reserve(self) -> Ref:
        """A number for an object given later with put()."""
        self._objects.append(None)
        return Ref(len(self._objects))

    def put(self, ref: Ref, value: object) -> Ref:
        self._objects[ref.number - 1] = serialize(value)
        return ref

    def add(self, value: object) -> Ref:
        """A new object holding `value`."""
        return self.put(self.reserve(), value)

    def put_stream(self, ref: Ref, data: bytes, extra: dict | None = None,
                   compress: bool = True) -> Ref:
        entries = dict(extra or {})
        if compress:
            data = zlib.compress(data, 6)
            entries["Filter"] = Name("FlateDecode")
        entries["Length"] = len(data)
        self._objects[ref.number - 1] = (serialize(entries) + b"\nstream\n" + data
                                         + b"\nendstream")
        return ref

    def add_stream(self, data: bytes, extra: dict | None = None, compress: bool = True) -> Ref:
        """A new stream object of `data` (Flate-compressed unless told not to)."""
        return self.put_stream(self.reserve(), data, extra, compress)

    def tobytes(self, root: Ref, info: Ref) -> bytes:
        """The whole file; every reserved object must have been given."""
        out = bytearray(HEADER)
        offsets = []
        for number, body in enumerate(self._objects, start=1):
            if body is None:
                raise ValueError(f"PDF object {number} was reserved and never given")
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        digest = hashlib.md5(out).hexdigest().upper().encode("ascii")
        file_id = b"<" + digest + b">"
        out += (b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [%s %s]>>\n"
                % (len(offsets) + 1, root.number, info.number, file_id, file_id))
        out += b"startxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)
