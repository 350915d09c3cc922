"""The font files a paper is set in: fonts/ -> FontSet (paths and family names).

Both writers read the same set: the Arabic face (Noto Naskh Arabic) for right-to-left text
and the complex-script slot, the Latin face (Noto Serif) for the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from briefgen.diskcache import cached_bytes, file_digest, package_version
from briefgen.errors import FontError
from briefgen.textfile import read_regular

ARABIC_FAMILY = "Noto Naskh Arabic"
LATIN_FAMILY = "Noto Serif"
FONT_FILES = {
    "arabic_regular": "NotoNaskhArabic-Regular.ttf",
    "arabic_bold": "NotoNaskhArabic-Bold.ttf",
    "latin_regular": "NotoSerif-Regular.ttf",
    "latin_bold": "NotoSerif-Bold.ttf",
    "latin_italic": "NotoSerif-Italic.ttf",
}


@dataclass(frozen=True)
class FontSet:
    """Paths of the five font files, checked to exist and to be TrueType files, and the
    code points each file's cmap covers (by slot), read during that check."""

    arabic_regular: Path
    arabic_bold: Path
    latin_regular: Path
    latin_bold: Path
    latin_italic: Path
    arabic_family: str = ARABIC_FAMILY
    latin_family: str = LATIN_FAMILY
    coverage: dict[str, frozenset[int]] = field(default_factory=dict, compare=False,
                                               repr=False)


def load_fontset(folder: Path) -> FontSet:
    """The FontSet in `folder`; FontError naming the file when one is missing, unreadable,
    not a font, or damaged (the tables every writer reads are read once here)."""
    paths, coverage = {}, {}
    for slot, name in FONT_FILES.items():
        path = folder / name
        try:
            data = read_regular(path)
        except OSError as exc:
            raise FontError(
                f"{path}: cannot read font ({exc.strerror or exc}); restore it from the repository"
            ) from None
        if data[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
            raise FontError(f"{path}: not a TrueType/OpenType font; restore it from the repository")
        coverage[slot] = _check_tables(path, data)
        paths[slot] = path
    return FontSet(**paths, coverage=coverage)


def _check_tables(path: Path, data: bytes) -> frozenset[int]:
    """The code points of the font's cmap; FontError when the font is damaged. A font whose
    bytes passed once is not read again: its coverage is kept in the disk cache under the
    hash of those bytes (checking and reading the five fonts takes 60 ms)."""
    key = f"{file_digest(path)} fontTools {package_version('fontTools')} coverage 2"
    cached = cached_bytes("font-coverage", key, lambda: _read_coverage(path, data), ".json")
    return frozenset(json.loads(cached))


def _read_coverage(path: Path, data: bytes) -> bytes:
    """The font's cmap as JSON, once the font is found whole: every table's checksum
    matches its bytes (any damage, in the glyph data too, changes it), the glyph offsets
    stay inside the glyph table, and the tables every writer reads can be read."""
    from fontTools.ttLib import TTFont  # imported here: needed only when the cache misses

    try:
        font = TTFont(BytesIO(data), lazy=True)
        damaged = _damaged_tables(font)
        if damaged:
            raise ValueError(f"the checksum of its {', '.join(damaged)} table"
                             f"{'s' if len(damaged) > 1 else ''} does not match its bytes")
        cmap = font.getBestCmap()
        if not cmap:
            raise ValueError("no Unicode cmap")
        for table in ("head", "hhea", "hmtx", "maxp"):
            font[table]  # reading the table is the check
        if "glyf" in font.reader:
            offsets = list(font["loca"].locations)
            if offsets != sorted(offsets) or offsets[-1] > len(font.reader["glyf"]):
                raise ValueError("its glyph offsets (loca) point outside its glyph data")
    except Exception as exc:  # fontTools raises many kinds on a damaged file
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FontError(f"{path}: damaged font ({detail}); restore it from the "
                        "repository") from None
    return json.dumps(sorted(cmap)).encode()


def _damaged_tables(font: object) -> list[str]:
    """The tags of the tables whose bytes do not match the checksum in the font's table
    directory (the head table's is computed with its checkSumAdjustment as zero)."""
    from fontTools.ttLib.sfnt import calcChecksum

    reader = font.reader  # type: ignore[attr-defined]
    damaged = []
    for tag, entry in reader.tables.items():
        raw = reader[tag]
        if tag == "head":
            raw = raw[:8] + b"\0\0\0\0" + raw[12:]
        if len(raw) != entry.length or calcChecksum(raw) != entry.checkSum:
            damaged.append(tag)
    return damaged
