"""Reading finished PDFs the way readers do: pdftotext (Poppler) and PDFium (pypdfium2)."""

from __future__ import annotations

import ctypes
import re
import subprocess
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from conftest import require_tool

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ARABIC_WORD = re.compile(r"[\u0621-\u065f\u0670-\u06d3]+")  # letters and marks


def normalize(text: str) -> str:
    """NFKC (presentation forms back to letters), bidi controls dropped, spaces folded."""
    text = BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"[ \t]+", " ", text)


def poppler_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext's text of the file (or of pages first..last), normalised."""
    command = [require_tool("pdftotext"), "-enc", "UTF-8"]
    if first:
        command += ["-f", str(first), "-l", str(last or first)]
    out = subprocess.run([*command, str(path), "-"], capture_output=True, check=True)
    return normalize(out.stdout.decode("utf-8"))


def pdfium_text(path: Path) -> str:
    """PDFium's text of every page, normalised."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(normalize(page.get_textpage().get_text_range()) for page in pdf)
    finally:
        pdf.close()


def flat(text: str) -> str:
    """Text with every run of white space as one space, for phrase search across lines."""
    return re.sub(r"\s+", " ", text)


def arabic_words(text: str) -> list[str]:
    """The Arabic words of a text, in order."""
    return ARABIC_WORD.findall(text)


def drawn_characters(path: Path) -> list[tuple[str, str]]:
    """(character, font name without subset prefix) for every character PDFium finds."""
    pdf = pdfium.PdfDocument(str(path))
    found = []
    try:
        for page in pdf:
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                code = pdfium_raw.FPDFText_GetUnicode(textpage.raw, i)
                if code in (0, 0x20, 0x0A, 0x0D) or pdfium_raw.FPDFText_IsGenerated(textpage.raw, i):
                    continue
                buffer = ctypes.create_string_buffer(256)
                flags = ctypes.c_int()
                pdfium_raw.FPDFText_GetFontInfo(textpage.raw, i, buffer, 256, ctypes.byref(flags))
                name = buffer.value.decode("latin-1").split("+")[-1]
                found.append((chr(code), name))
    finally:
        pdf.close()
    return found
