"""Files compared on their decompressed content, so another platform's zlib does not matter."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

# reportlab ends a binary stream with "endstream" right after the data, no end of line
_STREAM = re.compile(rb"\bstream\r?\n(.*?)endstream", re.S)
_LENGTH = re.compile(rb"/Length \d+")


def pdf_content(path: Path) -> bytes:
    """The PDF with every Flate stream inflated and stream lengths and offsets dropped."""
    data = path.read_bytes()

    def inflate(match: re.Match[bytes]) -> bytes:
        try:
            return b"stream\n" + zlib.decompressobj().decompress(match.group(1)) + b"\nendstream"
        except zlib.error:
            return match.group(0)

    body = _STREAM.sub(inflate, data)
    body = _LENGTH.sub(b"/Length ?", body)
    return body.split(b"\nxref")[0]


def docx_content(path: Path) -> dict[str, bytes]:
    """Every part of the DOCX, uncompressed."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def content(path: Path) -> object:
    """The decompressed content of a PDF or DOCX."""
    return pdf_content(path) if path.suffix == ".pdf" else docx_content(path)
