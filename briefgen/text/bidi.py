"""Bidirectional text per UAX #9: levels for a whole paragraph, visual order per line.

- paragraph_levels(): embedding levels resolved on the whole logical paragraph (rules P2-I2,
  including the bracket pairs of N0), taken from python-bidi 0.6's Rust engine (the
  unicode-bidi crate), which reports them per UTF-8 byte in its debug output; phrases of
  one strong class go to it as one letter each (6 times less text, same levels).
- visual_order(): for one line cut from that paragraph, rule L1 (trailing white space back to
  the paragraph level) and L2 (reverse every run at or above each odd level); returns the
  indices of the line's characters in display order (left to right).
- mirror(): rule L4, the Bidi_Mirrored glyph of a character drawn at an odd level, paired as
  in BidiMirroring.txt (python-bidi's own table). python-bidi's get_display applies no L4.
Levels are resolved once per paragraph, so a line break never changes them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import compress

from bidi import get_display
from bidi.mirror import MIRRORED

from briefgen.model import Direction

_LEVELS_START = "\n    levels: ["
_LEVELS_END = "\n    ],"
_LEAD_BYTE = bytes(int(b & 0xC0 != 0x80) for b in range(256))  # 1 where a character starts
_VALUE = bytes(b - 0x30 if 0x30 <= b <= 0x39 else 0 for b in range(256))  # b"7" -> 7
_NOT_DIGIT = bytes(c for c in range(256) if not (0x30 <= c <= 0x39 or c == 0x2C))
# Every character of bidi class S (segment separator) or B (paragraph separator).
_HAS_SEPARATOR = re.compile("[\t\x0b\x1f\n\r\x1c-\x1e\x85\u2029]")
# Blocks whose letters may be packed into phrases: Basic Latin, Latin-1 to Latin Extended-B,
# Latin Extended Additional, Hebrew, Arabic, Arabic Supplement and Extended-A, Hebrew and
# Arabic presentation forms.
_LETTER_BLOCKS = ((0x41, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF), (0x590, 0x5FF),
                  (0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB1D, 0xFDFF),
                  (0xFE70, 0xFEFF))
_L1_RESET = frozenset({"WS", "S", "B", "FSI", "LRI", "RLI", "PDI", "BN", "LRE", "RLE", "LRO",
                       "RLO", "PDF"})


def base_level(direction: Direction) -> int:
    """0 for a left-to-right paragraph, 1 for right to left."""
    return 1 if direction == "rtl" else 0


@lru_cache(maxsize=1024)
def paragraph_levels(text: str, direction: Direction) -> tuple[int, ...]:
    """The resolved embedding level of every character of a logical paragraph.

    The engine's answer costs some 100 bytes of debug text a byte of input, so each phrase
    (letters of one strong class, L, R or AL, with single spaces between them) goes to it
    as its first letter, and all of the phrase takes that letter's level: no rule from W1
    to I2 tells such letters apart, and a space between two strong letters of one class
    resolves to their direction (N1), hence to their level (I1, I2)."""
    if not text:
        return ()
    if text.isascii() and direction == "ltr" and not any(c in "\n\t" for c in text):
        return (0,) * len(text)
    phrases = [match.span() for match in _phrases().finditer(text)]
    return tuple(_unpack(_engine_levels(_pack(text, phrases), direction), phrases))


def _pack(text: str, phrases: list[tuple[int, int]]) -> str:
    """The text with each phrase [a, b) replaced by its first letter."""
    pieces, start = [], 0
    for a, b in phrases:
        pieces.append(text[start:a + 1])
        start = b
    pieces.append(text[start:])
    return "".join(pieces)


def _unpack(levels: bytes, phrases: list[tuple[int, int]]) -> bytes:
    """The levels of a packed text given to every character of the text it was packed from."""
    out, start, at = bytearray(), 0, 0  # start: index in the text; at: in the packed levels
    for a, b in phrases:
        out += levels[at:at + a - start]  # the characters before the phrase, one to one
        at += a - start
        out += levels[at:at + 1] * (b - a)  # the phrase, at the level of its first letter
        at += 1
        start = b
    out += levels[at:]
    return bytes(out)


def _engine_levels(text: str, direction: Direction) -> bytes:
    """The level of every character of `text`, from python-bidi's debug output."""
    info = get_display(text, base_dir="R" if direction == "rtl" else "L", debug=True)
    start = info.find(_LEVELS_START)
    end = info.find(_LEVELS_END, start)
    if start < 0 or end < 0:
        raise RuntimeError("python-bidi's debug output changed; pin python-bidi==0.6.12")
    # each byte's entry reads "Level(\n 1,\n )," : keep the digits and commas
    entries = info[start + len(_LEVELS_START):end].encode("ascii").translate(None, _NOT_DIGIT)
    encoded = text.encode("utf-8")
    # the level of a character is that of its first byte (not a UTF-8 continuation byte)
    digits = entries.replace(b",", b"")
    if len(digits) == len(encoded):  # every level below 10: one digit a byte
        return bytes(compress(digits, encoded.translate(_LEAD_BYTE))).translate(_VALUE)
    per_byte = [number for number in entries.split(b",") if number]
    if len(per_byte) != len(encoded):
        raise RuntimeError("python-bidi's debug output changed; pin python-bidi==0.6.12")
    return bytes(int(per_byte[i]) for i, byte in enumerate(encoded) if byte & 0xC0 != 0x80)


@lru_cache(maxsize=1)
def _phrases() -> re.Pattern[str]:
    """A phrase: letters of one strong class with single spaces between them (the letters
    of the Latin, Hebrew and Arabic blocks; other text goes to the engine as it is)."""
    letters: dict[str, list[int]] = {"L": [], "R": [], "AL": []}
    for first, last in _LETTER_BLOCKS:
        for code in range(first, last + 1):
            letters.get(unicodedata.bidirectional(chr(code)), []).append(code)
    return re.compile("|".join(f"{_char_class(codes)}+(?: {_char_class(codes)}+)*"
                               for codes in letters.values()))


def _char_class(codes: list[int]) -> str:
    """A regex character class of the code points, as ranges."""
    ranges = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                         for a, b in ranges) + "]"


def line_levels(chars: str, levels: list[int], base: int) -> list[int]:
    """Rule L1 for one line: trailing white space and isolates take the paragraph level,
    as do segment separators and the white space before them."""
    out = list(levels)
    if _HAS_SEPARATOR.search(chars) is None:  # the common case: only the line's end
        i = len(chars) - 1
        while i >= 0 and unicodedata.bidirectional(chars[i]) in _L1_RESET:
            out[i] = base
            i -= 1
        return out
    trailing = True
    for i in range(len(chars) - 1, -1, -1):
        cls = unicodedata.bidirectional(chars[i])
        if cls in ("S", "B"):
            out[i] = base
            trailing = True
        elif trailing and cls in _L1_RESET:
            out[i] = base
        else:
            trailing = False
    return out


def visual_order(levels: list[int]) -> list[int]:
    """Rule L2: indices of a line's characters in display order, given their levels (after
    L1). From the highest level down to the lowest odd level, reverse every contiguous run
    of characters at that level or higher.

    A reversal at a higher level only moves characters within a run of the lower one, so
    the runs at each level are where they are in the logical levels: found there by a regex
    over the levels as bytes, and reversed by slicing."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest, lowest_odd = max(levels), min(levels) | 1
    packed = bytes(levels)
    for level in range(highest, lowest_odd - 1, -1):
        for run in _runs_at_or_above(level).finditer(packed):
            start, end = run.span()
            order[start:end] = order[start:end][::-1]
    return order


@lru_cache(maxsize=128)
def _runs_at_or_above(level: int) -> re.Pattern[bytes]:
    return re.compile(b"[" + re.escape(bytes([level])) + b"-\xff]+")


# Rule L4's pairs, character -> its mirrored glyph (for loops that look them up inline).
MIRROR_PAIRS: dict[str, str] = MIRRORED


def mirror(ch: str, level: int) -> str:
    """Rule L4: the mirrored counterpart of a Bidi_Mirrored character at an odd level."""
    return MIRROR_PAIRS.get(ch, ch) if level % 2 else ch
