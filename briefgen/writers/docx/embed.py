"""Font embedding: FontSet -> word/fontTable.xml, its relationships and obfuscated font parts.

Each font file is subset with fontTools to whole Unicode blocks (the Arabic blocks, Basic
Latin, Latin-1 and General Punctuation), not to the characters a paper uses, so an editor
can still type with the embedded face. The subset is obfuscated as ECMA-376 Part 2 (OPC)
§ 15.2.6 / Part 1 § 17.8.1 describe: a GUID key `{XXXXXXXX-...}` is written in w:fontKey;
its 16 bytes, taken from the string's hex pairs in reverse order, are XORed over bytes
0-15 and again over bytes 16-31 of the font. The GUID is a uuid5 of the font file's SHA-256
and the subset is made with the timestamp left alone, so the same fonts give the same bytes.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import fontTools
from lxml import etree

from briefgen.diskcache import cached_bytes_unless_busy, file_digest
from briefgen.errors import FontError
from briefgen.writers.docx.oxml import add, make, to_bytes
from briefgen.writers.fonts import FontSet

FONT_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
KEY_NAMESPACE = uuid.UUID("6f1d5d0e-3c1b-5b8e-9a43-62726965666e")  # fixed: "briefgen" fonts

SUBSET_RANGES = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic Supplement
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
)


@dataclass(frozen=True)
class EmbeddedFont:
    """One embedded face: the family, its slot (w:embedRegular ...), key and obfuscated bytes."""

    family: str
    slot: str
    key: str
    data: bytes


def font_key(font_file: bytes) -> str:
    """The w:fontKey of a font: a braced uppercase GUID derived from the file's hash."""
    digest = hashlib.sha256(font_file).hexdigest()
    return "{" + str(uuid.uuid5(KEY_NAMESPACE, digest)).upper() + "}"


def key_bytes(key: str) -> bytes:
    """The 16 XOR bytes of a w:fontKey: the GUID's hex pairs, last pair first."""
    return bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes of `data` with the key (twice over); its own inverse."""
    mask = key_bytes(key) * 2
    head = bytes(b ^ m for b, m in zip(data[:32], mask, strict=False))
    return head + data[32:]


_SUBSETS: dict[tuple[Path, str], bytes] = {}  # (path, hash of its bytes) -> subset


def subset_font(path: Path, wait: bool = True) -> bytes | None:
    """The font at `path` cut down to SUBSET_RANGES, layout features and names kept.

    Subsetting takes about a quarter of a second a face, so the result is kept in memory and
    in the disk cache (briefgen/diskcache.py), keyed by the font's hash, the ranges and the
    fontTools version. Without `wait`, None when another process is subsetting the font."""
    digest = file_digest(path)
    if (path, digest) not in _SUBSETS:
        key = f"{digest}{SUBSET_RANGES}{fontTools.version}"
        data = cached_bytes_unless_busy("font-subsets", key, lambda: _subset(path), ".ttf", wait)
        if data is None:
            return None
        _SUBSETS[(path, digest)] = data
    return _SUBSETS[(path, digest)]


def subsets(paths: list[Path]) -> dict[Path, bytes]:
    """The subset of each font. A font that another process is subsetting (the other DOCX
    writer of a first run) is taken last: the two share the fonts rather than one waiting
    for the other at each."""
    found: dict[Path, bytes] = {}
    for wait in (False, True):
        for path in paths:
            if path not in found:
                data = subset_font(path, wait)
                if data is not None:
                    found[path] = data
    return found


def _subset(path: Path) -> bytes:
    from fontTools import subset  # imported here: 0.1 s, needed only when the cache misses
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]  # Arabic joining and ligatures need init/medi/fina/rlig...
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    unicodes = [c for start, end in SUBSET_RANGES for c in range(start, end + 1)]
    try:
        with TTFont(path, recalcTimestamp=False) as font:
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=unicodes)
            subsetter.subset(font)
            out = BytesIO()
            font.save(out)
    except Exception as exc:  # fontTools raises many kinds; wrap once, here
        raise FontError(f"{path}: cannot subset font for embedding ({exc})") from None
    return out.getvalue()


def embedded_fonts(fonts: FontSet) -> list[EmbeddedFont]:
    """The five faces of the FontSet, subset and obfuscated, in a fixed order."""
    faces = (
        (fonts.arabic_family, "w:embedRegular", fonts.arabic_regular),
        (fonts.arabic_family, "w:embedBold", fonts.arabic_bold),
        (fonts.latin_family, "w:embedRegular", fonts.latin_regular),
        (fonts.latin_family, "w:embedBold", fonts.latin_bold),
        (fonts.latin_family, "w:embedItalic", fonts.latin_italic),
    )
    subset = subsets([path for _, _, path in faces])
    result = []
    for family, slot, path in faces:
        key = font_key(path.read_bytes())
        result.append(EmbeddedFont(family, slot, key, obfuscate(subset[path], key)))
    return result


FontTable = tuple[bytes, list[tuple[str, str]], dict[str, bytes]]


def build_font_table(faces: list[EmbeddedFont]) -> FontTable:
    """fontTable.xml's bytes, its relationships (id, target) and the font parts by zip
    name."""
    root = make("w:fonts")
    rels: list[tuple[str, str]] = []
    parts: dict[str, bytes] = {}
    by_family: dict[str, etree._Element] = {}
    for number, face in enumerate(faces, start=1):
        font = by_family.get(face.family)
        if font is None:
            font = by_family[face.family] = add(root, "w:font", {"w:name": face.family})
            add(font, "w:charset", {"w:val": "B2" if "Arabic" in face.family else "00"})
            add(font, "w:family", {"w:val": "roman"})
            add(font, "w:pitch", {"w:val": "variable"})
        rel_id = f"rId{number}"
        add(font, face.slot, {"r:id": rel_id, "w:fontKey": face.key, "w:subsetted": "1"})
        rels.append((rel_id, f"fonts/font{number}.odttf"))
        parts[f"word/fonts/font{number}.odttf"] = face.data
    return to_bytes(root), rels, parts
