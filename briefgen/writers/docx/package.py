"""The OPC package: parts (name -> bytes) -> a .docx zip with the same bytes every time.

Also builds the package-level parts: [Content_Types].xml, the relationship parts, the core
and app properties and settings.xml. Zip entries are written in a fixed order (content
types first, then by name) with a fixed timestamp, so one Document always gives one file.

The zip is laid out here, byte for byte as Python's zipfile writes it (ZipFile.writestr,
deflated, on a seekable file: tests/writers/test_docx_package.py compares the two), so that
a part compressed for an earlier file can be used again (Deflated): the embedded fonts, a
megabyte, are compressed once per session instead of once per file. A part may also be
given as pieces (the body, word/document.xml: 40 MB for a paper of 2,000 pages), which are
compressed and written to the file as they are made; its local header is filled in once
its size is known, as zipfile does.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lxml import etree

from briefgen.errors import OutputError
from briefgen.model import Meta
from briefgen.text.runs import joined_runs
from briefgen.writers.docx.oxml import add, make, to_bytes

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DOS_DATE = (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2]
_DOS_TIME = ZIP_TIME[3] << 11 | ZIP_TIME[4] << 5 | ZIP_TIME[5] // 2
_VERSION = 20  # the version zipfile writes as made by and needed to extract (deflate)
_UNIX = 3  # "made by" system: zipfile's on every system but Windows
_DEFLATED = 8
_FILE_MODE = 0o644 << 16
_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # structCentralDir
_END = struct.Struct("<4s4H2LH")  # structEndArchive

CONTENT_TYPES = {
    "/word/document.xml": f"{WML}.document.main+xml",
    "/word/styles.xml": f"{WML}.styles+xml",
    "/word/numbering.xml": f"{WML}.numbering+xml",
    "/word/settings.xml": f"{WML}.settings+xml",
    "/word/fontTable.xml": f"{WML}.fontTable+xml",
    "/word/header1.xml": f"{WML}.header+xml",
    "/word/footer1.xml": f"{WML}.footer+xml",
    "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}
DOCUMENT_RELS = [
    ("rId1", f"{OFFICE_REL}/styles", "styles.xml"),
    ("rId2", f"{OFFICE_REL}/numbering", "numbering.xml"),
    ("rId3", f"{OFFICE_REL}/settings", "settings.xml"),
    ("rId4", f"{OFFICE_REL}/fontTable", "fontTable.xml"),
    ("rId5", f"{OFFICE_REL}/header", "header1.xml"),
    ("rId6", f"{OFFICE_REL}/footer", "footer1.xml"),
    ("rId7", f"{OFFICE_REL}/theme", "theme/theme1.xml"),
]
HEADER_REL_ID, FOOTER_REL_ID = "rId5", "rId6"
PACKAGE_RELS = [
    ("rId1", f"{OFFICE_REL}/officeDocument", "word/document.xml"),
    ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
             "core-properties", "docProps/core.xml"),
    ("rId3", f"{OFFICE_REL}/extended-properties", "docProps/app.xml"),
]  # fmt: skip


def content_types(extra_defaults: dict[str, str]) -> bytes:
    """[Content_Types].xml: defaults by extension, overrides for the XML parts."""
    root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    defaults = {
        "rels": "application/vnd.openxmlformats-package.relationships+xml",
        "xml": "application/xml",
        **extra_defaults,
    }
    for extension, kind in sorted(defaults.items()):
        etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=extension, ContentType=kind)
    for name, kind in CONTENT_TYPES.items():
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=name, ContentType=kind)
    return to_bytes(root)


def relationships(rels: list[tuple[str, str, str]]) -> bytes:
    """A .rels part from (id, type, target) triples."""
    root = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    for rel_id, kind, target in rels:
        etree.SubElement(root, f"{{{RELS_NS}}}Relationship", Id=rel_id, Type=kind, Target=target)
    return to_bytes(root)


def core_properties(meta: Meta, language: str) -> bytes:
    """docProps/core.xml: title, subject, author, keywords, language; dates from Meta.date."""
    ns = {
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/",
        "dcterms": "http://purl.org/dc/terms/",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    }
    root = etree.Element(f"{{{ns['cp']}}}coreProperties", nsmap=ns)

    def put(prefix: str, name: str, text: str) -> etree._Element:
        element = etree.SubElement(root, f"{{{ns[prefix]}}}{name}")
        element.text = text
        return element

    put("dc", "title", meta.title)
    put("dc", "subject", meta.subject)
    put("dc", "creator", meta.author)
    put("cp", "keywords", ", ".join(meta.keywords))
    put("dc", "language", language)
    put("cp", "lastModifiedBy", meta.author)
    put("cp", "revision", "1")
    stamp = f"{meta.date}T00:00:00Z"
    for name in ("created", "modified"):
        put("dcterms", name, stamp).set(f"{{{ns['xsi']}}}type", "dcterms:W3CDTF")
    return to_bytes(root)


def app_properties() -> bytes:
    """docProps/app.xml: the application name only (page and word counts left to Word)."""
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
    etree.SubElement(root, f"{{{ns}}}Application").text = "briefgen"
    etree.SubElement(root, f"{{{ns}}}DocSecurity").text = "0"
    return to_bytes(root)


def settings(language: str) -> bytes:
    """settings.xml: embedded TrueType fonts, fields refreshed on opening (the contents)."""
    root = make("w:settings")
    add(root, "w:zoom", {"w:percent": "100"})
    add(root, "w:embedTrueTypeFonts")
    add(root, "w:defaultTabStop", {"w:val": "720"})
    add(root, "w:characterSpacingControl", {"w:val": "doNotCompress"})
    add(root, "w:updateFields", {"w:val": "true"})
    compat = add(root, "w:compat")
    add(compat, "w:compatSetting", {"w:name": "compatibilityMode",
                                    "w:uri": "http://schemas.microsoft.com/office/word",
                                    "w:val": "15"})  # fmt: skip
    add(root, "w:themeFontLang", {"w:val": language, "w:bidi": "ar-IQ"})
    return to_bytes(root)


class Deflated:
    """The compressed parts of the last package written for one output, by name: a part
    whose bytes are the same in the next package is not compressed again."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[bytes, int, bytes]] = {}  # name -> (data, crc, deflated)

    def part(self, name: str, data: bytes, kept: dict[str, tuple[bytes, int, bytes]]
             ) -> tuple[int, bytes]:
        """(CRC-32, deflated bytes) of the part `name` holding `data`, noted in `kept`."""
        found = self._kept.get(name)
        if found is None or found[0] != data:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            found = (data, zlib.crc32(data), compressor.compress(data) + compressor.flush())
        kept[name] = found
        return found[1], found[2]

    def keep(self, kept: dict[str, tuple[bytes, int, bytes]]) -> None:
        """From now on, remember the parts of the package just written."""
        self._kept = kept


Part = bytes | Iterable[bytes]  # a part's bytes, or its pieces in order (made as written)
_BATCH = 1 << 16  # bytes of a streamed part compressed at a time


def write_package(path: Path, parts: dict[str, Part], deflated: Deflated | None = None) -> None:
    """Write `parts` as a zip at `path`: content types first, the rest by name, fixed times;
    parts unchanged since the last package of `deflated` are not compressed again. A part
    given as pieces is compressed and written as they come, each piece dropped once
    written, so the package never holds the whole of it."""
    deflated = deflated or Deflated()
    names = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    kept: dict[str, tuple[bytes, int, bytes]] = {}
    central: list[bytes] = []
    with _ZipFile(path) as out:
        for name in names:
            data = parts[name]
            encoded, flags = _encoded(name)
            offset = out.tell()
            out.write(bytes(_LOCAL.size) + encoded)  # the header, once its sizes are known
            if isinstance(data, bytes):
                crc, packed = deflated.part(name, data, kept)
                out.write(packed)
                size, packed_size = len(data), len(packed)
            else:
                crc, size, packed_size = _deflate(data, out)
            fields = (_VERSION, 0, flags, _DEFLATED, _DOS_TIME, _DOS_DATE, crc, packed_size,
                      size, len(encoded))
            out.rewrite(offset, _LOCAL.pack(b"PK\x03\x04", *fields, 0))
            central += [_CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, *fields, 0, 0, 0, 0,
                                      _FILE_MODE, offset), encoded]
        directory = b"".join(central)
        start = out.tell()
        out.write(directory + _END.pack(b"PK\x05\x06", 0, 0, len(names), len(names),
                                        len(directory), start, 0))
    deflated.keep(kept)


def _deflate(pieces: Iterable[bytes], out: _ZipFile) -> tuple[int, int, int]:
    """Compress `pieces` into `out` as they come, as zipfile compresses their whole (a
    deflate stream does not depend on how its input is cut); (CRC-32, size, compressed size)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    crc = size = packed = 0
    for batch in joined_runs(pieces, _BATCH):
        crc, size = zlib.crc32(batch, crc), size + len(batch)
        packed += out.write(compressor.compress(batch))
    return crc, size, packed + out.write(compressor.flush())




class _ZipFile:
    """The file a package is written into; the disk's refusals as OutputError (a failure
    of what makes the pieces passes through as it is)."""

    def __init__(self, path: Path):
        self.path = path
        self._file = self._do(lambda: open(path, "wb"))  # noqa: SIM115 (closed by __exit__)

    def __enter__(self) -> _ZipFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._do(self._file.close)

    def tell(self) -> int:
        return self._do(self._file.tell)

    def write(self, data: bytes) -> int:
        return self._do(lambda: self._file.write(data))

    def rewrite(self, offset: int, data: bytes) -> None:
        """Write `data` over the bytes at `offset`, then go on at the end."""
        end = self.tell()
        self._do(lambda: (self._file.seek(offset), self._file.write(data), self._file.seek(end)))

    def _do(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write the DOCX ({exc.strerror or exc})"
                              ) from None


def _encoded(name: str) -> tuple[bytes, int]:
    """A part name's bytes in the zip and its flag bits (UTF-8 names flagged, as zipfile)."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800
