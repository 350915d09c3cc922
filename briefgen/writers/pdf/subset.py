"""TrueType subsets that keep glyph ids: (parsed font, glyph ids) -> font program bytes.

The PDF fonts are CIDFontType2 with CID = glyph id, so a subset keeps every glyph at its
number: glyphs not drawn (nor used by a composite that is drawn) become empty, and the
metrics (hmtx) stay whole, so the widths in the PDF are those of the font program. Kept:
the outlines and metrics (glyf, loca, hmtx, hhea, head, maxp) and the hinting programs
(cvt, fpgm, prep), so a rasterizer draws every glyph as it draws it from the whole font.
"""

from __future__ import annotations

import struct
from array import array

from briefgen.writers.pdf.fontfile import FontFile

KEPT_TABLES = ("cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep")
_MORE_COMPONENTS, _ARGS_ARE_WORDS = 0x0020, 0x0001
_SCALE, _XY_SCALE, _TWO_BY_TWO = 0x0008, 0x0040, 0x0080


def _glyph(face: FontFile, glyf: bytes, gid: int) -> bytes:
    return glyf[face.glyphPos[gid]:face.glyphPos[gid + 1]]


def with_components(face: FontFile, glyf: bytes, gids: set[int]) -> set[int]:
    """`gids` and every glyph their composites are built of (recursively), with .notdef."""
    out, todo = set(), sorted(gids | {0})
    while todo:
        gid = todo.pop()
        if gid in out:
            continue
        out.add(gid)
        data = _glyph(face, glyf, gid)
        if len(data) < 10 or struct.unpack_from(">h", data)[0] >= 0:
            continue
        at, flags = 10, _MORE_COMPONENTS
        while flags & _MORE_COMPONENTS:
            flags, component = struct.unpack_from(">HH", data, at)
            todo.append(component)
            at += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
            at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
    return out


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    words = array("I", padded)
    if words.itemsize != 4:  # pragma: no cover - every platform we run on has 4-byte I
        raise RuntimeError("array('I') is not 32 bits here")
    if struct.pack("=I", 1) != struct.pack(">I", 1):
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def subset_program(face: FontFile, gids: set[int]) -> bytes:
    """The font program with only `gids` (and what they need) drawn, each at its id."""
    glyf = face.get_table("glyf")
    keep = with_components(face, glyf, gids)
    pieces, loca, at = [], [], 0
    for gid in range(face.numGlyphs):
        loca.append(at)
        if gid in keep:
            data = _glyph(face, glyf, gid)
            data += b"\0" * (-len(data) % 4)
            pieces.append(data)
            at += len(data)
    loca.append(at)
    head = bytearray(face.get_table("head"))
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set below
    head[50:52] = struct.pack(">h", 1)  # indexToLocFormat: long offsets
    tables = {tag: face.get_table(tag) for tag in KEPT_TABLES if tag in face.table}
    tables.update({"glyf": b"".join(pieces), "head": bytes(head),
                   "loca": struct.pack(f">{len(loca)}I", *loca)})
    return _assemble(tables)


def _assemble(tables: dict[str, bytes]) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    directory = [struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1,
                             count * 16 - power * 16)]
    offset = 12 + 16 * count
    body = []
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset,
                                     len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    font = bytearray(b"".join(directory) + b"".join(body))
    head_at = 12 + 16 * count + sum(len(p) for p in body[:tags.index("head")])
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[head_at + 8:head_at + 12] = struct.pack(">I", adjustment)
    return bytes(font)
