"""What the PDF writer reads of a TrueType file: font file -> FontFile, parsed once.

The fields are those reportlab's TTFontFile read, computed the same way (names, metrics in
1/1000 em, the cmap it chose, every character's advance, its no-break space as a space),
so that widths, positions and font descriptors stay exactly as they were
(tests/writers/test_pdf_fontfile.py compares them). Parsing a face takes some 10 ms in
Python: a font file's fields are kept in the disk cache under the hash of its bytes, and
its bytes are read again only when a subset of it is written. Faces are registered by
name (register(), face_of()), once per process.
"""

from __future__ import annotations

import json
import struct
import zlib
from array import array
from functools import cached_property
from pathlib import Path

from briefgen.diskcache import cached_bytes, file_digest

CACHE_FORMAT = 1  # bump when the cached fields change
FF_SYMBOLIC, FF_ITALIC, FF_FIXED, FF_FORCEBOLD = 1 << 2, 1 << 6, 1 << 0, 1 << 18
TRUETYPE = (0x00010000, 0x74727565)  # version 1.0, 'true'


class FontFileError(ValueError):
    """A file this reader cannot use (not TrueType, a table missing or of unknown form)."""


class FontFile:
    """One TrueType face: metrics, cmap and advances (reportlab's names), its tables."""

    def __init__(self, filename: str, fields: dict):
        self.filename = filename
        self.digest = ""  # the SHA-256 of the file it was read from
        self.name: bytes = fields["name"].encode("latin-1")
        self.flags, self.bbox = fields["flags"], fields["bbox"]
        self.italicAngle, self.stemV = fields["italicAngle"], fields["stemV"]
        self.ascent, self.descent = fields["ascent"], fields["descent"]
        self.capHeight, self.unitsPerEm = fields["capHeight"], fields["unitsPerEm"]
        self.numGlyphs, self.defaultWidth = fields["numGlyphs"], fields["defaultWidth"]
        self.charToGlyph = dict(zip(fields["codes"], fields["glyphs"], strict=True))
        self.charWidths = dict(zip(fields["width_codes"], fields["widths"], strict=True))
        self.hmetrics = list(zip(fields["advances"], fields["bearings"], strict=True))
        self.table = {tag: (offset, length) for tag, offset, length in fields["tables"]}
        self._long_loca = fields["long_loca"]

    @cached_property
    def _data(self) -> bytes:
        return Path(self.filename).read_bytes()

    def get_table(self, tag: str) -> bytes:
        offset, length = self.table[tag]
        return self._data[offset:offset + length]

    @cached_property
    def glyphPos(self) -> list[int]:
        """The offset of each glyph in the glyf table (numGlyphs + 1 of them)."""
        loca = array("I" if self._long_loca else "H", self.get_table("loca")[
            :(self.numGlyphs + 1) * (4 if self._long_loca else 2)])
        if struct.pack("=H", 1) != struct.pack(">H", 1):
            loca.byteswap()
        return list(loca) if self._long_loca else [offset << 1 for offset in loca]


_FACES: dict[str, FontFile] = {}


def register(name: str, path: str) -> FontFile:
    """The face at `path`, known by `name` from now on (FontFileError, OSError)."""
    face = _FACES.get(name)
    digest = file_digest(path)
    if face is None or face.filename != path or face.digest != digest:
        key = f"{digest} fontfile {CACHE_FORMAT}"
        fields = cached_bytes("pdf-font-files", key, lambda: json.dumps(read_fields(path)).encode(),
                              ".json")
        face = _FACES[name] = FontFile(path, json.loads(fields))
        face.digest = digest
    return face


SUBSET_LEVEL = 6  # the level every stream of the file is compressed at


def compressed_subset(face: FontFile, gids: list[int]) -> bytes:
    """The face's font program with only `gids` drawn (subset.subset_program), compressed:
    from the disk cache when a paper drew the same glyphs with the same font file before
    (subsetting and compressing a face takes some 10 ms)."""
    from briefgen.writers.pdf.subset import subset_program  # it imports this module

    key = f"{file_digest(face.filename)} subset {SUBSET_LEVEL} {sorted(set(gids))}"
    return cached_bytes("pdf-subsets", key,
                        lambda: zlib.compress(subset_program(face, set(gids)), SUBSET_LEVEL))


def face_of(name: str) -> FontFile:
    """The face registered as `name`."""
    return _FACES[name]


def forget_faces() -> None:
    """Forget every face registered."""
    _FACES.clear()


def registered_names() -> list[str]:
    return sorted(_FACES)


class _Reader:
    """Big-endian reads from the font's bytes, at a moving position."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from(">" + fmt, self.data, self.pos)
        self.pos += struct.calcsize(">" + fmt)
        return values

    def one(self, fmt: str) -> int:
        return self.read(fmt)[0]


def read_fields(path: str) -> dict:
    """The fields of the font at `path` (see FontFile), parsed as reportlab parsed them."""
    data = Path(path).read_bytes()
    r = _Reader(data)
    try:
        version, count = r.read("LH")
        if version not in TRUETYPE:
            raise FontFileError("not a TrueType font with glyph outlines")
        r.pos = 12
        tables = {}
        for _ in range(count):
            tag, _, offset, length = r.read("4sLLL")
            tables[tag.decode("latin-1")] = (offset, length)
        fields = _names(r, tables) | _metrics(r, tables)
        fields |= _cmap_and_widths(r, tables, fields)
    except (struct.error, KeyError) as exc:
        raise FontFileError(f"cannot read its tables ({exc})") from None
    fields["tables"] = [[tag, offset, length] for tag, (offset, length) in tables.items()]
    return fields


def _names(r: _Reader, tables: dict) -> dict:
    """The PostScript name: name id 6, else 4, else 1 (Windows Unicode US English first)."""
    start = r.pos = tables["name"][0]
    form, records, strings = r.read("HHH")
    if form != 0:
        raise FontFileError(f"unknown name table format {form}")
    names: dict[int, str | None] = {1: None, 2: None, 3: None, 4: None, 6: None}
    for _ in range(records):
        platform, encoding, language, name_id, length, offset = r.read("HHHHHH")
        if name_id not in names or names[name_id] is not None:
            continue
        raw = r.data[start + strings + offset:start + strings + offset + length]
        if platform == 3 and encoding == 1 and language == 0x409:
            names[name_id] = _decoded(raw, "utf_16_be")
        elif platform == 1 and encoding == 0 and language == 0:
            names[name_id] = _decoded(raw, "mac_roman")
    name = names[6] or names[4] or names[1]
    if not name:
        raise FontFileError("no PostScript name")
    name = name.replace(" ", "-")
    if any(ord(c) > 126 or c in " [](){}<>/%" for c in name):
        raise FontFileError(f"the PostScript name {name!r} has characters a PDF name cannot")
    return {"name": name}


def _decoded(raw: bytes, encoding: str) -> str | None:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text or None


def _metrics(r: _Reader, tables: dict) -> dict:
    """head, OS/2, post, hhea and maxp, in 1/1000 em."""
    r.pos = tables["head"][0]
    if r.one("H") != 1:
        raise FontFileError("unknown head table version")
    r.pos += 10
    if r.one("L") != 0x5F0F3CF5:
        raise FontFileError("bad head table magic number")
    r.pos += 2
    upem = r.one("H")

    def scale(value: int) -> float:
        return value if upem == 1000 else value * (1000 / upem)

    r.pos += 16
    bbox = [scale(v) for v in r.read("hhhh")]
    r.pos += 6
    long_loca, glyph_format = r.read("HH")
    weight = 500
    if "OS/2" in tables:
        r.pos = tables["OS/2"][0]
        os2_version = r.one("H")
        r.pos += 2
        weight = r.one("H")
        r.pos += 62
        typo_ascender, typo_descender = r.read("hh")
        ascent, descent = scale(typo_ascender), scale(typo_descender)
        cap_height = ascent
        if os2_version > 1:
            r.pos += 16
            cap_height = scale(r.one("h"))
    else:
        r.pos = tables["head"][0] + 36
        _, y_min, _, y_max = r.read("hhhh")
        ascent, descent = scale(y_max), scale(y_min)
        cap_height = ascent
    r.pos = tables["post"][0]
    if r.one("H") not in (1, 2, 3, 4):
        raise FontFileError("unknown post table version")
    r.pos += 2
    italic_angle = r.one("h") + r.one("H") / 65536.0
    r.pos += 4
    fixed_pitch = r.one("L")
    flags = FF_SYMBOLIC
    if italic_angle != 0:
        flags |= FF_ITALIC
    if weight >= 600:
        flags |= FF_FORCEBOLD
    if fixed_pitch:
        flags |= FF_FIXED
    r.pos = tables["hhea"][0]
    if r.one("H") != 1:
        raise FontFileError("unknown hhea table version")
    r.pos += 30
    metric_format, hmetric_count = r.read("HH")
    if metric_format != 0 or hmetric_count == 0:
        raise FontFileError("unknown horizontal metrics")
    r.pos = tables["maxp"][0]
    if r.one("H") != 1:
        raise FontFileError("unknown maxp table version")
    r.pos += 2
    glyphs = r.one("H")
    if glyph_format != 0 or long_loca not in (0, 1) or "loca" not in tables:
        raise FontFileError("unknown glyph data format")
    return {"unitsPerEm": upem, "bbox": bbox, "ascent": ascent, "descent": descent,
            "capHeight": cap_height, "stemV": 50 + int((weight / 65.0) ** 2),
            "italicAngle": italic_angle, "flags": flags, "numGlyphs": glyphs,
            "hmetric_count": hmetric_count, "long_loca": long_loca == 1}


def _cmap_and_widths(r: _Reader, tables: dict, fields: dict) -> dict:
    """The cmap reportlab chose (the last Unicode one) and the advance of every character."""
    start = r.pos = tables["cmap"][0]
    version, count = r.read("HH")
    if count == 0 and version != 0:
        count = version
    chosen, kind = None, 0
    for _ in range(count):
        platform, encoding, offset = r.read("HHL")
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = offset, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = offset, 2
    if chosen is None:
        raise FontFileError("no Unicode cmap")
    r.pos = start + chosen
    form = r.one("H")
    char_to_glyph: dict[int, int] = {}
    if form == 4:
        limit = start + chosen + r.read("HH")[0]
        segments = r.one("H") // 2
        r.pos += 6
        ends = r.read(f"{segments}H")
        r.pos += 2
        starts = r.read(f"{segments}H")
        deltas = r.read(f"{segments}h")
        ranges_at = r.pos
        ranges = r.read(f"{segments}H")
        for n in range(segments):
            for code in range(starts[n], ends[n] + 1):
                if ranges[n] == 0:
                    glyph = (code + deltas[n]) & 0xFFFF
                else:
                    at = ranges_at + 2 * n + (code - starts[n]) * 2 + ranges[n]
                    glyph = 0 if at >= limit else struct.unpack_from(">H", r.data, at)[0]
                    if glyph:
                        glyph = (glyph + deltas[n]) & 0xFFFF
                char_to_glyph[code] = glyph
    elif form == 12:
        r.pos += 10
        for _ in range(r.one("L")):
            first, last, glyph = r.read("LLL")
            for code in range(first, last + 1):
                char_to_glyph[code] = code + glyph - first
    else:
        raise FontFileError(f"cmap format {form} is not read")
    return _widths(r, tables, fields, char_to_glyph)


def _widths(r: _Reader, tables: dict, fields: dict, char_to_glyph: dict[int, int]) -> dict:
    """hmtx: each glyph's (advance, side bearing) and each character's advance in 1/1000 em
    (glyphs past the long metrics keep the last advance, scaled, as reportlab kept it)."""
    upem, glyphs, long_count = fields["unitsPerEm"], fields.pop("numGlyphs"), fields.pop("hmetric_count")
    chars_of: dict[int, list[int]] = {}
    for code, glyph in char_to_glyph.items():
        chars_of.setdefault(glyph, []).append(code)
    r.pos = tables["hmtx"][0]
    advances, bearings, widths = [], [], {}
    advance: float = 0
    default = 0
    for glyph in range(glyphs):
        if glyph < long_count:
            raw, bearing = r.read("HH")
            advances.append(raw)
            advance = raw if upem == 1000 else raw * (1000 / upem)
            if glyph == 0:
                default = advance
        else:
            bearing = r.one("H")
            advances.append(advance)
        bearings.append(bearing)
        for code in chars_of.get(glyph, ()):
            widths[code] = advance
    if 0x20 in char_to_glyph:
        char_to_glyph[0xA0], widths[0xA0] = char_to_glyph[0x20], widths[0x20]
    elif 0xA0 in char_to_glyph:
        char_to_glyph[0x20], widths[0x20] = char_to_glyph[0xA0], widths[0xA0]
    return {"numGlyphs": glyphs, "defaultWidth": default, "codes": list(char_to_glyph),
            "glyphs": list(char_to_glyph.values()), "width_codes": list(widths),
            "widths": list(widths.values()), "advances": advances, "bearings": bearings}
