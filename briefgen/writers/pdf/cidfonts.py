"""The PDF fonts: one Type0 font per face, CIDFontType2 with Identity-H, CID = glyph id.

Every code a content stream holds is fixed by the font file alone, never by the order in
which a document first uses its glyphs: a character's code is its glyph's id, and a glyph
that stands for different text in different places gets one of a few extra CIDs (numbered
from the font's glyph count, in an order fixed by the font) that a CIDToGIDMap sends to the
glyph. Those are:
 - another character drawn with the same glyph (a no-break space, an Arabic presentation
   form whose glyph is the base letter's): its own text;
 - a bracket drawn mirrored in right-to-left text (rule L4): the glyph of its mirror, the
   text of the character itself, so that readers give back the logical bracket;
The ToUnicode CMap gives base letters: a presentation form its letter, a lam-alef ligature
its two letters in drawing order (alef then lam), since readers reorder what they extract.

Text reaches encode() as characters; a mirrored bracket comes as MIRRORED + code point, a
haraka whose outline is drawn on its anchor as PLACED + code point (private-use planes 15
and 16): its own glyph, which the text writer draws invisible in its letter's run.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from briefgen.diskcache import cached_bytes, file_digest
from briefgen.text.bidi import MIRROR_PAIRS
from briefgen.writers.pdf.fontfile import FontFile, compressed_subset, face_of
from briefgen.writers.pdf.objects import Name, PdfFile, Ref

# The combining blocks (marks are looked for only there).
_MAYBE_MARK = re.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
                         "\u0670\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
MIRRORED = 0xF0000
MIRRORED_APART = 0xE0000  # the same, in a word without right-to-left letters
BY_NUMBER = 0xD0000  # a separator beside a number in right-to-left text (its own code)
CARRIED_RTL = 0xC0000  # a space at the edge of a piece of right-to-left text (see carried())
CARRIED_LTR = 0xB0000  # the same in left-to-right text
HIDDEN_MARK = 0x90000  # a placed haraka that pdf.js does not read (see hidden())
PDFJS_MARK = 0x80000  # a haraka only pdf.js reads (see pdfjs_only())
CONTROL = 0x70000  # an invisible bidi control character (see control())
CONTROLS = ("\u061c", "\u200e")  # the controls a font gets codes for: ALM, LRM
ZERO_WIDTH_SPACE = 0x200B  # a font's empty glyph without advance
# What a haraka's glyph hidden from pdf.js reads as: a format character (pdf.js skips a
# glyph that reads as one) of right-to-left class (MuPDF gives a glyph the bidi level of
# its text's, and reverses right-to-left runs of a line drawn left to right)
HIDDEN_TEXT = "\u061c"
# The prefix of an /ActualText that only MuPDF is to read (see pdffile._property)
MUPDF_ONLY = "\ufdd0"
PLACED = 0x100000
NO_BREAK_SPACE = 0xA0
# What a carried space reads as: an invisible strong character of its direction, then the
# space (pdf.js takes a glyph whose text starts with a space for white space, which it
# keeps only between two glyphs of one text item; a text that starts otherwise it keeps)
CARRIER_MARKS = {CARRIED_RTL: "\u061c", CARRIED_LTR: "\u200e"}
CACHE_FORMAT = 8  # bump when the table or its JSON changes


def mirrored(ch: str, apart: bool = False) -> str:
    """The character that draws `ch` mirrored and reads back as `ch` (`apart`: in a word
    without right-to-left letters, which readers keep left to right)."""
    return chr((MIRRORED_APART if apart else MIRRORED) + ord(ch))


def by_number(ch: str) -> str:
    """The character that draws a separator (comma, hyphen, percent sign) standing beside
    a number in right-to-left text, and reads back as itself."""
    return chr(BY_NUMBER + ord(ch))


def carried(ch: str, rtl: bool) -> str:
    """The character that draws a space and reads back as an invisible letter mark of the
    text's direction (ALM or LRM) and the space: the space a text item of pdf.js keeps
    where it starts or ends, or where a haraka follows it."""
    return chr((CARRIED_RTL if rtl else CARRIED_LTR) + ord(ch))


def hidden(ch: str) -> str:
    """The character that draws a haraka's glyph and reads back as an ALM (HIDDEN_TEXT:
    pdf.js skips such a glyph): a haraka that starts a piece, which pdf.js would give to
    the text item before it, is read by the other readers through this glyph and an
    /ActualText around it, and by pdf.js through pdfjs_only() after its piece."""
    return chr(HIDDEN_MARK + ord(ch))


def pdfjs_only(ch: str) -> str:
    """The character that draws the font's empty glyph without advance and reads back as
    the haraka `ch`: PDFium drops text without width, and an empty /ActualText around it
    hides it from Poppler and MuPDF (see hidden())."""
    return chr(PDFJS_MARK + ord(ch))


# What the space only pdf.js reads (pdfjs_space()) reads as: a combining mark (pdf.js takes
# a glyph whose text has one for a diacritic: it does not measure its place, and keeps it
# in the text item; its find drops combining marks), then the space
PDFJS_SPACE_TEXT = "\u034f "


def pdfjs_space() -> str:
    """The character that draws the font's empty glyph without advance and reads back as
    PDFJS_SPACE_TEXT: a space between two table cells of a right-to-left row, which pdf.js
    (reading the cells from the right, the next to the left of the last) joins without
    one. Hidden from the other readers as pdfjs_only() is."""
    return chr(PDFJS_MARK + 0x20)


def control(ch: str) -> str:
    """The character that draws the font's empty glyph without advance and reads back as
    the bidi control `ch`: it steers how Poppler and PDFium order a line, and pdf.js skips
    it (a glyph that reads as a format character)."""
    return chr(CONTROL + ord(ch))


def placed(ch: str) -> str:
    """The character that carries a haraka's text where its outline is drawn apart."""
    return chr(PLACED + ord(ch))


def base_text(code: int) -> str:
    """What a reader should get for the glyph of `code`, in drawing order: a presentation
    form's letters (a ligature's reversed: drawn right to left), a no-break space a space,
    else the character."""
    ch = chr(code)
    if not (0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF):
        return " " if code == NO_BREAK_SPACE else ch
    letters = unicodedata.normalize("NFKC", ch).strip()
    if letters and all(unicodedata.bidirectional(c) == "AL" for c in letters):
        return letters[::-1]
    return letters or ch


SUBSETS_KEPT = 8  # character sets whose subset's parts a code table keeps


@dataclass
class CodeTable:
    """The codes of one font file: character (or token) -> 4 hex digits, CID -> glyph,
    CID -> text, glyph -> advance (in 1/1000 em), character (or token) -> advance."""

    encode: dict[int, str]
    gid: dict[int, int]  # the extra CIDs only; every other CID is its glyph id
    text: dict[int, str]
    advances: list[int]
    advance: dict[str, int] = field(default_factory=dict)
    subsets: dict[frozenset, SubsetParts] = field(default_factory=dict, repr=False,
                                                  compare=False)  # DocumentFont.parts's

    def __post_init__(self) -> None:
        if not self.advance:
            for code, hex_code in self.encode.items():
                cid = int(hex_code, 16)
                self.advance[chr(code)] = self.advances[self.gid.get(cid, cid)]

    def to_json(self) -> bytes:
        """The table as JSON (for the disk cache); from_json() reads it back."""
        return json.dumps([list(self.encode), list(self.encode.values()), list(self.gid),
                           list(self.gid.values()), list(self.text), list(self.text.values()),
                           self.advances, list(self.advance.values())]).encode()

    @classmethod
    def from_json(cls, data: bytes) -> CodeTable:
        codes, hexes, cids, gids, text_cids, texts, advances, by_code = json.loads(data)
        return cls(dict(zip(codes, hexes, strict=True)), dict(zip(cids, gids, strict=True)),
                   dict(zip(text_cids, texts, strict=True)), advances,
                   dict(zip(map(chr, codes), by_code, strict=True)))


def build_table(face: FontFile) -> CodeTable:
    """The code table of a parsed font (the same for every document)."""
    cmap = {code: gid for code, gid in face.charToGlyph.items() if code >= 0x20 and gid}
    texts = {code: base_text(code) for code in cmap}
    primary: dict[int, str] = {}
    for code in sorted(cmap, key=lambda c: (texts[c] != chr(c), c)):
        primary.setdefault(cmap[code], texts[code])
    extras: list[tuple[int, int, str]] = []  # (token, glyph, text)
    encode = {}
    for code, gid in sorted(cmap.items()):
        text = texts[code]
        if primary[gid] == text:
            encode[code] = f"{gid:04X}"
        else:
            extras.append((code, gid, text))
        mirror = MIRROR_PAIRS.get(chr(code))
        if mirror and ord(mirror) in cmap:
            extras.append((MIRRORED + code, cmap[ord(mirror)], chr(code)))
    for base, mark in CARRIER_MARKS.items():  # spaces that carry their direction's mark
        if 0x20 in cmap:
            extras.append((base + 0x20, cmap[0x20], mark + " "))
    marks = [code for code in sorted(cmap) if code in encode and _MAYBE_MARK.match(chr(code))
             and unicodedata.category(chr(code)) == "Mn"]
    empty = cmap.get(ZERO_WIDTH_SPACE)
    if empty is not None and face.hmetrics[empty][0] == 0:  # harakat that start a piece
        extras += [(HIDDEN_MARK + code, cmap[code], HIDDEN_TEXT) for code in marks]
        extras += [(PDFJS_MARK + code, empty, chr(code)) for code in marks]
        extras += [(CONTROL + ord(ch), empty, ch) for ch in CONTROLS]
        extras.append((PDFJS_MARK + 0x20, empty, PDFJS_SPACE_TEXT))
    text = dict(primary)
    gids = {}
    for cid, (token, gid, token_text) in enumerate(extras, start=face.numGlyphs):
        encode[token] = f"{cid:04X}"
        gids[cid] = gid
        text[cid] = token_text
        if token >= MIRRORED:  # the same code, whatever the word around it
            encode[token - MIRRORED + MIRRORED_APART] = encode[token]
        elif token - 0x20 in CARRIER_MARKS:  # a no-break space carried like a space
            encode[token - 0x20 + NO_BREAK_SPACE] = encode[token]
    for code in cmap:  # a separator beside a number: the same glyph and code
        if code in encode and unicodedata.bidirectional(chr(code)) in ("CS", "ES", "ET"):
            encode[BY_NUMBER + code] = encode[code]
    for code in marks:  # a placed haraka: its own glyph, drawn invisible in its letter's run
        encode[PLACED + code] = encode[code]
    scale = 1000 / face.unitsPerEm
    advances = [round(aw * scale) for aw, _ in face.hmetrics]
    return CodeTable(encode, gids, text, advances)


@lru_cache(maxsize=16)
def code_table(font_name: str) -> CodeTable:
    """The code table of a registered face: once per process, from the disk
    cache when the same font file was seen before (building it takes some 10 ms a face)."""
    face = face_of(font_name)
    key = f"{file_digest(face.filename)} format {CACHE_FORMAT}"
    data = cached_bytes("pdf-code-tables", key, lambda: build_table(face).to_json(), ".json")
    return CodeTable.from_json(data)


@dataclass
class DocumentFont:
    """One face as used by one document: what its pages drew with it."""

    name: str  # the name the face is registered under, also its resource name
    table: CodeTable
    used: set[str] = field(default_factory=set)

    def hex(self, text: str) -> str:
        """The text as 4-hex-digit codes, its characters noted as used."""
        self.used.update(text)
        return text.translate(self.table.encode)

    def reads(self, text: str) -> str:
        """What a reader gets from the codes of `text` (their ToUnicode text, in order)."""
        codes = self.hex(text)
        return "".join(self.table.text.get(int(codes[i:i + 4], 16), "")
                       for i in range(0, len(codes), 4))

    def width(self, text: str, size: float) -> float:
        """The advance of `text` drawn at `size` points."""
        advance = self.table.advance
        return sum(map(advance.__getitem__, text)) * size / 1000

    def cids(self) -> list[int]:
        """The CIDs of the characters drawn, in order."""
        return self.parts().cids

    def parts(self) -> SubsetParts:
        """What the font's objects are made of, for the characters drawn (found again for
        the same characters: a `--watch` rebuild draws the same)."""
        used = frozenset(self.used)
        found = self.table.subsets.get(used)
        if found is None:
            found = _subset_parts(self.table, used, face_of(self.name).numGlyphs)
            if len(self.table.subsets) >= SUBSETS_KEPT:
                self.table.subsets.clear()
            self.table.subsets[used] = found
        return found

    def write(self, pdf: PdfFile, ref: Ref) -> None:
        """The Type0 font and its parts, at `ref`."""
        face = face_of(self.name)
        parts = self.parts()
        base = Name(f"{parts.tag}+{face.name.decode('latin-1')}")
        program = pdf.add_stream(compressed_subset(face, parts.glyphs),
                                 {"Filter": Name("FlateDecode")}, compress=False)
        descriptor = pdf.add({
            "Type": Name("FontDescriptor"), "FontName": base, "Flags": face.flags,
            "FontBBox": list(face.bbox), "ItalicAngle": face.italicAngle,
            "Ascent": face.ascent, "Descent": face.descent,
            "CapHeight": face.capHeight or face.ascent, "StemV": face.stemV,
            "FontFile2": program})
        descendant = {
            "Type": Name("Font"), "Subtype": Name("CIDFontType2"), "BaseFont": base,
            "CIDSystemInfo": {"Registry": b"Adobe", "Ordering": b"Identity", "Supplement": 0},
            "FontDescriptor": descriptor, "DW": 0, "W": parts.widths,
            "CIDToGIDMap": Name("Identity")}
        if parts.cid_to_gid is not None:
            descendant["CIDToGIDMap"] = pdf.add_stream(parts.cid_to_gid)
        pdf.put(ref, {"Type": Name("Font"), "Subtype": Name("Type0"), "BaseFont": base,
                      "Encoding": Name("Identity-H"), "DescendantFonts": [pdf.add(descendant)],
                      "ToUnicode": pdf.add_stream(parts.to_unicode)})


@dataclass(frozen=True)
class SubsetParts:
    """What a font's objects hold for one set of characters drawn: their CIDs and glyphs,
    the subset's tag, the W array, the CIDToGIDMap (None: Identity) and the ToUnicode."""

    cids: list[int]
    glyphs: list[int]
    tag: str
    widths: list
    cid_to_gid: bytes | None
    to_unicode: bytes


def _subset_parts(table: CodeTable, used: frozenset, glyph_count: int) -> SubsetParts:
    encode = table.encode
    cids = sorted({int(encode[ord(ch)], 16) for ch in used if ord(ch) in encode})
    glyphs = [table.gid.get(cid, cid) for cid in cids]
    tag = "".join(chr(65 + b % 26) for b in hashlib.md5(repr(cids).encode()).digest()[:6])
    cid_to_gid = None
    if any(cid in table.gid for cid in cids):
        cid_to_gid = b"".join(table.gid.get(cid, cid).to_bytes(2, "big") if cid in table.gid
                              or cid < glyph_count else b"\0\0" for cid in range(max(cids) + 1))
    return SubsetParts(cids, glyphs, tag, _widths(cids, glyphs, table.advances), cid_to_gid,
                       to_unicode(cids, table.text))


def _widths(cids: list[int], glyphs: list[int], advances: list[int]) -> list:
    """The W array: runs of consecutive CIDs with their widths."""
    out: list = []
    run: list[int] = []
    start = None
    for cid, gid in zip(cids, glyphs, strict=True):
        if start is not None and cid == start + len(run):
            run.append(advances[gid])
            continue
        if start is not None:
            out += [start, run]
        start, run = cid, [advances[gid]]
    if start is not None:
        out += [start, run]
    return out


def to_unicode(cids: list[int], text: dict[int, str]) -> bytes:
    """A ToUnicode CMap giving each CID its text (UTF-16BE)."""
    lines = []
    entries = [(cid, text[cid]) for cid in cids if cid in text]
    for at in range(0, len(entries), 100):
        chunk = entries[at:at + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{cid:04X}> <{t.encode('utf-16-be').hex().upper()}>" for cid, t in chunk]
        lines.append("endbfchar")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(lines) + "\nendcmap\nCMapName currentdict /CMap defineresource pop\n"
            "end\nend\n").encode("ascii")
