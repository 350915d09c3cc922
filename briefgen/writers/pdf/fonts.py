"""Fonts for the PDF writer: FontSet -> faces, per-character face choice, widths.

Every character is drawn by a face whose cmap has it: letters by the face of their script
(Arabic by Noto Naskh Arabic, Latin by Noto Serif), neutrals (digits, punctuation, spaces)
by the paper's main face when it has them, else by the other. Each face is embedded as a
subset and draws each code point through the cmap with its hmtx advance (no kerning).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from briefgen.errors import FontError
from briefgen.writers.fonts import FontSet
from briefgen.writers.pdf import cidfonts, marks, outlines
from briefgen.writers.pdf.fontfile import FontFile, FontFileError, face_of, forget_faces, register

ARABIC, LATIN = "arabic", "latin"
# The Latin face sits a little larger than the Naskh face at the same size.
LATIN_SCALE_IN_ARABIC = 0.88


@dataclass(frozen=True)
class Face:
    """One font (registered by name when first measured) and the code points its cmap
    covers."""

    name: str
    covers: frozenset[int]
    path: str


class Registered(NamedTuple):
    """A face registered under a name."""

    name: str
    face: FontFile


@lru_cache(maxsize=16)
def _register(name: str, path: str) -> Registered:
    """The font at `path`, registered under `name` (once per process, from the disk cache
    when its file was read before; a face a paper never uses is never read)."""
    try:
        return Registered(name, register(name, path))
    except (FontFileError, OSError) as exc:
        message = f"{path}: cannot load font ({exc}); restore it from the repository"
        raise FontError(message) from None


def _face(name: str, path: Path, covers: frozenset[int] | None) -> Face:
    """A face, its coverage from the FontSet (or from its cmap when the set has none)."""
    if covers is None:
        covers = frozenset(_register(name, str(path)).face.charToGlyph)
    return Face(name, covers, str(path))


class PdfFonts:
    """The faces of one paper and the choice of face for each character."""

    def __init__(self, fonts: FontSet, lang: str):
        self.lang = lang
        slots = {(ARABIC, False, False): ("NotoNaskhArabic", "arabic_regular"),
                 (ARABIC, True, False): ("NotoNaskhArabic-Bold", "arabic_bold"),
                 (LATIN, False, False): ("NotoSerif", "latin_regular"),
                 (LATIN, True, False): ("NotoSerif-Bold", "latin_bold"),
                 (LATIN, False, True): ("NotoSerif-Italic", "latin_italic")}
        self.faces = {key: _face(name, getattr(fonts, slot), fonts.coverage.get(slot))
                      for key, (name, slot) in slots.items()}
        self.main = ARABIC if lang == "ar" else LATIN
        self.other = LATIN if lang == "ar" else ARABIC
        self._chosen: dict[tuple[str, bool, bool], Face] = {}
        self._tables: dict[tuple[bool, bool, float], dict[str, tuple[Face, float, float]]] = {}
        # Paragraphs laid out with these fonts, kept for the writer's measuring and drawing
        # passes and dropped with the writer's PdfFonts (see layout.layout_paragraph): the
        # lines of every paragraph, the shaped text of the last few.
        self.layouts: dict[tuple, list] = {}
        # False for a long paper written once: each paragraph's lines are held by its box
        # alone (packed while its page waits to be drawn), not kept here too
        self.keep_layouts = True
        self.shaped: dict[tuple, object] = {}
        self.touched: set[int] | None = None  # when a set, the ids of the layouts given

    def face(self, script: str, strong: bool, emph: bool) -> Face:
        """The face of a script in a style, registered (its name is used)."""
        face = self._face(script, strong, emph)
        _register(face.name, face.path)
        return face

    def register(self, face: Face) -> None:
        """Register `face` (under its name) in this process."""
        _register(face.name, face.path)

    def _face(self, script: str, strong: bool, emph: bool) -> Face:
        """The face of a script in a style; Arabic has no italic, Latin no bold italic."""
        if script == ARABIC:
            return self.faces[(ARABIC, strong, False)]
        if strong:
            return self.faces[(LATIN, True, False)]
        return self.faces[(LATIN, False, emph)]

    def face_for(self, ch: str, strong: bool = False, emph: bool = False) -> Face:
        """The face that draws `ch` in this style: its script's, or the main one, or any."""
        key = (ch, strong, emph)
        if key not in self._chosen:
            self._chosen[key] = self._choose(ch, strong, emph)
        return self._chosen[key]

    def metrics_of(self, text: str, strong: bool, emph: bool,
                   size: float) -> list[tuple[Face, float, float]]:
        """(face, size, advance width) of every character of `text` set at `size` in this
        style; each character is measured once per style and size."""
        table = self._tables.setdefault((strong, emph, size), {})
        try:
            return [table[ch] for ch in text]
        except KeyError:
            for ch in set(text).difference(table):
                table[ch] = self._measure(ch, strong, emph, size)
            return [table[ch] for ch in text]

    def _measure(self, ch: str, strong: bool, emph: bool, size: float) -> tuple[Face, float, float]:
        face = self.face_for(ch, strong, emph)
        _register(face.name, face.path)
        char_size = size * self.scale(face)
        return face, char_size, char_width(ch, face.name, char_size)

    def _choose(self, ch: str, strong: bool, emph: bool) -> Face:
        script = _script(ch)
        order = [script] if script else [self.main, self.other]
        order += [s for s in (self.main, self.other) if s not in order]
        for candidate in order:
            face = self._face(candidate, strong, emph)
            if ord(ch) in face.covers:
                return face
        for face in self.faces.values():
            if ord(ch) in face.covers:
                return face
        raise FontError(f"no font has the character U+{ord(ch):04X} "
                        f"({unicodedata.name(ch, 'unnamed')}); remove it from the text")

    def scale(self, face: Face) -> float:
        """Size factor for a face: Latin letters inside the Arabic paper sit smaller."""
        latin_in_arabic = self.lang == "ar" and face.name.startswith("NotoSerif")
        return LATIN_SCALE_IN_ARABIC if latin_in_arabic else 1.0


@cache
def char_width(ch: str, font: str, size: float) -> float:
    """The advance width of one character in points (as reportlab's stringWidth gave it)."""
    face = face_of(font)
    return face.charWidths.get(ord(ch), face.defaultWidth) * 0.001 * size


@lru_cache(maxsize=4096)
def _script(ch: str) -> str | None:
    """ARABIC or LATIN for letters (and Arabic marks), None for neutrals."""
    cls = unicodedata.bidirectional(ch)
    if cls in ("AL", "R") or (cls == "NSM" and "ARABIC" in unicodedata.name(ch, "")):
        return ARABIC
    if cls == "L":
        return LATIN
    if cls == "AN":
        return ARABIC
    return None


def forget_font_files() -> None:
    """Forget every face this process read (their files may have changed since): what was
    read of them, their widths, code tables, glyph outlines and mark anchors."""
    for cached in (_register, char_width, cidfonts.code_table, outlines.glyph_outline,
                   outlines._font, outlines._font_digest, marks.mark_anchors):
        cached.cache_clear()
    forget_faces()
