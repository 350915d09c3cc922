"""Where things stand in a TOML file: raw text -> line numbers of tables, keys and values.

The TOML parser gives no positions, so this reads the lines itself: a `[table]` or `[[table]]`
header opens a block; inside it, keys and quoted values are found by searching its lines.
Lines that begin inside a multi-line string (between triple quotes) are text, not headers
or keys, whatever they look like.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*=")  # a bare or dotted key
_PROBE = 40  # characters of a value searched for
_TABLE_HEADER = re.compile(r"[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_-]+)[ \t]*\]\]?[ \t]*(?:#.*)?")
_BRACKET_LINE = re.compile(r"\n[ \t]*\[")  # a header of any form (or an array's line)
_ODD_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # lines of a block end with \n only


@dataclass(frozen=True)
class TextBlock:
    """One `[table]` or `[[table]]` block of a TOML text: the table, whether it is an
    array's entry, its place among the table's blocks, its header's line and its text
    (from the header to the next header)."""

    table: str
    array: bool
    index: int
    start: int
    text: str


class NotBlockWise(ValueError):
    """The text is not all one-word table blocks: it must be read whole."""


def table_blocks(text: str) -> tuple[str, list[TextBlock]] | None:
    """The text before the first header, and every block, of a TOML text whose headers
    are all one-word tables (`[brief]`, `[[facts]]`), as LineIndex finds them; None for any
    other text (multi-line strings, dotted or quoted headers, other line breaks than \n),
    which must be read whole."""
    try:
        preamble, blocks = each_table_block(text)
        return preamble, list(blocks)
    except NotBlockWise:
        return None


def each_table_block(text: str) -> tuple[str, Iterator[TextBlock]]:
    """As table_blocks, the blocks one at a time, each block's text cut from `text` when it
    is reached; NotBlockWise, at once or on the way, for a text that must be read whole."""
    _blockwise(text)
    starts = [0] if text.lstrip(" \t").startswith("[") else []
    starts += [match.start() + 1 for match in _BRACKET_LINE.finditer(text)]
    return (text[:starts[0]] if starts else text), _each_block(text, starts, len(text), {}, 1, 0)


def _blockwise(text: str) -> None:
    """NotBlockWise when `text` holds a multi-line string's quotes or an odd line break."""
    if '"""' in text or "'''" in text or any(brk in text for brk in _ODD_BREAKS):
        raise NotBlockWise


def _each_block(text: str, starts: list[int], end: int, counts: dict[str, int], line: int,
                origin: int) -> Iterator[TextBlock]:
    """The blocks of `text` at `starts`, the last one ending at `end`; their tables' indexes
    go on from `counts` (updated as they come), their lines from `line`, that of `origin`."""
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else end
        header = _TABLE_HEADER.fullmatch(text, start, _line_end(text, start))
        if header is None:
            raise NotBlockWise  # a header of another form, or an array's line like one
        line += text.count("\n", starts[n - 1] if n else origin, start)
        name = header.group(2)
        index = counts[name] = counts.get(name, -1) + 1
        yield TextBlock(name, header.group(1) == "[[", index, line, text[start:stop])


_HEADER_START = re.compile(r"[ \t]*\[")  # where a line may open a block


class Splitter:
    """table_blocks() of the texts of one file as it is edited (a `--watch` session's):
    the blocks at its start and at its end that the last text had, word for word, are
    lent as they were (moved to their lines); only the text between them is read again."""

    def __init__(self) -> None:
        self._text: str | None = None
        self._split: tuple[str, list[TextBlock]] | None = None

    def split(self, text: str) -> tuple[str, list[TextBlock]] | None:
        """What table_blocks(text) gives."""
        try:
            split = self._split_again(text) if self._split is not None else None
        except NotBlockWise:
            split = None
        if split is None:
            split = table_blocks(text)
        self._text, self._split = text, split
        return split

    def _split_again(self, text: str) -> tuple[str, list[TextBlock]] | None:
        """The split of `text` from the last one's, or None (to be split whole)."""
        old, (preamble, blocks) = self._text, self._split  # type: ignore[misc]
        assert old is not None
        offsets = [len(preamble)]
        for block in blocks:
            offsets.append(offsets[-1] + len(block.text))
        front = 0  # blocks at the start found at their place, each followed by a header
        while (front < len(blocks) and text.startswith(blocks[front].text, offsets[front])
               and (offsets[front + 1] == len(text)
                    or _HEADER_START.match(text, offsets[front + 1]))):
            front += 1
        if front == 0 or not text.startswith(preamble):
            return None
        shift = len(text) - len(old)
        back = len(blocks)  # blocks at the end found at their place, each after a line end
        while (back > front and offsets[back - 1] + shift >= offsets[front]
               and text.endswith(blocks[back - 1].text, 0, offsets[back] + shift)
               and text[offsets[back - 1] + shift - 1] == "\n"):
            back -= 1
        middle_start, middle_end = offsets[front], offsets[back] + shift
        # read whole when table_blocks would (a quote's three marks may straddle the ends)
        _blockwise(text[max(0, middle_start - 2):middle_end + 2])
        counts = {block.table: block.index for block in blocks[:front]}
        line = blocks[front - 1].start + blocks[front - 1].text.count("\n")
        starts = [middle_start] if middle_end > middle_start else []
        starts += [match.start() + 1 for match in _BRACKET_LINE.finditer(
            text, middle_start, middle_end) if match.start() + 1 < middle_end]
        # the blocks between, read as table_blocks reads them
        made = list(_each_block(text, starts, middle_end, counts, line, middle_start))
        if back < len(blocks):
            moved = (blocks[front - 1].start + blocks[front - 1].text.count("\n")
                     + text.count("\n", middle_start, middle_end) - blocks[back].start)
            for block in blocks[back:]:
                index = counts[block.table] = counts.get(block.table, -1) + 1
                made.append(block if (index, moved) == (block.index, 0) else TextBlock(
                    block.table, block.array, index, block.start + moved, block.text))
        return preamble, blocks[:front] + made


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


class LineIndex:
    """Line numbers (1-based) of the blocks of a TOML text and of keys within them."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.blocks: dict[tuple[str, int], tuple[int, int]] = {}
        self._keys: dict[tuple[str, int], dict[str, int]] = {}
        counts: dict[str, int] = {}
        starts: list[tuple[tuple[str, int], int]] = []
        self.in_string = _lines_inside_strings(self.lines)
        for number, line in enumerate(self.lines, start=1):
            match = None if number in self.in_string else _HEADER.match(line)
            if match:
                name = match.group(1)
                index = counts.get(name, 0)
                counts[name] = index + 1
                starts.append(((name, index), number))
        for i, (key, start) in enumerate(starts):
            end = starts[i + 1][1] - 1 if i + 1 < len(starts) else len(self.lines)
            self.blocks[key] = (start, end)

    def block(self, table: str, index: int) -> int:
        """The line of the header of the `index`-th `table` block (1 if none)."""
        return self.blocks.get((table, index), (1, 1))[0]

    def key(self, table: str, index: int, key: str) -> int:
        """The line where `key` (or `key.sub`) is set in that block, else the block's header."""
        keys = self._keys.get((table, index))
        if keys is None:  # the block's keys, read once (a large fact base asks 175,000 times)
            keys = self._keys[(table, index)] = self._read_keys(table, index)
        return keys.get(key, self.blocks.get((table, index), (1, 0))[0])

    def _read_keys(self, table: str, index: int) -> dict[str, int]:
        """Each key set in the block (a dotted key also as each of its prefixes) -> its first
        line."""
        start, end = self.blocks.get((table, index), (1, 0))
        keys: dict[str, int] = {}
        for number in range(start, end + 1):
            match = None if number in self.in_string else _KEY.match(self.lines[number - 1])
            if match:
                parts = [part.strip() for part in match.group(1).split(".")]
                for i in range(1, len(parts) + 1):
                    keys.setdefault(".".join(parts[:i]), number)
        return keys

    def value(self, table: str, index: int, needle: str, after_key: str | None = None,
              after_line: int = 0) -> int:
        """The first line of that block holding `needle` (as written in the file, escapes and
        all), at or after the key's line and `after_line`; else that key's (or header's) line."""
        start, end = self.blocks.get((table, index), (1, 0))
        first = self.key(table, index, after_key) if after_key else start
        first = max(first, after_line)
        for probe in _probes(needle):
            for number in range(first, end + 1):
                if probe in self.lines[number - 1]:
                    return number
        return first


def _lines_inside_strings(lines: list[str]) -> set[int]:
    """The numbers of the lines that begin inside a multi-line string. Only a line with a
    triple quote can open or close one, so only those lines are scanned."""
    inside: set[int] = set()
    closing = None  # the triple quote that ends the string we are in, if any
    for number, line in enumerate(lines, start=1):
        if closing:
            inside.add(number)
        if '"""' in line or "'''" in line:
            closing = _scan(line, closing)
    return inside


def _scan(line: str, closing: str | None) -> str | None:
    """Follow the strings of one line, entered inside a multi-line string that `closing`
    ends (or outside any string); the multi-line string's closing quotes at the line's end,
    if it ends inside one. A backslash escapes the next character in basic strings only."""
    single = None  # the quote of a one-line string we are in
    i = 0
    while i < len(line):
        char = line[i]
        if closing or single:
            quote = closing or single
            if char == "\\" and quote[0] == '"':
                i += 2
                continue
            if line.startswith(quote, i):
                i += len(quote)
                while closing and i < len(line) and line[i] == quote[0]:
                    i += 1  # up to two quotes more: quotes ending the text
                closing = single = None
                continue
        elif char == "#":
            break
        elif line.startswith('"""', i) or line.startswith("'''", i):
            closing = line[i:i + 3]
            i += 3
            continue
        elif char in "\"'":
            single = char
        i += 1
    return closing


def _probes(needle: str) -> list[str]:
    """What a string value may look like in the file: as is, TOML/JSON-escaped, or the part
    before its first character that needs escaping (each cut to _PROBE characters)."""
    escaped = json.dumps(needle, ensure_ascii=False)[1:-1]
    plain = re.split(r'["\\\x00-\x1f]', needle, maxsplit=1)[0]
    probes = [needle[:_PROBE], escaped[:_PROBE], plain[:_PROBE] if len(plain) >= 10 else ""]
    return [p for i, p in enumerate(probes) if p.strip() and p not in probes[:i]]
